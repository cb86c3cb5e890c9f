"""The story admin: list columns, search with Arabic variants, filters, body editing, actions."""

import pytest
from django.urls import reverse

from articles.models import Article, RelatedLink, Status
from tests.admin.conftest import form_data
from tests.factories import make_article, make_location, make_person, make_source, mention

CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def listed(response):
    return {a.pk for a in response.context["cl"].result_list}


@pytest.fixture
def stories(db):
    afp = make_source("أ.ف.ب", kind="agency")
    mosul = make_location("الموصل")
    maan = make_person("سعد معن")
    hunt = make_article(
        "قوات عراقية تلاحق «داعش» جنوب الموصل",
        body=[{"kind": "paragraph", "text": "قال اللواء إنّ العمليّة مستمرّة في الأنبار."}],
        source=afp,
        section="المشرق العربي",
        tags=["داعش"],
    )
    mention(hunt, maan)
    mention(hunt, mosul)
    mention(hunt, make_person("شخص مرفوض"), status="rejected")
    gaza = make_article("«هدنة غزة» تقترب", section="العالم العربي", is_exclusive=True)
    stub = make_article("تيزر", status=Status.DRAFT, is_stub=True, published_at=None)
    return {"hunt": hunt, "gaza": gaza, "stub": stub, "afp": afp}


def test_list_shows_counts_flags_and_preview(admin_client, stories):
    response = admin_client.get(CHANGELIST)
    rows = {a.pk: a for a in response.context["cl"].result_list}
    hunt = rows[stories["hunt"].pk]
    assert (hunt.people_count, hunt.places_count) == (1, 1)  # the rejected person is not counted
    html = response.content.decode()
    assert reverse("admin:articles_article_preview", args=[stories["hunt"].pk]) in html
    for header in ("أشخاص", "أماكن", "الناشر", "القسم", "النشر", "مختصرة", "خاص"):
        assert header in html


def test_default_ordering_puts_undated_drafts_then_newest_first(admin_client, stories):
    order = [a.pk for a in admin_client.get(CHANGELIST).context["cl"].result_list]
    assert order[0] == stories["stub"].pk
    published = [pk for pk in order if pk != stories["stub"].pk]
    dates = [Article.objects.get(pk=pk).published_at for pk in published]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    "query",
    [
        "داعش",  # plain
        "دَاعِش",  # diacritics
        "داعـــش",  # tatweel
        "الانبار",  # hamza folded: stored «الأنبار»
        "العمليه مستمره",  # taa marbuta for ة, shadda in the stored text
        "بالموصل",  # clitic
    ],
)
def test_search_tolerates_arabic_variants(admin_client, stories, query):
    assert listed(admin_client.get(CHANGELIST, {"q": query})) == {stories["hunt"].pk}


def test_search_with_no_match_lists_nothing(admin_client, stories):
    assert listed(admin_client.get(CHANGELIST, {"q": "بيروت"})) == set()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status__exact": "draft"}, "stub"),
        ({"is_stub__exact": "1"}, "stub"),
        ({"is_exclusive__exact": "1"}, "gaza"),
    ],
)
def test_filters(admin_client, stories, params, expected):
    assert listed(admin_client.get(CHANGELIST, params)) == {stories[expected].pk}


def test_section_filter(admin_client, stories):
    section = stories["gaza"].section
    by_section = admin_client.get(CHANGELIST, {"section__id__exact": section.pk})
    assert listed(by_section) == {stories["gaza"].pk}


def test_source_and_tag_filters(admin_client, stories):
    by_source = admin_client.get(CHANGELIST, {"source__id__exact": stories["afp"].pk})
    assert listed(by_source) == {stories["hunt"].pk}
    tag = stories["hunt"].tags.get()
    assert listed(admin_client.get(CHANGELIST, {"tags__id__exact": tag.pk})) == {stories["hunt"].pk}


def test_date_hierarchy(admin_client, stories):
    year = stories["gaza"].published_at.year
    response = admin_client.get(CHANGELIST, {"published_at__year": year})
    assert stories["gaza"].pk in listed(response)
    assert stories["stub"].pk not in listed(response)


