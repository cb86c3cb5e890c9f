"""Jobs whose lease ran out are queued again: a killed worker's job is retried.

A running job renews its lease after every batch; a queued one gets one when submitted.
Past it, the worker that held the job is gone (killed, its machine lost) or its task never
reached the queue: any worker queues the job again (``run_jobs`` checks every few seconds).
Queuing twice is harmless: ``run.claim`` lets one run hold a job at a time, and a run
resumes at the first file without a report.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from articles.jobs.submit import enqueue
from articles.models import ImportJob, JobState


def recover_stale(now=None) -> list[int]:
    """Queue again every unfinished job whose lease ran out; their ids."""
    now = now or timezone.now()
    requeued = []
    for pk, lease_until in ImportJob.objects.lease_expired(now).values_list("pk", "lease_until"):
        # Queued again with a fresh lease (a deadline for some worker to take it), so that of
        # two workers recovering at once one queues it, and a job waiting behind a long
        # queue is queued again at most once a lease. The dead run's hold is dropped: were
        # it only slow, its next batch finds out and stops (``run.LostLease``).
        fresh = now + timedelta(seconds=settings.IMPORT_JOB_LEASE_SECONDS)
        released = ImportJob.objects.filter(pk=pk, lease_until=lease_until).update(
            state=JobState.QUEUED, runner="", lease_until=fresh
        )
        if released:
            enqueue(pk)
            requeued.append(pk)
    return requeued
