"""What an editor deleted stays deleted: records the import reads before writing.

- Deleting a story that came from the import (it has an import key) leaves a
  ``DeletedStory``; the import then skips that story and its teasers instead of creating
  them again as new (and published) stories.
- Removing an imported related link leaves a ``RemovedLink``; the import does not add it
  back. A link that goes because a story at either end is deleted leaves nothing.

Both are written by ``post_delete`` receivers, so every way of deleting (the change
form, the admin's bulk action, the shell) leaves them. Who deleted comes from
``deleting_as``, which the admin wraps around its deletes.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import QuerySet
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from articles.models import Article, DeletedStory, LinkKind, RelatedLink, RemovedLink

_deleter: ContextVar = ContextVar("deleter", default=None)


@contextmanager
def deleting_as(user):
    """Stories deleted inside the block are recorded as deleted by ``user``."""
    token = _deleter.set(user if getattr(user, "pk", None) else None)
    try:
        yield
    finally:
        _deleter.reset(token)


@receiver(post_delete, sender=Article, dispatch_uid="articles.editorial.tombstones.story")
def story_deleted(sender, instance, **kwargs):
    if not instance.import_key:
        return  # written in the admin: no import can bring it back
    DeletedStory.objects.update_or_create(
        import_key=instance.import_key,
        defaults={
            "title": instance.title[:500],
            "was_stub": instance.is_stub,
            "deleted_by": _deleter.get(),
            "deleted_at": timezone.now(),
        },
    )


def _deleting_stories(origin) -> bool:
    if isinstance(origin, Article):
        return True
    return isinstance(origin, QuerySet) and origin.model is Article


@receiver(post_delete, sender=RelatedLink, dispatch_uid="articles.editorial.tombstones.link")
def link_deleted(sender, instance, origin=None, **kwargs):
    if instance.kind != LinkKind.IMPORTED or _deleting_stories(origin):
        return
    to_key = (
        Article.objects.filter(pk=instance.to_article_id)
        .values_list("import_key", flat=True)
        .first()
    )
    if to_key:
        RemovedLink.objects.get_or_create(from_article_id=instance.from_article_id, to_key=to_key)


def tombstoned(keys) -> set[str]:
    """Which of these import keys an editor deleted (one query per 500 keys)."""
    keys, found = sorted(set(keys)), set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        found.update(
            DeletedStory.objects.filter(import_key__in=chunk).values_list("import_key", flat=True)
        )
    return found
