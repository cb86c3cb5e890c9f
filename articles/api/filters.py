"""The story list's filters: the site's own ``ArticleFilter`` (same parameters, same
checks, the same Arabic-aware ``q``), with a token's wider choices and no menus."""

from __future__ import annotations

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions
from taggit.models import Tag

from articles.api.access import visible
from articles.models import LOCATION, PERSON, SOURCE, Section
from articles.site.filters import ArticleFilter

# The slug filters and the records they choose from.
CHOICES = {"section": Section, "tag": Tag, "person": PERSON.model, "place": LOCATION.model}
CHOICES["source"] = SOURCE.model
# The form's field for the two dates is "date"; the request's parameters are these.
DATE_PARAMS = "date_after/date_before"


class ApiArticleFilter(ArticleFilter):
    def __init__(self, *args, **kwargs):
        # FilterSet's own __init__, not ArticleFilter's: that one builds the site form's
        # menus (five queries), which an API answer never shows.
        django_filters.FilterSet.__init__(self, *args, **kwargs)
        user = getattr(self.request, "user", None)
        for name, model in CHOICES.items():
            if not self.data.get(name):
                # Not asked for: no form field, so no choice queryset to build (building
                # the public-entity ones costs milliseconds each, on every request).
                del self.filters[name]
                continue
            self.filters[name].queryset = lambda request, model=model: visible(model, user)

    def filter_named(self, queryset, name, value: str):
        """The site's filter; ``value: str`` tells the schema the parameter is a slug (the
        method is handed the record the slug names)."""
        return super().filter_named(queryset, name, value)


def filtered(queryset, request):
    """``queryset`` narrowed by the request's filters; a bad value is a 400 naming it."""
    filterset = ApiArticleFilter(request.query_params, queryset=queryset, request=request)
    if not filterset.is_valid():
        errors = {
            DATE_PARAMS if name == "date" else name: [str(message) for message in messages]
            for name, messages in filterset.errors.items()
        }
        raise exceptions.ValidationError(errors)
    return filterset.qs


class ArticleFilterBackend(DjangoFilterBackend):
    """django-filter's DRF backend (so the schema lists the parameters) answering a bad
    value with the parameter's own name (the two dates' form field is called "date")."""

    def filter_queryset(self, request, queryset, view):
        return filtered(queryset, request)
