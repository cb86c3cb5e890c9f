#!/usr/bin/env python
"""Serving benchmark: gunicorn on loopback over N synthetic stories, loaded with wrk.

    python scripts/bench_serve.py --stories 10000 [--duration 10] [--modes cached,uncached]

Builds (once) a database of N published stories from the seeds' paragraphs with
people, places, sources and tags (bulk_create; a SQLite file under var/bench/, or
DATABASE_URL when set), starts gunicorn (2 workers) on a free 127.0.0.1 port and
loads the home page, a story (its page and its API document), a person page and a
search with wrk, each beside /_bench/ping/ (the cheapest Django view on the same server)
as the ceiling.
Mode "cached" is the site as deployed (page cache on); "uncached" sets
CACHE_SECONDS=0 so every request renders.

Mode "editing" is the cached site while the newsroom works: reader threads load the story,
the home page and a person page (a small threaded HTTP loader, since it counts the
``X-Newsroom-Cache`` header of each response) while a writer process saves a random
story every 2 s (through Django, as the admin would) and ``loadseeds`` imports 1,000
synthetic pages (built as scripts/bench_import.py builds them); it prints the page cache's
hit ratio, errors, req/s and p50/p99 per page. The readers run until the import ends (at
least --duration seconds); the imported stories are deleted afterwards, so the database
stays the benchmark's.

With --stories 100000 and DATABASE_URL on PostgreSQL, the database is built with COPY.
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
HIT_TARGET = 0.9
EDIT_EVERY = 2.0  # seconds between the writer's saves
IMPORT_PAGES = 1000
READERS = 8

WRITER = """
import random, signal, sys, time
import django
django.setup()
from articles.models import Article
seconds, skip, every = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
ids = list(Article.objects.filter(import_key__startswith="bench-").exclude(pk=skip)
           .values_list("pk", flat=True))
rng, saves, end = random.Random(7), 0, time.monotonic() + seconds
try:
    while time.monotonic() < end:
        started = time.monotonic()
        story = Article.objects.get(pk=rng.choice(ids))
        story.deck = story.deck.split(" ✎")[0] + f" ✎{saves}"
        story.save()
        saves += 1
        time.sleep(max(0.0, every - (time.monotonic() - started)))
finally:
    print(f"saves={saves}", flush=True)
"""

CLEANUP = """
import django
django.setup()
from articles import changes
from articles.models import Article, DeletedStory, RemovedLink
with changes.atomic():
    Article.objects.exclude(import_key__startswith="bench-").delete()
    DeletedStory.objects.all().delete()
    RemovedLink.objects.all().delete()
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--modes", default="cached,uncached", help="cached,uncached,editing")
    parser.add_argument("--readers", type=int, default=READERS, help="editing: reader threads")
    parser.add_argument("--import-pages", type=int, default=IMPORT_PAGES)
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
        Section,
        Source,
        SourceMention,
        Status,
    )
    from articles.search import refresh_search_index
    from articles.site import related
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
            Section.objects.all().delete()
            sections = Section.objects.bulk_create(
                Section(name=name, slug=f"section-{i}", position=i)
                for i, name in enumerate(SECTIONS)
            )
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
                            section=rng.choice(sections),
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
                insert_rows(
                    PersonMention,
                    [
                        PersonMention(article=a, person=p, role="صفة", count=rng.randint(1, 4))
                        for a in created
                        for p in rng.sample(people, 4)
                    ],
                )
                insert_rows(
                    LocationMention,
                    [
                        LocationMention(article=a, location=p)
                        for a in created
                        for p in rng.sample(places, 3)
                    ],
                )
                insert_rows(
                    SourceMention,
                    [SourceMention(article=a, source=rng.choice(sources)) for a in created],
                )
                insert_rows(
                    TaggedItem,
                    [
                        TaggedItem(content_type=article_type, object_id=a.pk, tag=t)
                        for a in created
                        for t in rng.sample(tags, 3)
                    ],
                )
            ids = list(Article.objects.values_list("pk", flat=True))
            refresh_search_index(ids)
            for chunk in range(0, len(ids), related.CHUNK):  # stored as a save stores them
                related.refresh(ids[chunk : chunk + related.CHUNK])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # what autovacuum would do soon after
                cursor.execute("ANALYZE")
        print(f"built in {time.perf_counter() - started:.1f}s", flush=True)
    story = Article.objects.published().order_by("pk")[stories // 2]
    person = Person.objects.order_by("pk").first()
    return {
        "story": story.get_absolute_url(),
        "story-api": f"/api/v1/articles/{story.pk}/",
        "person": person.get_absolute_url(),
    }


def insert_rows(model, rows) -> None:
    """``bulk_create`` the rows; on PostgreSQL, COPY them (the mention and tag rows of
    100,000 stories are over a million: COPY writes them several times faster)."""
    from django.db import connection
    from django.db.models import AutoField

    rows = list(rows)
    if connection.vendor != "postgresql":
        model.objects.bulk_create(rows, batch_size=2000)
        return
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoField)]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields])


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
    proc = start_gunicorn(args, env, port)
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


