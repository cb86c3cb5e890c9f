"""An editor uploads pages in a real browser; the job's page shows the report (screenshots)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections

from articles.editorial.roles import EDITORS, ensure_roles
from articles.models import Article, ImportJob, JobState
from tests.browser import chromium, screenshot_dir
from tests.jobs.pages import page_files
from tests.latin import stored_latin_words
from tests.test_walk import Walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "kalimat-sirr-jobs-1"


def outside_the_page(function, *args, **kwargs):
    """Database work while the browser is open: Playwright's sync API runs this code in a
    greenlet of its own, whose database connection must be closed here (it would keep
    the PostgreSQL test database from being dropped at the end of the run)."""
    try:
        return function(*args, **kwargs)
    finally:
        connections.close_all()


def test_an_editor_uploads_pages_and_reads_the_report(live_server, tmp_path):
    editor = get_user_model().objects.create_user("mohrer", password=PASSWORD, is_staff=True)
    editor.groups.add(ensure_roles()[EDITORS])
    files = []
    for name, content in [*page_files(3), ("empty.txt", b"")]:
        (tmp_path / name).write_bytes(content)
        files.append(str(tmp_path / name))
    folder = screenshot_dir("jobs")
    with chromium() as browser:
        page = browser.new_page(locale="ar")
        walk = Walk(page, live_server.url, folder, stored_latin_words(editor.username, *files))
        walk.go("/admin/login/")
        page.fill("#id_username", "mohrer")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_selector("#content")

        walk.go("/admin/articles/importjob/add/")
        walk.see("upload")
        page.set_input_files("input[type=file]", files)
        page.click("input[type=submit][value='ارفع واستورد']")
        page.wait_for_selector(".messagelist")
        job = outside_the_page(ImportJob.objects.get)
        assert job.files_count == 4 and job.state == JobState.QUEUED
        walk.see("job-queued")

        outside_the_page(call_command, "run_jobs", batch=True, verbosity=0)
        page.reload()
        page.wait_for_selector(".import-report")
        report = page.locator(".import-report").inner_text()
        assert "لم يُستورد: الملف فارغ." in report and "p002.txt" in report
        walk.see("job-done")

        walk.go("/admin/articles/importjob/")
        assert page.locator("#result_list tbody tr").count() == 1
        walk.see("jobs-list")
    assert Article.objects.filter(is_stub=False).count() == 3
    assert walk.latin == {}, walk.latin
