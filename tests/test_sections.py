"""Sections: the import's rule, records made by name, editors' changes kept, the
migration from the text field, and the section's public page, feed, sitemap and filter."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.importer.rules import edited
from articles.ingest.parser import Page, Story, Teaser
from articles.ingest.sections import page_section, with_sections
from articles.models import Article, Section, Status
from tests.factories import make_article, make_section
from tests.test_loadseeds import run

migration_0007 = import_module("articles.migrations.0007_tombstones_and_editable_hash")


def teaser(section):
    return Teaser(f"إحالة {section}", section, False, None, None, "")


def story(section="", teasers=()):
    return Story("عنوان", "", section, False, None, [], [], list(teasers), 1)


# -- the rule ------------------------------------------------------------------------


def test_the_label_printed_with_the_story_wins():
    page = Page("asharq", [story("الخليج", [teaser("المشرق العربي")] * 3)])
    assert with_sections(page).stories[0].section == "الخليج"


def test_else_the_section_most_teasers_name_for_every_story_of_the_page():
    teasers = [teaser(""), teaser("العالم العربي"), teaser("المشرق العربي")]
    teasers += [teaser("المشرق العربي")]
    page = Page("asharq", [story("", teasers), story("")])
    assert page_section(page) == "المشرق العربي"
    assert [s.section for s in with_sections(page).stories] == ["المشرق العربي"] * 2


def test_a_tie_goes_to_the_section_named_first_and_no_label_means_none():
    tie = Page("asharq", [story("", [teaser("الخليج"), teaser("العالم العربي")])])
    assert page_section(tie) == "الخليج"
    bare = Page("asharq", [story("", [teaser(""), teaser("")])])
    assert with_sections(bare) == bare


# -- the import ----------------------------------------------------------------------


@pytest.mark.django_db
def test_imported_stories_and_stubs_get_their_sections_created_once(pages):
    run(pages)
    hunt = Article.objects.get(title__startswith="العراق يستأنف تعاونه الثنائي")
    assert hunt.section.name == "المشرق العربي"  # the page's teasers, mostly
    stub = Article.objects.filter(is_stub=True, section__name="العالم العربي").first()
    assert stub is not None  # a teaser's own label
    assert Article.objects.filter(is_stub=False, section__isnull=True).exists()
    names = set(Section.objects.values_list("name", flat=True))
    assert names == {"الولايات المتحدة", "العالم العربي", "المشرق العربي"}
    assert all(not edited(a) for a in Article.objects.select_related("section"))

    out, _ = run(pages)
    assert "محدّثة: 0" in out and "أبقاها المحرر كما عدّلها: 0" in out
    assert Section.objects.count() == 3


@pytest.mark.django_db
def test_an_editors_section_survives_the_next_import(pages):
    run(pages)
    article = Article.objects.get(title__startswith="العراق يستأنف تعاونه الثنائي")
    article.section = make_section("الخليج")
    article.save()
    path = pages / article.origin_file
    paragraph = next(b["text"] for b in article.body if b["kind"] == "paragraph")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(paragraph, paragraph + " جملة أخرى."), encoding="utf-8")

    out, _ = run(pages, verbosity=2)

    assert "kept=1" in out
    article.refresh_from_db()
    assert article.section.name == "الخليج"


@pytest.mark.django_db
def test_the_hash_reads_the_sections_name_as_the_text_field_did():
    """Hashes stored before sections were records stay valid: no story turns "edited"."""
    article = make_article("قصة", section="المشرق العربي")
    old = SimpleNamespace(
        **{f: getattr(article, f) for f in ("title", "deck", "body", "summary", "byline")},
        dateline=article.dateline,
        is_exclusive=article.is_exclusive,
        status=article.status,
        source_id=article.source_id,
        section="المشرق العربي",
    )
    assert article.editable_hash() == migration_0007._new_hash(old, [])
    bare = make_article("قصة بلا قسم")
    old.title, old.section = bare.title, ""
    old.body = bare.body
    assert bare.editable_hash() == migration_0007._new_hash(old, [])


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_section_names_into_records_and_keeps_hashes_valid():
    executor = MigrationExecutor(connection)
    before, latest = [("articles", "0011_person_variant_keys")], executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        old = MigrationExecutor(connection).loader.project_state(before).apps
        OldArticle = old.get_model("articles", "Article")
        rows = []
        for i, section in enumerate(["المشرق العربي", "المشرق العربي", "الخليج", ""]):
            row = OldArticle.objects.create(
                title=f"قصة قديمة {i}", slug=f"old-{i}", section=section, status="published"
            )
            row.imported_hash = migration_0007._new_hash(row, [])
            row.save()
            rows.append(row.pk)
        old.get_model("articles", "HistoricalArticle").objects.create(
            id=rows[3], title="نسخة قديمة", slug="old-3", section="العالم العربي",
            status="draft", history_date="2026-01-01T00:00Z", created_at="2026-01-01T00:00Z",
            history_type="~", version=1,
            is_stub=False, is_exclusive=False, body=[],
        )  # fmt: skip
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
        stories = Article.objects.filter(pk__in=rows).order_by("pk").select_related("section")
        assert [a.section_name for a in stories] == ["المشرق العربي", "المشرق العربي", "الخليج", ""]
        assert not any(edited(a) for a in stories)
        assert list(Section.objects.values_list("name", flat=True)) == [
            "المشرق العربي",
            "الخليج",
            "العالم العربي",
        ]  # most stories first; a name only a revision carries still gets its record
        revision = Article.history.get(id=rows[3], title="نسخة قديمة")
        assert revision.section.name == "العالم العربي"
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)


# -- the section's public page, feed, sitemap, menu and filter --------------------------


@pytest.fixture
def sections(db):
    for alias in ("default", "site_version"):
        caches[alias].clear()
    gulf = make_section("الخليج", position=5, description="أخبار دول الخليج")
    levant = make_section("المشرق العربي", position=10)
    empty = make_section("قسم بلا قصص منشورة")
    public = [make_article(f"خبر خليجي {i}", section=gulf) for i in range(3)]
    make_article("خبر من المشرق", section=levant)
    hidden = make_article("مسودة خليجية", section=gulf, status=Status.DRAFT, published_at=None)
    make_article("مسودة القسم الفارغ", section=empty, status=Status.REVIEW)
    return SimpleNamespace(gulf=gulf, levant=levant, empty=empty, public=public, hidden=hidden)


def test_section_page_lists_its_public_stories_only(client, sections):
    response = client.get(sections.gulf.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert all(a.title in html for a in sections.public)
    assert sections.hidden.title not in html and "خبر من المشرق" not in html
    assert (
        "أخبار دول الخليج" in html
        and 'href="/section/%D8%A7%D9%84%D8%AE%D9%84%D9%8A%D8%AC/feed/"' in html
    )
    assert client.get(sections.empty.get_absolute_url()).status_code == 404


def test_section_feed_and_sitemap(client, sections):
    feed = client.get(f"{sections.gulf.get_absolute_url()}feed/").content.decode()
    assert "خبر خليجي 0" in feed and sections.hidden.title not in feed
    assert client.get(f"{sections.empty.get_absolute_url()}feed/").status_code == 404
    sitemap = client.get("/sitemap-sections.xml").content.decode()
    assert "%D8%A7%D9%84%D8%AE%D9%84%D9%8A%D8%AC" in sitemap  # الخليج
    assert sections.empty.slug not in sitemap and "قسم" not in sitemap


def test_menu_lists_public_sections_in_the_desks_order(client, sections):
    html = client.get("/articles/").content.decode()
    nav = html[html.index('aria-label="الأقسام"') : html.index("</nav>")]
    assert nav.index("الخليج") < nav.index("المشرق العربي")
    assert sections.empty.name not in nav


def test_the_list_filters_by_section_slug(client, sections):
    html = client.get("/articles/", {"section": sections.gulf.slug}).content.decode()
    assert "خبر خليجي 1" in html and "خبر من المشرق" not in html
    refused = client.get("/articles/", {"section": sections.empty.slug})
    assert refused.status_code == 400 and "القسم" in refused.content.decode()


def test_section_page_query_budget(client, sections, django_assert_max_num_queries):
    client.get("/")
    caches["default"].clear()
    with django_assert_max_num_queries(6):
        assert client.get(sections.gulf.get_absolute_url()).status_code == 200


def test_sections_admin_orders_the_menu(admin_client, sections):
    html = admin_client.get("/admin/articles/section/").content.decode()
    assert html.index("الخليج") < html.index("المشرق العربي")
    assert 'name="form-0-position"' in html


def test_the_revision_compare_names_sections_and_a_restore_brings_one_back(db, django_user_model):
    from django.test import Client
    from django.urls import reverse

    from articles.editorial.roles import EDITORS
    from tests.admin.conftest import _staff_in, form_data

    client = Client()
    client.force_login(_staff_in(django_user_model, "mohrer", EDITORS))
    story = make_article("قصة تنتقل بين الأقسام", section="الخليج")
    first = story.history.get()
    url = reverse("admin:articles_article_change", args=[story.pk])
    levant = make_section("المشرق العربي")
    assert client.post(url, form_data(client.get(url), section=levant.pk)).status_code == 302
    revert = reverse("admin:articles_article_simple_history", args=[story.pk, first.history_id])
    page = client.get(revert)
    compared = {str(c["field"]): c for c in page.context["compare_changes"]}
    assert (compared["القسم"]["revision"], compared["القسم"]["current"]) == (
        "الخليج",
        "المشرق العربي",
    )
    assert client.post(revert, form_data(page)).status_code == 302
    story.refresh_from_db()
    assert story.section.name == "الخليج"
