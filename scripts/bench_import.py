#!/usr/bin/env python
"""Benchmark `loadseeds` on synthetic pages built from the seeds' paragraphs.

    python scripts/bench_import.py --pages 10000 [--small 1000] [--databases sqlite,postgres]

For each database: a fresh database, `manage.py loadseeds` over N pages in a child
process (wall time, peak RSS), then the floor: a child process that `bulk_create`s, in
a second fresh database, the same rows the import wrote, with nothing else (wall time
of the child, as for loadseeds). Peak memory is also measured at a smaller N to
show whether it stays flat as N grows.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"

PAGE = """{title}

{caption} ({credit})
{caption} ({credit})
TT

{title}

{caption} ({credit})
{caption} ({credit})

{body}
"""
CREDITS = ["رويترز", "أ.ف.ب", "أ.ب", "إ.ب.أ", "الشرق الأوسط", "أرشيفية - أ.ف.ب"]


def seed_material():
    from articles.ingest.parser import parse_page

    titles, paragraphs, captions = [], [], []
    for path in sorted((ROOT / "fixtures" / "seeds").glob("*.txt")):
        for story in parse_page(path.read_text(encoding="utf-8")).stories:
            titles.append(story.title)
            paragraphs += [b.text for b in story.blocks if b.kind == "paragraph"]
            captions += [b.text for b in story.lead_captions]
    return titles, paragraphs, captions or ["صورة من الميدان"]


def build_pages(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    existing = len(list(folder.glob("*.txt")))
    if existing == n:
        return folder
    for old in folder.glob("*.txt"):
        old.unlink()
    titles, paragraphs, captions = seed_material()
    rng = random.Random(42)
    for i in range(n):
        title = f"{rng.choice(titles)} ({i + 1})"
        body = "\n\n".join(rng.sample(paragraphs, k=min(6, len(paragraphs))))
        page = PAGE.format(
            title=title, caption=rng.choice(captions), credit=rng.choice(CREDITS), body=body
        )
        (folder / f"page_{i:06}.txt").write_text(page, encoding="utf-8")
    return folder


def run_child(args, env) -> tuple[float, float, str, float]:
    """Run a child process; return (seconds, peak RSS in MB, output, CPU seconds).

    Peak RSS and CPU include the child's own children (the import's workers).
    """
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)  # fmt: skip
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    output = proc.stdout.read()
    proc.stdout.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{output[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, output, usage.ru_utime + usage.ru_stime


def fresh_database(kind: str, name: str) -> dict:
    env = dict(os.environ, NEWSROOM_ENV="development", DEBUG="0")
    if kind == "sqlite":
        path = ROOT / "var" / "bench" / f"{name}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    run_child([PY, "manage.py", "migrate", "-v0"], env)
    return env


# The rows an import writes, in an order that satisfies their foreign keys.
FLOOR_MODELS = [
    "articles.Source", "articles.Person", "articles.Location", "articles.Article",
    "articles.HistoricalArticle", "articles.Image", "articles.PersonMention",
    "articles.LocationMention", "articles.SourceMention", "articles.Quote",
    "articles.RelatedLink",
]  # fmt: skip

DUMP = """
import pickle, sys, django
django.setup()
from django.apps import apps
models = [apps.get_model(label) for label in sys.argv[2:]]
rows = {m._meta.label: list(m.objects.order_by("pk").values()) for m in models}
with open(sys.argv[1], "wb") as out:
    pickle.dump(rows, out)
print(sum(map(len, rows.values())))
"""

FLOOR = """
import pickle, sys, time, django
django.setup()
from django.apps import apps
from django.db import transaction
with open(sys.argv[1], "rb") as dump:
    rows = pickle.load(dump)
start = time.perf_counter()
with transaction.atomic():
    for label, values in rows.items():
        model = apps.get_model(label)
        model.objects.bulk_create([model(**row) for row in values], batch_size=1000)
