"""PostgreSQL: a weighted, ranked ``tsvector`` per story, and trigram matches on names.

``Article.search_vector`` holds the story's word keys with the ``arabic`` configuration:
title A, deck B, body C, and the names it carries (tags, people, places, sources) D. It
is queried with websearch syntax and ranked; the GIN index of migration 0002 answers it,
and only the newest ``RANKED`` matches are ranked.
A trigram match on the names of people and places catches misspelt names.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import F, Prefetch, Q

from articles.models import KINDS, Article
from articles.models.kinds import PERSON
from articles.search.backends.base import (
    NAME_KINDS,
    ORDER,
    RANKED,
    SearchBackend,
    entity_variant_q,
)
from articles.search.query import ParsedQuery
from articles.text.arabic import words
from articles.text.index import IndexText
from articles.text.keys import index_key, word_key

CONFIG = "arabic"
WEIGHTS = "ABCD"  # title, deck, body, names (tags, people, places, sources)
CHUNK = 500


class PostgresBackend(SearchBackend):
    indexes_tags = True

    def search(self, queryset, parsed):
        tsquery = SearchQuery(parsed.websearch(), search_type="websearch", config=CONFIG)
        if len(parsed.groups) > 1 and any(t.variant for t in parsed.terms):
            match = _groups_with_variants(parsed)
        else:
            match = Q(search_vector=tsquery)
            named = _name_fallback(parsed)
            if named:
                # A plain id list, not a subquery: ``vector @@ q OR id = ANY(...)`` is a
                # BitmapOr of the GIN and primary-key indexes, where an OR with a subquery
                # would test every public story's vector.
                match |= Q(pk__in=named)
        # Rank only what can be shown: the ``RANKED`` newest matches (the GIN index finds
        # them, a top-N sort on the date keeps them), not every story holding a common
        # word. Fewer matches than that are all ranked, so small results are unchanged.
        newest = queryset.filter(match).order_by(*ORDER).values("pk")[: RANKED + 1]
        return (
            queryset.filter(pk__in=newest)
            .annotate(rank=SearchRank(F("search_vector"), tsquery))
            .order_by(F("rank").desc(nulls_last=True), "-published_at", "-id")
        )

    @staticmethod
    def word_q(word: str) -> Q:
        """The key must start a word of the vector (``key:*``), which the GIN index answers.

        A substring match here would need a trigram index on the whole text, which made
        every story written cost more than all its other indexes together.
        """
        lexeme = "'{}':*".format(word_key(word).replace("'", "''"))
        return Q(search_vector=SearchQuery(lexeme, search_type="raw", config=CONFIG))

    def entities(self, kind, key: str, variant: str = ""):
        return (
            kind.model.objects.filter(
                entity_variant_q(kind, key, variant) | Q(key__trigram_word_similar=key)
            )
            .annotate(sim=TrigramWordSimilarity(key, "key"))
            .order_by("-sim", "name")
        )

    def refresh(self, ids: list[int]) -> int:
        total = 0
        for start in range(0, len(ids), CHUNK):
            total += _refresh_chunk(ids[start : start + CHUNK])
        return total

    def index_new(self, articles, texts, names_of) -> None:
        """From what is in memory: no need to read the new stories back."""
        rows = [
            (article.pk, *_vector_parts(article, article_names, text))
            for article, text, article_names in zip(articles, texts, names_of(), strict=True)
        ]
        for start in range(0, len(rows), CHUNK):
            write_vectors(rows[start : start + CHUNK])


def _groups_with_variants(parsed) -> Q:
    """Each group matched by the vector or, for a foreign-looking term, by a person whose
    name is another spelling of it («دونالد ترامب»: «دونالد» in the vector, «ترامب» by
    the person «دونالد ترمب»). Only for several groups with a variant: the subqueries
    then test each story the other groups leave."""
    match = Q()
    for group in parsed.groups:
        words = ParsedQuery([group]).websearch()
        group_q = Q(search_vector=SearchQuery(words, search_type="websearch", config=CONFIG))
        for term in group:
            if not term.negated:
                group_q |= SearchBackend.variant_q(term)
        match &= group_q
    return match


def _name_fallback(parsed) -> list[int]:
    """Ids of stories naming a person or place whose name is trigram-close to a
    one-group query (usually none: then the GIN index answers alone)."""
    if len(parsed.groups) != 1 or parsed.groups[0][0].negated:
        return []
    term = parsed.groups[0][0]
    key = " ".join(words(term.text))
    named = []
    for kind in NAME_KINDS:
        close = Q(key__trigram_word_similar=key)
        if term.variant and kind is PERSON:
            close |= Q(variant_keys__contains=term.variant)
        close = kind.model.objects.filter(close).values("pk")
        mentions = kind.mention_model.objects.visible().filter(**{f"{kind.name}__in": close})
        named.append(mentions.values_list("article_id", flat=True))
    return list(named[0].union(*named[1:]))


def _vector_parts(article, names, text: IndexText | None = None) -> tuple[str, str, str, str]:
    return (*(text or article.index_text()).keys, index_key(" ".join(names)))


def _refresh_chunk(ids) -> int:
    articles = Article.objects.filter(pk__in=ids).prefetch_related(
        "tags",
        *(
            Prefetch(
                f"{kind.name}mention_set",
                kind.mention_model.objects.visible().select_related(kind.name).order_by("pk"),
            )
            for kind in KINDS
        ),
    )
    rows = []
    for a in articles.only("pk", "title", "deck", "body"):
        names = [t.name for t in a.tags.all()]
        for kind in KINDS:
            mentions = getattr(a, f"{kind.name}mention_set").all()
            names += [getattr(m, kind.name).name for m in mentions]
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
    table = connection.ops.quote_name(Article._meta.db_table)
    sql = (
        f"UPDATE {table} AS a SET search_vector = {weighted}"
        f" FROM (VALUES {values}) AS v(id, t, d, b, x) WHERE a.id = v.id::bigint"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
    return len(rows)
