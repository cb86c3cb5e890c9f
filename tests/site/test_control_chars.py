"""Audit item 9: a control character in a title never breaks a feed or a sitemap.

It is stripped where text comes in (the import, the admin form, any save), and the feeds,
sitemaps and JSON-LD stay valid even for one already stored (written with ``.update()``).
"""

import json
import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from articles.ingest.parser import parse_page
from articles.models import Article, Person
from articles.text.clean import clean_line, clean_text
from tests.admin.conftest import form_data
from tests.test_loadseeds import ASHARQ_PAGE, run

pytestmark = pytest.mark.django_db

DIRTY_TITLE = "قوات\x08 عراقية\x0bتلاحق\x1b «داعش»\x85جنوب\x9f الموصل"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def test_cleaners_drop_controls_and_keep_tab_and_newline_where_allowed():
    assert clean_line(DIRTY_TITLE) == "قوات عراقية تلاحق «داعش» جنوب الموصل"
    assert clean_line("a\tb\r\nc") == "a b c"
    assert clean_text("سطر\x08 أول\r\nسطر\x0bثالث\tمع جدولة") == "سطر أول\nسطر\nثالث\tمع جدولة"


def test_stored_control_chars_keep_feeds_and_sitemaps_valid(client, world):
    Article.objects.filter(pk=world.story.pk).update(
        title=DIRTY_TITLE, byline="فاضل\x0b النشمي", deck="عمليات\x08 تمشيط"
    )
    Person.objects.filter(pk=world.mattis.pk).update(name="جيمس\x1b ماتيس")
    world.story.tags.add("وسم\x08 مخفي")
    urls = [
        "/feeds/latest/",
        "/feeds/latest/atom/",
        "/tags/داعش/feed/",
        f"/people/{world.mattis.slug}/feed/",
        f"/places/{world.mosul.slug}/feed/",
        "/news-sitemap.xml",
        "/sitemap.xml",
        "/sitemap-articles.xml",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        ElementTree.fromstring(response.content)  # well-formed XML
        assert not CONTROL.search(response.content.decode()), url
    rss = ElementTree.fromstring(client.get("/feeds/latest/").content)
    titles = [item.find("title").text for item in rss.iter("item")]
    assert "قوات عراقية تلاحق «داعش» جنوب الموصل" in titles
    page = client.get(world.story.get_absolute_url()).content.decode()
    data = json.loads(page.split('type="application/ld+json">')[1].split("</script>")[0])
    assert data["headline"].startswith("قوات")


def test_import_strips_control_chars(tmp_path):
    page = ASHARQ_PAGE.format(
        title=DIRTY_TITLE, body="نص القصة\x08 الأول في هذا\x1b الخبر الطويل بما يكفي ليكون فقرة."
    )
    assert parse_page(page).stories[0].title == "قوات عراقية تلاحق «داعش» جنوب الموصل"
    (tmp_path / "dirty.txt").write_text(page, encoding="utf-8")
    run(tmp_path / "dirty.txt")
    article = Article.objects.get(title="قوات عراقية تلاحق «داعش» جنوب الموصل")
    stored = json.dumps([article.title, article.deck, article.body], ensure_ascii=False)
    assert not CONTROL.search(stored)


def test_admin_form_strips_control_chars(admin_client, world):
    url = reverse("admin:articles_article_change", args=[world.curated.pk])
    page = admin_client.get(url)
    data = form_data(
        page,
        title=DIRTY_TITLE,
        deck="سطر\x08 أول\r\nسطر ثان",
        byline="كاتب\x0b القصة",
        body_text="فقرة\x08 أولى\x1b.\n\nفقرة ثانية\x0bمكسورة.",
        tags="وسم\x08 جديد، آخر",
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    world.curated.refresh_from_db()
    assert world.curated.title == "قوات عراقية تلاحق «داعش» جنوب الموصل"
    assert world.curated.deck == "سطر أول\nسطر ثان"
    assert world.curated.byline == "كاتب  القصة"
    stored = json.dumps(world.curated.body, ensure_ascii=False)
    assert not CONTROL.search(stored) and "فقرة أولى." in stored
    assert sorted(t.name for t in world.curated.tags.all()) == ["آخر", "وسم جديد"]
    person = Person.objects.create(name="اسم\x08 جديد\x1b")
    assert person.name == "اسم جديد"