print(f"insert_seconds={time.perf_counter() - start:.2f}")
"""


def bench(kind: str, folder: Path, n: int, repeat: int) -> dict:
    """loadseeds ``repeat`` times (fresh database each), then the floor once."""
    runs = []
    for _ in range(repeat):
        env = fresh_database(kind, f"newsroom_bench_{kind}_{n}")
        args = [PY, "manage.py", "loadseeds", "-v0", str(folder)]
        seconds, peak, _, cpu = run_child(args, env)
        runs.append((seconds, peak, cpu))
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    env["PYTHONPATH"] = str(ROOT)
    dump = ROOT / "var" / "bench" / f"rows_{kind}_{n}.pickle"
    rows = run_child([PY, "-c", DUMP, str(dump), *FLOOR_MODELS], env)[2]
    env_floor = fresh_database(kind, f"newsroom_bench_floor_{kind}_{n}")
    env_floor["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    env_floor["PYTHONPATH"] = str(ROOT)
    floor_seconds = run_child([PY, "-c", FLOOR, str(dump)], env_floor)[0]
    dump.unlink()
    seconds, peak, cpu = sorted(runs)[len(runs) // 2]  # the median run
    return {"db": kind, "pages": n, "seconds": seconds, "peak_mb": peak, "cpu": cpu,
            "all": [r[0] for r in runs], "floor_seconds": floor_seconds,
            "rows": int(rows.strip())}  # fmt: skip


def postgres_available() -> bool:
    try:
        import psycopg

        psycopg.connect(PG_ADMIN_URL, connect_timeout=3).close()
        return True
    except Exception:
        return False


def machine_speed(_=None) -> float:
    """Seconds for a fixed pure-Python loop: compare it across runs on a shared machine."""
    start, total = time.perf_counter(), 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start


def machine_reading() -> str:
    """The loop alone, and two at once: the import needs both cores, and a shared host
    can slow the second while the first runs at full speed."""
    from multiprocessing import Pool

    alone = machine_speed()
    with Pool(2) as pool:
        both = max(pool.map(machine_speed, range(2)))
    loop = "a 10-million-step Python loop"
    return f"machine: {loop} takes {alone:.2f} s alone, {both:.2f} s with two at once"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--small", type=int, default=1000, help="smaller N for the memory check")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per size and database; the median is shown"
    )
    args = parser.parse_args()
    kinds = [k for k in args.databases.split(",") if k]
    if "postgres" in kinds and not postgres_available():
        print("PostgreSQL not reachable on 127.0.0.1:5432: benchmarking SQLite only")
        kinds.remove("postgres")
    sizes = sorted({args.small, args.pages}) if args.small < args.pages else [args.pages]
    print(machine_reading(), flush=True)
    print(f"{'db':9} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'cpu s':>7} {'peak MB':>8} "
          f"{'rows':>8} {'floor s':>8} {'x floor':>8}  all runs (s)")  # fmt: skip
    for n in sizes:
        folder = build_pages(ROOT / "var" / "bench" / f"pages_{n}", n)
        for kind in kinds:
            r = bench(kind, folder, n, args.repeat)
            print(
                f"{r['db']:9} {n:>6} {r['seconds']:>8.1f} {n / r['seconds']:>8.0f} "
                f"{r['cpu']:>7.1f} {r['peak_mb']:>8.0f} {r['rows']:>8} "
                f"{r['floor_seconds']:>8.1f} {r['seconds'] / r['floor_seconds']:>8.2f}  "
                + " ".join(f"{s:.1f}" for s in r["all"]),
                flush=True,
            )
    print(machine_reading(), flush=True)
    print(
        "seconds, cpu s, peak MB: the median run of loadseeds (cpu and memory include its"
        " worker processes)"
    )
    print(
        "floor: a child process that bulk_creates, in one transaction, the same rows the"
        " import wrote (stories, revisions, images, people, places, sources, mentions,"
        " quotes, links), read from a dump of the imported database"
    )


if __name__ == "__main__":
    main()
