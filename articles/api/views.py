"""The API's views: thin read-only viewsets over ``access.visible`` querysets.

Anonymous GETs carry an ``ETag`` (a hash of the body) and, where the records have an
update time, ``Last-Modified``; a matching ``If-None-Match`` / ``If-Modified-Since`` is a
304 with no body. They are ``public, no-cache`` like the site's pages (a shared cache may
keep them but asks again, cheaply, each time). Anything a token or a session sees is
``private, no-store``: it may hold drafts; so is the browsable HTML page, which carries a
CSRF token.
"""

from __future__ import annotations

import hashlib

from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView
from taggit.models import Tag

from articles.api import serializers
from articles.api.access import visible, visible_stories
from articles.api.filters import ApiArticleFilter, ArticleFilterBackend
from articles.api.pagination import KeysetPagination
from articles.models import Article, Location, Person, Section, Source
from articles.site.links import absolute
from articles.site.views import article_lookups


class ConditionalMixin:
    """ETag / Last-Modified / 304 on anonymous GETs; no caching of anything else."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Authorization", "Cookie"))
        anonymous = not request.user.is_authenticated
        # Only JSON is shared: the browsable page carries a CSRF token (and its cookie).
        as_json = getattr(response, "accepted_renderer", None) is not None and (
            response.accepted_renderer.format == "json"
        )
        if (
            request.method not in ("GET", "HEAD")
            or not anonymous
            or not as_json
            or response.status_code != 200
        ):
            patch_cache_control(response, private=True, no_store=True)
            return response
        response.render()
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:40] + '"'
        last_modified = self.last_modified()
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, no_cache=True)
        timestamp = int(last_modified.timestamp()) if last_modified else None
        return get_conditional_response(
            request, etag=etag, last_modified=timestamp, response=response
        )

    def last_modified(self):
        """The latest update time of what the answer shows, when its records keep one."""
        shown = getattr(self, "shown", ())
        times = [getattr(obj, "updated_at", None) for obj in shown]
        return max(times) if times and None not in times else None


def http_date(value) -> str:
    from django.utils.http import http_date as format_date

    return format_date(value.timestamp())


class ReadOnlyViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = KeysetPagination
    keyset = ("name", False)
    model = None

    def get_view_name(self):
        """The browsable page's title, in Arabic: «الأشخاص» or «شخص»."""
        opts = self.model._meta
        return str(opts.verbose_name if self.detail else opts.verbose_name_plural)

    def get_queryset(self):
        return visible(self.model, self.request.user)

    def paginate_queryset(self, queryset):
        self.shown = super().paginate_queryset(queryset)
        return self.shown

    def get_object(self):
        obj = super().get_object()
        self.shown = [obj]
        return obj


class PersonViewSet(ReadOnlyViewSet):
    """الأشخاص المذكورون في القصص المنشورة (ومع مفتاح: كل ما يراه صاحبه في الإدارة)."""

    model = Person
    serializer_class = serializers.PersonSerializer


class PlaceViewSet(ReadOnlyViewSet):
    """الأماكن، بتبعيتها (المكان الأعلى فالأعلى) وإحداثياتها إن عُرفت."""

    model = Location
    serializer_class = serializers.PlaceSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("parent__parent__parent")


class SourceViewSet(ReadOnlyViewSet):
    """المصادر: الصحف والوكالات والقنوات والمواقع."""

    model = Source
    serializer_class = serializers.SourceSerializer


class TagViewSet(ReadOnlyViewSet):
    """الوسوم."""

    model = Tag
    serializer_class = serializers.TagSerializer


class SectionViewSet(ReadOnlyViewSet):
    """الأقسام، بترتيب قائمة الموقع."""

    model = Section
    serializer_class = serializers.SectionSerializer
    keyset = ("position", False)


ROUTES = (
    ("articles", "article"),
    ("people", "person"),
    ("places", "place"),
    ("sources", "source"),
    ("tags", "tag"),
    ("sections", "section"),
)
STATUS_NOTE = (
    "القصص المنشورة فقط لمن لا يحمل مفتاحاً. مع مفتاح يرى صاحبه ما تريه إياه الإدارة "
    "(المسودات والمراجعة والمجدولة) وفي كل قصة «newsroom:status»."
)


@extend_schema_view(
    list=extend_schema(
        description="قائمة القصص، الأحدث أولاً، بمرشحات صفحة «/articles/» نفسها. " + STATUS_NOTE,
        responses=serializers.NinjsSummarySerializer(many=True),
    ),
    retrieve=extend_schema(
        description="القصة كاملة بصيغة IPTC ninjs 2.1. " + STATUS_NOTE,
        responses=serializers.NinjsSerializer,
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
    ),
)
class ArticleViewSet(ReadOnlyViewSet):
    """القصص المنشورة، الأحدث أولاً، بصيغة IPTC ninjs (ومع مفتاح: ما يراه صاحبه في الإدارة)."""

    model = Article
    keyset = ("published_at", True)
    filter_backends = [ArticleFilterBackend]
    filterset_class = ApiArticleFilter

    def get_queryset(self):
        return visible_stories(self.request.user).prefetch_related(*article_lookups())

    def filter_queryset(self, queryset):
        """The filters are the list's; a story is found by its id alone."""
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.NinjsSummarySerializer
        return serializers.NinjsSerializer


@extend_schema(exclude=True)
class RootView(ConditionalMixin, APIView):
    """الواجهة البرمجية لنيوزروم: عناوين القوائم والمخطط والتوثيق."""

    def get_view_name(self):
        return "الواجهة البرمجية لنيوزروم"

    def get(self, request):
        links = {prefix: absolute(reverse(f"api:{name}-list")) for prefix, name in ROUTES}
        links["schema"] = absolute(reverse("api:schema"))
        links["docs"] = absolute(reverse("api:docs"))
        return Response(links)
