"""Write prepared pages story by story, each story against what the database holds.

One file is one transaction. Each story is read with its row locked, decided by
``rules.decide`` and written (or left alone) before the next: this is the path for
stories already in the database (updates, stubs becoming stories, editors' versions).
``batch.BatchImporter`` uses it for such pages too, inside its batch's transaction.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.utils import timezone

from articles import changes
from articles.importer.bulk import insert_rows
from articles.importer.pages import FileReport, PageError, PreparedFile, prepare_file
from articles.importer.resolve import EntityIndex
from articles.importer.rules import StoryRules, decide, link_teasers
from articles.ingest.parser import Story
from articles.models import Article, DeletedStory, Image, LinkKind, RelatedLink
from articles.text.keys import story_key


@contextmanager
def written_together(index: EntityIndex, *, dry_run: bool = False):
    """One transaction (``changes.atomic``: each story re-indexed once, before the commit)
    with the entity index kept in step: the names it learnt inside stay only if it commits."""
    index.begin()
    try:
        with changes.atomic():
            yield
            if dry_run:
                transaction.set_rollback(True)
    except BaseException:
        index.rollback()
        raise
    if dry_run:
        index.rollback()
    else:
        index.commit()


class StoryWriter:
    """Writes prepared pages; holds the entity index across files of one run."""

    def __init__(self, *, index: EntityIndex | None = None, now=None):
        self.index = index or EntityIndex()
        self.rules = StoryRules(self.index, now or timezone.now())

    def import_file(self, path, *, dry_run: bool = False) -> FileReport:
        return self.import_prepared(prepare_file(path), dry_run=dry_run)

    def import_prepared(self, prepared: PreparedFile, *, dry_run: bool = False) -> FileReport:
        """The file in its own transaction; PageError if a story is refused."""
        if prepared.error:
            raise PageError(prepared.path, *prepared.error)
        report = FileReport(path=str(prepared.path))
        try:
            with written_together(self.index, dry_run=dry_run):
                self.write_page(prepared, report=report)
        except (ValidationError, DatabaseError) as exc:
            if isinstance(exc, (OperationalError, InterfaceError)):
                raise  # not the file's fault (a lost connection, a locked database)
            raise invalid_story(prepared.path, exc) from exc
        return report

    def write_page(self, prepared: PreparedFile, *, report: FileReport) -> None:
        """Write a prepared page story by story, inside the caller's transaction."""
        page, origin = prepared.page, prepared.path.name
        publisher = self.rules.publisher(page)
        self.rules.sections.load([page])
        for index, story in enumerate(page.stories):
            fingerprint = prepared.fingerprint(index)
            article, outcome, is_new = self.write_story(story, origin, publisher, fingerprint)
            report.count(outcome, article.title if article else story.title)
            if outcome == "deleted":
                continue  # nor its teasers: they would be stubs under a story that is gone
            if outcome in ("created", "updated"):
                found = prepared.entities_of(index)
                report.count_entities(self.index.write_mentions(article, found, new=is_new))
            self._link_teasers(article, story, prepared, report, is_new=is_new)

    def write_story(self, story: Story, origin: str, publisher, fingerprint: str):
        """Create, update or leave the story; returns (article, outcome, was it new)."""
        key = story_key(story.title)
        # Locked until the file's transaction ends: an editor's save or delete meanwhile
        # waits, so "did an editor change it?" and the write are one step.
        # Its section is read with it: "did an editor change it?" compares its name.
        rows = Article.objects.select_for_update(of=("self",)).select_related("section")
        article = rows.filter(import_key=key).first()
        deleted = article is None and DeletedStory.objects.filter(import_key=key).exists()
        outcome = decide(article, deleted=deleted, fingerprint=fingerprint, origin=origin)
        if outcome not in ("created", "updated"):
            return article, outcome, False
        if article is None:
            article, images = self.rules.new_story(story, origin, publisher, fingerprint)
        else:
            images = self.rules.fill(article, story, origin, publisher, fingerprint)
        is_new = article.pk is None
        article.save()  # an existing story: save() bumps its version, so open forms go stale
        if not is_new:
            article.images.all().delete()
        insert_rows(Image, images)
        return article, outcome, is_new

    def _link_teasers(self, article, story: Story, prepared: PreparedFile, report, *, is_new):
        origin = prepared.path.name
        removed = set()
        if story.teasers and not is_new:
            removed = set(article.removed_links.values_list("to_key", flat=True))

        def target_of(key, teaser):
            if key in removed:
                return None
            existing = Article.objects.filter(import_key=key).first()
            if existing is not None or DeletedStory.objects.filter(import_key=key).exists():
                return existing
            stub, images = self.rules.new_stub(teaser, origin)
            stub.save()
            insert_rows(Image, images)
            # The stub's own mentions (its title's people and places), so the links exist
            # before its story arrives; not in the report's counts, which are stories'.
            self.index.write_mentions(stub, prepared.teaser_entities(teaser), new=True)
            report.stubs_created += 1
            return stub

        def link(article, target, position):
            RelatedLink.objects.get_or_create(
                from_article=article,
                to_article=target,
                defaults={"kind": LinkKind.IMPORTED, "position": position},
            )

        link_teasers(article, story, report, target_of=target_of, link=link)


def known_fingerprints() -> dict[str, str]:
    """Import key -> fingerprint of every story imported (stubs have no page text yet)."""
    return dict(
        Article.objects.filter(import_key__isnull=False, is_stub=False)
        .values_list("import_key", "fingerprint")
        .iterator(chunk_size=5000)
    )


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
