"""«مهام الاستيراد» in the admin: the upload makes a job, the job's page shows its report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, ImportJob, JobState
from tests.jobs.pages import page_files
from tests.jobs.test_jobs import seeds
from tests.latin import stored_latin_words, ui_words

UPLOAD = reverse("admin:articles_importjob_add")
JOBS = reverse("admin:articles_importjob_changelist")


def uploads(files):
    return [SimpleUploadedFile(name, content, "text/plain") for name, content in files]


@pytest.mark.django_db(transaction=True)
def test_an_editor_uploads_pages_and_the_job_page_shows_the_report(
    editor_client, editor, django_capture_on_commit_callbacks
):
    page = editor_client.get(UPLOAD)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="file"' in html and "multiple" in html and "ارفع واستورد" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            UPLOAD, {"files": uploads([*seeds()[:2], ("empty.txt", b"")])}
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_importjob_change", args=[job.pk])
    assert job.user == editor and job.files_count == 3 and job.state == JobState.QUEUED

    waiting = editor_client.get(response["Location"])
    assert 'http-equiv="refresh"' in waiting.content.decode()  # reloads until finished

    call_command("run_jobs", batch=True, verbosity=0)

    done = editor_client.get(response["Location"])
    html = done.content.decode()
    assert done.status_code == 200 and 'http-equiv="refresh"' not in html
    assert "انتهت" in html and "000_013f6f52db59e67d.txt" in html
    assert "لم يُستورد: الملف فارغ." in html
    assert Article.objects.filter(is_stub=False).count() == 4
    words = ui_words(html, stored_latin_words(editor.username))
    assert words == [], words


@pytest.mark.django_db
def test_the_jobs_list_shows_state_counts_and_errors_in_bounded_queries(
    editor_client, editor, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    for i in range(12):
        ImportJob.objects.create(
            user=editor,
            state=JobState.DONE,
            files_count=3,
            created=i,
            failed=1,
            error="" if i else "توقفت المهمة بعد 3 محاولات",
        )
    with django_assert_max_num_queries(12):
        response = editor_client.get(JOBS)
    html = response.content.decode()
    assert response.status_code == 200 and "مهام الاستيراد" in html
    assert "انتهت" in html and "توقفت المهمة بعد 3 محاولات" in html and "mohrer" in html
    assert len(response.context["cl"].result_list) == 12


@pytest.mark.django_db
def test_over_the_limits_the_upload_page_names_the_limit_and_makes_no_job(editor_client, settings):
    settings.IMPORT_JOB_MAX_FILES = 2
    response = editor_client.post(UPLOAD, {"files": uploads(page_files(3))})
    assert response.status_code == 200
    assert "IMPORT_JOB_MAX_FILES" in response.content.decode()
    assert "(3)" in response.content.decode()
    response = editor_client.post(UPLOAD, {})
    assert "لم يُرفع أي ملف" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_only_users_with_the_ingest_permission_upload(reporter_client, editor):
    assert editor.has_perm("articles.ingest_pages")
    assert reporter_client.get(UPLOAD).status_code == 403
    assert reporter_client.post(UPLOAD, {"files": uploads(seeds()[:1])}).status_code == 403
    assert not ImportJob.objects.exists()
