"""Import jobs against loadseeds: the same N synthetic pages, SQLite and PostgreSQL.

For each database: a fresh database; `loadseeds --jobs 1` on the pages (the job worker
prepares in its own process, so one job is compared with a one-process import); then, on
another fresh database, the pages submitted as one job (`articles.jobs.submit_pages`,
the admin's and the API's entry point) and run by `run_jobs --batch`. Prints seconds and
pages/second of each. Usage: `make bench-jobs N=500`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import (
    PG_ADMIN_URL,
    PY,
    ROOT,
    build_pages,
    fresh_database,
    postgres_available,
    run_child,
)  # noqa: E402

SUBMIT = """
import sys
from pathlib import Path
from articles.jobs import submit_pages
files = [(p.name, p.read_bytes()) for p in sorted(Path(sys.argv[-1]).glob("*.txt"))]
print(submit_pages(files).pk)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=500)
    args = parser.parse_args()
    folder = build_pages(ROOT / "var" / "bench" / f"pages_{args.pages}", args.pages)
    kinds = ["sqlite"] + (["postgresql"] if postgres_available() else [])
    print(f"{args.pages} pages; job batches of IMPORT_JOB_BATCH_FILES (default 20) files")
    for kind in kinds:
        env = fresh_database(kind, f"newsroom_bench_jobs_{kind}_loadseeds")
        seconds, _, _, _ = run_child(
            [PY, "manage.py", "loadseeds", "--jobs", "1", str(folder)], env
        )
        print(
            f"{kind:10} loadseeds --jobs 1 : {seconds:7.1f} s  {args.pages / seconds:6.1f} pages/s"
        )
        env = fresh_database(kind, f"newsroom_bench_jobs_{kind}_job")
        script = SUBMIT.replace("sys.argv[-1]", repr(str(folder)))
        submit, _, _, _ = run_child([PY, "manage.py", "shell", "-v0", "-c", script], env)
        seconds, _, _, _ = run_child([PY, "manage.py", "run_jobs", "--batch", "-v0"], env)
        print(
            f"{kind:10} job (run_jobs)     : {seconds:7.1f} s  {args.pages / seconds:6.1f} pages/s"
            f"   (submitting it: {submit:.1f} s, process start included)"
        )
        if kind == "postgresql":
            drop_databases(
                "newsroom_bench_jobs_postgresql_loadseeds", "newsroom_bench_jobs_postgresql_job"
            )


def drop_databases(*names):
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
