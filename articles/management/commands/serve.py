"""Production: `NEWSROOM_ENV=production python manage.py serve` (what `make serve` runs).

Migrates (under a PostgreSQL advisory lock, so servers started together migrate once),
collects the static files, then runs gunicorn (workers: WEB_CONCURRENCY, else two per core
plus one) and the job worker (``run_jobs``) side by side, and stops both when either stops
or the command is told to (SIGTERM, SIGINT). Settings come from the environment.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

MIGRATE_LOCK = 7_317_017  # any constant: the advisory lock's key


def web_workers() -> int:
    configured = os.environ.get("WEB_CONCURRENCY", "").strip()
    return int(configured) if configured else 2 * (os.cpu_count() or 1) + 1


class Command(BaseCommand):
    help = "Migrate, collect static files, run gunicorn and the job worker (production)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=os.environ.get("BIND", "127.0.0.1:8000"),
            help="gunicorn's address (default: BIND, else 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--no-jobs",
            action="store_true",
            help="no job worker here (workers run on other machines)",
        )

    def handle(self, *args, bind, no_jobs, verbosity, **options):
        if not settings.PRODUCTION:
            raise CommandError("serve is for production: set NEWSROOM_ENV=production.")
        self._migrate()
        call_command("collectstatic", interactive=False, verbosity=0)
        connection.close()
        bin_dir = Path(sys.executable).parent
        commands = [
            [
                str(bin_dir / "gunicorn"),
                "newsroom.wsgi:application",
                "--workers",
                str(web_workers()),
                "--bind",
                bind,
                "--access-logfile",
                "-",
            ]
        ]
        if not no_jobs:
            commands.append([sys.executable, str(settings.BASE_DIR / "manage.py"), "run_jobs"])
        processes = [subprocess.Popen(command, cwd=settings.BASE_DIR) for command in commands]

        def stop(signum, frame):
            for process in processes:
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        # Either process ending ends the other: a server without its worker (or the other
        # way round) should be restarted whole by whatever supervises it.
        os.wait()
        stop(None, None)
        codes = [process.wait() for process in processes]
        if any(code not in (0, -signal.SIGTERM) for code in codes):
            raise CommandError(f"stopped: exit codes {codes}")

    @staticmethod
    def _migrate():
        if connection.vendor != "postgresql":
            call_command("migrate", interactive=False)
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATE_LOCK])
            try:
                call_command("migrate", interactive=False)
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATE_LOCK])
