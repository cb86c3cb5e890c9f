"""Import jobs run by the task machinery: reports, bad files, idempotence, limits, leases."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.jobs import JobLimitError, submit_pages
from articles.jobs.recover import recover_stale
from articles.jobs.run import claim, run_job
from articles.models import Article, Image, ImportJob, JobState
from tests.conftest import SEEDS_DIR
from tests.jobs.pages import page_files
from tests.test_import_batch import refuse


def seeds():
    return [(p.name, p.read_bytes()) for p in sorted(SEEDS_DIR.glob("*.txt"))]


def submitted(files, capture, user=None):
    """A job as the admin and the API make it; its task queued on commit."""
    with capture(execute=True):
        return submit_pages(files, user)


def work():
    """The worker, as `make run` starts it, until the queue is empty. In the test process:
    the test needs ``transaction=True`` (the worker closes a connection it finds inside a
    transaction, as a test's would be)."""
    call_command("run_jobs", batch=True, verbosity=0)


def run_queued():
    """Each job queued, run as its task would run it (the import, without the worker)."""
    for job_id in ImportJob.objects.unfinished().values_list("pk", flat=True):
        run_job(job_id)


@pytest.mark.django_db(transaction=True)
def test_a_job_of_many_pages_imports_each_once_and_reports_each(
    django_capture_on_commit_callbacks, settings
):
    settings.IMPORT_JOB_BATCH_FILES = 7  # several batches, one a partial one
    files = page_files(30)
    job = submitted(files, django_capture_on_commit_callbacks)
    assert job.state == JobState.QUEUED
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert ImportJob.objects.get().task_id == str(task.id)

    work()

    job.refresh_from_db()
    assert job.state == JobState.DONE and job.error == "" and job.attempts == 1
    assert (job.files_done, job.created, job.failed) == (30, 30, 0)
    report = job.report()
    assert [f["name"] for f in report["files"]] == [name for name, _ in files]
    assert {(f["outcome"], f["created"]) for f in report["files"]} == {("imported", 1)}
    assert report["totals"]["created"] == 30
    assert Article.objects.filter(is_stub=False).count() == 30
    assert Article.objects.get(title__startswith="خبر رقم 7 ").origin_file == "p007.txt"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db
def test_a_bad_file_among_good_ones_is_reported_and_leaves_nothing(
    django_capture_on_commit_callbacks,
):
    """An empty file, a binary one, and one whose photo the database refuses after its
    story was saved: each is reported with its reason, the good pages land, and nothing
    of the refused page is left half-written."""
    refuse("articles_image", "caption", "مرفوضة")
    bad_photo = page_files(1, prefix="refused")[0][1].replace(
        "صورة رقم 0 من الميدان".encode(), "صورة مرفوضة".encode()
    )
    files = [
        *seeds()[:2],
        ("empty.txt", b""),
        ("photo.jpg", b"\x89PNG\r\n\x1a\n\x00\x00IHDR"),
        ("refused.txt", bad_photo),
        *seeds()[2:],
    ]
    job = submitted(files, django_capture_on_commit_callbacks)
    run_queued()

    job.refresh_from_db()
    assert job.state == JobState.DONE and job.failed == 3 and job.files_done == 8
    outcomes = {f["name"]: f for f in job.report()["files"]}
    assert outcomes["empty.txt"]["outcome"] == "failed"
    assert "فارغ" in outcomes["empty.txt"]["error"]
    assert "NUL" in outcomes["photo.jpg"]["error"]
    assert "refused caption" in outcomes["refused.txt"]["error"]
    assert all(f["outcome"] == "imported" for n, f in outcomes.items() if n.startswith("00"))
    assert job.created == 10
    assert not Article.objects.filter(title__contains="سلسلة refused").exists()
    assert not Image.objects.filter(caption__contains="مرفوضة").exists()
    assert Article.objects.filter(is_stub=False).count() == 10


@pytest.mark.django_db
def test_the_same_pages_twice_are_unchanged(django_capture_on_commit_callbacks):
    first = submitted(seeds(), django_capture_on_commit_callbacks)
    run_queued()
    before = Article.objects.count()
    second = submitted(seeds(), django_capture_on_commit_callbacks)
    run_queued()

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.created == 10 and second.state == JobState.DONE
    assert (second.created, second.updated, second.failed) == (0, 0, 0)
    assert second.unchanged == first.created + first.unchanged
    assert {f["outcome"] for f in second.report()["files"]} == {"imported"}
    assert Article.objects.count() == before


@pytest.mark.django_db
def test_a_task_queued_twice_runs_the_job_once(django_capture_on_commit_callbacks):
    job = submitted(seeds()[:2], django_capture_on_commit_callbacks)
    assert run_job(job.pk) == JobState.DONE
    assert run_job(job.pk) == "skipped"
    job.refresh_from_db()
    assert job.attempts == 1 and job.created == 4


@pytest.mark.django_db
def test_a_run_that_lost_its_lease_writes_nothing(django_capture_on_commit_callbacks, settings):
    """A slow worker whose lease ran out and whose job another run took: its next batch
    finds out and stops, without importing or counting anything."""
    job = submitted(page_files(4), django_capture_on_commit_callbacks)
    assert claim(job.pk, "slow") is not None
    ImportJob.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert run_job(job.pk) == JobState.DONE  # the second run takes over and finishes
    assert claim(job.pk, "slow") is None
    job.refresh_from_db()
    assert job.attempts == 2 and job.created == 4
    assert Article.objects.filter(is_stub=False).count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_died_is_queued_again_once_its_lease_runs_out(
    django_capture_on_commit_callbacks,
):
    job = submitted(seeds()[:1], django_capture_on_commit_callbacks)
    claim(job.pk, "dead worker")
    assert recover_stale() == []  # the lease still runs
    ImportJob.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert recover_stale() == [job.pk]
    assert recover_stale() == []  # a fresh lease: queued again once
    assert DBTaskResult.objects.count() == 2
    work()
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 2 and job.created == 2


@pytest.mark.django_db
def test_a_job_that_keeps_dying_is_failed_after_the_attempts_allowed(
    django_capture_on_commit_callbacks, settings
):
    settings.IMPORT_JOB_MAX_ATTEMPTS = 2
    job = submitted(seeds()[:1], django_capture_on_commit_callbacks)
    for _ in range(2):
        claim(job.pk, "dies")
        ImportJob.objects.filter(pk=job.pk).update(lease_until=timezone.now())
    assert run_job(job.pk) == "skipped"
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "IMPORT_JOB_MAX_ATTEMPTS" in job.error


@pytest.mark.django_db
def test_limits_are_refused_with_the_limit_named(settings):
    settings.IMPORT_JOB_MAX_FILES = 3
    settings.IMPORT_JOB_MAX_BYTES = 30_000
    with pytest.raises(JobLimitError, match="IMPORT_JOB_MAX_FILES") as too_many:
        submit_pages(page_files(4))
    assert too_many.value.status == 413 and "(4)" in too_many.value.message
    with pytest.raises(JobLimitError, match="IMPORT_JOB_MAX_BYTES"):
        submit_pages(seeds()[:3])
    with pytest.raises(JobLimitError, match="لم يُرفع"):
        submit_pages([])
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_page_limit_fails_alone(django_capture_on_commit_callbacks, settings):
    settings.IMPORT_MAX_BYTES = 10_000
    job = submitted(seeds()[3:5], django_capture_on_commit_callbacks)  # 18 097 and 7 595 bytes
    run_queued()
    job.refresh_from_db()
    big, small = job.report()["files"]
    assert big["outcome"] == "failed" and "10000" in big["error"]
    assert small["outcome"] == "imported" and job.created == 1


@pytest.mark.django_db
def test_uploaded_names_lose_their_folders(django_capture_on_commit_callbacks):
    job = submitted(
        [("../../etc/x.txt", b"a"), ("C:\\pages\\y.txt", b"b"), ("..", b"c")],
        django_capture_on_commit_callbacks,
    )
    assert list(job.files.values_list("name", flat=True)) == ["x.txt", "y.txt", "page-3.txt"]
    assert connection.vendor in ("sqlite", "postgresql")
