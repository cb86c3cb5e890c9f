"""The one invalidation service: what changed is touched, and the derived data follows.

Every change to what readers see (a story, its mentions, tags, photos, links, an entity's
name) ends in ``touch(article_ids, keys)``: the search index of those stories is rewritten,
and the cached pages showing them or their records (``surrogates.story_keys``), or carrying
``keys`` (what the change took away), are dropped, here and, after the commit, in any
front-end cache (``articles.site.purge``). Model signals call it for ordinary saves; code
that writes with ``update()`` or in bulk calls it itself.

Inside ``changes.atomic()`` (an import's file or batch, a merge, a review action) touches are
collected and flushed once, just before the block commits: each story is re-indexed once,
in the same transaction as its rows, so the index can never commit without them (an
``on_commit`` hook would run after the commit, in another transaction). The collection is
per thread and per task (a ``ContextVar``), so one request's block never swallows another
thread's touches. Outside such a block a touch is flushed at once.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag, TaggedItem

from articles import search
from articles.models import (
    KINDS,
    Article,
    FrontPick,
    Image,
    Person,
    Photo,
    Quote,
    RelatedLink,
    Section,
    Source,
    kind_of,
)
from articles.site import cache, purge, related, surrogates


@dataclass
class Pending:
    """What a block touched: stories to re-index (and drop), and page keys to drop."""

    ids: set[int] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)


_collecting: ContextVar[tuple[Pending, ...]] = ContextVar("collecting", default=())


def touch(article_ids=(), keys=()) -> None:
    """Something public may have changed: re-index ``article_ids`` and drop the cached
    pages showing them (``surrogates.story_keys``), and those carrying ``keys`` (what the
    change took away: a removed name's page, a story's former section).

    With neither, nothing says what changed: every cached page is dropped."""
    ids = {int(i) for i in article_ids if i is not None}
    keys = set(keys) or ({surrogates.ALL} if not ids else set())
    stack = _collecting.get()
    if stack:
        stack[-1].ids.update(ids)
        stack[-1].keys.update(keys)
        return
    _flush(ids, keys)


def _flush(ids, keys=()) -> None:
    search.refresh_search_index(ids)
    # Their stored related stories, and the lists they joined or left. The story pages
    # this changes carry the keys of their people, places and tags, dropped below.
    related.refresh(ids)
    keys = surrogates.story_keys(ids) | set(keys)
    if surrogates.LIST in keys:  # stories came, went or moved: the menu's sections may too
        keys |= cache.menu_keys()
    cache.invalidate(keys)
    if ids:  # a story just scheduled (or unscheduled) moves the next go-live time
        cache.advance_schedule(force=True)
    # Again after the commit: a page rendered from the old rows between the first
    # invalidation and the commit must not survive; front-end caches are purged then too.
    transaction.on_commit(lambda: (cache.invalidate(keys), purge.purge(keys)))


@contextmanager
def atomic(using=None):
    """``transaction.atomic()`` that collects the touches made inside it and flushes them
    once, before it commits. Nothing is flushed when the block fails: the transaction
    is rolled back, and after a database error it would refuse the refresh anyway."""
    pending = Pending()
    token = _collecting.set((*_collecting.get(), pending))
    try:
        with transaction.atomic(using=using):
            yield
            _collecting.reset(token)
            token = None
            # A dry run (rolled back) has nothing to show.
            if (pending.ids or pending.keys) and not transaction.get_rollback(using=using):
                touch(pending.ids, pending.keys)  # into the enclosing block, or now
    finally:
        if token is not None:
            _collecting.reset(token)


@receiver(pre_save, sender=Article)
def article_saving(sender, instance, raw=False, **kwargs):
    """Note the section and source the story had: their pages must drop it if they change."""
    if raw or instance.pk is None:
        return
    before = Article.objects.filter(pk=instance.pk).values_list("section_id", "source_id")
    section_id, source_id = before.first() or (None, None)
    instance._keys_before = {
        surrogates.key(model, pk)
        for model, pk in ((Section, section_id), (Source, source_id))
        if pk is not None
    }


@receiver(post_save, sender=Article)
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        touch([instance.pk], getattr(instance, "_keys_before", ()))


@receiver(post_delete, sender=Article)
def article_deleted(sender, instance, **kwargs):
    touch([instance.pk], [surrogates.story(instance.pk), surrogates.LIST])  # drops its FTS row


def _mention_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        kind = kind_of(sender)
        touch([instance.article_id], [surrogates.key(kind.model, getattr(instance, kind.fk))])


def _entity_changed(sender, instance, raw=False, **kwargs):
    """A renamed record: its page, and every story naming it (or, for a source, by it)."""
    if raw:
        return
    ids = set()
    if instance.pk:  # both indexes carry the names of the people and places named
        ids.update(instance.mentions.values_list("article_id", flat=True))
        if sender is Source:
            ids.update(Article.objects.filter(source=instance).values_list("pk", flat=True))
    touch(ids, [surrogates.key(instance)])


def _entity_deleted(sender, instance, **kwargs):
    touch((), [surrogates.key(instance)])


def _story_part_changed(sender, instance, raw=False, **kwargs):
    """A photo, quote or related link: the story's page (a quote also its speaker's)."""
    if raw:
        return
    story_id = instance.from_article_id if sender is RelatedLink else instance.article_id
    keys = [surrogates.story(story_id)]
    if sender is Quote and instance.person_id:
        keys.append(surrogates.key(Person, instance.person_id))
    touch((), keys)


def _photo_changed(sender, instance, raw=False, **kwargs):
    """A library photo (its crops, alt text) shows on every story placing it, and on the
    lists whose cards lead with it; a photo no story places shows nowhere."""
    if raw or not instance.pk:
        return
    ids = set(Image.objects.filter(photo=instance).values_list("article_id", flat=True))
    if ids:
        touch(ids)


def touch_new(articles, mentions) -> None:
    """Stories just bulk-inserted and indexed (an import batch): drop the pages that list
    them, worked out from the rows in hand: the lists, their sections, sources
    and every record their ``mentions`` name."""
    keys = {surrogates.LIST}
    for article in articles:
        if article.section_id:
            keys.add(surrogates.key(Section, article.section_id))
        if article.source_id:
            keys.add(surrogates.key(Source, article.source_id))
    for mention in mentions:
        kind = kind_of(mention)
        keys.add(surrogates.key(kind.model, getattr(mention, kind.fk)))
    # Indexed already (in bulk); their related stories are worked out here, as a save's are.
    related.refresh(article.pk for article in articles)
    touch((), keys)


def touch_front() -> None:
    """The editors' picks changed (bulk writes send no signal): the front page drops."""
    touch((), [surrogates.HOME])


