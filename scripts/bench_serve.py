#!/usr/bin/env python
"""Serving benchmark: gunicorn on loopback over N synthetic stories, loaded with wrk.

    python scripts/bench_serve.py --stories 10000 [--duration 10] [--modes cached,uncached]

Builds (once) a database of N published stories from the seeds' paragraphs with
people, places, sources and tags (bulk_create; a SQLite file under var/bench/, or
DATABASE_URL when set), starts gunicorn (2 workers) on a free 127.0.0.1 port and
loads the home page, a story, a person page and a search with wrk, each beside
/_bench/ping/ (the cheapest Django view on the same server) as the ceiling.
Mode "cached" is the site as deployed (page cache on); "uncached" sets
CACHE_SECONDS=0 so every request renders.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
VENV_BIN = Path(sys.executable).parent
SECTIONS = ["المشرق العربي", "العالم العربي", "الولايات المتحدة", "الخليج"]
PEOPLE, PLACES, SOURCES, TAGS = 400, 150, 12, 60
TARGETS = {"story": 0.5, "search": 0.2}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--modes", default="cached,uncached")
    parser.add_argument("--query", default="الموصل", help="the search benchmarked")
    return parser.parse_args()


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() != 0:
        sys.exit("wrk is not installed: run `sudo apt-get install -y wrk` and retry.")
    print("installing wrk (apt-get)…", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def bench_env(stories: int) -> dict:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{BENCH_DIR / f'bench-{stories}.sqlite3'}")
    env.update(
        NEWSROOM_BENCH="1",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        NEWSROOM_VAR_DIR=str(BENCH_DIR / "var"),
        LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
    )
    return env


def seed_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted((ROOT / "fixtures" / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) > 80:
                paragraphs.append(line)
    if not paragraphs:
        sys.exit("no seed paragraphs found under fixtures/seeds/")
    return paragraphs


def build(stories: int) -> dict:
    """Create the synthetic database (unless it already holds exactly this bench)."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from taggit.models import Tag, TaggedItem

    from articles.models import (
        Article,
        Location,
        LocationKind,
        LocationMention,
        Person,
        PersonMention,
        Source,
        SourceMention,
        Status,
    )
    from articles.search import refresh_search_index
    from articles.text.arabic import normalize

    call_command("migrate", verbosity=0, interactive=False)
    existing = Article.objects.filter(import_key__startswith="bench-").count()
    others = Article.objects.exclude(import_key__startswith="bench-").exists()
    if others:
        sys.exit("the database holds non-benchmark stories: point DATABASE_URL at an empty one")
    if existing != stories:
        print(f"building {stories} synthetic stories…", flush=True)
        started = time.perf_counter()
        rng = random.Random(42)
        paragraphs = seed_paragraphs()
        with transaction.atomic():
            for model in (Article, Person, Location, Source, Tag):
                model.objects.all().delete()
            sources = Source.objects.bulk_create(
                Source(name=f"مصدر {i}", slug=f"source-{i}", key=f"مصدر {i}")
                for i in range(SOURCES)
            )
            people = Person.objects.bulk_create(
                Person(name=f"شخص تجريبي {i}", slug=f"person-{i}", key=f"شخص تجريبي {i}")
                for i in range(PEOPLE)
            )
            places = Location.objects.bulk_create(
                Location(
                    name=f"مكان {i}", slug=f"place-{i}", key=f"مكان {i}", kind=LocationKind.CITY
                )
                for i in range(PLACES)
            )
            tags = Tag.objects.bulk_create(
                Tag(name=f"وسم {i}", slug=f"tag-{i}") for i in range(TAGS)
            )
            now = timezone.now()
            article_type = ContentType.objects.get_for_model(Article)
            for start in range(0, stories, 1000):
                batch = []
                for i in range(start, min(start + 1000, stories)):
                    chosen = rng.sample(paragraphs, min(6, len(paragraphs)))
                    title = " ".join(chosen[0].split()[:10]) + f" {i}"
                    body = [{"kind": "paragraph", "text": p} for p in chosen[1:4]]
                    body.append({"kind": "subheading", "text": " ".join(chosen[4].split()[:3])})
                    body += [{"kind": "paragraph", "text": p} for p in chosen[4:]]
                    deck = " ".join(chosen[1].split()[:14])
                    text = " ".join(b["text"] for b in body)
                    batch.append(
                        Article(
                            title=title,
                            slug=f"قصة-{i}",
                            deck=deck,
                            body=body,
                            status=Status.PUBLISHED,
                            section=rng.choice(SECTIONS),
                            source=rng.choice(sources),
                            byline="محرر الاختبار",
                            published_at=now - timedelta(minutes=i + 1),
                            import_key=f"bench-{i}",
                            search_text=" ".join(normalize(p) for p in (title, deck, text)),
                        )
                    )
                created = Article.objects.bulk_create(batch)
                if not all(a.pk for a in created):
                    created = list(
                        Article.objects.filter(import_key__in=[a.import_key for a in batch])
                    )
                PersonMention.objects.bulk_create(
                    PersonMention(article=a, person=p, role="صفة", count=rng.randint(1, 4))
                    for a in created
                    for p in rng.sample(people, 4)
                )
                LocationMention.objects.bulk_create(
                    LocationMention(article=a, location=p)
                    for a in created
                    for p in rng.sample(places, 3)
                )
                SourceMention.objects.bulk_create(
                    SourceMention(article=a, source=rng.choice(sources)) for a in created
                )
                TaggedItem.objects.bulk_create(
                    TaggedItem(content_type=article_type, object_id=a.pk, tag=t)
                    for a in created
                    for t in rng.sample(tags, 3)
                )
            refresh_search_index(Article.objects.values_list("pk", flat=True))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # what autovacuum would do soon after
                cursor.execute("ANALYZE")
        print(f"built in {time.perf_counter() - started:.1f}s", flush=True)
    story = Article.objects.published().order_by("pk")[stories // 2]
    person = Person.objects.order_by("pk").first()
    return {"story": story.get_absolute_url(), "person": person.get_absolute_url()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, proc, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit("gunicorn did not answer in time")


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s|m)", value)
    return float(match.group(1)) * _UNITS[match.group(2)] if match else float("nan")


def run_wrk(wrk: str, url: str, duration: int, connections: int) -> dict:
    out = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(g) for g in m.groups())
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors}


