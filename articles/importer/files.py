"""Import of scraped pages: read a file, parse it, write its stories in one transaction.

Rules (see the foundation issue):
- a story is identified by its normalised title (``Article.import_key``);
- a teaser becomes an ``is_stub`` draft linked from the story it appeared under, and
  becomes the full story when a later page brings its text;
- a story already imported from *another* file is a duplicate and left alone, so two
  pages carrying the same story cannot take turns overwriting it;
- a story an editor changed since import (its editable hash no longer matches) is kept
  as the editor left it;
- a story (or stub) an editor deleted is not created again, nor its teasers
  (``articles.editorial.tombstones``), and an imported link an editor removed is not added back;
- entities an editor rejected stay rejected; names merged into another record resolve
  to it through its aliases.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.utils import timezone

from articles import changes
from articles.importer.bulk import insert_rows
from articles.importer.resolve import EntityIndex
from articles.ingest.mentions import StoryEntities, collect
from articles.ingest.parser import Block, Page, ParseError, Story, Teaser, parse_page
from articles.models import Article, DeletedStory, Image, LinkKind, RelatedLink, Status
from articles.text import body as body_format
from articles.text.arabic import words
from articles.text.fingerprint import content_hash
from articles.text.index import IndexText

PUBLISHER_BY_SHAPE = {"asharq": "الشرق الأوسط"}


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
    people: int = 0
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

    def count_entities(self, counts) -> None:
        self.people += counts["PERS"]
        self.places += counts["LOC"]
        self.sources += counts["SRC"]


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


def story_key(title: str) -> str:
    return " ".join(words(title))[:255]


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


def _block_dict(block: Block) -> dict:
    data = {"kind": block.kind, "text": block.text}
    if block.kind == "caption":
        data["credit"] = block.credit.source if block.credit else ""
        data["archive"] = bool(block.credit and block.credit.is_archive)
    return data


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
    error: tuple[str, int | None] | None = None  # (message, line): picklable, unlike PageError

    def fingerprint(self, index: int) -> str:
        if index < len(self.fingerprints):
            return self.fingerprints[index]
        return story_fingerprint(self.page.stories[index])


def prepare_file(path, *, max_bytes: int | None = None, known: dict | None = None):
    path = Path(path)
    try:
        text = read_page(path, max_bytes=max_bytes)
        page = parse_page(text)
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
    )


def story_index_text(story: Story) -> IndexText:
    """The ``IndexText`` of the article a story is written as (see ``_story_fields``)."""
    body = body_format.plain_text([_block_dict(block) for block in story.blocks])
    return IndexText.of(story.title, story.deck, body)


def known_fingerprints() -> dict[str, str]:
    return dict(
        Article.objects.filter(import_key__isnull=False, is_stub=False)
        .values_list("import_key", "fingerprint")
        .iterator(chunk_size=5000)
    )


class PageImporter:
    """Writes prepared pages; holds the entity index across files of one run."""

    def __init__(self, *, index: EntityIndex | None = None, now=None):
        self.index = index or EntityIndex()
        self.now = now or timezone.now()

    def import_file(self, path, *, dry_run: bool = False) -> FileReport:
        return self.import_prepared(prepare_file(path), dry_run=dry_run)

    def import_prepared(self, prepared: PreparedFile, *, dry_run: bool = False) -> FileReport:
        if prepared.error:
            raise PageError(prepared.path, *prepared.error)
        report = FileReport(path=str(prepared.path))
        self.index.begin()
        try:
            # Re-index each story once, after its mentions are written (the index carries
            # the names of the people and places named), inside the file's transaction.
            with changes.atomic():
                self.import_page(prepared, report=report)
                if dry_run:
                    transaction.set_rollback(True)
        except (ValidationError, DatabaseError) as exc:
            self.index.rollback()
            if isinstance(exc, (OperationalError, InterfaceError)):
                raise  # not the file's fault (a lost connection, a locked database)
            raise invalid_story(prepared.path, exc) from exc
        except BaseException:
            self.index.rollback()
            raise
        if dry_run:
            self.index.rollback()
        else:
            self.index.commit()
        return report

    def import_page(self, prepared: PreparedFile, *, report: FileReport) -> None:
        """Write a prepared page story by story, each against what the database holds."""
        page, origin = prepared.page, prepared.path.name
        publisher = self._publisher(page)
        for index, story in enumerate(page.stories):
            fingerprint = prepared.fingerprint(index)
            article, outcome, is_new = self._upsert_story(story, origin, publisher, fingerprint)
            setattr(report, outcome, getattr(report, outcome) + 1)
            if outcome == "deleted":
                report.deleted_titles.append(story.title)
                continue  # nor its teasers: they would be stubs under a story that is gone
            if outcome == "kept":
                report.kept_titles.append(article.title)
            if outcome in ("created", "updated"):
                found = prepared.entities.get(index) or collect(story)
                report.count_entities(self.index.write_mentions(article, found, new=is_new))
            removed = set()
            if story.teasers and not is_new:
                removed = set(article.removed_links.values_list("to_key", flat=True))
            for position, teaser in enumerate(story.teasers):
                report.teasers += 1
                if story_key(teaser.title) in removed:
                    continue
                stub, created = self._upsert_teaser(teaser, origin)
                report.stubs_created += created
                if stub is not None and stub.pk != article.pk:
                    RelatedLink.objects.get_or_create(
                        from_article=article,
                        to_article=stub,
                        defaults={"kind": LinkKind.IMPORTED, "position": position},
                    )

    def _publisher(self, page: Page):
        if page.shape in PUBLISHER_BY_SHAPE:
            return self.index.source_for_credit(PUBLISHER_BY_SHAPE[page.shape])
        return None

    def _story_fields(self, story: Story, publisher) -> dict:
        return {
            "title": story.title,
            "deck": story.deck,
            "body": [_block_dict(b) for b in story.blocks],
            "section": story.section,
            "is_exclusive": story.is_exclusive,
            "byline": story.byline.author if story.byline else "",
            "dateline": story.byline.dateline if story.byline else "",
            "source": publisher,
        }

    def _upsert_story(self, story: Story, origin: str, publisher, fingerprint: str):
        """Create, update or leave the story; returns (article, outcome, was it new)."""
        key = story_key(story.title)
        # Locked until the file's transaction ends: an editor's save or delete meanwhile
        # waits, so "did an editor change it?" and the write are one step.
        article = Article.objects.select_for_update().filter(import_key=key).first()
        if article is None:
            if DeletedStory.objects.filter(import_key=key).exists():
                return None, "deleted", False
            article = Article(import_key=key, status=Status.PUBLISHED, published_at=self.now)
            outcome = "created"
        elif article.is_stub:
            if article.editable_hash() != article.imported_hash:
                return article, "kept", False
            article.is_stub = False
            article.status = Status.PUBLISHED
            article.published_at = article.published_at or self.now
            outcome = "created"
        elif article.fingerprint == fingerprint:
            return article, "unchanged", False
        elif article.origin_file and article.origin_file != origin:
            return article, "duplicates", False
        elif article.editable_hash() != article.imported_hash:
            return article, "kept", False
        else:
            outcome = "updated"
        self._fill_story(article, story, origin, publisher, fingerprint)
        images = self._image_rows(article, story.lead_captions)
        article.imported_hash = article.editable_hash(images=images)
        is_new = article.pk is None
        article.save()  # an existing story: save() bumps its version, so open forms go stale
        if not is_new:
            article.images.all().delete()
        insert_rows(Image, images)
        return article, outcome, is_new

    def _new_story(
        self, story: Story, origin: str, publisher, fingerprint: str
    ) -> tuple[Article, list[Image]]:
        """An unsaved, validated article for a story seen for the first time, and its images.

        The images are in its ``imported_hash``: an editor's caption counts as an edit.
        """
        article = Article(
            import_key=story_key(story.title), status=Status.PUBLISHED, published_at=self.now
        )
        self._fill_story(article, story, origin, publisher, fingerprint)
        images = self._image_rows(article, story.lead_captions)
        article.imported_hash = article.editable_hash(images=images)
        return article, images

    def _fill_story(self, article, story: Story, origin: str, publisher, fingerprint) -> None:
        for name, value in self._story_fields(story, publisher).items():
            setattr(article, name, value)
        article.origin_file, article.origin_line = origin, story.first_line
        article.fingerprint, article.imported_at = fingerprint, self.now
        try:
            article.full_clean(exclude=["slug", "import_key", "source"])
        except ValidationError as exc:
            exc.line = story.first_line
            raise

    def _upsert_teaser(self, teaser: Teaser, origin: str) -> tuple[Article | None, bool]:
        """The teaser's story or stub (None when an editor deleted it), and if it is new."""
        key = story_key(teaser.title)
        existing = Article.objects.filter(import_key=key).first()
        if existing is not None:
            return existing, False
        if DeletedStory.objects.filter(import_key=key).exists():
            return None, False
        stub, images = self._new_stub(teaser, origin)
        stub.save()
        insert_rows(Image, images)
        return stub, True

    def _new_stub(self, teaser: Teaser, origin: str) -> tuple[Article, list[Image]]:
        """An unsaved, validated stub draft for a story known only from its teaser, and its
        photo (in its ``imported_hash``, as for a story)."""
        stub = Article(
            import_key=story_key(teaser.title),
            title=teaser.title,
            section=teaser.section,
            is_exclusive=teaser.is_exclusive,
            byline=teaser.byline.author if teaser.byline else "",
            dateline=teaser.byline.dateline if teaser.byline else "",
            status=Status.DRAFT,
            is_stub=True,
            origin_file=origin,
            imported_at=self.now,
        )
        stub.fingerprint = content_hash(asdict(teaser))
        images = self._image_rows(stub, [teaser.caption] if teaser.caption else [])
        stub.imported_hash = stub.editable_hash(images=images)
        stub.full_clean(exclude=["slug", "import_key"])
        return stub, images

    def _image_rows(self, article: Article, captions: list[Block]) -> list[Image]:
        return [
            Image(
                article=article,
                caption=block.text,
                credit=self.index.source_for_credit(block.credit.source) if block.credit else None,
                credit_text=block.credit.source if block.credit else "",
                is_archive=bool(block.credit and block.credit.is_archive),
                position=position,
            )
            for position, block in enumerate(captions)
        ]


def invalid_story(path, exc: ValidationError | DatabaseError) -> PageError:
    """A story the model or the database refuses, as an error naming the file."""
    if isinstance(exc, DatabaseError):
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    elif hasattr(exc, "error_dict"):
        errors = exc.message_dict.items()
        detail = "؛ ".join(f"{name}: {' '.join(messages)}" for name, messages in errors)
    else:
        detail = " ".join(exc.messages)
    return PageError(path, f"قصة غير صالحة: {detail}", getattr(exc, "line", None))
