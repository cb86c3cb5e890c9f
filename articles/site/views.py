"""The public reader site. Every story list starts from ``Article.objects.published()``."""

from __future__ import annotations

import json
from urllib.parse import unquote

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.views import View
from django.views.generic import ListView, TemplateView
from django_filters.views import FilterView
from taggit.models import Tag

from articles import search
from articles.models import (
    Article,
    Image,
    Location,
    LocationMention,
    MentionStatus,
    Person,
    PersonMention,
    Quote,
    Source,
    SourceMention,
    public_story,
    public_tags,
)
from articles.site.cache import cached_page, do_not_store, fragment
from articles.site.filters import FILTER_PARAMS, ArticleFilter
from articles.site.links import absolute
from articles.site.related import related_items
from articles.text.clean import clean_line

PAGE_SIZE = 20
HOME_SIZE = 12
RECENT_WINDOW = 200


def public_stories():
    return Article.objects.published().select_related("source")


def most_named(model, mention_model, *, limit=10):
    """People or places most named in the latest ``RECENT_WINDOW`` public stories: one
    GROUP BY over those stories' visible mention rows."""
    recent = Article.objects.published().order_by("-published_at", "-id").values("pk")
    mentions = mention_model.objects.visible().filter(article__in=recent[:RECENT_WINDOW])
    return list(
        model.objects.filter(mentions__in=mentions.values("pk"))
        .annotate(story_count=Count("mentions"))
        .order_by("-story_count", "name")[:limit]
    )


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


class PageMixin:
    """Pagination that never 404s on a bad ?page=: it shows the nearest real page."""

    paginate_by = PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        asked = self.request.GET.get(self.page_kwarg)
        page = paginator.get_page(asked)
        if asked is not None and asked != str(page.number):
            do_not_store(self.request)  # ?page=999 or ?page=abc: shown, but not a new entry
        return paginator, page, page.object_list, page.has_other_pages()


@method_decorator(cached_page(params=()), name="dispatch")
class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stories"] = list(public_stories()[:HOME_SIZE])
        context["people"] = fragment("most-named:people", lambda: most_named(Person, PersonMention))
        context["places"] = fragment(
            "most-named:places", lambda: most_named(Location, LocationMention)
        )
        return context


@method_decorator(cached_page(params=(*FILTER_PARAMS, "page")), name="dispatch")
class ArticleListView(PageMixin, FilterView):
    filterset_class = ArticleFilter
    template_name = "articles/article_filter.html"

    def get_queryset(self):
        return public_stories()

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400  # the page still says, in Arabic, what was wrong
        return response


@method_decorator(cached_page(params=("q", "page")), name="dispatch")
class SearchView(PageMixin, ListView):
    template_name = "articles/search.html"

    def get(self, request, *args, **kwargs):
        self.query = search.strip_controls(request.GET.get("q", ""))
        self.error = ""
        self.parsed = None
        if self.query:
            try:
                self.parsed = search.parse_query(self.query)
            except search.QueryError as exc:
                self.error = str(exc)
        response = super().get(request, *args, **kwargs)
        if self.error:
            response.status_code = 400
        return response

    def get_queryset(self):
        if self.parsed is None:
            return Article.objects.none()
        return search.search_articles(public_stories(), self.parsed)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        if self.parsed is not None:
            for article in page.object_list:
                article.snippet = search.snippet(article, self.parsed)
        context.update(
            query=self.query,
            error=self.error,
            entities=search.search_entities(self.parsed) if self.parsed else {},
            searched=self.parsed is not None,
        )
        return context


# --- article page -------------------------------------------------------------------


def article_lookups():
    return [
        "tags",
        Prefetch(
            "personmention_set",
            PersonMention.objects.visible()
            .select_related("person")
            .order_by("-count", "person__name"),
            to_attr="visible_people",
        ),
        Prefetch(
            "locationmention_set",
            LocationMention.objects.visible()
            .select_related("location")
            .order_by("-count", "location__name"),
            to_attr="visible_places",
        ),
        Prefetch(
            "sourcemention_set",
            SourceMention.objects.visible()
            .select_related("source")
            .order_by("-count", "source__name"),
            to_attr="visible_sources",
        ),
        Prefetch("images", Image.objects.select_related("credit")),
    ]


def article_description(article) -> str:
    text = (
        article.deck
        or article.summary
        or next((b.get("text", "") for b in article.blocks if b.get("kind") == "paragraph"), "")
    )
    return Truncator(strip_tags(text)).words(40)


def article_jsonld(request, article) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "inLanguage": "ar",
        "headline": article.title[:110],
        "description": article_description(article),
        "url": absolute(article.get_absolute_url()),
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat() if article.updated_at else None,
        "articleSection": article.section or None,
        "keywords": [t.name for t in article.tags.all()] or None,
        "author": ({"@type": "Person", "name": article.byline} if article.byline else None),
        "publisher": {
            "@type": "Organization",
            "name": article.source.name if article.source else settings.SITE_NAME,
        },
        "about": [
            {
                "@type": "Person",
                "name": m.person.name,
                "url": absolute(m.person.get_absolute_url()),
            }
            for m in article.visible_people
        ]
        or None,
        "mentions": [
            {
                "@type": "Place",
                "name": m.location.name,
                "url": absolute(m.location.get_absolute_url()),
                **(
                    {
                        "geo": {
                            "@type": "GeoCoordinates",
                            "latitude": m.location.latitude,
                            "longitude": m.location.longitude,
                        }
                    }
                    if m.location.latitude is not None and m.location.longitude is not None
                    else {}
                ),
            }
            for m in article.visible_places
        ]
        or None,
    }
    return json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)


