#!/usr/bin/env python
"""Cost of finding one story's entities when it is saved in the admin.

    DATABASE_URL=... python scripts/bench_story_entities.py [--entities 10000] [--repeat 5]

Into the (empty, migrated) database: the seeds, then ``--entities`` more people, places
and sources (a third each, a third of them with an alias, as merged or gazetteer records
have). Then, for every seeded story, the time of ``importer.story.extract_story``
(extraction, resolution against a ``StoryIndex`` and the writes, in a transaction rolled
back each time), and for comparison the time of loading a whole ``EntityIndex`` as an
import does. Prints the median and worst per story.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from articles.importer.resolve import EntityIndex
    from articles.importer.story import extract_story
    from articles.models import Article, Location, Person, Source
    from articles.text.keys import name_key

    call_command("migrate", verbosity=0)
    call_command("loadseeds", str(ROOT / "fixtures" / "seeds"), verbosity=0)
    per_kind = args.entities // 3
    for model in (Person, Location, Source):
        rows = [model(name=f"{model.__name__} اسم رقم {i} تجريبي") for i in range(per_kind)]
        for i, row in enumerate(rows):
            row.key, row.slug = name_key(row.name), f"{model.__name__.lower()}-bench-{i}"
            if i % 3 == 0:  # a third with an alias, as merged or gazetteer records have
                row.aliases = f"اسم آخر رقم {i}"
                row.alias_keys = name_key(row.aliases)
        model.objects.bulk_create(rows, batch_size=2000)
    stories = list(Article.objects.filter(is_stub=False))
    print(
        f"entities={Person.objects.count() + Location.objects.count() + Source.objects.count()}"
        f" stories={len(stories)}"
    )
    extract_story(stories[0])  # warm: the tagger, the gazetteer
    times = []
    for _ in range(args.repeat):
        for article in stories:
            start = time.perf_counter()
            try:
                with transaction.atomic():
                    extract_story(article)
                    times.append(time.perf_counter() - start)
                    raise Rollback
            except Rollback:
                pass
    start = time.perf_counter()
    EntityIndex()._load()
    full = time.perf_counter() - start
    print(f"story_ms median={statistics.median(times) * 1000:.1f} max={max(times) * 1000:.1f}")
    print(f"full_index_load_ms={full * 1000:.1f}")


if __name__ == "__main__":
    main()
