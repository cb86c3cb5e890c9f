"""Batch import: many files in one transaction, new stories written with bulk inserts.

Saving a story on its own costs a slug query, the insert, a revision record, the signal
handlers (page cache, search index), its images, mentions and quotes, and a commit per
file: some fifteen queries. A bulk import is mostly stories seen for the first time, so
for those the batch builds the rows in memory, validated as on the one-by-one path, and
writes each kind of row with one bulk insert per batch; the search index and the page
cache are refreshed once.

A file with a story already in the database or earlier in the batch (an update, a stub
becoming its story, a duplicate, an editor's version) goes through ``PageImporter``'s
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
from articles.importer.files import (
    FileReport,
    PageError,
    PageImporter,
    PreparedFile,
    collect,
    story_key,
)
from articles.models import (
    Article,
    Image,
    LinkKind,
    Location,
    LocationMention,
    Person,
    PersonMention,
    Quote,
    RelatedLink,
    Source,
    SourceMention,
    unique_slugs,
)
from articles.text.index import IndexText

# Mention model -> (entity model, its key on the mention), in the index's order of names.
ENTITY_OF = {
    PersonMention: (Person, "person_id"),
    LocationMention: (Location, "location_id"),
    SourceMention: (Source, "source_id"),
}
MENTION_ORDER = {model: n for n, model in enumerate(ENTITY_OF)}


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
        by_model = {}
        for mention in self.mentions:
            by_model.setdefault(type(mention), []).append(mention)
        for model, rows in by_model.items():
            insert_rows(model, rows)
        insert_rows(Quote, self.quotes, ignore_conflicts=True)
        insert_rows(RelatedLink, self.links)
        search.index_new_articles(self.articles, texts, self._names)
        changes.touch()
        for rows in (self.articles, self.images, self.mentions, self.quotes, self.links):
            rows.clear()
        self.texts.clear()

    def _names(self) -> list[list[str]]:
        """Per article, the names of the records its mentions point to (one query a kind)."""
        names = {}
        for mention_model, (model, fk) in ENTITY_OF.items():
            ids = {getattr(m, fk) for m in self.mentions if type(m) is mention_model}
            names[mention_model] = dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))
        by_article = {id(article): [] for article in self.articles}
        for mention in sorted(self.mentions, key=lambda m: MENTION_ORDER[type(m)]):
            fk = ENTITY_OF[type(mention)][1]
            by_article[id(mention.article)].append(names[type(mention)][getattr(mention, fk)])
        return [by_article[id(article)] for article in self.articles]


class BatchImporter(PageImporter):
    """``PageImporter`` plus ``import_batch``: what ``loadseeds`` uses for many files."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
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
        self.index.begin()
        try:
            with changes.atomic():
                reports = self._write([batch[i] for i in todo])
        except Exception as exc:
            self.index.rollback()
            first, last = batch[todo[0]].path.name, batch[todo[-1]].path.name
            self.fallbacks.append(f"{first}..{last}: {type(exc).__name__}: {exc}")
            for i in todo:
                try:
                    results[i] = self.import_prepared(batch[i])
                except PageError as exc:
                    results[i] = exc
            return results
        self.index.commit()
        for i, report in zip(todo, reports, strict=True):
            results[i] = report
        return results

    def _write(self, files: list[PreparedFile]) -> list[FileReport]:
        keys = {key for p in files for part in page_keys(p.page) for key in part}
        claimed = self._existing(keys)  # import key -> article, in the database or pending
        claimed.update(dict.fromkeys(tombstones.tombstoned(keys - claimed.keys())))
        pending, reports = PendingRows(), []
        for prepared in files:
            report = FileReport(path=str(prepared.path))
            story_keys, teaser_keys = page_keys(prepared.page)
            if all_new(story_keys, teaser_keys, claimed):
                self._gather(prepared, report, pending, claimed)
            else:
                pending.write()
                self.import_page(prepared, report=report)
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
        publisher = self._publisher(page)
        for index, story in enumerate(page.stories):
            article, images = self._new_story(story, origin, publisher, prepared.fingerprint(index))
            claimed[article.import_key] = article
            pending.articles.append(article)
            if index in prepared.texts:
                pending.texts[id(article)] = prepared.texts[index]
            pending.images += images
            found = prepared.entities.get(index) or collect(story)
            mentions, quotes, counts = self.index.new_rows(article, found)
            pending.mentions += mentions
            pending.quotes += quotes
            report.created += 1
            report.count_entities(counts)
            linked = set()
            for position, teaser in enumerate(story.teasers):
                report.teasers += 1
                teaser_key = story_key(teaser.title)
                if teaser_key in claimed and claimed[teaser_key] is None:
                    continue  # deleted by an editor
                target = claimed.get(teaser_key)
                if target is None:
                    target, images = self._new_stub(teaser, origin)
                    claimed[target.import_key] = target
                    pending.articles.append(target)
                    pending.images += images
                    report.stubs_created += 1
                if target is not article and id(target) not in linked:
                    linked.add(id(target))
                    pending.links.append(
                        RelatedLink(
                            from_article=article,
                            to_article=target,
                            kind=LinkKind.IMPORTED,
                            position=position,
                        )
                    )
