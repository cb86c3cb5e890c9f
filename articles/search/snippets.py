"""Highlighted excerpts for the results page: the story as written, matches in <mark>."""

from __future__ import annotations

import re

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from articles.search.query import ParsedQuery
from articles.text.keys import index_key

SNIPPET_WORDS = 40
_SPLIT = re.compile(r"(\s+)")


def snippet(article, parsed: ParsedQuery, *, size=SNIPPET_WORDS):
    """An excerpt of the story around the first match, matched words in <mark>, as written."""
    stems = parsed.positive_stems
    texts = [article.deck, *(b.get("text", "") for b in article.blocks)]
    chosen = next((t for t in texts if t and stems & set(index_key(t).split())), None)
    chosen = chosen or next((t for t in texts if t), "")
    pieces = _SPLIT.split(chosen)
    hits = [i for i, p in enumerate(pieces) if p.strip() and stems & set(index_key(p).split())]
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
