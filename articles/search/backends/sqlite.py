"""SQLite: the portable substring match, answered by an FTS5 index with the trigram tokenizer.

``articles_search_fts`` holds one row per story (rowid = the story's id): its
``search_text`` and the keys of the people and places it names. Migration 0009 creates
and fills it when this SQLite has FTS5 with the trigram tokenizer (3.34+); without it
the table is absent and every search takes the portable ``LIKE`` path. Terms shorter
than three letters, which a trigram index cannot answer, take that path too.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from articles.models import Article, MentionStatus
from articles.search.backends.base import NAME_KINDS, ORDER, SearchBackend

FTS_TABLE = "articles_search_fts"
CHUNK = 500


class SqliteBackend(SearchBackend):
    def search(self, queryset, parsed):
        if not self.fts_available():
            return super().search(queryset, parsed)
        # Newest first, as the published index reads them: the page and its (capped)
        # count stop after the first matches found, the FTS5 index giving the match set.
        return self.filter_groups(queryset, parsed, self._match).order_by(*ORDER)

    def _match(self, term):
        if len(term.text) < 3:
            return self.like_q(term)
        phrase = '"' + term.text.replace('"', '""') + '"'
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        return Q(pk__in=RawSQL(sql, [phrase])) | self.variant_q(term)

    @staticmethod
    def fts_available() -> bool:
        """True when the FTS5 table is there (the migration made it if this SQLite can)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS_TABLE])
            return cursor.fetchone() is not None

    def refresh(self, ids: list[int]) -> int:
        """Rewrite the FTS rows of ``ids`` from the stories' tables (a deleted id: none)."""
        if not self.fts_available():
            return 0
        with connection.cursor() as cursor:
            for start in range(0, len(ids), CHUNK):
                _fill(cursor, ids[start : start + CHUNK])
        return len(ids)


def _fill(cursor, ids) -> None:
    marks = ", ".join(["%s"] * len(ids))
    cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", ids)
    names = " || char(10) || ".join(
        f"coalesce((SELECT group_concat(e.key, char(10)) FROM {kind.mention_model._meta.db_table}"
        f" m JOIN {kind.model._meta.db_table} e ON e.id = m.{kind.fk}"
        f" WHERE m.article_id = a.id AND m.status <> %s), '')"
        for kind in NAME_KINDS
    )
    cursor.execute(
        f"INSERT INTO {FTS_TABLE} (rowid, text, names) SELECT a.id, a.search_text, {names}"
        f" FROM {Article._meta.db_table} a WHERE a.id IN ({marks})",
        [*[MentionStatus.REJECTED] * len(NAME_KINDS), *ids],
    )
