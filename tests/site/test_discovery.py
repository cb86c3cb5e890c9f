"""Feeds, sitemaps and robots.txt: public stories only, well-formed, in Arabic."""

from xml.etree import ElementTree

import pytest

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "atom": "http://www.w3.org/2005/Atom",
}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, ElementTree.fromstring(response.content)


def test_rss_latest(client, world):
    response, root = xml(client, "/feeds/latest/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert root.find("channel/language").text == "ar"
    titles = [item.find("title").text for item in root.iter("item")]
    assert titles[0] == world.story.title
    assert set(titles) == {world.story.title, world.sibling.title, world.curated.title}
    story = next(i for i in root.iter("item") if i.find("title").text == world.story.title)
    assert {c.text for c in story.findall("category")} == {"داعش", "العراق"}


def test_atom_latest(client, world):
    response, root = xml(client, "/feeds/latest/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    titles = {e.find("atom:title", NS).text for e in root.findall("atom:entry", NS)}
    assert titles == {world.story.title, world.sibling.title, world.curated.title}


def test_entity_feeds(client, world):
    cases = [
        (f"/people/{world.mattis.slug}/feed/", {world.story.title}),
        (f"/places/{world.mosul.slug}/feed/", {world.story.title, world.sibling.title}),
        (f"/sources/{world.publisher.slug}/feed/", {world.story.title, world.sibling.title}),
        ("/tags/داعش/feed/", {world.story.title, world.sibling.title}),
    ]
    for url, expected in cases:
        _, root = xml(client, url)
        assert {i.find("title").text for i in root.iter("item")} == expected, url
    assert client.get("/people/لا-أحد/feed/").status_code == 404


def test_sitemap_index_and_sections(client, world):
    _, root = xml(client, "/sitemap.xml")
    sections = [loc.text for loc in root.findall("sm:sitemap/sm:loc", NS)]
    assert any("sitemap-articles.xml" in s for s in sections)
    locs = []
    for section in ("articles", "people", "places", "sources", "tags", "static"):
        _, sroot = xml(client, f"/sitemap-{section}.xml")
        locs += [loc.text for loc in sroot.findall("sm:url/sm:loc", NS)]
    assert any(world.story.get_absolute_url() in loc for loc in locs)
    assert any(world.mattis.get_absolute_url() in loc for loc in locs)
    for hidden in world.hidden:
        assert not any(f"/articles/{hidden.pk}/" in loc for loc in locs)
    assert not any(world.hidden_person.get_absolute_url() in loc for loc in locs)


def test_news_sitemap(client, world):
    response, root = xml(client, "/news-sitemap.xml")
    urls = root.findall("sm:url", NS)
    locs = [u.find("sm:loc", NS).text for u in urls]
    assert any(world.story.get_absolute_url() in loc for loc in locs)
    assert any(world.sibling.get_absolute_url() in loc for loc in locs)
    assert not any(world.curated.get_absolute_url() in loc for loc in locs)  # older than 2 days
    for hidden in world.hidden:
        assert not any(f"/articles/{hidden.pk}/" in loc for loc in locs)
    assert {u.find("news:news/news:publication/news:language", NS).text for u in urls} == {"ar"}


def test_robots(client, db, settings):
    settings.SITE_URL = "https://news.example"
    response = client.get("/robots.txt")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in body and "Sitemap: https://news.example/sitemap.xml" in body
    assert "news-sitemap.xml" in body
