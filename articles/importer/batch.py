"""Batch import: many files in one transaction, new stories written with bulk inserts.

Saving a story on its own costs a slug query, the insert, a revision record, the signal
handlers (page cache, search index), its images, mentions and quotes, and a commit per
file: some fifteen queries. A bulk import is mostly stories seen for the first time, so
for those the batch builds the rows in memory, by the same rules as the story-by-story
path (``rules.StoryRules``, ``rules.link_teasers``), and writes each kind of row with one
bulk insert per batch; the search index and the page cache are refreshed once.

A file with a story already in the database or earlier in the batch (an update, a stub
becoming its story, a duplicate, an editor's version) goes through ``StoryWriter``'s
story-by-story path inside the same transaction, after the rows gathered so far are
written, so it sees them and every rule of the import holds as before.

A story or teaser an editor deleted (a tombstone, ``articles.editorial.tombstones``) counts as
known: the page goes the story-by-story way, which skips it and says so.

If anything in a batch fails, the batch is rolled back and its files are imported again
one transaction each: a bad file still fails alone, and the others load.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from articles import changes, search
from articles.editorial import tombstones
from articles.importer.bulk import insert_rows
from articles.importer.pages import FileReport, PageError, PreparedFile
from articles.importer.rules import link_teasers
from articles.importer.writer import StoryWriter, written_together
from articles.models import KINDS, Article, Image, LinkKind, Quote, RelatedLink, unique_slugs
from articles.text.index import IndexText
from articles.text.keys import story_key


def page_keys(page) -> tuple[list[str], list[str]]:
    """The import keys of a page's stories, and of its teasers."""
    stories = [story_key(story.title) for story in page.stories]
    teasers = [story_key(t.title) for story in page.stories for t in story.teasers]
    return stories, teasers


def all_new(story_keys: list[str], teaser_keys: list[str], claimed) -> bool:
    """Whether a page's stories are all new: unseen, each once, none also a teaser of it."""
    unique = set(story_keys)
    return (
        len(unique) == len(story_keys)
        and claimed.keys().isdisjoint(unique)
        and unique.isdisjoint(teaser_keys)
    )


@dataclass
class PendingRows:
    """Rows of new stories gathered from the batch's files, not written yet."""

    articles: list[Article] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    mentions: list = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    links: list[RelatedLink] = field(default_factory=list)
    texts: dict[int, IndexText] = field(default_factory=dict)  # id(article) -> text

    def write(self) -> None:
        """Insert the rows gathered, one bulk insert per kind, and start afresh."""
        if not self.articles:
            return
        titles = [article.title for article in self.articles]
        slugs = unique_slugs(Article, titles, max_length=Article.SLUG_LENGTH)
        texts = []
        for article, slug in zip(self.articles, slugs, strict=True):
            article.slug = slug
            text = self.texts.get(id(article)) or article.index_text()
            article.fill_derived_fields(text)
            texts.append(text)
        if connection.features.can_return_rows_from_bulk_insert:
            Article.objects.bulk_create(self.articles)
            Article.history.bulk_history_create(self.articles, default_change_reason=None)
        else:  # an SQLite older than 3.35 cannot return the ids of a bulk insert
            for article in self.articles:
                article.save()
        insert_rows(Image, self.images)
        for kind in KINDS:
            insert_rows(kind.mention_model, self._mentions_of(kind))
        insert_rows(Quote, self.quotes, ignore_conflicts=True)
        insert_rows(RelatedLink, self.links)
        search.index_new_articles(self.articles, texts, self._names)
        changes.touch_new(self.articles, self.mentions)
        for rows in (self.articles, self.images, self.mentions, self.quotes, self.links):
            rows.clear()
        self.texts.clear()

    def _mentions_of(self, kind) -> list:
        return [m for m in self.mentions if type(m) is kind.mention_model]

    def _names(self) -> list[list[str]]:
        """Per article, the names of the records its mentions point to (one query a kind)."""
        by_article = {id(article): [] for article in self.articles}
        for kind in KINDS:
            mentions = self._mentions_of(kind)
            ids = {getattr(m, kind.fk) for m in mentions}
            names = dict(kind.model.objects.filter(pk__in=ids).values_list("pk", "name"))
            for mention in mentions:
                by_article[id(mention.article)].append(names[getattr(mention, kind.fk)])
        return [by_article[id(article)] for article in self.articles]


