"""A worker killed (SIGKILL) in the middle of a job; another started later finishes it once.

Real processes on a database of the test's own (PostgreSQL when the suite runs on it,
else a SQLite file): `manage.py run_jobs` as `make run` starts it, killed while it is
part-way through a job of many real pages, then a second worker. The job is slow only by
its size (150 pages, written 3 to a transaction); the lease is short (4 s) so the test
does not wait two minutes for it to run out.
"""

import json
import os
import signal
import subprocess
import time

from tests.jobs.databases import MANAGE, ROOT, manage, own_database, query, subprocess_env
from tests.jobs.pages import page_files

PAGES = 150
SUBMIT = """
import json, sys
from articles.jobs import submit_pages
files = [(name, bytes.fromhex(content)) for name, content in json.load(sys.stdin)]
print(submit_pages(files).pk)
"""


def job_row(url, pk):
    [row] = query(
        url,
        "SELECT state, files_done, created, attempts FROM articles_importjob WHERE id = %s",
        (pk,),
    )
    return row


def start_worker(env):
    return subprocess.Popen(
        [*MANAGE, "run_jobs", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_killed_workers_job_is_finished_once_by_the_next_worker(tmp_path):
    with own_database("newsroom_jobkill", tmp_path) as url:
        env = subprocess_env(DATABASE_URL=url, IMPORT_JOB_LEASE_SECONDS=4, IMPORT_JOB_BATCH_FILES=3)
        files = [(name, content.hex()) for name, content in page_files(PAGES)]
        submitted = subprocess.run(
            [*MANAGE, "shell", "-v0", "-c", SUBMIT],
            cwd=ROOT,
            env=env,
            check=True,
            input=json.dumps(files),
            capture_output=True,
            text=True,
            timeout=120,
        )
        pk = int(submitted.stdout.strip().splitlines()[-1])

        first = start_worker(env)
        try:
            state, done, created, _ = wait_for(
                lambda: (row := job_row(url, pk))[1] >= 6 and row, 120, "the first batches"
            )
        finally:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(timeout=30)
        state, done, created, attempts = job_row(url, pk)
        assert state == "running" and 0 < done < PAGES and attempts == 1
        # Nothing half-written: every page reported done is there, whole; no other is.
        stories = query(url, "SELECT count(*) FROM articles_article WHERE is_stub = %s", (False,))
        assert stories == [(done,)] and created == done

        second = start_worker(env)
        try:
            wait_for(lambda: job_row(url, pk)[0] == "done", 180, "the job to finish")
        finally:
            os.killpg(second.pid, signal.SIGTERM)
            _, errors = second.communicate(timeout=60)
        state, done, created, attempts = job_row(url, pk)
        # Two runs at least (three if this machine is so loaded that a batch outlasted the
        # lease and the watch handed the job to a fresh run): the outcome is the same.
        assert (state, done, created) == ("done", PAGES, PAGES) and attempts >= 2, errors
        # Exactly once: each page's story once, each file reported new (none "unchanged",
        # which a file imported by the killed worker and again by this one would say).
        titles = query(
            url,
            "SELECT count(*), count(DISTINCT title) FROM articles_article WHERE is_stub = %s",
            (False,),
        )
        assert titles == [(PAGES, PAGES)]
        results = query(url, "SELECT result FROM articles_importjobfile WHERE job_id = %s", (pk,))
        reports = [json.loads(r) if isinstance(r, str) else r for (r,) in results]
        assert [(r["created"], r["unchanged"]) for r in reports] == [(1, 0)] * PAGES
        assert manage("check", env=env).returncode == 0
