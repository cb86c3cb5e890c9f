"""Reading what a reader typed: websearch-style syntax into groups of normalised terms.

Pure text work, the same for every database: a term carries both forms the backends
need (``key`` for PostgreSQL's vector, ``text`` for SQLite's substring match).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from articles.ingest.entities.variants import name_variant
from articles.text.arabic import words
from articles.text.keys import stem_key, word_key

MAX_QUERY_CHARS = 200
MAX_TERMS = 12

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TOKEN = re.compile(r'(?P<neg>-)?(?:"(?P<p1>[^"]*)"?|«(?P<p2>[^»]*)»?)|(?P<word>[^\s"«»]+)')


class QueryError(ValueError):
    """The query cannot be searched; the message says why, in Arabic, for the reader."""


@dataclass(frozen=True)
class Term:
    key: str  # word_key form: clitic-free stems, for the PostgreSQL vector
    text: str  # normalised phrase with the first word's clitic dropped, for SQLite LIKE
    negated: bool = False
    # The transliteration variant key (``name_variant``) of a foreign-looking term, else
    # "": «ترامب» also finds the people whose ``variant_keys`` hold it («ترمب»).
    variant: str = ""

    @property
    def stems(self) -> set[str]:
        return set(self.key.split())


@dataclass
class ParsedQuery:
    """AND of groups; each group is an OR of terms."""

    groups: list[list[Term]] = field(default_factory=list)

    @property
    def terms(self) -> list[Term]:
        return [t for group in self.groups for t in group]

    @property
    def positive_stems(self) -> set[str]:
        return {s for t in self.terms if not t.negated for s in t.stems}

    def websearch(self) -> str:
        def one(term):
            body = f'"{term.key}"' if " " in term.key else term.key
            return ("-" if term.negated else "") + body

        return " ".join(" or ".join(one(t) for t in group) for group in self.groups)


def strip_controls(raw) -> str:
    """``raw`` with control characters (NUL included) removed and spaces collapsed."""
    return " ".join(_CONTROL.sub(" ", str(raw or "")).split())


def clean_query(raw) -> str:
    """The query with control characters removed and spaces collapsed; QueryError if too long."""
    text = strip_controls(raw)
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"عبارة البحث أطول من {MAX_QUERY_CHARS} حرف. اختصرها وأعد المحاولة.")
    return text


def _term(text: str, negated: bool) -> Term | None:
    ws = words(text)
    if not ws:
        return None
    key = " ".join(word_key(w) for w in ws)
    text = " ".join([stem_key(ws[0]), *ws[1:]])
    return Term(key=key, text=text, negated=negated, variant=name_variant(" ".join(ws)))


# Either of two words: «أو» as the page's hint says, and «OR» as in web search engines.
OR_WORDS = ("أو", "OR")


def parse_query(raw) -> ParsedQuery:
    """Parse websearch-style syntax: words, "phrases" or «phrases», -excluded, a أو b."""
    text = clean_query(raw)
    parsed = ParsedQuery()
    join_next = False
    for match in _TOKEN.finditer(text):
        word = match.group("word")
        if word in OR_WORDS and parsed.groups:
            join_next = True
            continue
        negated = bool(match.group("neg"))
        if word is not None:
            negated = negated or (word.startswith("-") and len(word) > 1)
            word = word.lstrip("-")
        term = _term(
            word if word is not None else (match.group("p1") or match.group("p2")), negated
        )
        if term is None:
            continue
        if join_next and not negated and not parsed.groups[-1][-1].negated:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        join_next = False
    if len(parsed.terms) > MAX_TERMS:
        raise QueryError(f"البحث يقبل {MAX_TERMS} كلمة على الأكثر.")
    if not parsed.positive_stems:
        raise QueryError("اكتب كلمة واحدة على الأقل للبحث عنها.")
    return parsed


def as_parsed(query) -> ParsedQuery:
    """``query`` as a ParsedQuery (a string is parsed; QueryError when it cannot be)."""
    return query if isinstance(query, ParsedQuery) else parse_query(query)
