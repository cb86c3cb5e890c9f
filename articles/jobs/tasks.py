"""The import job as a task of Django's Tasks API (the django-tasks backport)."""

from django.conf import settings
from django_tasks import task

from articles.jobs.run import run_job


@task(queue_name=settings.JOBS_QUEUE)
def import_job(job_id: int) -> str:
    """Run an import job; a job already done, or running under a live lease, is left alone
    (a task queued twice, or again after a crash, does the work once)."""
    return run_job(job_id)
