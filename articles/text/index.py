"""What the search index keeps of a story's text: pure text work, no database.

``word_key`` is the one normalised, clitic-free form both indexes and every query use;
``IndexText`` is a story's text in that form, built by the import's workers and by
``Article.fill_derived_fields``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from articles.text.arabic import normalize, normalized_words, stem_key, words


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """A normalised word with clitics stripped until none is left: «بكركوك» and «كركوك»
    meet on one key (a single pass would leave them apart). Cached: running text
    repeats its words, and indexing a story looks up every one."""
    key = stem_key(word)
    while (shorter := stem_key(key)) != key:
        key = shorter
    return key


def index_key(text: str) -> str:
    """``text`` as the run of word keys the PostgreSQL vector is built from."""
    return " ".join(word_key(w) for w in words(text))


@dataclass(frozen=True)
class IndexText:
    """What the search index keeps of a story's title, deck and body.

    ``search_text`` (``Article.search_text``) and ``keys``, the word keys of each of the
    three (PostgreSQL's vector, weights A, B and C), from one normalisation of each part.
    Pure text work: the import's workers build it for new stories
    (``PreparedFile.texts``), so that the process writing to the database does not.
    """

    search_text: str
    keys: tuple[str, str, str]

    @classmethod
    def of(cls, title: str, deck: str, body_text: str) -> IndexText:
        parts = (title, deck, body_text)
        normalized = [normalize(part) for part in parts]
        return cls(
            search_text=_joined(parts, normalized),
            keys=tuple(" ".join(map(word_key, normalized_words(n))) for n in normalized),
        )


def _joined(parts, normalized) -> str:
    return " ".join(n for part, n in zip(parts, normalized, strict=True) if part)


def search_text_of(title: str, deck: str, body_text: str) -> str:
    """``IndexText.search_text`` alone, for a save that does not index (no word keys)."""
    parts = (title, deck, body_text)
    return _joined(parts, [normalize(part) for part in parts])
