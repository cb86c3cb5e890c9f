"""Import jobs: page files uploaded (admin, ingest API) and imported off the request.

A job keeps its files (the bytes, in the database, so any worker on any machine can read
them again after a restart) and, per file, the import's report once that file is written.
A file's report is saved in the same transaction as the file's stories
(``articles.jobs.run``): a job interrupted anywhere resumes at the first file without a
report, and no file is imported, or counted, twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

# FileReport fields (``articles.importer.pages``) a job adds up, as the admin names them;
# "failed" counts the files that were not imported.
OUTCOMES = {
    "created": "جديدة",
    "updated": "محدّثة",
    "unchanged": "دون تغيير",
    "kept": "أبقاها المحرر",
    "deleted": "حذفها محرر",
    "duplicates": "مكررة",
}


class JobState(models.TextChoices):
    QUEUED = "queued", "في الانتظار"
    RUNNING = "running", "قيد التنفيذ"
    DONE = "done", "انتهت"
    FAILED = "failed", "فشلت"


class ImportJobQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(state__in=(JobState.QUEUED, JobState.RUNNING))

    def lease_expired(self, now=None):
        """Unfinished jobs nobody has touched in time: their worker died, or their task was
        lost before a worker took it."""
        return self.unfinished().filter(lease_until__lt=now or timezone.now())


class ImportJob(models.Model):
    state = models.CharField(
        "الحالة", max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="رفعها",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("أُنشئت", default=timezone.now, db_index=True)
    started_at = models.DateTimeField("بدأت", null=True, blank=True)
    finished_at = models.DateTimeField("انتهت", null=True, blank=True)
    # The worker running the job renews this after every batch; past it, the job is free
    # to be taken again (``articles.jobs.recover``).
    lease_until = models.DateTimeField("مهلة التنفيذ", null=True, blank=True)
    runner = models.CharField("المنفّذ", max_length=32, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField("المحاولات", default=0)
    task_id = models.CharField("معرّف المهمة في الطابور", max_length=64, blank=True)
    error = models.TextField("الخطأ", blank=True)
    files_count = models.PositiveIntegerField("الملفات", default=0)
    files_done = models.PositiveIntegerField("الملفات المنجزة", default=0)
    failed = models.PositiveIntegerField("ملفات لم تُستورد", default=0)
    created = models.PositiveIntegerField("قصص جديدة", default=0)
    updated = models.PositiveIntegerField("قصص محدّثة", default=0)
    unchanged = models.PositiveIntegerField("قصص دون تغيير", default=0)
    kept = models.PositiveIntegerField("أبقاها المحرر", default=0)
    deleted = models.PositiveIntegerField("حذفها محرر", default=0)
    duplicates = models.PositiveIntegerField("مكررة", default=0)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "مهمة استيراد"
        verbose_name_plural = "مهام الاستيراد"
        ordering = ["-created_at", "-id"]
        permissions = [("ingest_pages", "يستطيع استيراد صفحات (رفعها أو عبر الواجهة البرمجية)")]
        indexes = [models.Index(fields=["state", "lease_until"], name="importjob_state_lease")]

    def __str__(self):
        return f"مهمة الاستيراد {self.pk}"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    def add_up(self) -> None:
        """Set the counts from the files' reports (one query)."""
        self.files_done = self.failed = 0
        for name in OUTCOMES:
            setattr(self, name, 0)
        for result, error in self.files.exclude(done_at=None).values_list("result", "error"):
            self.files_done += 1
            if error:
                self.failed += 1
                continue
            for name in OUTCOMES:
                setattr(self, name, getattr(self, name) + result.get(name, 0))

    COUNT_FIELDS = ["files_done", "failed", *OUTCOMES]

    def report(self) -> dict:
        """What the job did, per file, as ``loadseeds`` reports it: each file's counts
        (created, updated, unchanged, kept, deleted, duplicates; the titles kept or left
        deleted) or, for a file that was not imported, ``failed`` with the reason."""
        files = []
        for f in self.files.order_by("position").defer("content"):
            entry = {"name": f.name, "size": f.size}
            if f.done_at is None:
                entry["outcome"] = "pending"
            elif f.error:
                entry.update(outcome="failed", error=f.error, line=f.error_line)
            else:
                entry.update(outcome="imported", **f.counts())
            files.append(entry)
        totals = {name: getattr(self, name) for name in OUTCOMES}
        totals["failed"] = self.failed
        return {
            "id": self.pk,
            "state": self.state,
            "files": files,
            "totals": totals,
            "error": self.error,
            "created_at": self.created_at.isoformat(),
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }


class ImportJobFile(models.Model):
    """One uploaded page of a job: its bytes, then its report or why it was not imported."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveIntegerField("الترتيب")
    name = models.CharField("اسم الملف", max_length=255)
    size = models.PositiveIntegerField("الحجم بالبايت")
    content = models.BinaryField("المحتوى")
    done_at = models.DateTimeField("استُورد", null=True, blank=True)
    result = models.JSONField("التقرير", null=True, blank=True)
    error = models.TextField("سبب الرفض", blank=True)
    error_line = models.PositiveIntegerField("السطر", null=True, blank=True)

    class Meta:
        verbose_name = "ملف مهمة استيراد"
        verbose_name_plural = "ملفات مهمة الاستيراد"
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="unique_job_file_position")
        ]

    def __str__(self):
        return self.name

    def counts(self) -> dict:
        result = self.result or {}
        keys = [*OUTCOMES, "stubs_created", "kept_titles", "deleted_titles"]
        return {key: result.get(key, [] if key.endswith("titles") else 0) for key in keys}
