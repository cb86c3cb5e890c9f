"""Reporters and Editors: groups made after migrate, and the rules enforced on the server."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.editorial.roles import EDITORS, REPORTERS
from articles.models import Article, Person, Status
from tests.admin.conftest import form_data
from tests.factories import make_article, make_person

CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_groups_exist_after_migrate(db):
    reporters, editors = Group.objects.get(name=REPORTERS), Group.objects.get(name=EDITORS)
    reporter_perms = set(reporters.permissions.values_list("codename", flat=True))
    editor_perms = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "view_person"} <= reporter_perms
    assert "publish_article" not in reporter_perms
    assert {"publish_article", "delete_person", "change_location", "add_tag"} <= editor_perms


def test_setup_roles_command_is_idempotent(db):
    from django.core.management import call_command

    call_command("setup_roles", verbosity=0)
    call_command("setup_roles", verbosity=0)
    assert Group.objects.filter(name__in=[REPORTERS, EDITORS]).count() == 2


@pytest.fixture
def draft(db):
    return make_article("مسودة المراسل", status=Status.DRAFT, published_at=None)


@pytest.fixture
def published(db):
    return make_article("قصة منشورة")


def test_reporter_edits_a_draft_and_sends_it_to_review(reporter_client, draft):
    page = reporter_client.get(change_url(draft))
    choices = [c[0] for c in page.context["adminform"].form.fields["status"].choices]
    assert choices == ["draft", "review"]
    response = reporter_client.post(
        change_url(draft), form_data(page, title="مسودة منقحة", status="review")
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("مسودة منقحة", Status.REVIEW)


def test_reporter_posting_published_is_refused(reporter_client, draft):
    page = reporter_client.get(change_url(draft))
    response = reporter_client.post(change_url(draft), form_data(page, status="published"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.published_at is None


def test_reporter_cannot_create_a_published_story(reporter_client, db):
    add = reverse("admin:articles_article_add")
    page = reporter_client.get(add)
    data = form_data(page, title="نشر مباشر", slug="نشر-مباشر", body_text="نص.", status="published")
    response = reporter_client.post(add, data)
    assert response.status_code == 200
    assert not Article.objects.filter(title="نشر مباشر").exists()


def test_reporter_cannot_set_a_publication_date(reporter_client, draft):
    page = reporter_client.get(change_url(draft))
    assert "published_at" not in page.context["adminform"].form.fields
    data = form_data(page, published_at_0="2020-01-01", published_at_1="10:00:00")
    assert reporter_client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.published_at is None


def test_reporter_sees_a_published_story_read_only(reporter_client, published):
    page = reporter_client.get(change_url(published))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    data = {"title": "تغيير", "status": "draft", "body_text": "نص"}
    response = reporter_client.post(change_url(published), data)
    assert response.status_code == 403
    published.refresh_from_db()
    assert (published.title, published.status) == ("قصة منشورة", Status.PUBLISHED)


def test_reporter_cannot_publish_or_unpublish_by_action(reporter_client, draft, published):
    reporter_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    response = reporter_client.post(
        CHANGELIST,
        {"action": "send_to_draft", "_selected_action": [published.pk, draft.pk]},
        follow=True,
    )
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED
    assert "لا يغيّر حالة قصة منشورة إلا المحررون" in response.content.decode()
    actions = [c[0] for c in response.context["action_form"].fields["action"].choices]
    assert "publish" not in actions and "send_to_review" in actions


def test_reporter_cannot_delete_a_published_story(reporter_client, draft, published):
    delete = reverse("admin:articles_article_delete", args=[published.pk])
    assert reporter_client.post(delete, {"post": "yes"}).status_code == 403
    reporter_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [published.pk], "post": "yes"},
    )
    assert Article.objects.filter(pk=published.pk).exists()
    own = reverse("admin:articles_article_delete", args=[draft.pk])
    assert reporter_client.post(own, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=draft.pk).exists()


def test_reporter_cannot_change_or_merge_people(reporter_client, db):
    people = [make_person("سعد معن"), make_person("الفريق سعد معن")]
    url = reverse("admin:articles_person_change", args=[people[0].pk])
    assert reporter_client.post(url, {"name": "تغيير"}).status_code == 403
    merge = {"action": "merge", "_selected_action": [p.pk for p in people], "confirm": "1"}
    reporter_client.post(
        reverse("admin:articles_person_changelist"), {**merge, "keep": people[0].pk}
    )
    assert Person.objects.filter(pk__in=[p.pk for p in people]).count() == 2


def test_editor_publishes_and_unpublishes(editor_client, draft, published):
    page = editor_client.get(change_url(draft))
    assert (
        editor_client.post(change_url(draft), form_data(page, status="published")).status_code
        == 302
    )
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.published_at is not None
    page = editor_client.get(change_url(published))
    assert (
        editor_client.post(
            change_url(published), form_data(page, status="draft", confirm_offline="on")
        ).status_code
        == 302
    )
    published.refresh_from_db()
    assert published.status == Status.DRAFT


def test_editor_deletes_a_published_story(editor_client, published):
    delete = reverse("admin:articles_article_delete", args=[published.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=published.pk).exists()


def test_scheduled_story_is_not_public_until_its_time(editor_client, draft):
    page = editor_client.get(change_url(draft))
    data = form_data(
        page, status="published", published_at_0="2999-01-01", published_at_1="09:00:00"
    )
    assert editor_client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert not Article.objects.published().filter(pk=draft.pk).exists()
