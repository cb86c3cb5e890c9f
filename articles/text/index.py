"""What the search index keeps of a story's text: pure text work, no database.

``IndexText`` is a story's text in the form the index holds (``keys.word_key``), built
by the import's workers and by ``Article.fill_derived_fields``.
"""

from __future__ import annotations

from dataclasses import dataclass

from articles.text.arabic import normalize, normalized_words
from articles.text.keys import word_key


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
