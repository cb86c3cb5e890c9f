"""Signal receivers: keep derived data (search index, page cache) in step with edits."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag, TaggedItem

from articles import search
from articles.models import (
    Article,
    Image,
    Location,
    LocationMention,
    Person,
    PersonMention,
    Quote,
    RelatedLink,
    Source,
    SourceMention,
)
from articles.site import cache


def touch(article_ids=()):
    """Something public may have changed: drop cached pages, re-index the stories named."""
    cache.bump()
    # Bump again after commit: a page rendered from the old rows between the first
    # bump and the commit must not survive.
    transaction.on_commit(cache.bump)
    search.refresh_search_index(article_ids)


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
    if search.is_postgres() and instance.pk:
        ids = Article.objects.filter(tags=instance).values_list("pk", flat=True)
    touch(ids)


def _tagged_item_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    ids = ()
    if instance.content_type.model_class() is Article:
        ids = [instance.object_id]
    touch(ids)


for model in (PersonMention, LocationMention, SourceMention):
    post_save.connect(_mention_changed, sender=model, dispatch_uid=f"site-{model.__name__}-save")
    post_delete.connect(_mention_changed, sender=model, dispatch_uid=f"site-{model.__name__}-del")
for model in (Person, Location, Source):
    post_save.connect(_entity_changed, sender=model, dispatch_uid=f"site-{model.__name__}-save")
    post_delete.connect(_display_changed, sender=model, dispatch_uid=f"site-{model.__name__}-del")
for model in (Image, Quote, RelatedLink):
    post_save.connect(_display_changed, sender=model, dispatch_uid=f"site-{model.__name__}-save")
    post_delete.connect(_display_changed, sender=model, dispatch_uid=f"site-{model.__name__}-del")
post_save.connect(_tag_changed, sender=Tag, dispatch_uid="site-tag-save")
post_delete.connect(_display_changed, sender=Tag, dispatch_uid="site-tag-del")
post_save.connect(_tagged_item_changed, sender=TaggedItem, dispatch_uid="site-taggeditem-save")
post_delete.connect(_tagged_item_changed, sender=TaggedItem, dispatch_uid="site-taggeditem-del")
