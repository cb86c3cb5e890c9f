"""Invalidation by what changed: a save drops the pages showing that story or its records,
and no others; HTTP caching headers, conditional requests, scheduled stories on time."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles import changes
from articles.models import Article, PersonMention
from articles.site.cache import HEADER
from tests.factories import make_article, make_person, mention

pytestmark = pytest.mark.django_db


def state(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response[HEADER]


@pytest.fixture
def pages(world):
    """The world plus a story and a person that share nothing with the Mosul story."""
    world.other_person = make_person("فلان بعيد")
    world.other = make_article("قصة لا صلة لها", published_at=timezone.now() - timedelta(days=3))
    mention(world.other, world.other_person)
    mention(world.sibling, world.maan)  # so his page outlives his removal from the story
    world.urls = {
        "story": world.story.get_absolute_url(),
        "home": "/",
        "mattis": world.mattis.get_absolute_url(),
        "maan": world.maan.get_absolute_url(),
        "other": world.other.get_absolute_url(),
        "other_person": world.other_person.get_absolute_url(),
        "mosul": world.mosul.get_absolute_url(),
    }
    return world


def warm(client, urls):
    for url in urls:
        client.get(url)
        assert state(client, url) == "hit", url


def test_saving_a_story_drops_its_pages_and_only_those(client, pages):
    warm(client, pages.urls.values())
    pages.story.deck = "عنوان فرعي بعد التعديل"
    pages.story.save()
    for name in ("story", "home", "mattis", "mosul"):
        assert state(client, pages.urls[name]) == "miss", name
    for name in ("other", "other_person"):
        assert state(client, pages.urls[name]) == "hit", name
    assert "عنوان فرعي بعد التعديل" in client.get(pages.urls["story"]).content.decode()


def test_removing_a_person_drops_that_persons_page(client, pages):
    warm(client, [pages.urls["maan"], pages.urls["other_person"]])
    PersonMention.objects.get(article=pages.story, person=pages.maan).delete()
    response = client.get(pages.urls["maan"])
    assert response[HEADER] == "miss"
    assert pages.story.title not in response.content.decode()
    assert state(client, pages.urls["other_person"]) == "hit"


def test_a_mention_rejected_by_update_drops_the_persons_page(client, pages):
    warm(client, [pages.urls["maan"]])
    rows = PersonMention.objects.filter(article=pages.story, person=pages.maan)
    rows.update(status="rejected")  # as the review actions do, then touch
    changes.touch([pages.story.pk])
    response = client.get(pages.urls["maan"])
    assert response[HEADER] == "miss" and pages.story.title not in response.content.decode()


def test_renaming_a_person_drops_the_stories_naming_them(client, pages):
    warm(client, [pages.urls["story"], pages.urls["other"]])
    pages.mattis.name = "جيم ماتيس"
    pages.mattis.save()
    response = client.get(pages.urls["story"])
    assert response[HEADER] == "miss" and "جيم ماتيس" in response.content.decode()
    assert state(client, pages.urls["other"]) == "hit"


def test_moving_a_story_to_another_section_drops_the_old_sections_page(client, pages):
    old = pages.story.section
    url = old.get_absolute_url()
    warm(client, [url])
    pages.story.section = pages.curated.section
    pages.story.save()
    response = client.get(url)
    assert response[HEADER] == "miss" and pages.story.title not in response.content.decode()


def test_a_scheduled_story_goes_live_on_time_with_no_cron(client, pages):
    warm(client, ["/", pages.urls["mosul"], pages.urls["other_person"]])
    soon = timezone.now() + timedelta(seconds=3)  # time to render the two pages before
    pages.scheduled.published_at = soon
    pages.scheduled.save()  # the editor schedules it
    assert pages.scheduled.title not in client.get("/").content.decode()
    client.get(pages.urls["mosul"])
    while timezone.now() <= soon:
        time.sleep(0.1)
    for url in ("/", pages.urls["mosul"]):
        response = client.get(url)
        assert response[HEADER] == "miss", url
        assert pages.scheduled.title in response.content.decode(), url
    assert client.get(pages.scheduled.get_absolute_url()).status_code == 200
    assert state(client, pages.urls["other_person"]) == "hit"  # only its pages went


def test_public_pages_carry_validators_cache_control_and_keys(client, pages, settings):
    settings.CACHE_MAX_AGE, settings.CACHE_S_MAXAGE = 45, 900
    settings.CACHE_STALE_WHILE_REVALIDATE = 20
    for response in (client.get(pages.urls["mattis"]), client.get(pages.urls["mattis"])):
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert cache_control == {
            "public",
            "max-age=45",
            "s-maxage=900",
            "stale-while-revalidate=20",
        }
        assert response["ETag"].startswith('"') and response["Last-Modified"]
        keys = response["Surrogate-Key"].split(" ")
        assert f"person:{pages.mattis.pk}" in keys and f"person:{pages.maan.pk}" not in keys
        assert response["xkey"] == response["Surrogate-Key"]
        assert response["Cache-Tag"].split(",") == keys
    story_keys = client.get(pages.urls["story"])["Surrogate-Key"].split(" ")
    assert f"a:{pages.story.pk}" in story_keys and f"a:{pages.curated.pk}" in story_keys
    assert f"a:{pages.other.pk}" not in story_keys


def test_conditional_requests_get_304_until_the_page_changes(client, pages):
    url = pages.urls["story"]
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again[HEADER] == "hit"
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    pages.story.title = "عنوان جديد للقصة"
    pages.story.save()
    changed = client.get(pages.story.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_logged_in_readers_get_no_store_and_no_keys(client, pages, admin_user):
    client.force_login(admin_user)
    response = client.get(pages.urls["story"])
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "Surrogate-Key" not in response and "ETag" not in response and HEADER not in response


def test_an_import_batch_drops_by_key(client, pages):
    """Stories bulk-inserted by a batch: the lists and their people's pages drop, not the
    others."""
    warm(client, ["/", pages.urls["mattis"], pages.urls["other_person"], pages.urls["other"]])
    new = Article(title="قصة مستوردة جديدة", slug="قصة-مستوردة", status="published")
    new.published_at = timezone.now()
    new.save()
    with changes.atomic():
        row = PersonMention(article=new, person=pages.mattis)
        PersonMention.objects.bulk_create([row])  # no signal, as the batch writes them
        changes.touch_new([new], [row])
    assert state(client, "/") == "miss"
    assert state(client, pages.urls["mattis"]) == "miss"
    assert state(client, pages.urls["other_person"]) == "hit"
    assert state(client, pages.urls["other"]) == "hit"


def test_a_hit_costs_no_query(client, pages, django_assert_max_num_queries):
    for url in pages.urls.values():
        client.get(url)
        with django_assert_max_num_queries(0):
            assert client.get(url)[HEADER] == "hit"


def test_feeds_sitemaps_and_search_drop_when_a_story_is_published(client, pages):
    """Every kind of cached page that lists the story drops; an unrelated feed stays."""
    section = pages.story.section
    urls = [
        "/feeds/latest/",
        "/feeds/latest/atom/",
        f"/people/{pages.mattis.slug}/feed/",
        f"/section/{section.slug}/feed/",
        "/tags/داعش/feed/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/news-sitemap.xml",
        "/search/?q=الموصل",
        "/articles/",
    ]
    unrelated = f"/people/{pages.other_person.slug}/feed/"
    warm(client, [*urls, unrelated])
    pages.draft.status = "published"
    pages.draft.published_at = timezone.now()
    pages.draft.section = section
    pages.draft.save()
    for url in urls:
        assert state(client, url) == "miss", url
    assert pages.draft.title in client.get("/feeds/latest/").content.decode()
    assert pages.draft.title in client.get(f"/section/{section.slug}/feed/").content.decode()
    assert state(client, unrelated) == "hit"
