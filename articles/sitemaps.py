"""sitemap.xml sections and the Google News sitemap (stories of the last two days)."""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import (
    Article,
    Location,
    LocationMention,
    Person,
    PersonMention,
    Source,
    SourceMention,
)

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


class StaticSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.8

    def items(self):
        return ["articles:home", "articles:article_list"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.7
    limit = 5000

    def items(self):
        return Article.objects.published().only("pk", "slug", "updated_at").order_by("-pk")

    def lastmod(self, item):
        return item.updated_at


class EntitySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.4
    model = mention_model = column = None

    def items(self):
        named = self.mention_model.objects.visible().filter(
            article__in=Article.objects.published().values("pk")
        )
        return self.model.objects.filter(pk__in=named.values(self.column)).order_by("pk")


class PersonSitemap(EntitySitemap):
    model, mention_model, column = Person, PersonMention, "person_id"


class LocationSitemap(EntitySitemap):
    model, mention_model, column = Location, LocationMention, "location_id"


class SourceSitemap(EntitySitemap):
    model, mention_model, column = Source, SourceMention, "source_id"


class TagSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        tagged = Article.tags.through.objects.filter(
            content_type__app_label="articles",
            content_type__model="article",
            object_id__in=Article.objects.published().values("pk"),
        )
        return Tag.objects.filter(pk__in=tagged.values("tag_id")).order_by("pk")

    def location(self, item):
        return reverse("articles:tag_detail", kwargs={"slug": item.slug})


SITEMAPS = {
    "static": StaticSitemap,
    "articles": ArticleSitemap,
    "tags": TagSitemap,
    "people": PersonSitemap,
    "places": LocationSitemap,
    "sources": SourceSitemap,
}


def news_sitemap(request):
    """Google News sitemap: public stories of the last two days, with <news:language>ar."""
    stories = (
        Article.objects.published()
        .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        .select_related("source")[:NEWS_LIMIT]
    )
    return render(
        request,
        "articles/news_sitemap.xml",
        {"stories": stories, "base": request.build_absolute_uri("/")[:-1]},
        content_type="application/xml; charset=utf-8",
    )
