"""Search: what the site, the admin and the import ask of it, on whichever database.

Text is indexed and queried in the same normalised form (``word_key``: diacritics and
tatweel dropped, letters folded, clitics stripped, Arabic-Indic digits as Latin), so
«الموصل», «المَوْصِل», «بالموصل» and «موصل» meet on one key. Parsing the query
(``query.py``) and highlighting the results (``snippets.py``) are the same everywhere;
matching, ranking and keeping an index are the backend's (``backends/``), chosen once
per database vendor: PostgreSQL ranks a weighted ``tsvector``, SQLite answers substring
matches from an FTS5 index, any other database runs the portable ``LIKE`` match.
"""

from __future__ import annotations

from articles.models import KINDS
from articles.search.backends import backend
from articles.search.backends.base import RANKED
from articles.search.query import (
    ParsedQuery,
    QueryError,
    as_parsed,
    clean_query,
    parse_query,
    strip_controls,
)
from articles.search.snippets import snippet

__all__ = [
    "ParsedQuery",
    "QueryError",
    "RANKED",
    "backend",
    "clean_query",
    "filter_words",
    "index_new_articles",
    "parse_query",
    "refresh_search_index",
    "search_articles",
    "search_entities",
    "snippet",
    "strip_controls",
]


def search_articles(queryset, query):
    """Stories of ``queryset`` matching ``query`` (a string or ParsedQuery), best first.

    Raises QueryError for a query that cannot be searched (too long, nothing to look for).
    """
    return backend().search(queryset, as_parsed(query))


def filter_words(queryset, text: str):
    """Stories whose title, deck or body hold every word of ``text`` (the admin's search).

    Words are compared in their normalised, clitic-free form, so spelling variants meet;
    a foreign-looking word also finds the stories naming a person it is another spelling
    of («ترامب»: «ترمب»), as the public search does.
    """
    return backend().filter_words(queryset, text)


def search_entities(query, *, limit=8) -> dict[str, list]:
    """Public people, places and sources whose names match ``query``, by ``kind.plural``.

    An empty dict for a query that cannot be searched.
    """
    try:
        parsed = as_parsed(query)
    except QueryError:
        return {}
    positive = [t for t in parsed.terms if not t.negated]
    key = " ".join(t.text for t in positive)
    variant = ""
    if any(t.variant for t in positive):  # «دونالد ترامب»: the foreign words as variants
        variant = " ".join(t.variant or t.text for t in positive)
    found = {kind.plural: backend().entities(kind, key, variant) for kind in KINDS}
    return {plural: list(records.public()[:limit]) for plural, records in found.items()}


def refresh_search_index(article_ids) -> int:
    """Rebuild the search index of the given article ids (a deleted id drops its row).

    Returns the number of articles refreshed (0 where the database keeps no index).
    """
    ids = sorted({int(i) for i in article_ids if i is not None})
    return backend().refresh(ids) if ids else 0


def index_new_articles(articles, texts, names_of) -> None:
    """Index articles just bulk-inserted, from what is in memory where the backend can.

    ``texts``: per article, its ``IndexText``; ``names_of()``: per article, the names its
    index carries (tags, then the people, places and sources named). Only PostgreSQL's
    vector needs them: SQLite's FTS row reads the database.
    """
    backend().index_new(articles, texts, names_of)
