"""Import scraped pages: `python manage.py loadseeds [PATH ...] [--dry-run] [--jobs N]`."""

import multiprocessing
import os
from collections import Counter, deque
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError, connection

from articles.importer.batch import BatchImporter
from articles.importer.pages import PageError, prepare_file
from articles.importer.writer import known_fingerprints

DEFAULT_PATH = Path(settings.BASE_DIR) / "fixtures" / "seeds"
PROGRESS_FROM = 20
PARALLEL_FROM = 20
WINDOW_PER_JOB = 16
BATCH_FILES = 100  # files written per transaction (see articles/importer/batch.py)
# The writer (this process) is the one step that cannot run in parallel: when the cores
# are busy, the workers that feed it give way to it rather than make it wait its turn.
# Only the workers: a run that prepares in this process leaves its priority alone.
WORKER_NICENESS = 10
TOTALS = {  # FileReport field -> how the run's last line names it
    "created": "جديدة",
    "updated": "محدّثة",
    "unchanged": "دون تغيير",
    "kept": "أبقاها المحرر كما عدّلها",
    "deleted": "حذفها محرر فلم تُستورد",
    "duplicates": "مكررة",
}


_known: dict[str, str] = {}  # import key -> fingerprint of the stories already imported


def _start_worker(known: dict[str, str]) -> None:
    """A worker process's start: it keeps the fingerprints and gives way to the writer."""
    global _known
    _known = known
    os.nice(WORKER_NICENESS)


def _prepare(path):
    return prepare_file(path, max_bytes=settings.IMPORT_MAX_BYTES, known=_known)


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def database_label() -> str:
    """Which database the run talks to, without its password."""
    conf = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite {conf['NAME']}"
    host = conf.get("HOST") or "localhost"
    port = f":{conf['PORT']}" if conf.get("PORT") else ""
    return f"{connection.vendor} {host}{port}/{conf['NAME']}"


def page_files(paths):
    """Files named, and the *.txt files inside folders named, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.is_file() and p.suffix == ".txt")
        elif path.exists():
            yield path
        else:
            raise CommandError(f"{path}: لا يوجد ملف أو مجلد بهذا الاسم.")


class Command(BaseCommand):
    help = "Import scraped news pages (files or folders; default fixtures/seeds/)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", default=[str(DEFAULT_PATH)])
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="worker processes that parse and extract entities (default: one per core)",
        )

    def handle(self, *args, paths, dry_run, jobs, verbosity, **options):
        files = list(page_files(paths))
        if not files:
            raise CommandError("لا توجد ملفات للاستيراد.")
        try:
            self._import(files, dry_run, jobs, verbosity)
        except (OperationalError, InterfaceError) as exc:
            # Before anything was written (reading what is already imported, say): one
            # line naming the database, not a traceback.
            raise CommandError(
                f"تعذر الوصول إلى قاعدة البيانات ({database_label()}): {first_line(exc)}"
            ) from exc

    def _import(self, files, dry_run, jobs, verbosity):
        importer = BatchImporter()
        failures, changed, totals = [], False, Counter()
        show_progress = len(files) >= PROGRESS_FROM and verbosity > 0
        done = 0
        for batch in self._batches(self._prepared(files, jobs), dry_run):
            try:
                if dry_run:
                    results = [self._dry_run(importer, prepared) for prepared in batch]
                else:
                    results = importer.import_batch(batch)
            except (OperationalError, InterfaceError) as exc:
                raise CommandError(
                    f"توقف الاستيراد: تعذر الكتابة في قاعدة البيانات ({database_label()}: "
                    f"{first_line(exc)}). الملفات المستوردة قبل {batch[0].path.name} محفوظة؛ "
                    "أعد التشغيل لإكمالها."
                ) from exc
            for result in results:
                done += 1
                if isinstance(result, PageError):
                    failures.append(str(result))
                    self.stderr.write(self.style.ERROR(str(result)))
                    continue
                changed |= result.changed
                totals.update({name: getattr(result, name) for name in TOTALS})
                if verbosity > 1 or (verbosity > 0 and not show_progress):
                    self.stdout.write(self._summary(result))
            if show_progress:
                self._progress(done, len(files))
        if show_progress:
            self.stderr.write("")
        for reason in importer.fallbacks if verbosity > 0 else ():
            self.stderr.write(f"written file by file after a failed batch write: {reason}")
        if verbosity > 0:
            prefix = "[تجربة، لم يُكتب شيء] " if dry_run else ""
            counts = "، ".join(f"{label}: {totals[name]}" for name, label in TOTALS.items())
            if changed or importer.fallbacks or failures:
                # A batch written again file by file may have found its stories written
                # meanwhile (another import at once): say what happened, not "no change".
                done_files = len(files) - len(failures)
                self.stdout.write(f"{prefix}{done_files} ملف(ات) استُوردت. القصص: {counts}.")
            else:
                self.stdout.write(f"{prefix}لا تغيير: كل شيء مستورد من قبل. القصص: {counts}.")
        if failures:
            raise CommandError(f"{len(failures)} ملف(ات) لم تُستورد:\n" + "\n".join(failures))

    @staticmethod
    def _dry_run(importer, prepared):
        """One file, rolled back: a dry run reports each file against the database as is."""
        try:
            return importer.writer.import_prepared(prepared, dry_run=True)
        except PageError as exc:
            return exc

    @staticmethod
    def _batches(prepared, dry_run):
        size = 1 if dry_run else BATCH_FILES
        batch = []
        for item in prepared:
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    @staticmethod
    def _prepared(files, jobs):
        """Prepared files in order; parsing and extraction run in workers for large runs.

        At most a batch plus ``WINDOW_PER_JOB * jobs`` files are prepared ahead of the
        writer, so memory stays flat however many files there are, and the workers keep
        going while the writer writes a batch.
        """
        known = known_fingerprints()
        if jobs <= 1 or len(files) < PARALLEL_FROM:
            for path in files:
                yield prepare_file(path, max_bytes=settings.IMPORT_MAX_BYTES, known=known)
            return
        remaining = iter(files)
        # The fingerprints go to each worker once, not pickled with every file.
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, initializer=_start_worker, initargs=(known,)) as pool:
            ahead = deque(
                pool.apply_async(_prepare, (path,))
                for path in islice(remaining, BATCH_FILES + WINDOW_PER_JOB * jobs)
            )
            while ahead:
                result = ahead.popleft().get()
                for path in islice(remaining, 1):
                    ahead.append(pool.apply_async(_prepare, (path,)))
                yield result

    @staticmethod
    def _summary(report) -> str:
        line = (
            f"{Path(report.path).name}: stories created={report.created} "
            f"updated={report.updated} unchanged={report.unchanged} kept={report.kept} "
            f"duplicate={report.duplicates} deleted={report.deleted} teasers={report.teasers} "
            f"(new stubs={report.stubs_created}) people={report.people} "
            f"places={report.places} sources={report.sources}"
        )
        for title in report.kept_titles:
            line += f"\n  kept (edited by an editor): {title}"
        for title in report.deleted_titles:
            line += f"\n  not imported (deleted by an editor): {title}"
        return line

    def _progress(self, n: int, total: int) -> None:
        width = 30
        done = width * n // total
        self.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {n}/{total}", ending="")
        self.stderr.flush()