def bench_mode(mode, args, env, urls, wrk) -> list[tuple]:
    env = dict(env, CACHE_SECONDS="0" if mode == "uncached" else env.get("CACHE_SECONDS", "600"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "newsroom.wsgi:application",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    rows = []
    try:
        wait_ready(base + "/_bench/ping/", proc)
        for name, path in urls.items():
            url = base + path
            for _ in range(3):  # warm both workers (and the page cache in cached mode)
                urllib.request.urlopen(url, timeout=30).read()
            ceiling = run_wrk(wrk, base + "/_bench/ping/", args.duration, args.connections)
            result = run_wrk(wrk, url, args.duration, args.connections)
            rows.append((mode, name, result, ceiling))
            print(format_row(rows[-1]), flush=True)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    return rows


def format_row(row) -> str:
    mode, name, r, c = row
    ratio = r["rps"] / c["rps"] if c["rps"] else 0
    target = TARGETS.get(name)
    verdict = "" if target is None else (" ok" if ratio >= target and not r["errors"] else " MISS")
    return (
        f"{mode:9} {name:7} {r['rps']:9.1f} req/s  p50 {r['p50']:7.2f} ms  p99 {r['p99']:7.2f} ms"
        f"  errors {r['errors']:<3}| ping {c['rps']:9.1f} req/s  p50 {c['p50']:6.2f} ms"
        f"  ratio {ratio:6.1%}" + (f" (target {target:.0%}){verdict}" if target else "")
    )


def main():
    args = parse_args()
    wrk = ensure_wrk()
    env = bench_env(args.stories)
    os.environ.update(env)
    urls = build(args.stories)
    urls = {
        "home": "/",
        "story": urls["story"],
        "person": urls["person"],
        "search": "/search/?q=" + quote(args.query),
    }
    urls = {name: quote(path, safe="/?=&%") for name, path in urls.items()}
    db = env["DATABASE_URL"].split("@")[-1]
    print(
        f"\n{args.stories} stories on {db}; gunicorn {args.workers} workers; "
        f"wrk -c{args.connections} -d{args.duration}s per URL; cpus={os.cpu_count()}\n",
        flush=True,
    )
    rows = []
    for mode in args.modes.split(","):
        rows += bench_mode(mode.strip(), args, env, urls, wrk)
    print("\nsummary")
    for row in rows:
        print(format_row(row))
    failed = [r for r in rows if r[2]["errors"]]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
