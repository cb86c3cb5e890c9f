#!/usr/bin/env python
"""In-process rendering benchmark: what a page costs with no cache at all.

    python scripts/bench_render.py --stories 10000 [--repeat 30] [--profile story]

Builds (once) a database of N published stories from the seeds' paragraphs, with
people, places, sources, sections and tags (a SQLite file under var/bench/, or
DATABASE_URL when set: give it a database of its own), then renders the story, home,
person and search (a common word) pages through Django's test client with
CACHE_SECONDS=0 and prints, per page, the median and best milliseconds and the number
of queries. ``--profile NAME`` prints the cProfile of that page's renders instead.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SECTIONS = ["المشرق العربي", "العالم العربي", "الولايات المتحدة", "الخليج"]
PEOPLE, PLACES, SOURCES, TAGS = 400, 150, 12, 60


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30, help="renders per page")
    parser.add_argument("--query", default="الموصل", help="the (common) word searched")
    parser.add_argument("--profile", default="", help="story, home, person or search")
    return parser.parse_args()


def setup(stories: int) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{BENCH_DIR / f'render-{stories}.sqlite3'}")
    os.environ.update(
        CACHE_SECONDS="0",
        DEBUG="0",
        NEWSROOM_VAR_DIR=str(BENCH_DIR / "var"),
        DJANGO_SETTINGS_MODULE="newsroom.settings",
    )
    sys.path.insert(0, str(ROOT))
    import django

    from newsroom.var import prepare

    prepare()  # the development key, as manage.py makes it
    django.setup()


def seed_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted((ROOT / "fixtures" / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(line.strip()) > 80:
                paragraphs.append(line.strip())
    return paragraphs


def build(stories: int) -> None:
    """The synthetic archive, bulk-inserted, then indexed and related as a save would."""
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
    from articles.text.index import search_text_of

    call_command("migrate", verbosity=0, interactive=False)
    if Article.objects.exclude(import_key__startswith="bench-").exists():
        sys.exit("the database holds non-benchmark stories: point DATABASE_URL at an empty one")
    if Article.objects.count() == stories:
        return
    print(f"building {stories} synthetic stories…", flush=True)
    started = time.perf_counter()
    rng = random.Random(42)
    paragraphs = seed_paragraphs()
    with transaction.atomic():
        for model in (Article, Person, Location, Source, Tag, Section):
            model.objects.all().delete()
        sections = [
            Section.objects.create(name=name, position=i) for i, name in enumerate(SECTIONS)
        ]
        sources = Source.objects.bulk_create(
            Source(name=f"مصدر {i}", slug=f"source-{i}", key=f"مصدر {i}") for i in range(SOURCES)
        )
        people = Person.objects.bulk_create(
            Person(name=f"شخص تجريبي {i}", slug=f"person-{i}", key=f"شخص تجريبي {i}")
            for i in range(PEOPLE)
        )
        places = Location.objects.bulk_create(
            Location(name=f"مكان {i}", slug=f"place-{i}", key=f"مكان {i}", kind=LocationKind.CITY)
            for i in range(PLACES)
        )
        tags = Tag.objects.bulk_create(Tag(name=f"وسم {i}", slug=f"tag-{i}") for i in range(TAGS))
        now = timezone.now()
        article_type = ContentType.objects.get_for_model(Article)
        for start in range(0, stories, 1000):
            batch = []
            for i in range(start, min(start + 1000, stories)):
                chosen = rng.sample(paragraphs, 6)
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
                        search_text=search_text_of(title, deck, text),
                    )
                )
            created = Article.objects.bulk_create(batch)
            if not all(a.pk for a in created):
                created = list(Article.objects.filter(import_key__in=[a.import_key for a in batch]))
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
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        refresh_search_index(ids)
        for chunk in range(0, len(ids), related.CHUNK):
            related.refresh(ids[chunk : chunk + related.CHUNK])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum would do soon after
            cursor.execute("ANALYZE")
    print(f"built in {time.perf_counter() - started:.1f}s", flush=True)


def pages(query: str) -> dict[str, str]:
    from articles.models import Article, Person

    count = Article.objects.count()
    story = Article.objects.published().order_by("pk")[count // 2]
    person = Person.objects.order_by("pk").first()
    return {
        "story": story.get_absolute_url(),
        "home": "/",
        "person": person.get_absolute_url(),
        "search": "/search/?q=" + query,
    }


def measure(urls: dict[str, str], repeat: int, profile: str) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    print(f"{'page':8} {'median ms':>10} {'best ms':>8} {'queries':>8}")
    for name, url in urls.items():
        response = client.get(url)  # warm: templates, connections, the site version
        assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries = len(ctx.captured_queries)
        profiler = cProfile.Profile() if name == profile else None
        times = []
        for _ in range(repeat):
            if profiler:
                profiler.enable()
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            if profiler:
                profiler.disable()
        print(f"{name:8} {statistics.median(times):10.1f} {min(times):8.1f} {queries:8d}")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


def main():
    args = parse_args()
    setup(args.stories)
    build(args.stories)
    from django.db import connection

    print(f"\n{args.stories} stories on {connection.vendor}; {args.repeat} renders per page\n")
    measure(pages(args.query), args.repeat, args.profile)


if __name__ == "__main__":
    main()
