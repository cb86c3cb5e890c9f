"""Highlighted excerpts for the results page: the story as written, matches in <mark>."""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from articles.search.query import ParsedQuery
from articles.text.keys import index_key

SNIPPET_WORDS = 40
_SPLIT = re.compile(r"(\s+)")


@lru_cache(maxsize=65536)
def _keys(piece: str) -> frozenset[str]:
    """The word keys of one whitespace-free piece: the same words recur on every results
    page (and across pages), so each is normalised once per process."""
    return frozenset(index_key(piece).split())


def _hits(pieces, stems) -> list[int]:
    return [i for i, p in enumerate(pieces) if p.strip() and stems & _keys(p)]


def snippet(article, parsed: ParsedQuery, *, size=SNIPPET_WORDS):
    """An excerpt of the story around the first match, matched words in <mark>, as written."""
    stems = parsed.positive_stems
    texts = [t for t in (article.deck, *(b.get("text", "") for b in article.blocks)) if t]
    pieces, hits = (_SPLIT.split(texts[0]) if texts else [""]), []
    for text in texts:  # the first text with a match, else the first text
        split = _SPLIT.split(text)
        found = _hits(split, stems)
        if found:
            pieces, hits = split, found
            break
    start = max(0, (hits[0] if hits else 0) - size)
    start -= start % 2
    window = pieces[start : start + 2 * size]
    html = "".join(
        f"<mark>{conditional_escape(p)}</mark>" if i + start in hits else conditional_escape(p)
        for i, p in enumerate(window)
    )
    prefix = "… " if start else ""
    suffix = " …" if start + 2 * size < len(pieces) else ""
    return mark_safe(prefix + html + suffix)
