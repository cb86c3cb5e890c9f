"""The half of an import that needs no database: read a file, parse it, hash and extract.

``loadseeds`` runs ``prepare_file`` in worker processes while the main process writes;
everything here is plain data the workers hand back (``PreparedFile``, ``FileReport`` and
errors as picklable tuples).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings

from articles.ingest.mentions import StoryEntities, collect
from articles.ingest.parser import Block, Page, ParseError, Story, Teaser, parse_page
from articles.ingest.sections import with_sections
from articles.text import body as body_format
from articles.text.fingerprint import content_hash
from articles.text.index import IndexText
from articles.text.keys import story_key


class PageError(Exception):
    """A file that cannot be imported; the message names the file (and line)."""

    def __init__(self, path, message, line=None):
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")
        self.path, self.line = str(path), line
        self.message = message


@dataclass
class FileReport:
    path: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0
    duplicates: int = 0
    deleted: int = 0  # stories an editor deleted, left deleted
    teasers: int = 0
    stubs_created: int = 0
    people: int = 0  # the names are the entity kinds' plurals (``articles.models.kinds``)
    places: int = 0
    sources: int = 0
    kept_titles: list[str] = field(default_factory=list)
    deleted_titles: list[str] = field(default_factory=list)
    error: tuple[str, int | None] | None = None  # (message, line): picklable, unlike PageError

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.stubs_created)

    def as_dict(self) -> dict:
        return asdict(self)

    def count(self, outcome: str, title: str | None = None) -> None:
        """One story more with this outcome (a ``rules.decide`` value)."""
        setattr(self, outcome, getattr(self, outcome) + 1)
        if outcome == "kept":
            self.kept_titles.append(title)
        elif outcome == "deleted":
            self.deleted_titles.append(title)

    def count_entities(self, counts) -> None:
        """Add records named, per kind: ``{"people": 2, "places": 1, ...}``."""
        for plural, n in counts.items():
            setattr(self, plural, getattr(self, plural) + n)


def read_page(path: Path, *, max_bytes: int | None = None) -> str:
    """The file's text, or PageError for anything that is not a page we can read."""
    max_bytes = max_bytes or settings.IMPORT_MAX_BYTES
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise PageError(path, f"الملف أكبر من الحد المسموح ({size} > {max_bytes} بايت).")
        raw = path.read_bytes()
    except OSError as exc:
        raise PageError(path, f"تعذرت قراءة الملف: {exc.strerror or exc}") from exc
    if not raw.strip():
        raise PageError(path, "الملف فارغ.")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise PageError(path, "الملف ثنائي (يحتوي بايت NUL) وليس نصاً.", line)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"الملف ليس بترميز UTF-8 (بايت غير صالح عند الموضع {exc.start})."
        raise PageError(path, message, line) from exc


def story_fingerprint(story: Story) -> str:
    """Hash of everything the page says about the story (stored; must stay stable)."""
    byline = story.byline
    return content_hash(
        story.title,
        story.deck,
        story.section,
        story.is_exclusive,
        {"author": byline.author, "dateline": byline.dateline} if byline else None,
        [_plain_block(b) for b in story.lead_captions],
        [_plain_block(b) for b in story.blocks],
    )


def _plain_block(block: Block) -> dict:
    """``dataclasses.asdict(block)``, several times faster (the import hashes every block)."""
    credit = block.credit
    return {
        "kind": block.kind,
        "text": block.text,
        "credit": {"source": credit.source, "is_archive": credit.is_archive} if credit else None,
    }


def block_dict(block: Block) -> dict:
    """A parsed block as stored in ``Article.body``."""
    data = {"kind": block.kind, "text": block.text}
    if block.kind == "caption":
        data["credit"] = block.credit.source if block.credit else ""
        data["archive"] = bool(block.credit and block.credit.is_archive)
    return data


def story_index_text(story: Story) -> IndexText:
    """The ``IndexText`` of the article a story is written as (see ``rules.story_fields``)."""
    body = body_format.plain_text([block_dict(block) for block in story.blocks])
    return IndexText.of(story.title, story.deck, body)


@dataclass
class PreparedFile:
    """A file read, parsed and run through entity extraction: no database involved.

    Preparing is the CPU-heavy half of an import, so ``loadseeds`` runs it in worker
    processes while the main process writes. ``known`` (import key -> fingerprint)
    lets it skip extraction for stories the database already holds unchanged.
    """

    path: Path
    page: Page | None = None
    entities: dict[int, StoryEntities] = field(default_factory=dict)
    fingerprints: list[str] = field(default_factory=list)  # one per story
    texts: dict[int, IndexText] = field(default_factory=dict)  # as ``entities``
    teasers: dict[str, StoryEntities] = field(default_factory=dict)  # by the teaser's key
    error: tuple[str, int | None] | None = None  # (message, line): picklable, unlike PageError

    def fingerprint(self, index: int) -> str:
        if index < len(self.fingerprints):
            return self.fingerprints[index]
        return story_fingerprint(self.page.stories[index])

    def entities_of(self, index: int) -> StoryEntities:
        """What extraction found in the story (extracted now if the worker skipped it)."""
        return self.entities.get(index) or collect(self.page.stories[index])

    def teaser_entities(self, teaser: Teaser) -> StoryEntities:
        """What extraction found in a teaser (``teaser_story``), for the stub it becomes."""
        found = self.teasers.get(story_key(teaser.title))
        return found if found is not None else collect(teaser_story(teaser))


def teaser_story(teaser: Teaser) -> Story:
    """A teaser as a story for extraction: its title and its byline (the dateline names a
    place). Not its photo's caption, which often shows another place or person than the
    story's, nor its summary, which the stub does not keep."""
    return Story(
        title=teaser.title,
        deck="",
        section=teaser.section,
        is_exclusive=teaser.is_exclusive,
        byline=teaser.byline,
        lead_captions=[],
        blocks=[],
        teasers=[],
        first_line=0,
    )


def prepare_file(path, *, max_bytes: int | None = None, known: dict | None = None):
    path = Path(path)
    try:
        text = read_page(path, max_bytes=max_bytes)
        page = with_sections(parse_page(text))
        if not page.stories:
            raise PageError(path, "لا توجد في الملف أي قصة.")
    except PageError as exc:
        return PreparedFile(path=path, error=(exc.message, exc.line))
    except ParseError as exc:
        return PreparedFile(path=path, error=(getattr(exc, "message", str(exc)), exc.line))
    known = known or {}
    fingerprints = [story_fingerprint(story) for story in page.stories]
    to_write = [
        i
        for i, story in enumerate(page.stories)
        if known.get(story_key(story.title)) != fingerprints[i]
    ]
    return PreparedFile(
        path=path,
        page=page,
        entities={i: collect(page.stories[i]) for i in to_write},
        fingerprints=fingerprints,
        texts={i: story_index_text(page.stories[i]) for i in to_write},
        teasers={
            story_key(teaser.title): collect(teaser_story(teaser))
            for i in to_write
            for teaser in page.stories[i].teasers
            if story_key(teaser.title) not in known
        },
    )