def render_article(request, article, *, preview=False) -> HttpResponse:
    """The public article page for ``article``; with ``preview`` a staff preview (never cached)."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects([article], *article_lookups())
    context = {
        "article": article,
        "preview": preview,
        "people": [m.person for m in article.visible_people],
        "places": [m.location for m in article.visible_places],
        "sources": [m.source for m in article.visible_sources],
        "related": related_items(article)
        if preview
        else fragment(f"related:{article.pk}", lambda: related_items(article)),
        "description": article_description(article),
        "jsonld": article_jsonld(request, article),
        "canonical_url": absolute(article.get_absolute_url()),
    }
    response = TemplateResponse(request, "articles/article_detail.html", context).render()
    if preview:
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
    return response


@method_decorator(cached_page(params=()), name="dispatch")
class ArticleDetailView(View):
    def get(self, request, pk, slug):
        article = get_object_or_404(public_stories(), pk=pk)
        # One address per story (not /articles/01/…): a redirect is never cached.
        if request.path != unquote(article.get_absolute_url()):
            return HttpResponsePermanentRedirect(article.get_absolute_url())
        return render_article(request, article)


# --- tag, person, place and source pages -------------------------------------------


class EntityView(PageMixin, ListView):
    """A page about one tag or entity: its public stories, paginated."""

    context_object_name = "stories"
    feed_name = ""

    def get_entity(self):
        raise NotImplementedError

    def get_stories(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.entity = self.get_entity()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.get_stories()

    def get_context_data(self, **kwargs):
        feed_url = reverse(f"articles:{self.feed_name}", kwargs={"slug": self.entity.slug})
        return super().get_context_data(entity=self.entity, feed_url=feed_url, **kwargs)


@method_decorator(cached_page(params=("page",)), name="dispatch")
class TagView(EntityView):
    feed_name = "tag_feed"
    template_name = "articles/tag_detail.html"

    def get_entity(self):
        return public_entity_or_404(Tag, self.kwargs["slug"])

    def get_stories(self):
        return public_stories().filter(tags=self.entity)


@method_decorator(cached_page(params=("page",)), name="dispatch")
class PersonView(EntityView):
    feed_name = "person_feed"
    template_name = "articles/person_detail.html"

    def get_entity(self):
        return public_entity_or_404(Person, self.kwargs["slug"])

    def get_stories(self):
        return public_stories().naming(self.entity)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        public = public_story("article_id")
        context["roles"] = list(
            PersonMention.objects.visible()
            .filter(public, person=self.entity)
            .exclude(role="")
            .order_by("role")
            .values_list("role", flat=True)
            .distinct()
        )
        context["quotes"] = list(
            Quote.objects.filter(public, person=self.entity)
            .select_related("article")
            .order_by("-article__published_at", "position")[:20]
        )
        return context


@method_decorator(cached_page(params=("page",)), name="dispatch")
class LocationView(EntityView):
    feed_name = "location_feed"
    template_name = "articles/location_detail.html"

    def get_entity(self):
        return public_entity_or_404(
            Location.objects.public().select_related("parent__parent__parent"),
            self.kwargs["slug"],
        )

    def get_stories(self):
        return public_stories().naming(self.entity)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        public = Article.objects.published().values("pk")
        counted = Q(mentions__article__in=public) & ~Q(mentions__status=MentionStatus.REJECTED)
        context["ancestors"] = list(reversed(self.entity.ancestors()))
        context["children"] = list(
            self.entity.children.public()
            .annotate(story_count=Count("mentions", filter=counted))
            .order_by("-story_count", "name")
        )
        return context


@method_decorator(cached_page(params=("page",)), name="dispatch")
class SourceView(EntityView):
    feed_name = "source_feed"
    template_name = "articles/source_detail.html"

    def get_entity(self):
        return public_entity_or_404(Source, self.kwargs["slug"])

    def get_stories(self):
        return public_stories().naming(self.entity)


# --- discovery ---------------------------------------------------------------------


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {absolute(reverse('articles:sitemap'))}",
        f"Sitemap: {absolute(reverse('articles:news_sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def bench_ping(request):
    """The benchmark's ceiling: the cheapest Django view on the same server."""
    return HttpResponse("ok", content_type="text/plain")


home = HomeView.as_view()
article_list = ArticleListView.as_view()
search_view = SearchView.as_view()
article_detail = ArticleDetailView.as_view()
tag_detail = TagView.as_view()
person_detail = PersonView.as_view()
location_detail = LocationView.as_view()
source_detail = SourceView.as_view()
