"""What every public page starts from: public stories, and a public tag or entity by slug."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from taggit.models import Tag

from articles.models import Article, public_tags
from articles.text.clean import clean_line


def public_stories():
    return Article.objects.published().select_related("source", "section")


def public_entity_or_404(queryset, slug):
    """The public tag or entity (``public()`` on its queryset) with ``slug``, else a 404.

    A slug holding a control character is no slug (they are never made with one): a 404
    before any query, since PostgreSQL refuses a NUL byte in one outright.
    """
    if queryset is Tag:
        queryset = public_tags()
    elif isinstance(queryset, type):
        queryset = queryset.objects.public()
    if clean_line(slug) != slug:
        raise Http404("no such page")
    return get_object_or_404(queryset, slug=slug)
