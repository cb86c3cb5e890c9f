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
The substring match is answered by an FTS5 table with the trigram tokenizer
(``articles_search_fts``: one row per story, its text and the names it carries),
created on first use and kept in step by ``refresh_search_index``; terms shorter
than three letters, which a trigram index cannot answer, fall back to LIKE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from articles.text.arabic import words
from articles.text.index import IndexText, search_text_of  # noqa: F401
from articles.text.keys import index_key, stem_key, stem_keys, word_key

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


def filter_words(queryset, text: str):
    """Stories whose title, deck or body hold every word of ``text`` (the admin's search).

    Words are compared in their normalised, clitic-free form, so spelling variants meet.
    SQLite: each key must appear in ``search_text``. PostgreSQL: each key must start a
    word of the indexed vector (``key:*``), which the GIN index answers; a substring
    match there would need a trigram index on the whole text, which made every story
    written cost more than all its other indexes together.
    """
    if not is_postgres():
        for key in stem_keys(text):
            queryset = queryset.filter(search_text__contains=key)
        return queryset
    keys = [word_key(w) for w in words(text)]
    if not keys:
        return queryset
    from django.contrib.postgres.search import SearchQuery

    lexemes = " & ".join("'{}':*".format(key.replace("'", "''")) for key in keys)
    return queryset.filter(search_vector=SearchQuery(lexemes, search_type="raw", config=CONFIG))


def _search_postgres(queryset, parsed):
    from django.contrib.postgres.search import SearchQuery, SearchRank

    tsquery = SearchQuery(parsed.websearch(), search_type="websearch", config=CONFIG)
    match = Q(search_vector=tsquery)
    named = _name_fallback(parsed)
    if named:
        # A plain id list, not a subquery: ``vector @@ q OR id = ANY(...)`` is a BitmapOr
        # of the GIN and primary-key indexes, where an OR with a subquery would test
        # every public story's vector.
        match |= Q(pk__in=named)
    return (
        queryset.filter(match)
        .annotate(rank=SearchRank(F("search_vector"), tsquery))
        .order_by(F("rank").desc(nulls_last=True), "-published_at", "-id")
    )


def _name_fallback(parsed) -> list[int]:
    """Ids of stories naming a person or place whose name is trigram-close to a
    one-group query (usually none: then the GIN index answers alone)."""
    if len(parsed.groups) != 1 or parsed.groups[0][0].negated:
        return []
    from articles.models import Location, LocationMention, Person, PersonMention

    key = " ".join(words(parsed.groups[0][0].text))
    people = Person.objects.filter(key__trigram_word_similar=key)
    places = Location.objects.filter(key__trigram_word_similar=key)
    return list(
        PersonMention.objects.visible()
        .filter(person__in=people.values("pk"))
        .values_list("article_id", flat=True)
        .union(
            LocationMention.objects.visible()
            .filter(location__in=places.values("pk"))
            .values_list("article_id", flat=True)
        )
    )


def _search_sqlite(queryset, parsed):
    from django.db.models.expressions import RawSQL

    from articles.models import LocationMention, PersonMention

    fts = fts_available()

    def term_q(term):
        if fts and len(term.text) >= 3:
            phrase = '"' + term.text.replace('"', '""') + '"'
            q = Q(
                pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [phrase])
            )
        else:
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


# --- the SQLite FTS5 table ------------------------------------------------------

FTS_TABLE = "articles_search_fts"


def _fts_exists(cursor) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS_TABLE])
    return cursor.fetchone() is not None


