"""Every page runs a bounded number of queries, however many tags, people and places."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Image, Quote, RelatedLink
from tests.factories import (
    built_once,
    make_article,
    make_location,
    make_person,
    make_source,
    mention,
)

pytestmark = pytest.mark.django_db

BUDGET = 16


@pytest.fixture(scope="module")
def crowded(django_db_setup, django_db_blocker):
    """30 stories, each with 15 tags, 15 people, 15 places, quotes, captions and links."""
    yield from built_once(django_db_blocker, _crowd)


def _crowd():
    people = [make_person(f"شخص مزدحم {i}") for i in range(15)]
    places = [make_location(f"مكان مزدحم {i}") for i in range(15)]
    source = make_source("مصدر مزدحم")
    stories = []
    for n in range(30):
        story = make_article(f"قصة مزدحمة {n}", source=source, tags=[f"وسم {i}" for i in range(15)])
        for p in people:
            mention(story, p, role=f"صفة {n}")
            Quote.objects.create(article=story, person=p, text=f"قول {n}")
        for place in places:
            mention(story, place)
        for i in range(5):
            Image.objects.create(article=story, caption=f"صورة {i}", credit=source)
        stories.append(story)
    for story in stories[1:8]:
        RelatedLink.objects.create(from_article=stories[0], to_article=story)
    return stories, people, places


def test_pages_stay_within_budget(client, crowded, django_assert_max_num_queries):
    stories, people, places = crowded
    urls = [
        "/",
        "/articles/",
        "/articles/?tag=وسم-1&person=" + people[0].slug + "&q=مزدحمة",
        "/search/?q=مزدحمة",
        stories[0].get_absolute_url(),
        stories[5].get_absolute_url(),
        people[0].get_absolute_url(),
        places[0].get_absolute_url(),
        stories[0].source.get_absolute_url(),
        "/tags/وسم-1/",
        "/feeds/latest/",
        f"/people/{people[0].slug}/feed/",
        "/sitemap-articles.xml",
        "/news-sitemap.xml",
    ]
    for url in urls:
        with django_assert_max_num_queries(BUDGET):
            response = client.get(url)
        assert response.status_code == 200, url


def test_article_query_count_does_not_grow_with_entities(
    client, crowded, django_assert_max_num_queries
):
    """The same fixed budget holds for a story with 1 and with 60 of each."""
    small = make_article("قصة صغيرة", tags=["وسم واحد"])
    mention(small, make_person("شخص وحيد"))
    big = make_article("قصة كبيرة", tags=[f"وسم كبير {i}" for i in range(60)])
    for i in range(60):
        mention(big, make_person(f"شخص كبير {i}"))
        mention(big, make_location(f"مكان كبير {i}"))
    client.get("/")  # site version and section menu computed once, as on any warm server
    counts = []
    for story in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(story.get_absolute_url()).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1] <= BUDGET, counts