def start_gunicorn(args, env, port):
    return subprocess.Popen(
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


class Readers:
    """``count`` threads loading ``urls`` in turn until stopped; every response's status,
    time and ``X-Newsroom-Cache`` header kept per page."""

    def __init__(self, base: str, urls: dict, count: int):
        import threading

        self.base, self.urls, self.count = base, urls, count
        self.stop = threading.Event()
        self.results = {name: [] for name in urls}  # (ms, ok, cache header)
        self.threads = [threading.Thread(target=self.run, args=(i,)) for i in range(count)]

    def run(self, offset: int):
        import http.client

        host, port = self.base.split("//")[1].split(":")
        names = list(self.urls)
        i = offset
        while not self.stop.is_set():
            name = names[i % len(names)]
            i += 1
            started = time.perf_counter()
            ok, state = False, ""
            try:
                conn = http.client.HTTPConnection(host, int(port), timeout=30)
                conn.request("GET", self.urls[name])
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                state = response.getheader("X-Newsroom-Cache", "")
                conn.close()
            except OSError:
                pass
            self.results[name].append(((time.perf_counter() - started) * 1000, ok, state))

    def __enter__(self):
        self.started = time.perf_counter()
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()
        self.seconds = time.perf_counter() - self.started


def _percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def child(args, env, **kwargs):
    """A Django process on the benchmark's database: ``manage.py`` or ``-c`` code."""
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        **kwargs,
    )


def bench_editing(args, env, urls) -> bool:
    """Readers on story, home and person while a writer saves and an import runs."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_import import build_pages

    pages = build_pages(BENCH_DIR / f"editing-pages-{args.import_pages}", args.import_pages)
    story_id = int(urls["story"].split("/")[2])
    readers_urls = {name: urls[name] for name in ("story", "home", "person")}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_gunicorn(args, env, port)
    try:
        wait_ready(base + "/_bench/ping/", proc)
        for path in readers_urls.values():  # warm both workers' page caches
            for _ in range(4):
                urllib.request.urlopen(base + path, timeout=30).read()
        budget = max(args.duration, 30) + 600
        with Readers(base, readers_urls, args.readers) as readers:
            writer = child(["-c", WRITER, str(budget), str(story_id), str(EDIT_EVERY)], env)
            time.sleep(1.0)
            started = time.perf_counter()
            importer = child(["manage.py", "loadseeds", "-v0", str(pages)], env)
            import_out = importer.communicate()[0]
            import_seconds = time.perf_counter() - started
            while time.perf_counter() - readers.started < args.duration:
                time.sleep(0.2)
            os.killpg(writer.pid, signal.SIGTERM)
            writer_out = writer.communicate()[0]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        cleanup = child(["-c", CLEANUP], env)
        cleanup.communicate()
    saves = writer_out.strip().splitlines()[-1] if writer_out.strip() else "saves=?"
    imported = f"exit {importer.returncode}" + (
        "" if importer.returncode == 0 else f": {import_out[-400:]}"
    )
    print(
        f"\nediting: {args.readers} reader threads for {readers.seconds:.1f}s; writer saved a "
        f"story every {EDIT_EVERY:g}s ({saves}, killed at the end); import of "
        f"{args.import_pages} pages took {import_seconds:.1f}s ({imported})",
        flush=True,
    )
    every = [r for rows in readers.results.values() for r in rows]
    for name, rows in [*readers.results.items(), ("all", every)]:
        times = [ms for ms, _, _ in rows]
        hits = sum(1 for _, ok, state in rows if state == "hit")
        served = sum(1 for _, ok, state in rows if state in ("hit", "miss"))
        errors = sum(1 for _, ok, _ in rows if not ok)
        ratio = hits / served if served else 0.0
        verdict = "ok" if ratio >= HIT_TARGET and not errors else "MISS"
        print(
            f"editing   {name:7} {len(rows) / readers.seconds:9.1f} req/s  "
            f"p50 {_percentile(times, 0.5):7.2f} ms  p99 {_percentile(times, 0.99):8.2f} ms  "
            f"errors {errors:<3}| hits {hits}/{served} = {ratio:6.1%}"
            + (f" (target {HIT_TARGET:.0%}) {verdict}" if name == "all" else ""),
            flush=True,
        )
    return bool(every) and all(ok for _, ok, _ in every) and importer.returncode == 0


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
    modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    wrk = ensure_wrk() if set(modes) - {"editing"} else None
    env = bench_env(args.stories)
    os.environ.update(env)
    urls = build(args.stories)
    urls = {
        "home": "/",
        "story": urls["story"],
        "story-api": urls["story-api"],  # the same story in ninjs, beside its page
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
    rows, editing_ok = [], True
    for mode in modes:
        if mode == "editing":
            editing_ok = bench_editing(args, env, urls)
        else:
            rows += bench_mode(mode, args, env, urls, wrk)
    if rows:
        print("\nsummary")
    for row in rows:
        print(format_row(row))
    failed = [r for r in rows if r[2]["errors"]]
    sys.exit(1 if failed or not editing_ok else 0)


if __name__ == "__main__":
    main()
