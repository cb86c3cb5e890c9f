"""Resolution of extracted names into one Person, Location or Source record each.

Lookups go through every record's name *and* aliases (normalised), so a name an editor
merged into another record resolves to the record kept. Places and sources not yet in
the database come from the gazetteer and source fixtures; places bring their parent
chain. The index is loaded once per import run and kept in step with each file's
transaction (``begin``/``commit``/``rollback``).

Because the index is loaded once, another import running at the same time may have
created a record since: new records go through ``create_once``, which lets the database's
unique key decide and reads back the record the other import wrote.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from django.db import IntegrityError, transaction

from articles.importer.bulk import insert_rows
from articles.ingest.entities import load_gazetteer, load_sources
from articles.ingest.mentions import Found, StoryEntities
from articles.models import (
    Location,
    LocationKind,
    LocationMention,
    MentionStatus,
    Person,
    PersonMention,
    Quote,
    Source,
    SourceKind,
    SourceMention,
)
from articles.text.keys import name_keys

# Locations the extractor found only statistically, below this confidence, are not
# turned into new records (they still count as nothing rather than as a junk place).
MIN_NEW_PLACE_CONFIDENCE = 0.8


def create_once(record) -> tuple[int, bool]:
    """Save a new entity unless its twin exists: (its id, whether this call created it).

    In a savepoint, so a refusal by the unique key (another import saved the same name
    since this one loaded its index) leaves the file's transaction usable; the database
    is then asked for the record that won. If nothing holds the key, it was the slug that
    was taken at the same moment: pick a free one and try again.
    """
    model = type(record)
    for attempt in range(3):
        try:
            with transaction.atomic():
                record.save()
            return record.pk, True
        except IntegrityError:
            record.pk, record.slug = None, ""
            twin = model._default_manager.filter(**record.identity()).values_list("pk", flat=True)
            if twin:
                return twin[0], False
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _fixture_index(entries):
    by_key = {}
    for entry in entries:
        for name in [entry["name"], *entry.get("aliases", [])]:
            for key in name_keys(name):
                by_key.setdefault(key, entry)
        by_key.setdefault(entry["key"], entry)
    return by_key


def mention_values(model, item: Found) -> dict:
    """A mention row's fields from what the extractor found."""
    values = {
        "count": item.count,
        "excerpt": item.excerpt[:2000],
        "method": item.method[:40],
        "confidence": round(item.confidence, 3),
    }
    if model is PersonMention:
        values["role"] = item.role[:300]
    elif model is SourceMention:
        values["as_credit"] = item.as_credit
    return values


@dataclass
class Resolved:
    """A story's entities as record ids: person key -> id, place and source id -> Found."""

    persons: dict[str, int]
    locations: dict[int, Found]
    sources: dict[int, Found]

    def mentions(self, found: StoryEntities):
        """(mention model, its entity field, entity id -> Found) for each kind."""
        persons = {self.persons[key]: item for key, item in found.persons.items()}
        yield PersonMention, "person_id", persons
        yield LocationMention, "location_id", self.locations
        yield SourceMention, "source_id", self.sources

    def counts(self) -> Counter:
        return Counter(
            PERS=len(set(self.persons.values())), LOC=len(self.locations), SRC=len(self.sources)
        )


