"""Entity extraction for one story outside an import: a story saved in the admin.

The same pipeline as the import (``ingest.mentions.collect`` on the story's text, then
``EntityIndex.write_mentions``), so an editor's decisions are kept exactly as a re-import
keeps them: a rejected mention stays rejected, an accepted one stays, a name merged into
another record resolves to it through its aliases.

What differs is the index. An import loads every record's names once and keeps them for
the whole run; a single story cannot pay for that (with 10,000 records it is most of a
second). ``StoryIndex`` asks the database only for the records the story's names can be:
one query per kind for the names extraction found, and one more for any name resolution
looks up beyond those (a place's parent from the gazetteer, a credit's outlet).
"""

from __future__ import annotations

from functools import cache

from django.db.models import Q

from articles import changes
from articles.importer.resolve import EntityIndex, _fixture_index, refused_ids
from articles.importer.variants import PersonVariants
from articles.ingest.entities import load_gazetteer, load_sources
from articles.ingest.mentions import StoryEntities, collect
from articles.ingest.parser import Block, Byline, Credit, Story
from articles.models import KINDS, Article, Person
from articles.models.kinds import LOCATION, PERSON, SOURCE
from articles.text.keys import name_keys

# The article's fields whose change means its mentions must be found again.
TEXT_FIELDS = ("title", "deck", "body_text", "byline", "dateline")


@cache
def _gazetteer_index():
    return _fixture_index(load_gazetteer())


@cache
def _source_index():
    return _fixture_index(load_sources())


def story_of(article: Article) -> Story:
    """The article as the parser would have given it: what extraction reads."""
    byline = None
    if article.byline or article.dateline:
        byline = Byline(author=article.byline, dateline=article.dateline)
    captions = [
        Block("caption", image.caption, _credit(image.credit_text, image.is_archive))
        for image in article.images.order_by("position", "pk")
        if image.caption
    ]
    blocks = [
        Block(
            block.get("kind", "paragraph"),
            block.get("text", ""),
            _credit(block.get("credit", ""), block.get("archive", False)),
        )
        for block in article.blocks
    ]
    return Story(
        title=article.title,
        deck=article.deck,
        section="",  # extraction does not read it; it would cost a query
        is_exclusive=article.is_exclusive,
        byline=byline,
        lead_captions=captions,
        blocks=blocks,
        teasers=[],
        first_line=0,
    )


def _shortest(keys) -> list[str]:
    """The keys no shorter one is part of: each substring search among them is needed."""
    kept: list[str] = []
    for key in sorted(keys, key=len):
        if not any(k in key for k in kept):
            kept.append(key)
    return kept


def _credit(source: str, is_archive: bool) -> Credit | None:
    return Credit(source, bool(is_archive)) if source else None


def extract_story(article: Article) -> dict[str, int]:
    """Find the story's people, places, sources and quotes and write them, as an import
    would; returns the records named per kind (``{"people": 2, ...}``).

    In one ``changes.atomic`` block: the story is re-indexed once, with its mentions.
    """
    found = collect(story_of(article))
    index = StoryIndex(found)
    with changes.atomic():
        counts = index.write_mentions(article, found)
        changes.touch([article.pk])  # mentions written in bulk send no signal
    return counts


class StoryIndex(EntityIndex):
    """An ``EntityIndex`` holding only the records one story's names can resolve to."""

    def __init__(self, found: StoryEntities):
        super().__init__()
        people = [n for f in found.persons.values() for n in (f.key, f.name)]
        self._variants = PersonVariants(names=people)
        self._ids = {kind.tag: {} for kind in KINDS}
        self._asked: dict[str, set[str]] = {kind.tag: set() for kind in KINDS}
        self._ask(PERSON.tag, people)
        places = [n for f in found.locations.values() for n in (f.key, f.name)]
        self._ask(LOCATION.tag, places + self._gazetteer_names(places))
        sources = [f.name for f in found.sources.values()]
        self._ask(SOURCE.tag, sources + self._source_names(sources))

    @property
    def gazetteer(self):
        return _gazetteer_index()

    @property
    def source_fixture(self):
        return _source_index()

    def _lookup(self, kind: str, name: str) -> int | None:
        self._ask(kind, [name])  # a name beyond the story's own: a parent, an outlet
        return super()._lookup(kind, name)

    def _ask(self, tag: str, names) -> None:
        """Load the records of kind ``tag`` that any of ``names`` can resolve to.

        A record answers to ``name_keys`` of its name and of each alias: a key equal to
        one of the name's, or the same key after «ال».
        """
        keys = {key for name in names for key in name_keys(name)} - self._asked[tag]
        if not keys:
            return
        self._asked[tag] |= keys
        wanted = keys | {"ال" + key for key in keys}
        in_aliases = Q()
        for key in _shortest(keys | wanted):  # a LIKE for «موصل» finds «الموصل» too
            in_aliases |= Q(alias_keys__contains=key)
        # Most records have no alias: one comparison rules them out before any LIKE.
        match = Q(key__in=wanted) | (~Q(alias_keys="") & in_aliases)
        model = next(kind.model for kind in KINDS if kind.tag == tag)
        ids = self._ids[tag]
        rows = model.objects.filter(match).order_by("pk").values_list("pk", "name", "aliases")
        for pk, name, aliases in rows:
            for n in [name, *aliases.splitlines()]:
                for key in name_keys(n):
                    ids.setdefault(key, pk)

    def _gazetteer_names(self, names) -> list[str]:
        """The gazetteer's names of these places and of their parents, up the chain: what
        ``_location_from_gazetteer`` looks up (the entries' aliases it only remembers)."""
        out, seen = [], set()
        entries = [self.gazetteer.get(key) for name in names for key in name_keys(name)]
        while entries:
            entry = entries.pop()
            if entry is None or entry["key"] in seen:
                continue
            seen.add(entry["key"])
            out += [entry["name"], entry["key"]]
            entries.append(self.gazetteer.get(entry.get("parent")))
        return out

    def _source_names(self, names) -> list[str]:
        fixture = self.source_fixture
        return [fixture[k]["name"] for name in names for k in name_keys(name) if k in fixture]

    def refused(self, kind, ids) -> set[int]:
        """As the import's, asked of the story's records only."""
        return refused_ids(kind, among=list(ids)) if ids else set()

    def _fill_descriptions(self, found: StoryEntities, person_ids: dict) -> None:
        if self._described is None:  # only the story's people, not every described one
            self._described = set(
                Person.objects.filter(pk__in=person_ids.values())
                .exclude(description="")
                .values_list("pk", flat=True)
            )
        super()._fill_descriptions(found, person_ids)
