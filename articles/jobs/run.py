"""A worker runs an import job: claim it under a lease, import its files, finish it.

Exactly once, whatever crashes: every batch of files is written in one transaction that
also records those files' reports and renews the lease, after checking (row locked) that
this run still holds the job. A worker killed mid-batch leaves nothing of that batch; the
job's lease runs out, the job is queued again (``recover``) and the next run starts at the
first file without a report. A run that lost its lease (it was too slow, and another run
took the job) finds out at its next batch and stops without writing. A file imported
again anyway (say, by ``loadseeds`` meanwhile) is "unchanged", as the import always says.
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from articles.importer.batch import BatchImporter
from articles.importer.pages import PageError, prepare_file
from articles.importer.writer import known_fingerprints
from articles.models import ImportJob, ImportJobFile, JobState

logger = logging.getLogger(__name__)


class LostLease(Exception):
    """Another run holds the job now."""


def _lease_end(now):
    return now + timedelta(seconds=settings.IMPORT_JOB_LEASE_SECONDS)


def claim(job_id: int, runner: str) -> ImportJob | None:
    """The job, now held by ``runner``; None when it is finished or another run holds a
    lease on it that has not run out. A job tried IMPORT_JOB_MAX_ATTEMPTS times already
    is marked failed instead."""
    now = timezone.now()
    free = Q(state=JobState.QUEUED) | Q(state=JobState.RUNNING, lease_until__lt=now)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(free, pk=job_id).first()
        if job is None:
            return None
        if job.attempts >= settings.IMPORT_JOB_MAX_ATTEMPTS:
            job.add_up()
            job.state, job.finished_at, job.lease_until, job.runner = JobState.FAILED, now, None, ""
            job.error = (
                f"توقفت المهمة بعد {job.attempts} محاولات لم تكتمل (الإعداد "
                "IMPORT_JOB_MAX_ATTEMPTS)؛ الملفات المستوردة قبلها محفوظة."
            )
            job.save()
            return None
        job.state, job.runner = JobState.RUNNING, runner
        job.attempts += 1
        job.started_at = job.started_at or now
        job.lease_until = _lease_end(now)
        job.save(update_fields=["state", "runner", "attempts", "started_at", "lease_until"])
    return job


def _hold(job_id: int, runner: str) -> ImportJob:
    """Inside a transaction: the job row locked, if ``runner`` still holds it."""
    job = ImportJob.objects.select_for_update().filter(pk=job_id, runner=runner).first()
    if job is None or job.state != JobState.RUNNING:
        raise LostLease(job_id)
    return job


def run_job(job_id: int) -> str:
    """Run the job if it is free; returns its state afterwards ("skipped" when it was not
    free). Database errors propagate and leave the job to its lease (it is retried)."""
    runner = uuid.uuid4().hex
    job = claim(job_id, runner)
    if job is None:
        return "skipped"
    try:
        _import_files(job, runner)
        return _finish(job.pk, runner)
    except LostLease:
        logger.warning("Import job %s was taken by another run; this one stops", job_id)
        return "lost"
    except (OperationalError, InterfaceError):
        raise
    except Exception as exc:
        logger.exception("Import job %s failed", job_id)
        _finish(job.pk, runner, error=f"{type(exc).__name__}: {exc}")
        raise


def _import_files(job: ImportJob, runner: str) -> None:
    importer = BatchImporter()
    known = known_fingerprints()  # only spares extraction of stories already imported
    todo = list(job.files.filter(done_at=None).order_by("position").values_list("pk", flat=True))
    size = max(1, settings.IMPORT_JOB_BATCH_FILES)
    with tempfile.TemporaryDirectory(prefix="newsroom-job-") as folder:
        for start in range(0, len(todo), size):
            _renew(job.pk, runner)  # preparing a batch may take a while
            files = list(ImportJobFile.objects.filter(pk__in=todo[start : start + size]))
            files.sort(key=lambda f: f.position)
            prepared = [
                prepare_file(
                    _on_disk(Path(folder), f), max_bytes=settings.IMPORT_MAX_BYTES, known=known
                )
                for f in files
            ]
            with transaction.atomic():
                held = _hold(job.pk, runner)
                results = importer.import_batch(prepared)
                now = timezone.now()
                for f, result in zip(files, results, strict=True):
                    f.done_at = now
                    if isinstance(result, PageError):
                        f.error, f.error_line = result.message, result.line
                    else:
                        result.path = f.name
                        f.result = result.as_dict()
                ImportJobFile.objects.bulk_update(
                    files, ["done_at", "result", "error", "error_line"]
                )
                held.add_up()
                held.lease_until = _lease_end(now)
                held.save(update_fields=[*ImportJob.COUNT_FIELDS, "lease_until"])


def _on_disk(folder: Path, f: ImportJobFile) -> Path:
    """The file's bytes under its uploaded name (the import reads paths, and names each
    story's origin and each error by the file's name)."""
    path = folder / str(f.position) / f.name
    path.parent.mkdir()
    path.write_bytes(bytes(f.content))
    f.content = b""  # not kept in memory, nor written back
    return path


def _renew(job_id: int, runner: str) -> None:
    with transaction.atomic():
        job = _hold(job_id, runner)
        job.lease_until = _lease_end(timezone.now())
        job.save(update_fields=["lease_until"])


def _finish(job_id: int, runner: str, *, error: str = "") -> str:
    with transaction.atomic():
        job = _hold(job_id, runner)
        job.add_up()
        job.state = JobState.FAILED if error else JobState.DONE
        job.error = error
        job.finished_at = timezone.now()
        job.lease_until, job.runner = None, ""
        job.save()
    return job.state
