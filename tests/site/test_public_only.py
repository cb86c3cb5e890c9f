"""Drafts, stories under review, stubs and scheduled stories appear nowhere until public."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/articles/",
    "/articles/?q=الموصل",
    "/search/?q=الموصل",
    "/search/?q=ماتيس",
    "/tags/داعش/",
    "/feeds/latest/",
    "/feeds/latest/atom/",
    "/tags/داعش/feed/",
    "/sitemap-articles.xml",
    "/news-sitemap.xml",
]


def entity_pages(world):
    return [
        world.mattis.get_absolute_url(),
        world.mosul.get_absolute_url(),
        world.publisher.get_absolute_url(),
        f"/people/{world.mattis.slug}/feed/",
        f"/places/{world.mosul.slug}/feed/",
        world.story.get_absolute_url(),
    ]


def test_hidden_stories_are_absent_everywhere(client, world):
    for url in PAGES + entity_pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert world.story.title in html or "sitemap" in url or "ماتيس" in url, url
        for hidden in world.hidden:
            if hidden is world.stub and url == world.story.get_absolute_url():
                continue  # the teaser is shown, as text: see test_pages
            assert hidden.title not in html, (url, hidden.title)
            assert f"/articles/{hidden.pk}/" not in html, (url, hidden.title)


def test_scheduled_story_appears_when_its_time_comes(client, world, monkeypatch):
    assert world.scheduled.title not in client.get("/").content.decode()
    assert client.get(world.scheduled.get_absolute_url()).status_code == 404
    later = timezone.now() + timedelta(hours=4)
    monkeypatch.setattr(timezone, "now", lambda: later)
    html = client.get("/").content.decode()
    assert world.scheduled.title in html
    assert client.get(world.scheduled.get_absolute_url()).status_code == 200
    assert world.scheduled.title in client.get("/feeds/latest/").content.decode()
