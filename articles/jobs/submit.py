"""Create an import job from uploaded page files, within the limits, and queue it."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from functools import partial
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.models import ImportJob, ImportJobFile

logger = logging.getLogger(__name__)
NAME_LENGTH = ImportJobFile._meta.get_field("name").max_length


class JobLimitError(ValueError):
    """A submission over a job's limits; the message (Arabic) names the limit and its
    setting. ``status`` is the HTTP status an API answers with."""

    def __init__(self, message: str, *, setting: str | None = None, status: int = 400):
        super().__init__(message)
        self.message, self.setting, self.status = message, setting, status


def check_limits(count: int, total_bytes: int) -> None:
    """Raise JobLimitError for a job of ``count`` files, ``total_bytes`` in all, that
    breaks a limit (checked before any file is read)."""
    if count == 0:
        raise JobLimitError("لم يُرفع أي ملف: اختر ملف صفحة واحداً على الأقل.")
    most = settings.IMPORT_JOB_MAX_FILES
    if count > most:
        raise JobLimitError(
            f"عدد الملفات ({count}) أكبر من الحد المسموح للمهمة الواحدة ({most} ملفاً، "
            "الإعداد IMPORT_JOB_MAX_FILES). قسّمها على أكثر من مهمة.",
            setting="IMPORT_JOB_MAX_FILES",
            status=413,
        )
    largest = settings.IMPORT_JOB_MAX_BYTES
    if total_bytes > largest:
        raise JobLimitError(
            f"حجم الملفات معاً ({total_bytes} بايت) أكبر من الحد المسموح للمهمة الواحدة "
            f"({largest} بايت، الإعداد IMPORT_JOB_MAX_BYTES). قسّمها على أكثر من مهمة.",
            setting="IMPORT_JOB_MAX_BYTES",
            status=413,
        )


def file_name(name: str, position: int) -> str:
    """The uploaded name without any folder part (the import names stories' origin by it)."""
    base = PureWindowsPath(PurePosixPath(str(name or "")).name).name.strip()
    if base in ("", ".", ".."):
        base = f"page-{position + 1}.txt"
    return base[-NAME_LENGTH:]


def submit_pages(files: Iterable[tuple[str, bytes]], user=None) -> ImportJob:
    """A queued job importing ``files`` (name, content), uploaded by ``user``.

    JobLimitError when there are none, too many, or too many bytes in all. A single file
    the import cannot read (empty, binary, too large for IMPORT_MAX_BYTES) is accepted
    here and reported by the job as not imported, with the reason, beside the others.
    """
    files = [(str(name), bytes(content)) for name, content in files]
    check_limits(len(files), sum(len(content) for _, content in files))
    now = timezone.now()
    with transaction.atomic():
        job = ImportJob.objects.create(
            user=user if user is not None and user.is_authenticated else None,
            files_count=len(files),
            created_at=now,
            # Past this, a job no worker has taken is queued again (articles.jobs.recover).
            lease_until=now + timedelta(seconds=settings.IMPORT_JOB_LEASE_SECONDS),
        )
        ImportJobFile.objects.bulk_create(
            ImportJobFile(
                job=job,
                position=i,
                name=file_name(name, i),
                size=len(content),
                content=content,
            )
            for i, (name, content) in enumerate(files)
        )
        # After the commit: a worker elsewhere (RQ) must find the job when it takes the task.
        transaction.on_commit(partial(enqueue, job.pk))
    return job


def enqueue(job_id: int) -> None:
    """Queue the job's task. If the queue cannot be reached the job stays queued, and a
    worker queues it again once its lease runs out (``recover``)."""
    from articles.jobs.tasks import import_job

    try:
        result = import_job.enqueue(job_id)
    except Exception:
        logger.exception("Import job %s could not be queued; a worker will retry it", job_id)
        return
    ImportJob.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])
