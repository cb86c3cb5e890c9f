"""The admin screens an editor reaches are Arabic: no English, no misspelt or mis-gendered
Arabic from Django's and the apps' catalogues, bidi-safe identifiers and dates."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Image, RelatedLink, Status
from tests.admin.conftest import form_data
from tests.factories import make_article, make_source
from tests.visible_text import latin_words, visible_text

ROOT = Path(__file__).resolve().parent.parent.parent

# Wording the issue found on these screens, none of which may come back.
WRONG = (
    "أوْسِمه",  # taggit's app name: misspelt, and it means "medals"
    "لتغييره",  # «اختر قصة لتغييره»: masculine pronoun for a feminine model
    "صورة آخر",  # «أضِف صورة آخر»
    "قصة ذات صلة آخر",
    "الإدخالات",
    "3 قصة",
    "القصص المحدّدة",
    "سبيكة",  # taggit's «slug» («سبيكة الوسم»: an ingot)
)


@pytest.fixture
def desk(db, django_user_model):
    editor = django_user_model.objects.create_superuser(
        "rais", password="pw-rais", first_name="سعاد", last_name="الحسيني"
    )
    afp = make_source("وكالة الصحافة الفرنسية", kind="agency")
    story = make_article("قوات عراقية تلاحق «داعش» جنوب الموصل", source=afp, tags=["داعش"])
    other = make_article("خلايا داعش النائمة", status=Status.DRAFT, published_at=None)
    RelatedLink.objects.create(from_article=story, to_article=other)
    Image.objects.create(article=story, caption="جنود", credit=afp)
    for n in range(3):
        make_article(f"قصة أخرى {n}")
    return {"editor": editor, "story": story}


@pytest.fixture
def desk_client(client, desk):
    client.force_login(desk["editor"])
    return client


def _screen(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _check(html, url):
    text = visible_text(html)
    for wrong in WRONG:
        assert wrong not in text, (url, wrong)
    # Data may be Latin (a username, an address); the interface may not.
    assert latin_words(text) <= {"rais"}, (url, latin_words(text))
    return text


def test_every_screen_of_a_story_is_arabic(desk_client, desk):
    story = desk["story"]
    page = desk_client.get(reverse("admin:articles_article_change", args=[story.pk]))
    assert (
        desk_client.post(page.wsgi_request.path, form_data(page, title="عنوان جديد")).status_code
        == 302
    )
    first = story.history.order_by("history_date").first()
    screens = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[story.pk]),
        reverse("admin:articles_article_history", args=[story.pk]),
        reverse("admin:articles_article_simple_history", args=[story.pk, first.history_id]),
        reverse("admin:taggit_tag_changelist"),
        reverse("admin:taggit_tag_add"),
        reverse("admin:taggit_tag_change", args=[Tag.objects.get().pk]),
    ]
    for url in screens:
        _check(_screen(desk_client, url), url)


def test_the_index_names_the_apps_in_arabic_and_greets_by_name(desk_client):
    text = _check(_screen(desk_client, reverse("admin:index")), "index")
    assert "الوسوم" in text and "محاولات الدخول" in text
    assert "أهلاً، سعاد الحسيني" in text


def test_the_story_list_counts_and_dates_in_arabic(desk_client, desk):
    html = _screen(desk_client, reverse("admin:articles_article_changelist"))
    text = _check(html, "changelist")
    assert "اختر قصة للتعديل" in text
    assert "5 قصص" in text  # the count under the list, not «5 القصص»
    assert "<bdi>" in html and "، " in text  # «1 ديسمبر 2026، 08:12», an island in the row


def test_the_story_form_says_add_a_photo_and_names_its_version(desk_client, desk):
    url = reverse("admin:articles_article_change", args=[desk["story"].pk])
    response = desk_client.get(url)
    text = _check(response.content.decode(), url)
    assert "رقم النسخة" in text and "Version" not in text
    # Django's script writes each table's "add another" link from this data:
    adds = {
        json.loads(inline.inline_formset_data())["options"]["addText"]
        for inline in response.context["inline_admin_formsets"]
    }
    assert {"إضافة صورة", "إضافة قصة ذات صلة", "إضافة ذكر شخص"} <= adds


def test_a_duplicate_related_link_is_explained_without_a_field_code(desk_client, desk):
    story = desk["story"]
    url = reverse("admin:articles_article_change", args=[story.pk])
    page = desk_client.get(url)
    existing = str(RelatedLink.objects.get(from_article=story).to_article_id)
    response = desk_client.post(url, form_data(page, **{"related_links-1-to_article": existing}))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "to_article" not in text
    assert "مربوطة في سطر آخر من الجدول" in text


def test_no_stylesheet_lets_arabic_words_break_between_letters():
    """`overflow-wrap: anywhere` (and `word-break: break-all`) split an Arabic word at any
    letter when a column is narrow, as on a phone."""
    sheets = [*ROOT.glob("static/**/*.css"), *ROOT.glob("templates/**/*.html")]
    for sheet in sheets:
        css = sheet.read_text(encoding="utf-8").replace(" ", "")
        assert "overflow-wrap:anywhere" not in css and "word-break:break-all" not in css, sheet
    arabic_css = (ROOT / "static/css/admin-arabic.css").read_text(encoding="utf-8")
    assert "body table#change-history tbody td" in arabic_css and "word-break: normal" in arabic_css


def test_taggits_merge_screen_is_the_desks_and_arabic(desk_client):
    url = reverse("admin:taggit_tag_changelist")
    tag = Tag.objects.get()
    chosen = desk_client.post(url, {"action": "render_tag_form", "_selected_action": [tag.pk]})
    assert chosen.status_code == 302
    html = _screen(desk_client, chosen["Location"])
    text = _check(html, "merge-tags")
    assert "نيوزروم — مكتب التحرير" in text and "الوسم الجامع" in text
    listed = _screen(desk_client, url)
    assert "دمج الوسوم المختارة" in listed
