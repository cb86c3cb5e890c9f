from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from articles import feeds, views
from articles.cache import cached_page
from articles.sitemaps import SITEMAPS, news_sitemap, sitemap_index


class SlugConverter:
    """Any text without a slash or a control character: a slug with a NUL byte (which
    PostgreSQL refuses in a query) or another control is no page, so a 404, not a 500."""

    regex = "[^/\x00-\x1f\x7f-\x9f]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SlugConverter, "text")

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/<text:slug>/", views.article_detail, name="article_detail"),
    path("search/", views.search_view, name="search"),
    path("tags/<text:slug>/", views.tag_detail, name="tag_detail"),
    path("tags/<text:slug>/feed/", cached_page(feeds.TagFeed()), name="tag_feed"),
    path("people/<text:slug>/", views.person_detail, name="person_detail"),
    path("people/<text:slug>/feed/", cached_page(feeds.PersonFeed()), name="person_feed"),
    path("places/<text:slug>/", views.location_detail, name="location_detail"),
    path("places/<text:slug>/feed/", cached_page(feeds.LocationFeed()), name="location_feed"),
    path("sources/<text:slug>/", views.source_detail, name="source_detail"),
    path("sources/<text:slug>/feed/", cached_page(feeds.SourceFeed()), name="source_feed"),
    path("feeds/latest/", cached_page(feeds.LatestFeed()), name="feed_latest"),
    path("feeds/latest/atom/", cached_page(feeds.LatestAtomFeed()), name="feed_latest_atom"),
    path(
        "sitemap.xml",
        cached_page(sitemap_index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<str:section>.xml",
        cached_page(sitemap_views.sitemap, params=("p",)),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("news-sitemap.xml", cached_page(news_sitemap), name="news_sitemap"),
    path("robots.txt", cached_page(views.robots_txt), name="robots_txt"),
]
