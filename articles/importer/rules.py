"""The import's rules, once: what becomes of each story and teaser of a page.

Both ways of writing a page use these functions: ``writer.StoryWriter`` (story by story,
against what the database holds) and ``batch.BatchImporter`` (rows of pages whose stories
are all new, bulk-inserted). They differ in how they look things up and write them, not
in what they decide:

- a story is identified by its normalised title (``Article.import_key``, ``story_key``);
- a story seen for the first time is created published; a stub (a story known only from
  a teaser) becomes the full story when a page brings its text;
- a story already imported from *another* file is a duplicate and left alone, so two
  pages carrying the same story cannot take turns overwriting it;
- a story (or stub) an editor changed since import (its editable hash no longer matches)
  is kept as the editor left it;
- a story an editor deleted is not created again, nor its teasers
  (``articles.editorial.tombstones``), and an imported link an editor removed is not
  added back;
- a teaser becomes an ``is_stub`` draft linked from the story it appeared under
  (``link_teasers``);
- entities an editor rejected stay rejected; names merged into another record resolve
  to it through its aliases (``resolve.EntityIndex``); a record rejected in some story
  and accepted in none is not proposed in any other (``EntityIndex.refused``);
- a stub gets the mentions of its teaser's title and dateline (``pages.teaser_story``),
  reconciled with its story's when the story arrives, as on a re-import.

A story saved in the admin goes through the same extraction and resolution
(``importer.story.extract_story``).
"""

from __future__ import annotations

from dataclasses import asdict

from django.core.exceptions import ValidationError

from articles.importer.pages import FileReport, block_dict
from articles.importer.resolve import EntityIndex
from articles.ingest.parser import Block, Page, Story, Teaser
from articles.models import Article, Image, Section, Source, Status, unique_slugs
from articles.text.clean import clean_line
from articles.text.fingerprint import content_hash
from articles.text.keys import story_key

PUBLISHER_BY_SHAPE = {"asharq": "الشرق الأوسط"}


def decide(article: Article | None, *, deleted: bool, fingerprint: str, origin: str) -> str:
    """What the import does with a story: the ``FileReport`` field that counts it.

    ``article`` holds the story's import key (None: no story does), ``deleted`` says an
    editor deleted a story with that key. "created" and "updated" write the story; the
    others leave it as it is ("deleted": absent).
    """
    if article is None:
        return "deleted" if deleted else "created"
    if article.is_stub:
        return "kept" if edited(article) else "created"
    if article.fingerprint == fingerprint:
        return "unchanged"
    if article.origin_file and article.origin_file != origin:
        return "duplicates"
    if edited(article):
        return "kept"
    return "updated"


def edited(article: Article) -> bool:
    """Whether an editor changed what a re-import would overwrite."""
    return article.editable_hash() != article.imported_hash


def link_teasers(article: Article, story: Story, report: FileReport, *, target_of, link) -> None:
    """Link the story to the story or stub each of its teasers names, once each.

    ``target_of(key, teaser)`` gives that story or stub, creating the stub if need be, or
    None (an editor deleted it, or removed the link); ``link(article, target, position)``
    writes the link. A teaser naming the story itself links nothing.
    """
    linked = {article.import_key}
    for position, teaser in enumerate(story.teasers):
        report.teasers += 1
        key = story_key(teaser.title)
        if key in linked:
            continue
        target = target_of(key, teaser)
        if target is not None:
            linked.add(key)
            link(article, target, position)


