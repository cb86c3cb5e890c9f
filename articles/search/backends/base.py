"""The portable backend: substring matches (SQL ``LIKE``) any database Django supports can run.

Each term must appear in the normalised ``Article.search_text`` or in the key of a person
or place the story names (through a visible mention). No ranking: newest first. The
SQLite backend answers the same match from its FTS5 index when it has one; a database
without a backend of its own (neither SQLite nor PostgreSQL) gets this one as it is.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from articles.ingest.entities.variants import name_variant
from articles.models.kinds import LOCATION, PERSON
from articles.text.arabic import words
from articles.text.keys import stem_key

ORDER = ("-published_at", "-id")
# The most matches a search orders and counts: a common word («العراق») matching thousands
# of stories costs what this many cost, and the page says «أكثر من 500 نتيجة».
RANKED = 500

# The kinds whose names find the stories that name them, besides the stories' own text.
# Not sources: their names are credits («أ.ف.ب») on a large share of the stories, and the
# portable and SQLite indexes never carried them (PostgreSQL's vector does, at weight D,
# with the tags).
NAME_KINDS = (PERSON, LOCATION)


def named_variant_q(variant: str) -> Q:
    """The story names (visibly) a person one of whose variant keys holds ``variant``."""
    if not variant:
        return Q()
    named = PERSON.mention_model.objects.visible().filter(
        article=OuterRef("pk"), person__variant_keys__contains=variant
    )
    return Q(Exists(named))


def entity_variant_q(kind, key: str, variant: str) -> Q:
    """The name holds ``key``, or, for a person, a variant key holds ``variant``."""
    q = Q(key__contains=key)
    if variant and kind is PERSON:
        q |= Q(variant_keys__contains=variant)
    return q


class SearchBackend:
    """How stories and names are searched and indexed on one kind of database."""

    # Whether a tag's name is in its stories' index: a renamed tag then re-indexes them.
    indexes_tags = False

    def search(self, queryset, parsed):
        """Stories of ``queryset`` matching the ParsedQuery ``parsed``, best first."""
        return self.filter_groups(queryset, parsed, self.like_q).order_by(*ORDER)

    @staticmethod
    def filter_groups(queryset, parsed, match):
        """``queryset`` filtered by every group of ``parsed`` (an OR of ``match(term)``)."""
        for group in parsed.groups:
            group_q = Q()
            for term in group:
                q = match(term)
                group_q |= ~q if term.negated else q
            queryset = queryset.filter(group_q)
        return queryset

    @staticmethod
    def like_q(term):
        """The story's text, or the key of a person or place it names, holds the term."""
        q = Q(search_text__contains=term.text)
        for kind in NAME_KINDS:
            named = kind.mention_model.objects.visible().filter(
                article=OuterRef("pk"), **{f"{kind.name}__key__contains": term.text}
            )
            q |= Q(Exists(named))
        return q | SearchBackend.variant_q(term)

    @staticmethod
    def variant_q(term):
        """The story names a person another spelling of whose name the term is."""
        return named_variant_q(term.variant)

    def filter_words(self, queryset, text: str):
        """Stories holding every word of ``text`` (the admin's search), each word in its
        normalised, clitic-free form or, for a foreign-looking word, as another spelling
        of a person the story names («ترامب»: the stories naming «ترمب»)."""
        for word in words(text):
            queryset = queryset.filter(self.word_q(word) | named_variant_q(name_variant(word)))
        return queryset

    @staticmethod
    def word_q(word: str) -> Q:
        """The story's normalised text holds ``word`` without its clitics."""
        return Q(search_text__contains=stem_key(word))

    def entities(self, kind, key: str, variant: str = ""):
        """Records of ``kind`` whose name matches the normalised ``key``, best first.

        ``variant``: people whose names' variant keys hold it match too («ترامب»: «ترمب»).
        """
        return kind.model.objects.filter(entity_variant_q(kind, key, variant)).order_by("name")

    def refresh(self, ids: list[int]) -> int:
        """Rewrite the index rows of the stories ``ids``; the number refreshed.

        Nothing to do here: ``search_text`` is written with the story itself.
        """
        return 0

    def index_new(self, articles, texts, names_of) -> None:
        """Index stories just bulk-inserted (see ``articles.search.index_new_articles``)."""
        self.refresh(sorted({article.pk for article in articles}))
