"""The one invalidation service: what changed is touched, and the derived data follows.

Every change to what readers see (a story, its mentions, tags, photos, links, an entity's
name) ends in ``touch(article_ids)``: the search index of those stories is rewritten and the
page cache is dropped. Model signals call it for ordinary saves; code that writes with
``update()`` or in bulk calls it itself.

Inside ``changes.atomic()`` (an import's file or batch, a merge, a review action) touches are
collected and flushed once, just before the block commits: each story is re-indexed once,
in the same transaction as its rows, so the index can never commit without them (an
``on_commit`` hook would run after the commit, in another transaction). The collection is
per thread and per task (a ``ContextVar``), so one request's block never swallows another
thread's touches. Outside such a block a touch is flushed at once.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag, TaggedItem

from articles import search
from articles.models import KINDS, Article, FrontPick, Image, Quote, RelatedLink, Section
from articles.site import cache, related

_collecting: ContextVar[tuple[set[int], ...]] = ContextVar("collecting", default=())


def touch(article_ids=()) -> None:
    """Something public may have changed: re-index ``article_ids``, drop cached pages."""
    ids = {int(i) for i in article_ids if i is not None}
    stack = _collecting.get()
    if stack:
        stack[-1].update(ids)
        return
    _flush(ids)


def _flush(ids) -> None:
    cache.bump()
    # Bump again after commit: a page rendered from the old rows between the first
    # bump and the commit must not survive.
    transaction.on_commit(cache.bump)
    search.refresh_search_index(ids)
    related.refresh(ids)


@contextmanager
def atomic(using=None):
    """``transaction.atomic()`` that collects the touches made inside it and flushes them
    once, before it commits. Nothing is flushed when the block fails: the transaction
    is rolled back, and after a database error it would refuse the refresh anyway."""
    pending: set[int] = set()
    token = _collecting.set((*_collecting.get(), pending))
    try:
        with transaction.atomic(using=using):
            yield
            _collecting.reset(token)
            token = None
            if not transaction.get_rollback(using=using):  # a dry run: nothing to show
                touch(pending)  # into the enclosing collection, if any; else flushed now
    finally:
        if token is not None:
            _collecting.reset(token)


@receiver(post_save, sender=Article)
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        touch([instance.pk])


@receiver(post_delete, sender=Article)
def article_deleted(sender, instance, **kwargs):
    touch([instance.pk])  # drops its SQLite FTS row


def _mention_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch([instance.article_id])


def _entity_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    ids = ()
    if instance.pk:  # both indexes carry the names of the people and places named
        ids = instance.mentions.values_list("article_id", flat=True)
    touch(ids)


def _display_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch()


def _tag_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    ids = ()
    if search.backend().indexes_tags and instance.pk:
        ids = Article.objects.filter(tags=instance).values_list("pk", flat=True)
    touch(ids)


def _tagged_item_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    ids = ()
    if instance.content_type.model_class() is Article:
        ids = [instance.object_id]
    touch(ids)


for kind in KINDS:
    for model, saved, deleted in (
        (kind.mention_model, _mention_changed, _mention_changed),
        (kind.model, _entity_changed, _display_changed),
    ):
        post_save.connect(saved, sender=model, dispatch_uid=f"site-{model.__name__}-save")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"site-{model.__name__}-del")
# Sections (menu, pages) and the front page's picks show on pages, not in the search index.
for model in (Image, Quote, RelatedLink, Section, FrontPick):
    post_save.connect(_display_changed, sender=model, dispatch_uid=f"site-{model.__name__}-save")
    post_delete.connect(_display_changed, sender=model, dispatch_uid=f"site-{model.__name__}-del")
post_save.connect(_tag_changed, sender=Tag, dispatch_uid="site-tag-save")
post_delete.connect(_display_changed, sender=Tag, dispatch_uid="site-tag-del")
post_save.connect(_tagged_item_changed, sender=TaggedItem, dispatch_uid="site-taggeditem-save")
post_delete.connect(_tagged_item_changed, sender=TaggedItem, dispatch_uid="site-taggeditem-del")
