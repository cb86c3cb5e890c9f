"""Public pages are cached, and dropped the moment a story, tag or entity changes."""

import pytest

from articles.models import Status
from articles.site.cache import HEADER
from tests.factories import make_article, mention

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response[HEADER], response.content.decode()


def test_second_request_is_a_hit(client, world, django_assert_max_num_queries):
    assert get(client, "/")[0] == "miss"
    with django_assert_max_num_queries(0):
        state, html = get(client, "/")
    assert state == "hit" and world.story.title in html


def test_publishing_a_draft_shows_at_once(client, world):
    get(client, "/")
    get(client, "/articles/")
    world.draft.status = Status.PUBLISHED
    world.draft.save()
    for url in ("/", "/articles/", "/feeds/latest/", world.mosul.get_absolute_url()):
        state, html = get(client, url)
        assert state == "miss" and world.draft.title in html, url


def test_editing_a_story_shows_at_once(client, world):
    url = world.story.get_absolute_url()
    get(client, url)
    assert get(client, url)[0] == "hit"
    world.story.deck = "عنوان فرعي معدّل"
    world.story.save()
    state, html = get(client, url)
    assert state == "miss" and "عنوان فرعي معدّل" in html


def test_unpublishing_hides_at_once(client, world):
    get(client, "/")
    world.story.status = Status.DRAFT
    world.story.save()
    assert world.story.title not in get(client, "/")[1]
    assert client.get(world.story.get_absolute_url()).status_code == 404


def test_tag_and_entity_changes_invalidate(client, world):
    url = world.story.get_absolute_url()
    get(client, url)
    world.story.tags.add("وسم جديد")
    assert "وسم جديد" in get(client, url)[1]
    world.mattis.name = "جيم ماتيس"
    world.mattis.save()
    assert "جيم ماتيس" in get(client, url)[1]
    mention(world.story, world.iraq)
    assert world.iraq.get_absolute_url() in get(client, url)[1]
    world.story.tags.remove("وسم جديد")
    assert "وسم جديد" not in get(client, url)[1]


def test_staff_never_get_cached_pages(admin_client, client, world):
    get(client, "/")
    response = admin_client.get("/")
    assert HEADER not in response
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    make_article("قصة جديدة للمحرر")
    assert "قصة جديدة للمحرر" in admin_client.get("/").content.decode()


def test_errors_are_not_cached(client, db):
    assert client.get("/people/لا-أحد/").status_code == 404
    response = client.get("/people/لا-أحد/")
    assert response.status_code == 404 and HEADER not in response