def test_body_is_edited_as_text_and_saved_as_blocks(admin_client, stories):
    article = stories["gaza"]
    page = admin_client.get(change_url(article))
    body_text = "\n\n".join(
        [
            "فقرة أولى.",
            "## تنسيق سياسي",
            "!! جنود في الموصل (أرشيفية - أ.ف.ب)",
            "فقرة <script>alert(1)</script>.",
        ]
    )
    response = admin_client.post(change_url(article), form_data(page, body_text=body_text))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.body == [
        {"kind": "paragraph", "text": "فقرة أولى."},
        {"kind": "subheading", "text": "تنسيق سياسي"},
        {"kind": "caption", "text": "جنود في الموصل", "credit": "أ.ف.ب", "archive": True},
        {"kind": "paragraph", "text": "فقرة <script>alert(1)</script>."},
    ]
    page = admin_client.get(change_url(article))
    html = page.content.decode()
    assert "## تنسيق سياسي" in html
    assert "<script>alert(1)</script>" not in html  # shown escaped in the textarea
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_form_has_fieldsets_autocomplete_and_inlines(admin_client, stories):
    html = admin_client.get(change_url(stories["hunt"])).content.decode()
    for legend in ("الحالة والنشر", "العنوان", "النص", "التصنيف", "الكيانات", "المصدر والاستيراد"):
        assert legend in html
    assert "admin-autocomplete" in html
    assert 'name="personmention_set-TOTAL_FORMS"' in html
    assert 'name="related_links-TOTAL_FORMS"' in html
    assert "سعد معن" in html


def test_add_story_with_prepopulated_unicode_slug(admin_client, db):
    page = admin_client.get(reverse("admin:articles_article_add"))
    prepopulated = page.context["prepopulated_fields_json"]
    assert '"id": "#id_slug"' in prepopulated and '"dependency_list": ["title"]' in prepopulated
    assert '"allowUnicode": true' in prepopulated
    data = form_data(
        page, title="بلينكن في الأردن", slug="بلينكن-في-الأردن", body_text="فقرة.", status="draft"
    )
    response = admin_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(title="بلينكن في الأردن")
    assert article.slug == "بلينكن-في-الأردن"
    assert article.version == 1


def test_related_story_and_tag_added_in_the_form(admin_client, stories):
    article, other = stories["gaza"], stories["hunt"]
    page = admin_client.get(change_url(article))
    data = form_data(
        page,
        tags="غزة، هدنة",
        **{"related_links-0-to_article": other.pk, "related_links-0-kind": "curated"},
    )
    response = admin_client.post(change_url(article), data)
    assert response.status_code == 302
    assert set(article.tags.names()) == {"غزة", "هدنة"}
    link = RelatedLink.objects.get(from_article=article)
    assert (link.to_article, link.kind) == (other, "curated")


def test_autocomplete_finds_stories_with_arabic_variants(admin_client, stories):
    url = reverse("admin:autocomplete")
    params = {
        "term": "هدنه غزه",
        "app_label": "articles",
        "model_name": "relatedlink",
        "field_name": "to_article",
    }
    results = admin_client.get(url, params).json()["results"]
    assert [r["id"] for r in results] == [str(stories["gaza"].pk)]


def _action(client, action, articles, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [a.pk for a in articles], **extra},
        follow=True,
    )


def test_status_actions_keep_a_revision_each(admin_client, stories):
    gaza = stories["gaza"]
    _action(admin_client, "send_to_draft", [gaza])
    gaza.refresh_from_db()
    assert gaza.status == Status.DRAFT
    _action(admin_client, "send_to_review", [gaza])
    gaza.refresh_from_db()
    assert gaza.status == Status.REVIEW
    _action(admin_client, "publish", [gaza])
    gaza.refresh_from_db()
    assert gaza.status == Status.PUBLISHED and gaza.version == 4
    assert gaza.history.count() == 4  # created + three moves


def test_publish_action_refuses_a_stub(admin_client, stories):
    response = _action(admin_client, "publish", [stories["stub"]])
    stories["stub"].refresh_from_db()
    assert stories["stub"].status == Status.DRAFT
    assert "لا تُنشر قصة مختصرة" in response.content.decode()


def test_publish_sets_published_at(admin_client, db):
    draft = make_article("مسودة", status=Status.REVIEW, published_at=None)
    _action(admin_client, "publish", [draft])
    draft.refresh_from_db()
    assert draft.published_at is not None
    assert Article.objects.published().filter(pk=draft.pk).exists()


def test_add_tags_action_shows_a_form_then_tags_many_stories(admin_client, stories):
    chosen = [stories["hunt"], stories["gaza"]]
    page = _action(admin_client, "add_tags", chosen)
    assert page.status_code == 200
    assert "أضف الوسوم" in page.content.decode()
    assert all(a.tags.filter(name="العراق").count() == 0 for a in chosen)
    versions = [a.version for a in chosen]
    _action(admin_client, "add_tags", chosen, apply="1", tags="العراق، الأمن")
    for article, version in zip(chosen, versions, strict=True):
        assert {"العراق", "الأمن"} <= set(article.tags.names())
        article.refresh_from_db()
        assert article.version == version + 1
    assert "داعش" in stories["hunt"].tags.names()  # existing tags kept
    assert not stories["stub"].tags.exists()


def test_add_tags_with_empty_input_shows_the_form_again(admin_client, stories):
    page = _action(admin_client, "add_tags", [stories["gaza"]], apply="1", tags="")
    assert page.status_code == 200
    assert page.context["form"].errors
    assert not stories["gaza"].tags.exists()