def _section_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # its name is in the menu of every page
        touch((), [surrogates.ALL])


def _front_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch((), [surrogates.HOME])


def _tag_changed(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    tagged = list(Article.objects.filter(tags=instance).values_list("pk", flat=True))
    keys = [surrogates.key(instance), *(surrogates.story(pk) for pk in tagged)]
    touch(tagged if search.backend().indexes_tags else (), keys)


def _tag_deleted(sender, instance, **kwargs):
    touch((), [surrogates.key(instance)])


def _tagged_item_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if instance.content_type.model_class() is Article:
        touch([instance.object_id], [surrogates.key(Tag, instance.tag_id)])


for kind in KINDS:
    for model, saved, deleted in (
        (kind.mention_model, _mention_changed, _mention_changed),
        (kind.model, _entity_changed, _entity_deleted),
    ):
        post_save.connect(saved, sender=model, dispatch_uid=f"site-{model.__name__}-save")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"site-{model.__name__}-del")
for model, changed in (
    (Image, _story_part_changed),
    (Quote, _story_part_changed),
    (RelatedLink, _story_part_changed),
    (Section, _section_changed),
    (FrontPick, _front_changed),
    (Photo, _photo_changed),
):
    post_save.connect(changed, sender=model, dispatch_uid=f"site-{model.__name__}-save")
    post_delete.connect(changed, sender=model, dispatch_uid=f"site-{model.__name__}-del")
post_save.connect(_tag_changed, sender=Tag, dispatch_uid="site-tag-save")
post_delete.connect(_tag_deleted, sender=Tag, dispatch_uid="site-tag-del")
post_save.connect(_tagged_item_changed, sender=TaggedItem, dispatch_uid="site-taggeditem-save")
post_delete.connect(_tagged_item_changed, sender=TaggedItem, dispatch_uid="site-taggeditem-del")