def fts_available() -> bool:
    """True when the SQLite FTS5 table is there (created and filled on first use)."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        if _fts_exists(cursor):
            return True
    try:
        _create_fts()
    except Exception:  # no FTS5 or trigram tokenizer in this SQLite: LIKE it is
        return False
    return True


def _create_fts():
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if _fts_exists(cursor):  # another process made it while we waited for the lock
            return
        cursor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(text, names, tokenize='trigram')"
        )
        _fill_fts(cursor, None)


def _fill_fts(cursor, ids):
    """(Re)write the FTS rows of ``ids`` (None: every story) from the stories' tables."""
    from articles.models import (
        Article,
        Location,
        LocationMention,
        MentionStatus,
        Person,
        PersonMention,
    )

    article = Article._meta.db_table

    def names(mention, entity, column):
        return (
            f"(SELECT group_concat(e.key, char(10)) FROM {mention._meta.db_table} m"
            f" JOIN {entity._meta.db_table} e ON e.id = m.{column}"
            f" WHERE m.article_id = a.id AND m.status <> %s)"
        )

    where, params = "", []
    if ids is not None:
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", list(ids))
        where, params = f" WHERE a.id IN ({marks})", list(ids)
    people = names(PersonMention, Person, "person_id")
    places = names(LocationMention, Location, "location_id")
    cursor.execute(
        f"INSERT INTO {FTS_TABLE} (rowid, text, names)"
        f" SELECT a.id, a.search_text, coalesce({people}, '') || char(10) || coalesce({places}, '')"
        f" FROM {article} a{where}",
        [MentionStatus.REJECTED, MentionStatus.REJECTED, *params],
    )


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
    return {label: list(qs.public()[:limit]) for label, qs in found.items()}


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

WEIGHTS = "ABCD"  # title, deck, body, names (tags, people, places, sources)


def _vector_parts(article, names, text: IndexText | None = None) -> tuple[str, str, str, str]:
    return (*(text or article.index_text()).keys, index_key(" ".join(names)))


def index_new_articles(articles, texts, names_of) -> None:
    """Index articles just bulk-inserted, from what is in memory: no need to read them back.

    ``texts``: per article, its ``IndexText``; ``names_of()``: per article, the names its
    index carries (see ``refresh_search_index``). Only PostgreSQL's vector needs them:
    SQLite's FTS row reads the database.
    """
    if not is_postgres():
        refresh_search_index([article.pk for article in articles])
        return
    rows = [
        (article.pk, *_vector_parts(article, article_names, text))
        for article, text, article_names in zip(articles, texts, names_of(), strict=True)
    ]
    for start in range(0, len(rows), 500):
        write_vectors(rows[start : start + 500])


def refresh_search_index(article_ids) -> int:
    """Rebuild the search index of the given article ids (a deleted id drops its row).

    PostgreSQL: ``search_vector`` holds the normalised text (title A, deck B, body C,
    tags and people/places/sources named D). SQLite: the FTS5 row (text and the
    people/places named). Returns the number of articles refreshed.
    """
    ids = {int(i) for i in article_ids if i is not None}
    if not ids or connection.vendor not in ("postgresql", "sqlite"):
        return 0
    if connection.vendor == "sqlite":
        return _refresh_sqlite(sorted(ids))
    total = 0
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        total += _refresh_chunk(ordered[start : start + 500])
    return total


def _refresh_sqlite(ids) -> int:
    with connection.cursor() as cursor:
        if not _fts_exists(cursor):
            return len(ids) if fts_available() else 0  # just created from every story
        for start in range(0, len(ids), 500):
            _fill_fts(cursor, ids[start : start + 500])
    return len(ids)


def _refresh_chunk(ids) -> int:
    from django.db.models import Prefetch

    from articles.models import Article, LocationMention, PersonMention, SourceMention

    articles = Article.objects.filter(pk__in=ids).prefetch_related(
        "tags",
        *(
            Prefetch(
                f"{entity}mention_set",
                model.objects.visible().select_related(entity).order_by("pk"),
            )
            for entity, model in (
                ("person", PersonMention),
                ("location", LocationMention),
                ("source", SourceMention),
            )
        ),
    )
    rows = []
    for a in articles.only("pk", "title", "deck", "body"):
        names = [t.name for t in a.tags.all()]
        names += [m.person.name for m in a.personmention_set.all()]
        names += [m.location.name for m in a.locationmention_set.all()]
        names += [m.source.name for m in a.sourcemention_set.all()]
        rows.append((a.pk, *_vector_parts(a, names)))
    return write_vectors(rows)


def write_vectors(rows) -> int:
    """Set ``search_vector`` from (id, title, deck, body, names) rows of index keys."""
    if not rows:
        return 0
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    weighted = " || ".join(
        f"setweight(to_tsvector('{CONFIG}', v.{column}), '{weight}')"
        for column, weight in zip("tdbx", WEIGHTS, strict=True)
    )
    sql = (
        f"UPDATE articles_article AS a SET search_vector = {weighted}"
        f" FROM (VALUES {values}) AS v(id, t, d, b, x) WHERE a.id = v.id::bigint"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
    return len(rows)