class EntityIndex:
    """Normalised name -> record id, for each entity model, plus the fixtures."""

    models = {"PERS": Person, "LOC": Location, "SRC": Source}

    def __init__(self):
        self._ids: dict[str, dict[str, int]] | None = None
        self._pending: dict[str, dict[str, int]] = {}
        self._gazetteer = None
        self._sources = None
        self._source_objects: dict[int, Source] = {}
        self._described: set[int] | None = None  # people known to have a description

    # -- transaction bookkeeping -------------------------------------------------
    def _load(self):
        if self._ids is None:
            self._ids = {}
            for kind, model in self.models.items():
                ids = self._ids[kind] = {}
                for pk, name, aliases in model.objects.values_list("pk", "name", "aliases"):
                    for n in [name, *aliases.splitlines()]:
                        for key in name_keys(n):
                            ids.setdefault(key, pk)
        return self._ids

    def begin(self):
        self._pending = {kind: {} for kind in self.models}

    def commit(self):
        ids = self._load()
        for kind, added in self._pending.items():
            for key, pk in added.items():
                ids[kind].setdefault(key, pk)
        self._pending = {kind: {} for kind in self.models}

    def rollback(self):
        self._pending = {kind: {} for kind in self.models}
        self._source_objects.clear()
        self._described = None

    def _lookup(self, kind: str, name: str) -> int | None:
        ids = self._load()[kind]
        pending = self._pending.get(kind, {})
        for key in name_keys(name):
            pk = pending.get(key) or ids.get(key)
            if pk:
                return pk
        return None

    # -- fixtures ----------------------------------------------------------------
    @property
    def gazetteer(self):
        if self._gazetteer is None:
            self._gazetteer = _fixture_index(load_gazetteer())
        return self._gazetteer

    @property
    def source_fixture(self):
        if self._sources is None:
            self._sources = _fixture_index(load_sources())
        return self._sources

    # -- resolution --------------------------------------------------------------
    def person_id(self, found: Found) -> int:
        pk = self._lookup("PERS", found.key) or self._lookup("PERS", found.name)
        if pk:
            return pk
        person = Person(name=found.name.strip(), description=found.role[:300])
        pk, created = create_once(person)
        if created and person.description and self._described is not None:
            self._described.add(pk)
        self._remember_key("PERS", person.name, pk)
        self._remember_key("PERS", found.key, pk)
        return pk

    def location_id(self, found: Found) -> int | None:
        pk = self._lookup("LOC", found.key) or self._lookup("LOC", found.name)
        if pk:
            return pk
        entry = self._gazetteer_entry(found.key) or self._gazetteer_entry(found.name)
        if entry is not None:
            return self._location_from_gazetteer(entry)
        if found.method == "crf" and found.confidence < MIN_NEW_PLACE_CONFIDENCE:
            return None
        location = Location(name=found.name.strip(), kind=LocationKind.REGION)
        pk, _ = create_once(location)
        for name in (location.name, found.key):
            self._remember_key("LOC", name, pk)
        return pk

    def _gazetteer_entry(self, name: str):
        for key in name_keys(name):
            entry = self.gazetteer.get(key)
            if entry is not None:
                return entry
        return None

    def _location_from_gazetteer(self, entry, depth: int = 0) -> int:
        pk = self._lookup("LOC", entry["name"]) or self._lookup("LOC", entry["key"])
        if pk:
            return pk
        parent_id = None
        parent_key = entry.get("parent")
        if parent_key and depth < 10:
            parent = self.gazetteer.get(parent_key)
            if parent is not None:
                parent_id = self._location_from_gazetteer(parent, depth + 1)
        kind = entry.get("kind") if entry.get("kind") in LocationKind.values else "city"
        location = Location(
            name=entry["name"],
            kind=kind,
            parent_id=parent_id,
            latitude=entry.get("latitude"),
            longitude=entry.get("longitude"),
            aliases="\n".join(entry.get("aliases", [])),
        )
        pk, _ = create_once(location)
        for name in (location.name, entry["key"], *entry.get("aliases", [])):
            self._remember_key("LOC", name, pk)
        return pk

    def source_id(self, name: str) -> int:
        pk = self._lookup("SRC", name)
        if pk:
            return pk
        fixture = self.source_fixture
        entry = next((fixture[k] for k in name_keys(name) if k in fixture), None)
        if entry is not None:
            pk = self._lookup("SRC", entry["name"])
            if pk:
                self._remember_key("SRC", name, pk)
                return pk
            kind = entry.get("kind") if entry.get("kind") in SourceKind.values else "other"
            aliases = "\n".join(entry.get("aliases", []))
            source = Source(name=entry["name"], kind=kind, aliases=aliases)
        else:
            # An agency credit nobody listed yet: a new source for editors to review.
            source = Source(name=name.strip(), kind=SourceKind.AGENCY)
        pk, _ = create_once(source)
        for alias in (source.name, name, *source.alias_list):
            self._remember_key("SRC", alias, pk)
        return pk

    def _remember_key(self, kind: str, name: str, pk: int) -> None:
        for key in name_keys(name):
            self._pending.setdefault(kind, {}).setdefault(key, pk)

    def source_for_credit(self, name: str) -> Source | None:
        if not name or not name.strip():
            return None
        pk = self.source_id(name)
        if pk not in self._source_objects:
            self._source_objects[pk] = Source.objects.get(pk=pk)
        return self._source_objects[pk]

    # -- mentions ----------------------------------------------------------------
    def resolve(self, found: StoryEntities) -> Resolved:
        """Records for a story's entities (creating the new ones), one per record."""
        persons = {key: self.person_id(item) for key, item in found.persons.items()}
        locations = {}
        for item in found.locations.values():
            pk = self.location_id(item)
            if pk and pk not in locations:
                locations[pk] = item
        sources = {}
        for item in found.sources.values():
            pk = self.source_id(item.name)
            if pk in sources:
                sources[pk].count += item.count
                sources[pk].as_credit |= item.as_credit
            else:
                # A copy: the sum must not change what the extractor found, which a
                # batch written again file by file resolves a second time.
                sources[pk] = replace(item)
        resolved = Resolved(persons, locations, sources)
        self._fill_descriptions(found, persons)
        return resolved

    def write_mentions(self, article, found: StoryEntities, *, new: bool = False) -> Counter:
        """Write the story's mentions and quotes; ``new`` skips reconciling existing rows."""
        resolved = self.resolve(found)
        for model, fk, wanted in resolved.mentions(found):
            self._sync(model, fk, article, wanted, new=new)
        self._write_quotes(article, found, resolved.persons, new=new)
        return resolved.counts()

    def new_rows(self, article, found: StoryEntities) -> tuple[list, list, Counter]:
        """Unsaved mention and quote rows of a story not yet in the database.

        For the batch import, which bulk-creates them with the rest of the batch.
        """
        resolved = self.resolve(found)
        mentions = [
            model(article=article, **{fk: entity_id}, **mention_values(model, item))
            for model, fk, wanted in resolved.mentions(found)
            for entity_id, item in wanted.items()
        ]
        quotes = [
            Quote(article=article, person_id=resolved.persons[key], text=text, position=i)
            for i, (key, text) in enumerate(found.quotes)
        ]
        return mentions, quotes, resolved.counts()

    def _sync(self, model, fk: str, article, wanted: dict[int, Found], new=False):
        """Make the article's mentions of ``model`` match ``wanted``, sparing editors' work.

        Rejected mentions stay rejected; accepted ones stay even when no longer found;
        found-by-import ones that disappeared from the text are removed.
        """
        existing = {} if new else {getattr(m, fk): m for m in model.objects.filter(article=article)}
        create, update = [], []
        for entity_id, item in wanted.items():
            values = mention_values(model, item)
            mention = existing.pop(entity_id, None)
            if mention is None:
                create.append(model(article=article, **{fk: entity_id}, **values))
            elif mention.status != MentionStatus.REJECTED and any(
                getattr(mention, k) != v for k, v in values.items()
            ):
                for k, v in values.items():
                    setattr(mention, k, v)
                update.append(mention)
        stale = [m.pk for m in existing.values() if m.status == MentionStatus.FOUND]
        if stale:
            model.objects.filter(pk__in=stale).delete()
        insert_rows(model, create)
        if update:
            model.objects.bulk_update(update, list(values))

    def _write_quotes(self, article, found: StoryEntities, person_ids: dict, new=False) -> None:
        rejected = set() if new else set(
            PersonMention.objects.filter(article=article, status=MentionStatus.REJECTED)
            .values_list("person_id", flat=True)
        )  # fmt: skip
        insert_rows(
            Quote,
            [
                Quote(article=article, person_id=person_ids[key], text=text, position=i)
                for i, (key, text) in enumerate(found.quotes)
                if person_ids[key] not in rejected
            ],
            ignore_conflicts=True,
        )

    def _fill_descriptions(self, found: StoryEntities, person_ids: dict) -> None:
        """Give a role to people who have none yet; an editor's description is never replaced."""
        if self._described is None:
            self._described = set(
                Person.objects.exclude(description="").values_list("pk", flat=True)
            )
        for key, item in found.persons.items():
            pk = person_ids[key]
            if item.role and pk not in self._described:
                Person.objects.filter(pk=pk, description="").update(description=item.role[:300])
                self._described.add(pk)
