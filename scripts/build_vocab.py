"""Build the NER's general-vocabulary list from Debian's ``hunspell-ar`` dictionary.

Usage: python scripts/build_vocab.py AR_DIC [--out PATH]

Get the dictionary without installing it::

    apt-get download hunspell-ar && dpkg-deb -x hunspell-ar_*.deb hunspell-ar
    python scripts/build_vocab.py hunspell-ar/usr/share/hunspell/ar.dic

Why: a word of the general language (a noun, verb or particle) is less likely a name
than one the dictionary lacks; the CRF gets that as a feature (``features.word_info``),
learned from its weight, not a rule. The list holds the dictionary's stems (the part
before ``/``) in the extractor's normal form (``arabic.normalize``), at least three
letters, sorted; affixed forms are not expanded: the features look each word's
clitic-free readings up. Some proper names are in the dictionary too («محمد», «بغداد»):
the model weighs the feature against everything else it knows about the word.

Licence: the hunspell-ar dictionary (Ayaspell project) is released under GPL 2.0 /
LGPL 2.1 / MPL 1.1 (Debian's ``/usr/share/doc/hunspell-ar/copyright``); the derived list
keeps that licence, noted in its first line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.ingest.ner.lexicon import VOCAB_PATH  # noqa: E402
from articles.text import arabic  # noqa: E402

HEADER = (
    "# General Arabic vocabulary (stems), built by scripts/build_vocab.py from Debian's "
    "hunspell-ar (Ayaspell); licence GPL 2.0 / LGPL 2.1 / MPL 1.1."
)


def vocabulary(dic_text: str) -> list[str]:
    """Normalised stems of a hunspell ``.dic`` text (section markers and counts skipped)."""
    words = set()
    for line in dic_text.splitlines():
        stem = line.split("/", 1)[0].split("\t", 1)[0].strip()
        if not stem or stem[0] in "#:" or stem.isdigit() or stem.endswith(".dic"):
            continue
        norm = arabic.normalize(stem)
        if len(norm) >= 3 and all("\u0621" <= ch <= "\u064a" for ch in norm):
            words.add(norm)
    # A form whose clitic-free reading is listed adds nothing: the features look it up.
    return sorted(w for w in words if not any(r in words for r in arabic.readings(w)[1:]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dic", help="hunspell-ar's ar.dic")
    parser.add_argument("--out", default=str(VOCAB_PATH))
    args = parser.parse_args(argv)
    words = vocabulary(Path(args.dic).read_text(encoding="utf-8"))
    Path(args.out).write_text("\n".join([HEADER, *words]) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} words to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
