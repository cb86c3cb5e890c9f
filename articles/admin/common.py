"""Pieces shared by the admins: Arabic-tolerant search and annotated counts."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from articles.ingest.arabic import words
from articles.models import MentionStatus, name_key


def count_of(model, fk: str, *, visible_mentions: bool = False):
    """A subquery counting ``model`` rows pointing at the outer row through ``fk``.

    A subquery (not a JOIN + COUNT) so two counts on one list never multiply each other.
    """
    rows = model.objects.filter(**{fk: OuterRef("pk")})
    if visible_mentions:
        rows = rows.exclude(status=MentionStatus.REJECTED)
    counted = rows.order_by().values(fk).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class ArabicSearchMixin:
    """Entity search on the normalised ``key`` and on normalised aliases.

    «الفريق سعد معن», «سعد مَعن» and «سعد معن» find the same person; an alias such as
    «أ.ف.ب» finds «وكالة الصحافة الفرنسية». Aliases are stored as written, so they are
    normalised here, over the (small) set of records that have any.
    """

    search_fields = ("name",)  # required for autocomplete; the matching is done below.

    def get_search_results(self, request, queryset, search_term):
        terms = words(search_term)
        if not terms:
            return queryset, False
        by_key = Q()
        for term in terms:
            by_key &= Q(key__contains=term)
        return queryset.filter(by_key | Q(pk__in=self._alias_matches(terms))), False

    def _alias_matches(self, terms: list[str]) -> list[int]:
        matches = []
        rows = self.model.objects.exclude(aliases="").values_list("pk", "aliases")
        for pk, aliases in rows.iterator():
            keys = [name_key(alias) for alias in aliases.splitlines() if alias.strip()]
            if any(all(term in key for term in terms) for key in keys):
                matches.append(pk)
        return matches
