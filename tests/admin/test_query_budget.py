"""Admin lists stay under a fixed number of queries however many stories there are."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, LocationMention, PersonMention, Status
from articles.text.arabic import normalize
from tests.factories import built_once, make_location, make_person, make_section, make_source

STORIES = 1000
BUDGET = 12


@pytest.fixture(scope="module")
def thousand_stories(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, _build_stories)


def _build_stories():
    sources = [make_source(f"مصدر {i}") for i in range(5)]
    people = [make_person(f"شخص {i}") for i in range(20)]
    places = [make_location(f"مكان {i}") for i in range(20)]
    now = timezone.now()
    sections = [make_section("المشرق العربي"), make_section("العالم العربي")]
    articles = Article.objects.bulk_create(
        Article(
            title=f"قصة رقم {i} عن الموصل",
            slug=f"story-{i}",
            body=[{"kind": "paragraph", "text": f"نص {i}"}],
            search_text=normalize(f"قصة رقم {i} عن الموصل نص {i}"),
            status=(Status.PUBLISHED, Status.DRAFT, Status.REVIEW)[i % 3],
            section=sections[i % 2],
            source=sources[i % 5],
            published_at=now - timedelta(hours=i),
        )
        for i in range(STORIES)
    )
    PersonMention.objects.bulk_create(
        PersonMention(article=a, person=people[(i + k) % 20])
        for i, a in enumerate(articles)
        for k in range(3)
    )
    LocationMention.objects.bulk_create(
        LocationMention(article=a, location=places[i % 20]) for i, a in enumerate(articles)
    )
    for article in articles[:50]:
        article.tags.add("الموصل", f"وسم {article.pk % 7}")
    return articles


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "الموصل"},
        {"status__exact": "published", "o": "6"},
        {"published_at__year": str(timezone.now().year)},
    ],
)
def test_story_list_query_budget(
    admin_client, thousand_stories, django_assert_max_num_queries, params
):
    with django_assert_max_num_queries(BUDGET):
        response = admin_client.get(reverse("admin:articles_article_changelist"), params)
    assert response.status_code == 200
    rows = response.context["cl"].result_list
    assert len(rows) == 50
    assert all(row.people_count == 3 and row.places_count == 1 for row in rows)


@pytest.mark.parametrize(
    "name", ["person", "location", "source", "personmention", "locationmention"]
)
def test_entity_and_review_lists_query_budget(
    admin_client, thousand_stories, django_assert_max_num_queries, name
):
    with django_assert_max_num_queries(BUDGET):
        response = admin_client.get(reverse(f"admin:articles_{name}_changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) > 0


def test_story_form_query_budget(admin_client, thousand_stories, django_assert_max_num_queries):
    article = thousand_stories[0]
    with django_assert_max_num_queries(25):
        response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
