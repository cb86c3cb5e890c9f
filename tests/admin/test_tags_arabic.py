"""Tags round-trip the Arabic way: «،» separates, quote marks go, the editor's order stays."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from taggit.models import Tag
from taggit.utils import edit_string_for_tags
from taggit.utils import parse_tags as taggit_parse

from articles.admin.forms import tags_in_order
from articles.models import Article
from articles.text.tags import edit_string, parse_tags, tag_name
from tests.admin.conftest import form_data, story_url
from tests.factories import make_article

TYPED = "العراق، الإرهاب، «داعش»"


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        (TYPED, ["العراق", "الإرهاب", "داعش"]),
        ("الحشد الشعبي", ["الحشد الشعبي"]),  # a space never separates
        ('"داعش", “الموصل”; نينوى؛ بغداد', ["داعش", "الموصل", "نينوى", "بغداد"]),
        ("داعش، «داعش»،، ", ["داعش"]),
        ("  ", []),
    ],
)
def test_parse_tags(typed, names):
    assert parse_tags(typed) == names
    assert taggit_parse(typed) == names  # taggit itself parses through it (settings)


def test_edit_string_keeps_order_and_drops_quotes():
    assert edit_string([Tag(name="العراق"), Tag(name="«داعش»")]) == "العراق، داعش"
    assert edit_string_for_tags([Tag(name="ب"), Tag(name="أ")]) == "ب، أ"
    assert tag_name(" «داعش» ") == "داعش"


def test_story_form_round_trip(editor_client, db):
    story = make_article("قصة موسومة")
    page = editor_client.get(story_url(story))
    response = editor_client.post(story_url(story), form_data(page, tags=TYPED))
    assert response.status_code == 302
    assert [t.name for t in tags_in_order(story)] == ["العراق", "الإرهاب", "داعش"]
    assert Tag.objects.get(name="داعش").slug == "داعش"
    page = editor_client.get(story_url(story))
    assert 'value="العراق، الإرهاب، داعش"' in page.content.decode()
    # Reordering is kept too.
    response = editor_client.post(story_url(story), form_data(page, tags="داعش، العراق"))
    assert response.status_code == 302
    assert [t.name for t in tags_in_order(story)] == ["داعش", "العراق"]


def test_an_old_quoted_tag_is_shown_without_its_quotes(editor_client, db):
    story = make_article("قصة قديمة", tags=["«داعش»"])
    page = editor_client.get(story_url(story))
    assert 'value="داعش"' in page.content.decode()
    response = editor_client.post(story_url(story), form_data(page))
    assert response.status_code == 302
    assert list(Article.objects.get(pk=story.pk).tags.names()) == ["داعش"]


def test_add_tags_action_accepts_the_arabic_comma(editor_client, db):
    story = make_article("قصة")
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "add_tags", ACTION_CHECKBOX_NAME: [story.pk], "apply": "1", "tags": TYPED},
    )
    assert response.status_code == 302
    assert set(story.tags.names()) == {"العراق", "الإرهاب", "داعش"}
