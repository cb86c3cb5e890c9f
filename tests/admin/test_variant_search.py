"""The story list's search box finds another spelling of a foreign name, as the site does."""

import pytest
from django.urls import reverse

from articles import search
from articles.models import Article
from tests.factories import make_article, make_person, mention

pytestmark = pytest.mark.django_db


@pytest.fixture
def trump_stories():
    person = make_person("دونالد ترمب")
    named = make_article("لقاء في البيت الأبيض", status="draft")
    mention(named, person)
    written = make_article("ترمب يتحدث عن الاقتصاد", status="review")
    other = make_article("حسين يزور بغداد")
    return named, written, other


def admin_found(text):
    return set(search.filter_words(Article.objects.all(), text))


def test_a_variant_finds_the_stories_naming_the_person_and_drafts_too(trump_stories):
    named, written, other = trump_stories
    assert named in admin_found("ترامب")
    assert other not in admin_found("ترامب")
    assert {named, written} <= admin_found("ترمب")


def test_every_word_must_match(trump_stories):
    named, _, _ = trump_stories
    assert named in admin_found("ترامب البيت")
    assert named not in admin_found("ترامب بغداد")


def test_arabic_names_do_not_meet_their_neighbours(trump_stories):
    _, _, other = trump_stories
    assert other in admin_found("حسين")
    assert other not in admin_found("حسن")


def test_the_change_list_search_box_uses_it(trump_stories, admin_client):
    named, _, other = trump_stories
    response = admin_client.get(reverse("admin:articles_article_changelist"), {"q": "ترامب"})
    shown = list(response.context["cl"].result_list)
    assert named in shown and other not in shown
