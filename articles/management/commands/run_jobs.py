"""Work the import jobs' queue: `python manage.py run_jobs [--batch]`.

The worker of whichever backend ``TASKS`` names (django-tasks-db's ``db_worker`` on the
site's database, or an RQ worker on Redis), plus a watch, every quarter lease, that queues
again the jobs whose worker died (``articles.jobs.recover``). Any number may run, on any
machine that reaches the database (and Redis).
"""

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from articles.jobs.recover import recover_stale

logger = logging.getLogger(__name__)


def watch(stop: threading.Event, every: float) -> None:
    """Queue again the jobs whose lease ran out, until ``stop`` is set."""
    while not stop.wait(every):
        try:
            recover_stale()
        except Exception:  # the database away for a moment: try again next time
            logger.exception("Could not look for import jobs to retry")
        finally:
            connection.close()


class Command(BaseCommand):
    help = "Run import jobs (database or RQ queue, as TASKS says); retry those of dead workers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="run the jobs waiting now, then exit"
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at an empty queue"
        )

    def handle(self, *args, batch, interval, verbosity, **options):
        requeued = recover_stale()
        if requeued and verbosity:
            self.stdout.write(f"queued again (their worker stopped): {requeued}")
        stop = threading.Event()
        if not batch:
            every = max(0.5, settings.IMPORT_JOB_LEASE_SECONDS / 4)
            threading.Thread(target=watch, args=(stop, every), daemon=True).start()
        try:
            if isinstance(task_backends["default"], DatabaseBackend):
                call_command(
                    "db_worker",
                    batch=batch,
                    interval=interval,
                    reload=False,
                    startup_delay=False,
                    queue_name=settings.JOBS_QUEUE,
                    verbosity=verbosity,
                )
            else:
                # In this process, not a forked one per job: a worker stopped (or killed)
                # stops its job with it, and the job's lease says so.
                call_command(
                    "rqworker",
                    settings.JOBS_QUEUE,
                    burst=batch,
                    worker_class="rq.worker.SimpleWorker",
                    job_class="django_tasks_rq.backend.Job",
                    verbosity=verbosity,
                )
        finally:
            stop.set()
