"""Search across transliteration variants, on whichever database the suite runs.

A query «ترامب» finds the stories that name «دونالد ترمب» and his chip; Arabic names one
letter apart stay apart (``Term.variant`` is empty for them).
"""

import pytest

from articles import search
from articles.models import Article, MentionStatus
from tests.factories import make_article, make_person, mention

pytestmark = pytest.mark.django_db


def found(query):
    return list(search.search_articles(Article.objects.published(), query))


@pytest.fixture
def trump():
    person = make_person("دونالد ترمب")
    stories = [make_article(f"ترمب يتحدث عن الاقتصاد رقم {n}") for n in range(3)]
    for story in stories:
        mention(story, person)
    hidden = make_article("ترمب في قصة رفض المحرر ذكره")
    mention(hidden, make_person("جون ترمب"), status=MentionStatus.REJECTED)
    return person, stories, hidden


@pytest.mark.parametrize("query", ["ترامب", "دونالد ترامب", "«دونالد ترامب»", "ترمب"])
def test_another_spelling_finds_the_stories(trump, query):
    _, stories, _ = trump
    assert set(stories) <= set(found(query))


def test_a_rejected_mention_is_not_found_by_a_variant(trump):
    _, _, hidden = trump
    assert hidden not in found("ترامب")


def test_another_spelling_finds_the_person_chip(trump):
    person, _, _ = trump
    assert person in search.search_entities("ترامب")["people"]
    assert person in search.search_entities("دونالد ترامب")["people"]


def test_the_world_story_is_found_by_another_spelling_of_its_person(world):
    assert world.story in found("ماتس")
    assert world.story in found("«جيمس ماتس»")


def test_arabic_names_get_no_variant():
    for query in ("حسين", "علاوي", "فؤاد حسين", "علي"):
        assert all(not t.variant for t in search.parse_query(query).terms), query
    assert search.parse_query("ترامب").terms[0].variant == "ترمب"


def test_the_search_page_shows_the_chip_and_the_stories(client, trump):
    person, stories, _ = trump
    response = client.get("/search/", {"q": "ترامب"})
    assert response.status_code == 200
    html = response.content.decode()
    assert person.get_absolute_url() in html
    assert all(story.get_absolute_url() in html for story in stories)