class SectionNames:
    """The Section records of the section names pages print, created by name when new.

    ``load`` looks up every name of a file or batch at once (one query) and creates the
    missing ones with one bulk insert; a name another import created meanwhile is read
    back. Every write loads its pages' names first, inside its transaction, so a record
    created in a transaction that was then rolled back is never handed out again.
    """

    def __init__(self):
        self.by_name: dict[str, Section] = {}

    @staticmethod
    def names_of(pages) -> set[str]:
        names = set()
        for page in pages:
            for story in page.stories:
                names.add(story.section)
                names.update(teaser.section for teaser in story.teasers)
        return {clean_line(name) for name in names if name and clean_line(name)}

    def load(self, pages) -> None:
        names = self.names_of(pages)
        found = {s.name: s for s in Section.objects.filter(name__in=names)}
        self.by_name.update(found)
        missing = sorted(names - found.keys())
        if not missing:
            return
        slugs = unique_slugs(Section, missing, max_length=120)
        new = [Section(name=name, slug=slug) for name, slug in zip(missing, slugs, strict=True)]
        Section.objects.bulk_create(new, ignore_conflicts=True)
        self.by_name.update((s.name, s) for s in Section.objects.filter(name__in=missing))
        for name in missing:  # its slug was taken at the same moment: a free one, alone
            if name not in self.by_name:
                self.by_name[name] = Section.objects.get_or_create(name=name)[0]

    def get(self, name: str) -> Section | None:
        name = clean_line(name) if name else ""
        if not name:
            return None
        if name not in self.by_name:  # a page not loaded first (a test, a caller of fill)
            self.by_name[name] = Section.objects.get_or_create(name=name)[0]
        return self.by_name[name]


class StoryRules:
    """The articles and photo rows a page's stories and teasers are written as.

    Unsaved and validated, with ``imported_hash`` set: the caller decides how to write
    them. Credits and the publisher resolve through the run's ``EntityIndex``.
    """

    def __init__(self, index: EntityIndex, now):
        self.index, self.now = index, now
        self.sections = SectionNames()

    def publisher(self, page: Page) -> Source | None:
        if page.shape in PUBLISHER_BY_SHAPE:
            return self.index.source_for_credit(PUBLISHER_BY_SHAPE[page.shape])
        return None

    def new_story(
        self, story: Story, origin: str, publisher, fingerprint: str
    ) -> tuple[Article, list[Image]]:
        """An article for a story seen for the first time, and its photos."""
        article = Article(
            import_key=story_key(story.title), status=Status.PUBLISHED, published_at=self.now
        )
        return article, self.fill(article, story, origin, publisher, fingerprint)

    def fill(self, article: Article, story: Story, origin: str, publisher, fingerprint: str):
        """Give ``article`` what the page says of the story; its photos, to be written.

        The photos are in its ``imported_hash``: an editor's caption counts as an edit.
        """
        if article.is_stub:  # its text has arrived
            article.is_stub = False
            article.status = Status.PUBLISHED
            article.published_at = article.published_at or self.now
        fields = story_fields(story, publisher, self.sections.get(story.section))
        for name, value in fields.items():
            setattr(article, name, value)
        article.origin_file, article.origin_line = origin, story.first_line
        article.fingerprint, article.imported_at = fingerprint, self.now
        try:
            article.full_clean(exclude=["slug", "import_key", "source"])
        except ValidationError as exc:
            exc.line = story.first_line
            raise
        images = self.image_rows(article, story.lead_captions)
        article.imported_hash = article.editable_hash(images=images)
        return images

    def new_stub(self, teaser: Teaser, origin: str) -> tuple[Article, list[Image]]:
        """A stub draft for a story known only from its teaser, and its photo (in its
        ``imported_hash``, as for a story)."""
        stub = Article(
            import_key=story_key(teaser.title),
            title=teaser.title,
            section=self.sections.get(teaser.section),
            is_exclusive=teaser.is_exclusive,
            byline=teaser.byline.author if teaser.byline else "",
            dateline=teaser.byline.dateline if teaser.byline else "",
            status=Status.DRAFT,
            is_stub=True,
            origin_file=origin,
            imported_at=self.now,
        )
        stub.fingerprint = content_hash(asdict(teaser))
        images = self.image_rows(stub, [teaser.caption] if teaser.caption else [])
        stub.imported_hash = stub.editable_hash(images=images)
        stub.full_clean(exclude=["slug", "import_key"])
        return stub, images

    def image_rows(self, article: Article, captions: list[Block]) -> list[Image]:
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


def story_fields(story: Story, publisher, section: Section | None) -> dict:
    """The article's fields a page sets (and a re-import overwrites); ``section`` is the
    record of ``story.section``."""
    return {
        "title": story.title,
        "deck": story.deck,
        "body": [block_dict(b) for b in story.blocks],
        "section": section,
        "is_exclusive": story.is_exclusive,
        "byline": story.byline.author if story.byline else "",
        "dateline": story.byline.dateline if story.byline else "",
        "source": publisher,
    }
