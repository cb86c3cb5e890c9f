#!/usr/bin/env python
"""How many distinct names the transliteration variant key would merge.

    python scripts/variant_collisions.py [--show 20]

Over the gazetteer (every place name and alias) and the source fixtures: the names
that have a variant key (a foreign-looking word), and how many of those share their key
with a different name of a *different* record (a real collision: an alias of the same
place meeting its name is the point). Prints one ``collisions`` line.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from articles.ingest.entities import load_gazetteer, load_sources  # noqa: E402
from articles.ingest.entities.variants import name_variant  # noqa: E402
from articles.text.keys import name_key  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=20, help="collisions to list")
    args = parser.parse_args()
    records = defaultdict(set)  # variant key -> {(record, name key)}
    names = set()
    for prefix, entries in (("place", load_gazetteer()), ("source", load_sources())):
        for i, entry in enumerate(entries):
            for name in {entry["name"], *entry.get("aliases", [])}:
                key, variant = name_key(name), name_variant(name)
                names.add(key)
                if variant:
                    records[variant].add((f"{prefix}{i}", key))
    with_variant = {key for group in records.values() for _, key in group}
    colliding = [g for g in records.values() if len({r for r, _ in g}) > 1]
    merged = {key for group in colliding for _, key in group}
    print(
        f"collisions names={len(names)} with_variant={len(with_variant)}"
        f" colliding_names={len(merged)} rate={len(merged) / max(len(with_variant), 1):.4f}"
    )
    for group in colliding[: args.show]:
        print("  ", " / ".join(sorted({key for _, key in group})))


if __name__ == "__main__":
    main()
