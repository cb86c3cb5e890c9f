"""Builders for the public-site tests: one rich public story and its hidden neighbours."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from articles.models import Image, LinkKind, LocationKind, MentionStatus, Quote, RelatedLink, Status
from tests.factories import make_article, make_location, make_person, make_source, mention

MOSUL_BODY = [
    {"kind": "paragraph", "text": "قالت قيادة العمليات إن القوات لاحقت خلايا التنظيم جنوب المَوْصِل."},
    {"kind": "subheading", "text": "تنسيق سياسي"},
    {
        "kind": "paragraph",
        "text": "وقال ماتيس إن «الحرب لم تنته» بعد ٢٠١٨، مشيراً إلى أن القوات بالموصل باقية.",
    },
    {"kind": "caption", "text": "عناصر من الجيش العراقي", "credit": "أ.ف.ب", "archive": True},
]


@pytest.fixture(autouse=True)
def fresh_caches(settings, tmp_path):
    """Each test gets empty caches of its own (no sharing with a running server)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
        "site_version": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tv",
        },
    }
    settings.CACHE_SECONDS = 600
    for alias in ("default", "site_version"):
        caches[alias].clear()
    yield
    for alias in ("default", "site_version"):
        caches[alias].clear()


@pytest.fixture
def world(db):
    """A public Mosul story with people, places, tags, quotes, captions and related links,
    plus a draft, a story under review, a stub and a scheduled story that must never show."""
    now = timezone.now()
    publisher = make_source("الشرق الأوسط", kind="newspaper")
    afp = make_source("وكالة الصحافة الفرنسية", kind="agency", aliases="أ.ف.ب")
    iraq = make_location("العراق", kind=LocationKind.COUNTRY)
    nineveh = make_location("نينوى", kind=LocationKind.GOVERNORATE, parent=iraq)
    mosul = make_location(
        "الموصل", kind=LocationKind.CITY, parent=nineveh, latitude=36.34, longitude=43.13
    )
    mattis = make_person("جيمس ماتيس", description="وزير الدفاع الأميركي")
    maan = make_person("سعد معن")
    hidden_person = make_person("شخص مرفوض")

    story = make_article(
        "قوات عراقية تلاحق «داعش» جنوب الموصل",
        deck="عمليات تمشيط في المناطق الحدودية",
        body=MOSUL_BODY,
        section="المشرق العربي",
        byline="فاضل النشمي",
        dateline="بغداد",
        source=publisher,
        is_exclusive=True,
        published_at=now - timedelta(hours=2),
        tags=["داعش", "العراق"],
    )
    mention(story, mattis, count=3, role="وزير الدفاع الأميركي", status=MentionStatus.ACCEPTED)
    mention(story, maan, count=1, role="الناطق باسم وزارة الداخلية")
    mention(story, hidden_person, count=1, status=MentionStatus.REJECTED)
    mention(story, mosul, count=2)
    mention(story, afp, count=1, as_credit=True)
    Quote.objects.create(article=story, person=mattis, text="الحرب لم تنته")
    Image.objects.create(article=story, caption="جنود في نينوى", credit=afp, is_archive=True)

    sibling = make_article(
        "سجناء «داعش» يهددون الأمن العراقي",
        section="المشرق العربي",
        source=publisher,
        published_at=now - timedelta(days=1),
        tags=["داعش"],
    )
    mention(sibling, mosul)
    curated = make_article(
        "بلينكن في الأردن مستهلاً جولته",
        section="العالم العربي",
        published_at=now - timedelta(days=2),
    )
    stub = make_article(
        "حافلة تقل عناصر من التنظيم",
        status=Status.DRAFT,
        is_stub=True,
        section="خاص",
        published_at=None,
    )
    draft = make_article("مسودة سرية عن الموصل وماتيس", status=Status.DRAFT, tags=["داعش"])
    review = make_article("قصة قيد المراجعة عن الموصل", status=Status.REVIEW)
    scheduled = make_article(
        "قصة مجدولة عن الموصل", published_at=now + timedelta(hours=3), section="المشرق العربي"
    )
    for hidden in (draft, review, scheduled):
        mention(hidden, mosul)
        mention(hidden, mattis)
        Quote.objects.create(article=hidden, person=mattis, text=f"قول مخفي {hidden.pk}")
    RelatedLink.objects.create(
        from_article=story, to_article=stub, kind=LinkKind.IMPORTED, position=0
    )
    RelatedLink.objects.create(
        from_article=story, to_article=draft, kind=LinkKind.CURATED, position=1
    )
    RelatedLink.objects.create(
        from_article=story, to_article=curated, kind=LinkKind.CURATED, position=2
    )
    return type(
        "World",
        (),
        dict(
            story=story,
            sibling=sibling,
            curated=curated,
            stub=stub,
            draft=draft,
            review=review,
            scheduled=scheduled,
            hidden=(stub, draft, review, scheduled),
            publisher=publisher,
            afp=afp,
            iraq=iraq,
            nineveh=nineveh,
            mosul=mosul,
            mattis=mattis,
            maan=maan,
            hidden_person=hidden_person,
        ),
    )
