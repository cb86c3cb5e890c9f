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

from dataclasses import dataclass, replace

from django.db import IntegrityError, transaction

from articles.importer.bulk import insert_rows
from articles.importer.variants import PersonVariants
from articles.ingest.entities import load_gazetteer, load_sources
from articles.ingest.mentions import Found, StoryEntities
from articles.models import (
    KINDS,
    EntityKind,
    Location,
    LocationKind,
    MentionStatus,
    Person,
    PersonMention,
    Quote,
    Source,
    SourceKind,
)
from articles.models.kinds import LOCATION, PERSON, SOURCE
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


def mention_values(kind: EntityKind, item: Found) -> dict:
    """A mention row's fields from what the extractor found."""
    values = {
        "count": item.count,
        "excerpt": item.excerpt[:2000],
        "method": item.method[:40],
        "confidence": round(item.confidence, 3),
    }
    for name in kind.found_fields:
        value, limit = getattr(item, name), kind.mention_model._meta.get_field(name).max_length
        values[name] = value[:limit] if limit else value
    return values


def quote_rows(article, found: StoryEntities, person_ids: dict, rejected=()) -> list[Quote]:
    """The story's quotes, but those of people whose mention an editor rejected."""
    return [
        Quote(article=article, person_id=person_ids[key], text=text, position=i)
        for i, (key, text) in enumerate(found.quotes)
        if person_ids[key] not in rejected
    ]


@dataclass
class Resolved:
    """A story's entities as record ids: person key -> id, and per kind id -> Found."""

    persons: dict[str, int]  # what quotes name their speaker by
    wanted: dict[EntityKind, dict[int, Found]]  # the mentions to write, per kind
    refused: frozenset[int] = frozenset()  # people left out as editors' false positives

    def counts(self) -> dict[str, int]:
        """Records named, per kind (``FileReport`` counts them under the kind's plural)."""
        return {kind.plural: len(self.wanted[kind]) for kind in KINDS}