class BatchImporter:
    """What ``loadseeds`` writes many files with: pages of new stories gathered and
    bulk-inserted, the others written by its ``writer`` story by story."""

    def __init__(self, *, writer: StoryWriter | None = None):
        self.writer = writer or StoryWriter()
        self.index, self.rules = self.writer.index, self.writer.rules
        self.fallbacks: list[str] = []  # why a batch was written again file by file

    def import_batch(self, batch: list[PreparedFile]) -> list[FileReport | PageError]:
        """Each file's report, or its error, in the batch's order."""
        results: list[FileReport | PageError | None] = [None] * len(batch)
        todo = []
        for i, prepared in enumerate(batch):
            if prepared.error:
                results[i] = PageError(prepared.path, *prepared.error)
            else:
                todo.append(i)
        if not todo:
            return results
        try:
            with written_together(self.index):
                reports = self._write([batch[i] for i in todo])
        except Exception as exc:
            first, last = batch[todo[0]].path.name, batch[todo[-1]].path.name
            self.fallbacks.append(f"{first}..{last}: {type(exc).__name__}: {exc}")
            for i in todo:
                try:
                    results[i] = self.writer.import_prepared(batch[i])
                except PageError as exc:
                    results[i] = exc
            return results
        for i, report in zip(todo, reports, strict=True):
            results[i] = report
        return results

    def _write(self, files: list[PreparedFile]) -> list[FileReport]:
        keys = {key for p in files for part in page_keys(p.page) for key in part}
        claimed = self._existing(keys)  # import key -> article, in the database or pending
        claimed.update(dict.fromkeys(tombstones.tombstoned(keys - claimed.keys())))
        pending, reports = PendingRows(), []
        self.rules.sections.load([p.page for p in files])
        for prepared in files:
            report = FileReport(path=str(prepared.path))
            story_keys, teaser_keys = page_keys(prepared.page)
            if all_new(story_keys, teaser_keys, claimed):
                self._gather(prepared, report, pending, claimed)
            else:
                pending.write()
                self.writer.write_page(prepared, report=report)
                claimed.update(self._existing(story_keys + teaser_keys))
            reports.append(report)
        pending.write()
        return reports

    @staticmethod
    def _existing(keys) -> dict[str, Article]:
        keys, found = sorted(keys), {}
        for start in range(0, len(keys), 500):
            rows = Article.objects.filter(import_key__in=keys[start : start + 500])
            found.update((a.import_key, a) for a in rows.only("pk", "import_key"))
        return found

    def _gather(self, prepared: PreparedFile, report: FileReport, pending, claimed) -> None:
        """Build the rows of a file whose stories are all new, into ``pending``.

        ``claimed`` maps the import keys known so far to their article, or to None for a
        story an editor deleted.
        """
        page, origin = prepared.page, prepared.path.name
        publisher = self.rules.publisher(page)

        def target_of(key, teaser):
            if key in claimed:
                return claimed[key]  # None: deleted by an editor
            stub, images = self.rules.new_stub(teaser, origin)
            claimed[key] = stub
            pending.articles.append(stub)
            pending.images += images
            mentions, quotes, _ = self.index.new_rows(stub, prepared.teaser_entities(teaser))
            pending.mentions += mentions
            pending.quotes += quotes
            report.stubs_created += 1
            return stub

        def link(article, target, position):
            kind = LinkKind.IMPORTED
            pending.links.append(
                RelatedLink(from_article=article, to_article=target, kind=kind, position=position)
            )

        for index, story in enumerate(page.stories):
            fingerprint = prepared.fingerprint(index)
            article, images = self.rules.new_story(story, origin, publisher, fingerprint)
            claimed[article.import_key] = article
            pending.articles.append(article)
            if index in prepared.texts:
                pending.texts[id(article)] = prepared.texts[index]
            pending.images += images
            mentions, quotes, counts = self.index.new_rows(article, prepared.entities_of(index))
            pending.mentions += mentions
            pending.quotes += quotes
            report.count("created")
            report.count_entities(counts)
            link_teasers(article, story, report, target_of=target_of, link=link)
