"""Who sees what through the API: the same rule as the admin, record type by record type.

Anyone (a reader with no token) sees what the site shows: ``Article.objects.published()``,
and the people, places, sources, tags and sections named in those stories (their own
``public()``). A staff member with a token sees what their admin shows them: a record type
whose ``view`` permission they hold (through the «المحررون» or «المراسلون» group) is
listed whole, drafts, stories in review, stubs and scheduled stories included; any other
type stays public only (a reporter, who has no permission on sections, sees the public
sections only).
"""

from __future__ import annotations

from taggit.models import Tag

from articles.models import Article, public_tags


def sees_all(user, model) -> bool:
    """Whether ``user`` may see every ``model`` record, as in the admin."""
    if not (user and user.is_authenticated and user.is_active and user.is_staff):
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def visible(model, user):
    """The ``model`` records ``user`` may read through the API."""
    if sees_all(user, model):
        return model._default_manager.all()
    if model is Article:
        return Article.objects.published()
    if model is Tag:
        return public_tags()
    return model._default_manager.public()


def visible_stories(user):
    return visible(Article, user).select_related("source", "section")


def staff_view(user) -> bool:
    """Whether the answer may hold unpublished stories (so never a shared cache's)."""
    return sees_all(user, Article)
