"""The public reader site. Every story list starts from ``Article.objects.published()``."""

from __future__ import annotations

from urllib.parse import unquote

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import ListView, TemplateView
from django_filters.views import FilterView
from taggit.models import Tag

from articles import search
from articles.models import (
    KINDS,
    LOCATION,
    PERSON,
    SOURCE,
    Article,
    Image,
    Location,
    MentionStatus,
    PersonMention,
    Quote,
    Section,
    public_story,
)
from articles.models.photos import og_image_url
from articles.site import surrogates
from articles.site.cache import cached_page, do_not_store, fragment
from articles.site.filters import FILTER_PARAMS, ArticleFilter
from articles.site.filters import heading as filter_heading
from articles.site.front import front_page
from articles.site.links import absolute
from articles.site.lookups import public_entity_or_404, public_stories
from articles.site.metadata import article_description, article_jsonld
from articles.site.photos import story_photos
from articles.site.related import related_items

PAGE_SIZE = 20
RECENT_WINDOW = 200


def most_named(kind, *, limit=10):
    """People or places most named in the latest ``RECENT_WINDOW`` public stories: one
    GROUP BY over those stories' visible mention rows."""
    recent = Article.objects.published().order_by("-published_at", "-id").values("pk")
    mentions = kind.mention_model.objects.visible().filter(article__in=recent[:RECENT_WINDOW])
    return list(
        kind.model.objects.filter(mentions__in=mentions.values("pk"))
        .annotate(story_count=Count("mentions"))
        .order_by("-story_count", "name")[:limit]
    )


class CappedPaginator(Paginator):
    """Counts at most ``cap`` results, with one bounded COUNT (over ``LIMIT cap + 1``):
    a common word matching thousands of stories is never counted exactly. Past the cap
    the page says «أكثر من 500 نتيجة» (``more``) and the pages stop there."""

    cap = search.RANKED

    @cached_property
    def found(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.found, self.cap)

    @property
    def more(self) -> bool:
        return self.found > self.cap


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
        context["front"] = front = front_page()
        surrogates.add(surrogates.HOME, surrogates.LIST)
        surrogates.show(front.lead, front.top, front.latest)
        for block in front.sections:
            surrogates.show(block.section, block.stories)
        for kind in (PERSON, LOCATION):
            name = f"most-named:{kind.plural}"
            context[kind.plural] = fragment(name, lambda kind=kind: most_named(kind))
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        surrogates.add(surrogates.LIST)
        surrogates.show(list(context["page_obj"].object_list))
        context["heading"] = filter_heading(self.filterset)
        context["filtered"] = any(self.request.GET.get(p) for p in FILTER_PARAMS)
        return context


@method_decorator(cached_page(params=("q", "page")), name="dispatch")
class SearchView(PageMixin, ListView):
    template_name = "articles/search.html"
    paginator_class = CappedPaginator

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
        surrogates.add(surrogates.LIST)
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
    """The story page's prefetches: tags, photos and, per entity kind, the visible mentions
    (``visible_people``, ``visible_places``, ``visible_sources``), most named first."""
    return [
        "tags",
        *(
            Prefetch(
                f"{kind.name}mention_set",
                kind.mention_model.objects.visible()
                .select_related(kind.name)
                .order_by("-count", f"{kind.name}__name"),
                to_attr=f"visible_{kind.plural}",
            )
            for kind in KINDS
        ),
        Prefetch("images", Image.objects.select_related("credit", "photo")),
    ]


def related_keys(article) -> list[str]:
    """What the story's related list depends on: the story, and the people, places and
    tags it is related through (another story naming them may now rank among its related
    stories), read from the page's prefetch."""
    people_places = (
        mention_entity
        for kind in (PERSON, LOCATION)
        for mention_entity in (
            getattr(m, kind.name) for m in getattr(article, f"visible_{kind.plural}")
        )
    )
    return [
        surrogates.story(article.pk),
        *(surrogates.key(entity) for entity in people_places),
        *(surrogates.key(tag) for tag in article.tags.all()),
    ]


def render_article(request, article, *, preview=False) -> HttpResponse:
    """The public article page for ``article``; with ``preview`` a staff preview (never cached)."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects([article], *article_lookups())
    surrogates.show(article)
    photos = story_photos(article)
    og_image = og_image_url(photos.lead)
    context = {
        "article": article,
        "preview": preview,
        "photos": photos,
        "og_image": absolute(og_image) if og_image else None,
        **{
            kind.plural: [getattr(m, kind.name) for m in getattr(article, f"visible_{kind.plural}")]
            for kind in KINDS
        },
        "related": related_items(article)
        if preview
        else fragment(
            f"related:{article.pk}",
            lambda: surrogates.show(related_items(article)),
            keys=related_keys(article),
        ),
        "description": article_description(article),
        "jsonld": article_jsonld(request, article, image=absolute(og_image) if og_image else None),
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
    """The page of one person, place or source (``kind``): its public stories, paginated."""

    context_object_name = "stories"
    kind = None

    def get(self, request, *args, **kwargs):
        self.entity = self.get_entity()
        return super().get(request, *args, **kwargs)

    def get_entity(self):
        return public_entity_or_404(self.kind.model, self.kwargs["slug"])

    def get_queryset(self):
        return public_stories().naming(self.entity)

    def get_template_names(self):
        return [f"articles/{self.kind.detail_name}.html"]

    def feed_name(self) -> str:
        return self.kind.feed_name

    def get_context_data(self, **kwargs):
        feed_url = reverse(f"articles:{self.feed_name()}", kwargs={"slug": self.entity.slug})
        context = super().get_context_data(entity=self.entity, feed_url=feed_url, **kwargs)
        # The record's key alone: every change to a story it lists bumps it too
        # (``surrogates.story_keys``), so its stories' keys need not be checked.
        surrogates.show(self.entity)
        return context


class TagView(EntityView):
    template_name = "articles/tag_detail.html"

    def get_entity(self):
        return public_entity_or_404(Tag, self.kwargs["slug"])

    def get_queryset(self):
        return public_stories().filter(tags=self.entity)

    def get_template_names(self):
        return [self.template_name]

    def feed_name(self) -> str:
        return "tag_feed"


class SectionView(EntityView):
    """A section's page: its public stories, latest first."""

    template_name = "articles/section_detail.html"

    def get_entity(self):
        return public_entity_or_404(Section, self.kwargs["slug"])

    def get_queryset(self):
        return public_stories().filter(section=self.entity)

    def get_template_names(self):
        return [self.template_name]

    def feed_name(self) -> str:
        return "section_feed"


class PersonView(EntityView):
    kind = PERSON

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


class LocationView(EntityView):
    kind = LOCATION

    def get_entity(self):
        return public_entity_or_404(
            Location.objects.public().select_related("parent__parent__parent"),
            self.kwargs["slug"],
        )

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
        surrogates.show(context["ancestors"], context["children"])
        return context


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
tag_detail = cached_page(TagView.as_view(), params=("page",))
section_detail = cached_page(SectionView.as_view(), params=("page",))
# The page of each entity kind, by kind: the URLs are made from the registry.
ENTITY_VIEWS = {PERSON: PersonView, LOCATION: LocationView, SOURCE: EntityView}
entity_detail = {
    kind: cached_page(ENTITY_VIEWS[kind].as_view(kind=kind), params=("page",)) for kind in KINDS
}
