"""sitemap.xml sections and the Google News sitemap (stories of the last two days).

Every location is on ``SITE_URL``, never on the request's Host (they are cached for
everyone), and titles lose any control character, which would make the XML malformed.
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles.models import KINDS, Article, Section, public_tags
from articles.site import surrogates
from articles.site.links import absolute, site_domain, site_scheme
from articles.text.clean import clean_line

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


class SiteSitemap(Sitemap):
    """Locations on the canonical site, whatever Host the request came with."""

    def get_protocol(self, protocol=None):
        return site_scheme()

    def get_domain(self, site=None):
        return site_domain()


class StaticSitemap(SiteSitemap):
    changefreq = "hourly"
    priority = 0.8

    def items(self):
        return ["articles:home", "articles:article_list"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.7
    limit = 5000

    def items(self):
        return Article.objects.published().only("pk", "slug", "updated_at").order_by("-pk")

    def lastmod(self, item):
        return item.updated_at


class EntitySitemap(SiteSitemap):
    """The pages of the people, places or sources (``model``) named in a public story."""

    changefreq = "daily"
    priority = 0.4
    model = None

    def items(self):
        return self.model.objects.public().order_by("pk")


class TagSitemap(EntitySitemap):
    def items(self):
        return public_tags().order_by("pk")

    def location(self, item):
        return reverse("articles:tag_detail", kwargs={"slug": item.slug})


class SectionSitemap(EntitySitemap):
    """Section pages: those holding a public story."""

    changefreq = "hourly"
    priority = 0.6
    model = Section


SITEMAPS = {
    "static": StaticSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    **{
        kind.plural: type(f"{kind.model.__name__}Sitemap", (EntitySitemap,), {"model": kind.model})
        for kind in KINDS
    },
}


def sitemap(request, sitemaps, section=None, **kwargs):
    """Django's sitemap view; its pages list public stories and records (key ``list``)."""
    surrogates.add(surrogates.LIST)
    return sitemap_views.sitemap(request, sitemaps, section=section, **kwargs)


@x_robots_tag
def sitemap_index(request, sitemaps, sitemap_url_name):
    """Django's sitemap index, with each section's location on ``SITE_URL``."""
    surrogates.add(surrogates.LIST)
    items = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        location = absolute(reverse(sitemap_url_name, kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        items.append(SitemapIndexItem(location, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            items.append(SitemapIndexItem(f"{location}?p={page}", lastmod))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )


def news_sitemap(request):
    """Google News sitemap: public stories of the last two days, with <news:language>ar."""
    surrogates.add(surrogates.LIST)
    stories = (
        Article.objects.published()
        .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        .only("pk", "slug", "title", "published_at")[:NEWS_LIMIT]
    )
    entries = [
        {
            "loc": absolute(story.get_absolute_url()),
            "published_at": story.published_at,
            "title": clean_line(story.title),
        }
        for story in stories
    ]
    return render(
        request,
        "articles/news_sitemap.xml",
        {"entries": entries},
        content_type="application/xml; charset=utf-8",
    )
