"""People by the transliteration variant of their names, for resolution.

A name the extractor found that matches no person's name or alias may still be another
spelling of a foreign name already known («ترامب» for «ترمب»): ``PersonVariants`` finds
that person by ``Person.variant_keys`` (``ingest.entities.variants``). A variant two
people share resolves neither: a new spelling must point at one person or none.
Loaded once per import run and kept in step with each file's transaction, as the
``EntityIndex`` that holds it.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from articles.ingest.entities.variants import name_variant
from articles.models import Person


def _add(variants: dict[str, int | None], variant: str, pk: int) -> None:
    """Record that ``variant`` names ``pk``; a variant naming two people names neither."""
    variants[variant] = pk if variants.get(variant, pk) == pk else None


class PersonVariants:
    """``names``: the only names that will be looked up (one story saved in the admin), so
    only the people they can be are read; None (an import run): every person, once."""

    def __init__(self, names=None):
        self._known: dict[str, int | None] | None = None
        self._pending: dict[str, int | None] = {}
        self._scope = None if names is None else {v for v in map(name_variant, names) if v}

    def _people(self):
        people = Person.objects.exclude(variant_keys="")
        if self._scope is None:
            return people
        # A line equal to a wanted variant contains it: every person sharing it is read,
        # so a variant two people share is still seen as shared.
        return people.filter(
            reduce(or_, (Q(variant_keys__contains=v) for v in self._scope), Q(pk__in=[]))
        )

    def _load(self) -> dict[str, int | None]:
        if self._known is None:
            self._known = {}
            people = self._people().values_list("pk", "variant_keys")
            for pk, lines in people:
                for variant in lines.splitlines():
                    _add(self._known, variant, pk)
        return self._known

    def commit(self) -> None:
        known = self._load()
        for variant, pk in self._pending.items():
            if pk is None:
                known[variant] = None
            else:
                _add(known, variant, pk)
        self._pending = {}

    def rollback(self) -> None:
        self._pending = {}

    def find(self, *names: str) -> int | None:
        """The one person one of ``names`` is another spelling of, if any."""
        known = self._load()
        for name in names:
            variant = name_variant(name)
            if variant:
                pk = self._pending[variant] if variant in self._pending else known.get(variant)
                if pk:
                    return pk
        return None

    def remember(self, person: Person) -> None:
        """A person just created: its spellings are known from now on (in this file)."""
        known = self._load()
        for variant in person.variant_keys.splitlines():
            if variant in self._pending:
                _add(self._pending, variant, person.pk)
            elif variant in known:
                self._pending[variant] = person.pk if known[variant] == person.pk else None
            else:
                self._pending[variant] = person.pk
