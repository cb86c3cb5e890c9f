"""Mention review follows the story's rules, and every decision makes open story forms stale."""

import pytest
from django.urls import reverse

from articles.models import Article, MentionStatus, PersonMention, Status
from tests.admin.conftest import form_data, logged_in, story_url
from tests.factories import make_article, make_location, make_person, mention

PEOPLE = reverse("admin:articles_personmention_changelist")
PLACES = reverse("admin:articles_locationmention_changelist")


@pytest.fixture
def world(db):
    published = make_article("قصة منشورة")
    draft = make_article("مسودة", status=Status.DRAFT, published_at=None)
    maan, mosul = make_person("سعد معن"), make_location("الموصل")
    return {
        "published": published,
        "draft": draft,
        "in_published": mention(published, maan, role="قائد العمليات"),
        "in_draft": mention(draft, maan),
        "place_in_published": mention(published, mosul),
    }


def _state(m):
    m.refresh_from_db()
    return m.status, getattr(m, "role", None), m.article_id


# Item 3: a reporter cannot change what readers see through the review lists --------------


@pytest.mark.parametrize("action", ["accept", "reject", "reset"])
def test_reporter_actions_skip_published_stories_and_say_so(reporter_client, world, action):
    start = MentionStatus.ACCEPTED if action == "reset" else MentionStatus.FOUND
    PersonMention.objects.update(status=start)
    before = _state(world["in_published"])
    selected = [world["in_published"].pk, world["in_draft"].pk]
    response = reporter_client.post(
        PEOPLE, {"action": action, "_selected_action": selected}, follow=True
    )
    assert _state(world["in_published"]) == before
    expected = {"accept": "accepted", "reject": "rejected", "reset": "found"}[action]
    assert _state(world["in_draft"])[0] == expected
    html = response.content.decode()
    assert "صارت إشارة واحدة" in html and "تُركت إشارة واحدة في قصة منشورة" in html


def test_reporter_cannot_change_a_published_storys_mention(reporter_client, world):
    url = reverse("admin:articles_personmention_change", args=[world["in_published"].pk])
    page = reporter_client.get(url)
    assert page.status_code == 200 and page.context["has_change_permission"] is False
    data = {
        "article": world["published"].pk,
        "person": world["in_published"].person_id,
        "role": "صفة مختلقة",
        "status": "rejected",
        "count": 1,
        "confidence": 1,
    }
    assert reporter_client.post(url, data).status_code == 403
    assert _state(world["in_published"]) == ("found", "قائد العمليات", world["published"].pk)


def test_reporter_cannot_delete_a_published_storys_mention(reporter_client, world):
    target = world["place_in_published"]
    url = reverse("admin:articles_locationmention_delete", args=[target.pk])
    assert reporter_client.post(url, {"post": "yes"}).status_code == 403
    response = reporter_client.post(
        PLACES, {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"}
    )
    assert response.status_code == 403
    assert type(target).objects.filter(pk=target.pk).exists()


def test_reporter_cannot_add_or_move_a_mention_into_a_published_story(reporter_client, world):
    add = reverse("admin:articles_personmention_add")
    data = {"article": world["published"].pk, "person": make_person("اسم").pk, "status": "found"}
    data |= {"count": 1, "confidence": 1, "role": ""}
    response = reporter_client.post(add, data)
    assert response.status_code == 200
    assert "لا يعدّل قصة منشورة" in str(response.context["adminform"].form.errors["article"])
    assert not PersonMention.objects.filter(person__name="اسم").exists()

    own = world["in_draft"]
    url = reverse("admin:articles_personmention_change", args=[own.pk])
    page = reporter_client.get(url)
    response = reporter_client.post(url, form_data(page, article=world["published"].pk))
    assert response.status_code == 200
    assert _state(own)[2] == world["draft"].pk


def test_story_form_shows_a_published_storys_rows_read_only_to_a_reporter(reporter_client, world):
    """A guard, not a fix: Django disables the inlines of a story the user may not change."""
    page = reporter_client.get(story_url(world["published"]))
    inlines = page.context["inline_admin_formsets"]
    assert inlines and not any(
        i.has_add_permission or i.has_change_permission or i.has_delete_permission for i in inlines
    )
    draft_page = reporter_client.get(story_url(world["draft"]))
    assert all(i.has_change_permission for i in draft_page.context["inline_admin_formsets"])


def test_reporter_still_reviews_a_draft(reporter_client, world):
    own = world["in_draft"]
    url = reverse("admin:articles_personmention_change", args=[own.pk])
    page = reporter_client.get(url)
    assert page.context["has_change_permission"] is True
    assert reporter_client.post(url, form_data(page, role="مراسل")).status_code == 302
    assert _state(own)[1] == "مراسل"


def test_editor_decides_on_published_stories(editor_client, world):
    editor_client.post(PEOPLE, {"action": "reject", "_selected_action": [world["in_published"].pk]})
    assert _state(world["in_published"])[0] == "rejected"


# Item 4: a decision is never silently undone by a story form opened before it ------------


def _version(article):
    return Article.objects.values_list("version", flat=True).get(pk=article.pk)


def test_rejecting_makes_an_open_story_form_stale(editor, admin_user, world):
    story, target = world["published"], world["in_published"]
    editor_side = logged_in(editor)
    stale = editor_side.get(story_url(story))  # the editor opens the story form
    reviewer = logged_in(admin_user)
    reviewer.post(PEOPLE, {"action": "reject", "_selected_action": [target.pk]})
    assert _state(target)[0] == "rejected"

    response = editor_side.post(story_url(story), form_data(stale, title="عنوان جديد"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 1 and "بعد أن فتحتَها" in errors[0]
    assert _state(target)[0] == "rejected"  # the decision stands
    assert Article.objects.get(pk=story.pk).title == "قصة منشورة"


def test_accept_and_reset_bump_the_version_once_per_story(admin_client, world):
    before = _version(world["published"])
    selected = [world["in_published"].pk]
    admin_client.post(PEOPLE, {"action": "accept", "_selected_action": selected})
    assert _version(world["published"]) == before + 1
    admin_client.post(PEOPLE, {"action": "reset", "_selected_action": selected})
    assert _version(world["published"]) == before + 2


def test_mention_form_and_delete_make_open_story_forms_stale(admin_client, world):
    story, draft = world["published"], world["draft"]
    moved = world["in_draft"]
    versions = _version(story), _version(draft)
    url = reverse("admin:articles_personmention_change", args=[world["in_published"].pk])
    page = admin_client.get(url)
    assert admin_client.post(url, form_data(page, role="وزير")).status_code == 302
    assert _version(story) == versions[0] + 1

    url = reverse("admin:articles_locationmention_delete", args=[world["place_in_published"].pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert _version(story) == versions[0] + 2

    other = make_article("قصة ثالثة")
    url = reverse("admin:articles_personmention_change", args=[moved.pk])
    page = admin_client.get(url)
    assert admin_client.post(url, form_data(page, article=other.pk)).status_code == 302
    assert _version(draft) == versions[1] + 1  # the story it left
    assert _version(other) == 2  # and the story it joined


def test_bulk_delete_of_mentions_makes_open_story_forms_stale(admin_client, world):
    before = _version(world["published"])
    admin_client.post(
        PLACES,
        {
            "action": "delete_selected",
            "_selected_action": [world["place_in_published"].pk],
            "post": "yes",
        },
    )
    assert _version(world["published"]) == before + 1