class EntityIndex:
    """Normalised name -> record id, for each entity kind (by tag), plus the fixtures."""

    def __init__(self):
        self._ids: dict[str, dict[str, int]] | None = None
        self._pending: dict[str, dict[str, int]] = {}
        self._gazetteer = None
        self._refused: dict[str, set[int]] = {}  # per kind: see ``refused``
        self._sources = None
        self._source_objects: dict[int, Source] = {}
        self._described: set[int] | None = None  # people known to have a description
        self._variants = PersonVariants()  # people by their names' transliteration variant

    # -- transaction bookkeeping -------------------------------------------------
    def _load(self):
        if self._ids is None:
            self._ids = {}
            for kind in KINDS:
                ids = self._ids[kind.tag] = {}
                for pk, name, aliases in kind.model.objects.values_list("pk", "name", "aliases"):
                    for n in [name, *aliases.splitlines()]:
                        for key in name_keys(n):
                            ids.setdefault(key, pk)
        return self._ids

    def begin(self):
        self._pending = {kind.tag: {} for kind in KINDS}

    def commit(self):
        ids = self._load()
        for kind, added in self._pending.items():
            for key, pk in added.items():
                ids[kind].setdefault(key, pk)
        self._pending = {kind.tag: {} for kind in KINDS}
        self._variants.commit()

    def rollback(self):
        self._pending = {kind.tag: {} for kind in KINDS}
        self._variants.rollback()
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
        pk = self._lookup(PERSON.tag, found.key) or self._lookup(PERSON.tag, found.name)
        if pk:
            return pk
        pk = self._variants.find(found.key, found.name)
        if pk:
            # Another spelling of a known foreign name: that person's alias, as a merge
            # would make it, so the next import and the search find it by its own key.
            person = Person.objects.get(pk=pk)
            if person.add_aliases([found.name]):
                person.save(update_fields=["aliases", "updated_at"])
        else:
            person = Person(name=found.name.strip(), description=found.role[:300])
            pk, created = create_once(person)
            if created and person.description and self._described is not None:
                self._described.add(pk)
            if created:
                self._variants.remember(person)
        for name in (person.name, found.name, found.key):
            self._remember_key(PERSON.tag, name, pk)
        return pk

    def location_id(self, found: Found) -> int | None:
        pk = self._lookup(LOCATION.tag, found.key) or self._lookup(LOCATION.tag, found.name)
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
            self._remember_key(LOCATION.tag, name, pk)
        return pk

    def _gazetteer_entry(self, name: str):
        for key in name_keys(name):
            entry = self.gazetteer.get(key)
            if entry is not None:
                return entry
        return None

    def _location_from_gazetteer(self, entry, depth: int = 0) -> int:
        pk = self._lookup(LOCATION.tag, entry["name"]) or self._lookup(LOCATION.tag, entry["key"])
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
            self._remember_key(LOCATION.tag, name, pk)
        return pk

    def source_id(self, name: str) -> int:
        pk = self._lookup(SOURCE.tag, name)
        if pk:
            return pk
        fixture = self.source_fixture
        entry = next((fixture[k] for k in name_keys(name) if k in fixture), None)
        if entry is not None:
            pk = self._lookup(SOURCE.tag, entry["name"])
            if pk:
                self._remember_key(SOURCE.tag, name, pk)
                return pk
            kind = entry.get("kind") if entry.get("kind") in SourceKind.values else "other"
            aliases = "\n".join(entry.get("aliases", []))
            source = Source(name=entry["name"], kind=kind, aliases=aliases)
        else:
            # An agency credit nobody listed yet: a new source for editors to review.
            source = Source(name=name.strip(), kind=SourceKind.AGENCY)
        pk, _ = create_once(source)
        for alias in (source.name, name, *source.alias_list):
            self._remember_key(SOURCE.tag, alias, pk)
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
        people = {pk: found.persons[key] for key, pk in persons.items()}
        wanted = {PERSON: people, LOCATION: locations, SOURCE: sources}
        refused = {kind: self.refused(kind, wanted[kind]) for kind in KINDS}
        for kind, ids in refused.items():
            for pk in ids:
                del wanted[kind][pk]
        resolved = Resolved(persons, wanted, frozenset(refused[PERSON]))
        self._fill_descriptions(found, persons)
        return resolved

    def write_mentions(self, article, found: StoryEntities, *, new: bool = False) -> dict[str, int]:
        """Write the story's mentions and quotes; ``new`` skips reconciling existing rows."""
        resolved = self.resolve(found)
        for kind, wanted in resolved.wanted.items():
            self._sync(kind, article, wanted, new=new)
        self._write_quotes(article, found, resolved.persons, new=new, refused=resolved.refused)
        return resolved.counts()

    def new_rows(self, article, found: StoryEntities) -> tuple[list, list, dict[str, int]]:
        """Unsaved mention and quote rows of a story not yet in the database.

        For the batch import, which bulk-creates them with the rest of the batch.
        """
        resolved = self.resolve(found)
        mentions = [
            kind.mention_model(article=article, **{kind.fk: pk}, **mention_values(kind, item))
            for kind, wanted in resolved.wanted.items()
            for pk, item in wanted.items()
        ]
        quotes = quote_rows(article, found, resolved.persons, resolved.refused)
        return mentions, quotes, resolved.counts()

    def _sync(self, kind: EntityKind, article, wanted: dict[int, Found], new=False):
        """Make the article's mentions of ``kind`` match ``wanted``, sparing editors' work.

        Rejected mentions stay rejected; accepted ones stay even when no longer found;
        found-by-import ones that disappeared from the text are removed.
        """
        model, fk = kind.mention_model, kind.fk
        existing = {} if new else {getattr(m, fk): m for m in model.objects.filter(article=article)}
        create, update = [], []
        for entity_id, item in wanted.items():
            values = mention_values(kind, item)
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

    def _write_quotes(
        self, article, found: StoryEntities, person_ids: dict, new=False, refused=frozenset()
    ) -> None:
        rejected = set(refused) if new else set(refused) | set(
            PersonMention.objects.filter(article=article, status=MentionStatus.REJECTED)
            .values_list("person_id", flat=True)
        )  # fmt: skip
        insert_rows(Quote, quote_rows(article, found, person_ids, rejected), ignore_conflicts=True)

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

    # -- what editors taught it (issue 13, item 7) -----------------------------------
    def refused(self, kind: EntityKind, ids) -> set[int]:
        """Those of ``ids`` an editor rejected in some story and accepted in none.

        A false positive («حوران» as a person) rejected once is then not proposed in any
        other story, by this run or a later one; accepting it in one story lifts that.
        Read once per index (per import run): a whole run decides by the same rule.
        """
        if kind.tag not in self._refused:
            self._refused[kind.tag] = refused_ids(kind)
        return self._refused[kind.tag] & set(ids)


def refused_ids(kind: EntityKind, among=None) -> set[int]:
    """Records of ``kind`` with a rejected mention and no accepted one (``among`` only)."""
    mentions = kind.mention_model.objects.all()
    if among is not None:
        mentions = mentions.filter(**{f"{kind.fk}__in": among})
    statuses = {}
    pairs = mentions.exclude(status=MentionStatus.FOUND).values_list(kind.fk, "status")
    for pk, status in pairs.distinct():
        statuses.setdefault(pk, set()).add(status)
    return {pk for pk, seen in statuses.items() if MentionStatus.ACCEPTED not in seen}
