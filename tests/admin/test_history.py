"""Revisions (django-simple-history): recorded per save, compared, restored; stale saves refused."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.admin.conftest import form_data
from tests.factories import make_article


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def story(db):
    return make_article("قاسم يحكم السيطرة", body=[{"kind": "paragraph", "text": "النص الأول."}])


def edit(client, article, **changes):
    page = client.get(change_url(article))
    return client.post(change_url(article), form_data(page, **changes))


def test_every_save_records_a_revision_with_who(editor_client, editor, story):
    assert edit(editor_client, story, title="عنوان ثان").status_code == 302
    assert edit(editor_client, story, body_text="النص الثاني.").status_code == 302
    records = list(story.history.order_by("history_date"))
    assert len(records) == 3
    assert [r.title for r in records] == ["قاسم يحكم السيطرة", "عنوان ثان", "عنوان ثان"]
    assert records[2].body == [{"kind": "paragraph", "text": "النص الثاني."}]
    assert records[1].history_user == editor and records[2].history_user == editor
    story.refresh_from_db()
    assert story.version == 3


def test_history_page_lists_changes(editor_client, story):
    edit(editor_client, story, title="عنوان ثان")
    history = editor_client.get(reverse("admin:articles_article_history", args=[story.pk]))
    assert history.status_code == 200
    html = history.content.decode()
    assert "عنوان ثان" in html and "mohrer" in html


def test_revision_is_compared_with_current_and_restored(editor_client, story):
    first = story.history.get()
    edit(editor_client, story, title="عنوان ثان", body_text="النص الثاني.")
    revert_url = reverse("admin:articles_article_simple_history", args=[story.pk, first.history_id])
    page = editor_client.get(revert_url)
    assert page.status_code == 200
    compared = {str(c["field"]): c for c in page.context["compare_changes"]}
    assert compared["العنوان"]["revision"] == "قاسم يحكم السيطرة"
    assert compared["العنوان"]["current"] == "عنوان ثان"
    assert compared["النص"]["revision"] == "النص الأول."
    assert "النص الثاني." in page.content.decode()

    response = editor_client.post(revert_url, form_data(page))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title == "قاسم يحكم السيطرة"
    assert story.body == [{"kind": "paragraph", "text": "النص الأول."}]
    assert story.version == 3
    assert story.history.count() == 3  # the restore is itself a revision


def test_stale_form_is_refused_naming_who_changed_it(editor_client, admin_user, story):
    stale_page = editor_client.get(change_url(story))

    colleague = Client()
    colleague.force_login(admin_user)
    assert edit(colleague, story, title="تعديل الزميل").status_code == 302

    response = editor_client.post(change_url(story), form_data(stale_page, title="تعديلي"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 1
    assert "admin" in errors[0] and "بعد أن فتحتَها" in errors[0]
    assert "بعد أن فتحتَها" in response.content.decode()
    story.refresh_from_db()
    assert story.title == "تعديل الزميل"


def test_stale_revert_is_refused_too(editor_client, story):
    first = story.history.get()
    revert_url = reverse("admin:articles_article_simple_history", args=[story.pk, first.history_id])
    stale = editor_client.get(revert_url)
    edit(editor_client, story, title="أحدث")
    response = editor_client.post(revert_url, form_data(stale))
    assert response.status_code == 200
    story.refresh_from_db()
    assert story.title == "أحدث"


def test_form_without_a_version_is_refused(editor_client, story):
    page = editor_client.get(change_url(story))
    data = form_data(page, title="بلا نسخة")
    del data["loaded_version"]
    assert editor_client.post(change_url(story), data).status_code == 200
    assert Article.objects.get(pk=story.pk).title == "قاسم يحكم السيطرة"


def test_import_style_save_outside_the_admin_also_makes_forms_stale(editor_client, story):
    page = editor_client.get(change_url(story))
    Article.objects.filter(pk=story.pk).update(version=story.version + 1, title="من الاستيراد")
    response = editor_client.post(change_url(story), form_data(page, title="تعديلي"))
    assert response.status_code == 200
    assert Article.objects.get(pk=story.pk).title == "من الاستيراد"


def logged_in(user):
    """A client of its own (``editor_client`` and ``reporter_client`` share one)."""
    client = Client()
    client.force_login(user)
    return client


def revert_url(article, record):
    return reverse("admin:articles_article_simple_history", args=[article.pk, record.history_id])


def test_reporter_cannot_retitle_a_published_story_by_restoring(editor, reporter_client, story):
    first = story.history.get()
    edit(logged_in(editor), story, title="العنوان الذي نشره المحرر")
    page = reporter_client.get(revert_url(story, first))
    assert page.status_code == 200
    assert page.context["revert_disabled"] is True  # no «restore» button for the reporter
    response = reporter_client.post(revert_url(story, first), form_data(page))
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.title == "العنوان الذي نشره المحرر"


def test_reporter_cannot_republish_an_unpublished_story_by_restoring(
    editor, reporter_client, story
):
    published_revision = story.history.get()
    edit(logged_in(editor), story, status="draft", confirm_offline="on")  # taken down
    page = reporter_client.get(revert_url(story, published_revision))
    choices = [c[0] for c in page.context["adminform"].form.fields["status"].choices]
    assert choices == ["draft", "review"]  # judged by the story as it is now
    response = reporter_client.post(revert_url(story, published_revision), form_data(page))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    story.refresh_from_db()
    assert story.status == "draft"
    assert not Article.objects.published().filter(pk=story.pk).exists()


def test_reporter_still_restores_an_earlier_draft(editor, reporter_client, db):
    draft = make_article("مسودة أولى", status="draft", published_at=None)
    first = draft.history.get()
    edit(logged_in(editor), draft, title="مسودة ثانية")
    page = reporter_client.get(revert_url(draft, first))
    assert page.context["revert_disabled"] is False
    response = reporter_client.post(revert_url(draft, first), form_data(page, status="draft"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("مسودة أولى", "draft")


@pytest.mark.django_db(transaction=True)
def test_restore_commits_outside_a_test_transaction(client, django_user_model):
    """As in production (autocommit), where PostgreSQL refused the row lock: a real 302."""
    admin = django_user_model.objects.create_superuser("boss", password="pw-boss")
    client.force_login(admin)
    story = make_article("العنوان الأول")
    first = story.history.get()
    edit(client, story, title="العنوان الثاني")
    page = client.get(revert_url(story, first))
    response = client.post(revert_url(story, first), form_data(page))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title == "العنوان الأول"
    assert story.version == 3


@pytest.mark.parametrize(
    "path",
    ["{pk}/history/abc/", "abc/history/1/", "abc/history/", "{pk}/history/1.5/"],
)
def test_bad_ids_in_history_addresses_are_not_found(editor_client, story, path):
    url = "/admin/articles/article/" + path.format(pk=story.pk)
    response = editor_client.get(url)
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.content.decode()


def test_reporter_restoring_a_revision_keeps_the_current_publication_date(
    editor, reporter_client, db
):
    """The change form never lets a reporter set the date; neither may a restore."""
    draft = make_article("مسودة", status="draft", published_at=None)
    first = draft.history.get()
    page = logged_in(editor).get(change_url(draft))
    data = form_data(page, published_at_0="2030-01-01", published_at_1="09:00:00")
    assert logged_in(editor).post(change_url(draft), data).status_code == 302
    page = reporter_client.get(revert_url(draft, first))
    assert reporter_client.post(revert_url(draft, first), form_data(page)).status_code == 302
    draft.refresh_from_db()
    assert draft.published_at is not None and draft.published_at.year == 2030
