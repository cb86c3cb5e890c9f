"""The one registry of entity kinds: people, places and sources, and what each is called.

Everything that treats the three alike (search, the import, merging, mention review,
invalidation, sitemaps, filters, the entity pages, related stories) loops over ``KINDS``
instead of naming the three models again.
"""

from __future__ import annotations

from dataclasses import dataclass

from articles.models.entities import Location, Person, Source
from articles.models.mentions import LocationMention, PersonMention, SourceMention


@dataclass(frozen=True)
class EntityKind:
    name: str  # "person": the mention's foreign key, the URL names' stem
    model: type  # Person
    mention_model: type  # PersonMention
    plural: str  # "people": context and parameter name on the site
    tag: str  # "PERS": the extraction's type
    fill_fields: tuple[str, ...]  # copied to the kept record of a merge when it has none
    # The mention's own fields beyond the shared ones (a person's role in the story, a
    # source as a photo credit): what the extraction fills, the story form and merges show.
    found_fields: tuple[str, ...] = ()

    @property
    def fk(self) -> str:
        """The mention's column for the entity: ``person_id``."""
        return f"{self.name}_id"

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def detail_name(self) -> str:
        """The name of its public page's URL pattern (``person_detail``)."""
        return f"{self.model._meta.model_name}_detail"

    @property
    def url_name(self) -> str:
        return f"articles:{self.detail_name}"

    @property
    def feed_name(self) -> str:
        return f"{self.model._meta.model_name}_feed"

    def mentions_of(self, entities):
        """Mentions (any status) of ``entities`` (records or ids)."""
        return self.mention_model.objects.filter(**{f"{self.name}__in": entities})


PERSON = EntityKind(
    "person", Person, PersonMention, "people", "PERS", ("description",), found_fields=("role",)
)
LOCATION = EntityKind(
    "location", Location, LocationMention, "places", "LOC", ("latitude", "longitude", "parent_id")
)
SOURCE = EntityKind(
    "source", Source, SourceMention, "sources", "SRC", ("url",), found_fields=("as_credit",)
)
KINDS = (PERSON, LOCATION, SOURCE)
_BY_MODEL = {kind.model: kind for kind in KINDS} | {kind.mention_model: kind for kind in KINDS}


def kind_of(model_or_instance) -> EntityKind:
    """The kind of an entity or mention model (or of one of their records)."""
    model = model_or_instance if isinstance(model_or_instance, type) else type(model_or_instance)
    try:
        return _BY_MODEL[model]
    except KeyError:
        raise TypeError(f"{model.__name__} is not an entity kind") from None
