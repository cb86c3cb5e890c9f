"""Audit item 12: a name known only from stories readers cannot see (a draft, a story under
review, a stub, a scheduled story) or from a rejected mention has no public trace: its
page and feed are 404s, and no sitemap, filter menu, search hit or child list shows it."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from articles.models import MentionStatus
from tests.factories import make_location, make_person, make_source, mention

pytestmark = pytest.mark.django_db

HOW = ("draft", "review", "stub", "scheduled", "rejected")


@pytest.fixture
def secrets(world):
    """Per way of being hidden: a person, a place (under Mosul), a source, and a tag."""
    found = {}
    for how in HOW:
        story = world.story if how == "rejected" else getattr(world, how)
        status = MentionStatus.REJECTED if how == "rejected" else MentionStatus.FOUND
        person = make_person(f"شخص سري {how}")
        place = make_location(f"قرية سرية {how}", parent=world.mosul)
        source = make_source(f"مصدر سري {how}")
        for entity in (person, place, source):
            mention(story, entity, status=status)
        urls = [e.get_absolute_url() for e in (person, place, source)]
        if how != "rejected":  # a tag cannot be rejected: it is on the story or not
            story.tags.add(f"وسم سري {how}")
            urls.append(f"/tags/{story.tags.get(name=f'وسم سري {how}').slug}/")
        found[how] = urls
        found[f"{how}-slugs"] = {"person": person.slug, "place": place.slug, "source": source.slug}
    publisher = make_source("ناشر مسودة فقط")
    world.draft.source = publisher
    world.draft.save()
    found["publisher"] = [publisher.get_absolute_url()]
    return found


def all_secret_urls(secrets):
    return [url for key, urls in secrets.items() if not key.endswith("-slugs") for url in urls]


def test_entity_pages_and_feeds_are_404(client, secrets):
    for url in all_secret_urls(secrets):
        assert client.get(url).status_code == 404, url
        assert client.get(f"{url}feed/").status_code == 404, url


def test_public_entities_still_answer(client, world, secrets):
    for entity in (world.mattis, world.mosul, world.nineveh, world.iraq, world.publisher):
        assert client.get(entity.get_absolute_url()).status_code == 200, entity
    assert client.get("/tags/داعش/").status_code == 200


def test_absent_from_sitemaps_menus_search_and_child_lists(client, world, secrets):
    texts = []
    for section in ("people", "places", "sources", "tags"):
        response = client.get(f"/sitemap-{section}.xml")
        ElementTree.fromstring(response.content)
        texts.append(response.content.decode())
    texts.append(client.get("/articles/").content.decode())
    texts.append(client.get("/search/", {"q": "سري"}).content.decode())
    texts.append(client.get("/search/", {"q": "سرية"}).content.decode())
    texts.append(client.get(world.mosul.get_absolute_url()).content.decode())
    for text in texts:
        for url in all_secret_urls(secrets):
            assert url not in text and iri_to_uri(url) not in text, url
        assert "شخص سري" not in text and "قرية سرية" not in text and "مصدر سري" not in text


def test_filtering_by_a_hidden_name_is_refused(client, world, secrets):
    for how in HOW:
        for name, slug in secrets[f"{how}-slugs"].items():
            response = client.get("/articles/", {name: slug})
            assert response.status_code == 400, (how, name)
            assert 'role="alert"' in response.content.decode()


def test_a_name_becomes_public_when_its_story_does(client, world, monkeypatch):
    person = make_person("شخص في قصة مجدولة")
    mention(world.scheduled, person)
    assert client.get(person.get_absolute_url()).status_code == 404
    assert client.get("/articles/", {"person": person.slug}).status_code == 400
    later = timezone.now() + timedelta(hours=4)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(person.get_absolute_url()).status_code == 200
    response = client.get("/articles/", {"person": person.slug})
    assert response.status_code == 200 and world.scheduled.title in response.content.decode()
