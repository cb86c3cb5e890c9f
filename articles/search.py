"""The one place that knows how search is done on each database.

Text is indexed and queried in the same normalised form (``word_key``:
diacritics and tatweel dropped, letters folded, clitics stripped, Arabic-Indic
digits as Latin), so «الموصل», «المَوْصِل», «بالموصل» and «موصل» meet on one key.

PostgreSQL: a weighted ``tsvector`` in ``Article.search_vector`` (title A, deck B,
body C, tags and entity names D) with the ``arabic`` configuration, queried with
websearch syntax and ranked; a trigram match on people, places and sources as a
fallback for misspelt names.

SQLite: each term must appear in the normalised ``Article.search_text`` or in the
key of a person or place the story names; quotes, ``-word`` and ``OR`` work too.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from articles.ingest.arabic import stem_key, words

CONFIG = "arabic"
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


def word_key(word: str) -> str:
    """A normalised word with clitics stripped until none is left: «بكركوك» and «كركوك»
    meet on one key (a single pass would leave them apart)."""
    key = stem_key(word)
    while (shorter := stem_key(key)) != key:
        key = shorter
    return key


def index_key(text: str) -> str:
    """``text`` as the run of word keys the PostgreSQL vector is built from."""
    return " ".join(word_key(w) for w in words(text))


def _term(text: str, negated: bool) -> Term | None:
    ws = words(text)
    if not ws:
        return None
    key = " ".join(word_key(w) for w in ws)
    return Term(key=key, text=" ".join([stem_key(ws[0]), *ws[1:]]), negated=negated)


def parse_query(raw) -> ParsedQuery:
    """Parse websearch-style syntax: words, "phrases" or «phrases», -excluded, a OR b."""
    text = clean_query(raw)
    parsed = ParsedQuery()
    join_next = False
    for match in _TOKEN.finditer(text):
        word = match.group("word")
        if word == "OR" and parsed.groups:
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


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def search_articles(queryset, query):
    """Stories of ``queryset`` matching ``query`` (a string or ParsedQuery), best first.

    Raises QueryError for a query that cannot be searched (too long, nothing to look for).
    """
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    if is_postgres():
        return _search_postgres(queryset, parsed)
    return _search_sqlite(queryset, parsed)


def _search_postgres(queryset, parsed):
    from django.contrib.postgres.search import SearchQuery, SearchRank

    tsquery = SearchQuery(parsed.websearch(), search_type="websearch", config=CONFIG)
    match = Q(search_vector=tsquery)
    names = _name_fallback(parsed)
    if names is not None:
        match |= names
    return (
        queryset.filter(match)
        .annotate(rank=SearchRank(F("search_vector"), tsquery))
        .order_by(F("rank").desc(nulls_last=True), "-published_at", "-id")
    )


def _name_fallback(parsed):
    """Stories naming a person or place whose name is trigram-close to a one-group query."""
    if len(parsed.groups) != 1 or parsed.groups[0][0].negated:
        return None
    from articles.models import Location, LocationMention, Person, PersonMention

    key = " ".join(words(parsed.groups[0][0].text))
    people = Person.objects.filter(key__trigram_word_similar=key)
    places = Location.objects.filter(key__trigram_word_similar=key)
    return Q(
        pk__in=PersonMention.objects.visible()
        .filter(person__in=people.values("pk"))
        .values("article_id")
    ) | Q(
        pk__in=LocationMention.objects.visible()
        .filter(location__in=places.values("pk"))
        .values("article_id")
    )


def _search_sqlite(queryset, parsed):
    from articles.models import LocationMention, PersonMention

    def term_q(term):
        people = PersonMention.objects.visible().filter(
            article=OuterRef("pk"), person__key__contains=term.text
        )
        places = LocationMention.objects.visible().filter(
            article=OuterRef("pk"), location__key__contains=term.text
        )
        q = Q(search_text__contains=term.text) | Q(Exists(people)) | Q(Exists(places))
        return ~q if term.negated else q

    for group in parsed.groups:
        group_q = Q()
        for term in group:
            group_q |= term_q(term)
        queryset = queryset.filter(group_q)
    return queryset.order_by("-published_at", "-id")


def search_entities(query, *, limit=8):
    """People, places and sources whose names match ``query`` (trigram on PostgreSQL)."""
    from articles.models import Location, Person, Source

    try:
        parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    except QueryError:
        return {}
    key = " ".join(t.text for t in parsed.terms if not t.negated)
    found = {}
    for label, model in (("people", Person), ("places", Location), ("sources", Source)):
        qs = model.objects.all()
        if is_postgres():
            from django.contrib.postgres.search import TrigramWordSimilarity

            qs = (
                qs.filter(Q(key__contains=key) | Q(key__trigram_word_similar=key))
                .annotate(sim=TrigramWordSimilarity(key, "key"))
                .order_by("-sim", "name")
            )
        else:
            qs = qs.filter(key__contains=key).order_by("name")
        found[label] = qs
    return {
        label: list(qs.filter(pk__in=_public_entity_ids(label))[:limit])
        for label, qs in found.items()
    }


def _public_entity_ids(label):
    from articles.models import Article, LocationMention, PersonMention, SourceMention

    public = Article.objects.published().values("pk")
    model, column = {
        "people": (PersonMention, "person_id"),
        "places": (LocationMention, "location_id"),
        "sources": (SourceMention, "source_id"),
    }[label]
    return model.objects.visible().filter(article__in=public).values(column)


# --- highlighted snippets --------------------------------------------------------

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


# --- the PostgreSQL index ---------------------------------------------------------

_pending: list[set[int]] = []


@contextmanager
def deferred_refresh():
    """Collect refreshes inside the block (e.g. one import) and run them once at its end."""
    _pending.append(set())
    try:
        yield
    finally:
        ids = _pending.pop()
        if ids:
            refresh_search_index(ids)


def refresh_search_index(article_ids) -> int:
    """Rebuild ``search_vector`` for the given article ids; a no-op on SQLite.

    The vector holds the normalised text (title A, deck B, body C, tags and
    people/places/sources named D). Returns the number of articles refreshed.
    """
    ids = {int(i) for i in article_ids if i is not None}
    if not ids or not is_postgres():
        return 0
    if _pending:
        _pending[-1].update(ids)
        return 0
    total = 0
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        total += _refresh_chunk(ordered[start : start + 500])
    return total


def _refresh_chunk(ids) -> int:
    from django.db.models import Prefetch

    from articles.models import Article, LocationMention, PersonMention, SourceMention

    articles = Article.objects.filter(pk__in=ids).prefetch_related(
        "tags",
        Prefetch("personmention_set", PersonMention.objects.visible().select_related("person")),
        Prefetch(
            "locationmention_set", LocationMention.objects.visible().select_related("location")
        ),
        Prefetch("sourcemention_set", SourceMention.objects.visible().select_related("source")),
    )
    rows = []
    for a in articles.only("pk", "title", "deck", "body"):
        names = [t.name for t in a.tags.all()]
        names += [m.person.name for m in a.personmention_set.all()]
        names += [m.location.name for m in a.locationmention_set.all()]
        names += [m.source.name for m in a.sourcemention_set.all()]
        rows.append(
            (
                a.pk,
                index_key(a.title),
                index_key(a.deck),
                index_key(a.body_text),
                index_key(" ".join(names)),
            )
        )
    if not rows:
        return 0
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    weighted = " || ".join(
        f"setweight(to_tsvector('{CONFIG}', v.{column}), '{weight}')"
        for column, weight in (("t", "A"), ("d", "B"), ("b", "C"), ("x", "D"))
    )
    sql = (
        f"UPDATE articles_article AS a SET search_vector = {weighted}"
        f" FROM (VALUES {values}) AS v(id, t, d, b, x) WHERE a.id = v.id::bigint"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
    return len(rows)
