"""Audit items 10, 11 and 14: what a client sends cannot plant or flood the page cache,
and a cache hit is the response as it was first served, headers included."""

import pytest
from django.core.cache import caches

from articles.site.cache import HEADER
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SITE = "https://news.example"
FOREIGN = ["evil.example:6666", "127.0.0.1:6666"]


@pytest.fixture
def canonical(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "evil.example"]


def page_entries() -> int:
    return sum("newsroom:page" in key for key in caches["default"]._cache)


def discovery_urls(world):
    return [
        "/robots.txt",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-people.xml",
        "/sitemap-tags.xml",
        "/news-sitemap.xml",
        "/feeds/latest/",
        "/feeds/latest/atom/",
        "/tags/داعش/feed/",
        f"/people/{world.mattis.slug}/feed/",
        world.story.get_absolute_url(),
    ]


def test_forged_host_plants_no_foreign_url(client, world, canonical):
    for host in FOREIGN:
        for url in discovery_urls(world):
            response = client.get(url, HTTP_HOST=host, secure=True)
            assert response.status_code == 200, (host, url)
            body = response.content.decode()
            assert "6666" not in body and "evil.example" not in body, (host, url)
            assert SITE in body, (host, url)
    for url in discovery_urls(world):  # the next reader's copy is the canonical one
        response = client.get(url)
        body = response.content.decode()
        assert response[HEADER] == "hit", url
        assert "6666" not in body and "evil.example" not in body and SITE in body, url


def test_article_page_canonical_links_ignore_the_host(client, world, canonical):
    html = client.get(world.story.get_absolute_url(), HTTP_HOST="evil.example").content.decode()
    assert f'<link rel="canonical" href="{SITE}' in html
    assert f'<meta property="og:url" content="{SITE}' in html
    assert '"url": "https://news.example/articles/' in html
    assert "evil.example" not in html


def test_junk_query_strings_make_no_new_cache_entries(client, world):
    urls = [
        "/",
        "/articles/",
        "/articles/?tag=داعش",
        "/search/?q=الموصل",
        "/tags/داعش/",
        "/sitemap-articles.xml",
        "/feeds/latest/",
        world.story.get_absolute_url(),
    ]
    for url in urls:
        assert client.get(url)[HEADER] == "miss", url
    entries = page_entries()
    assert entries == len(urls)
    for n in range(25):
        for url in urls:
            joiner = "&" if "?" in url else "?"
            response = client.get(f"{url}{joiner}utm={n}&x{n}=1&page_x={n}")
            assert response.status_code == 200 and response[HEADER] == "hit", url
    assert page_entries() == entries


def test_parameters_are_normalised(client, world):
    client.get("/articles/", {"tag": "داعش", "section": "المشرق-العربي"})
    entries = page_entries()
    same = [
        {"section": "المشرق-العربي", "tag": "داعش", "q": "", "person": ""},
        {"tag": ["العراق", "داعش"], "section": "المشرق-العربي", "utm": "1"},
        {"tag": " داعش ", "section": "المشرق-العربي "},
    ]
    for params in same:
        response = client.get("/articles/", params)
        assert response[HEADER] == "hit", params
    assert page_entries() == entries


def test_page_numbers_do_not_flood(client, world):
    for i in range(25):
        make_article(f"قصة موسومة {i}", tags=["كثير"])
    assert "صفحة 2 من 2" in client.get("/tags/كثير/?page=2").content.decode()
    entries = page_entries()
    assert client.get("/tags/كثير/?page=02")[HEADER] == "hit"
    for page in ("999", "1000", "10" * 30, "abc", "-1", "٢٢"):
        response = client.get(f"/tags/كثير/?page={page}")
        assert response.status_code == 200, page
    assert page_entries() == entries


def test_junk_parameters_never_reach_a_cached_page(client, world):
    for i in range(25):
        make_article(f"قصة موسومة {i}", tags=["كثير"])
    html = client.get("/tags/كثير/?utm=planted-by-a-client").content.decode()
    assert "planted-by-a-client" not in html and 'rel="next" href="?page=2"' in html
    html = client.get("/articles/?utm=planted-by-a-client&tag=كثير").content.decode()
    assert "planted-by-a-client" not in html


def test_a_hit_replays_the_response_headers(client, world):
    for url in ("/sitemap.xml", "/sitemap-articles.xml", "/feeds/latest/", "/robots.txt"):
        first = client.get(url)
        second = client.get(url)
        assert (first[HEADER], second[HEADER]) == ("miss", "hit"), url
        for name, value in first.items():
            if name not in (HEADER, "Set-Cookie"):
                assert second.get(name) == value, (url, name)
    assert second["Content-Type"].startswith("text/plain")
    hit = client.get("/sitemap.xml")
    assert hit[HEADER] == "hit" and hit["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert client.get("/feeds/latest/")["Last-Modified"]


def test_other_spellings_of_a_story_address_redirect_and_are_not_stored(client, world):
    canonical = world.story.get_absolute_url()
    assert client.get(canonical)[HEADER] == "miss"
    entries = page_entries()
    for spelling in ("0", "00", "000"):
        response = client.get(
            canonical.replace(f"/{world.story.pk}/", f"/{spelling}{world.story.pk}/")
        )
        assert response.status_code == 301 and response["Location"] == canonical
    assert page_entries() == entries


def test_junk_values_of_read_parameters_share_one_entry(client, world):
    client.get("/articles/")
    client.get("/articles/", {"exclusive": "true"})
    client.get("/articles/", {"date_after": "2016-01-02"})
    entries = page_entries()
    for n in range(5):
        assert client.get("/articles/", {"exclusive": f"junk{n}"})[HEADER] == "hit"
    for spelling in ("1", "TRUE", " true "):
        assert client.get("/articles/", {"exclusive": spelling})[HEADER] == "hit"
    for spelling in ("02/01/2016", " 2016-01-02"):  # day/month/year (newsroom/formats/ar)
        response = client.get("/articles/", {"date_after": spelling})
        assert response.status_code == 200 and response[HEADER] == "hit", spelling
    assert page_entries() == entries


def test_an_error_page_is_never_stored(client, world):
    """A refused request (here a filter date that is no date: 400) is answered afresh each
    time: a stored error page would be replayed to the next reader of that address, and
    a flood of bad addresses would fill the cache."""
    entries = page_entries()
    for _ in range(2):
        response = client.get("/articles/", {"date_after": "2016-13-45"})
        assert response.status_code == 400 and response[HEADER] == "miss"
    assert page_entries() == entries
