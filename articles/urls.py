from django.urls import path

from articles.models import KINDS
from articles.site import feeds, views
from articles.site.cache import cached_page
from articles.site.sitemaps import SITEMAPS, news_sitemap, sitemap, sitemap_index

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/<str:slug>/", views.article_detail, name="article_detail"),
    path("search/", views.search_view, name="search"),
    path("section/<str:slug>/", views.section_detail, name="section_detail"),
    path("section/<str:slug>/feed/", cached_page(feeds.SectionFeed()), name="section_feed"),
    path("tags/<str:slug>/", views.tag_detail, name="tag_detail"),
    path("tags/<str:slug>/feed/", cached_page(feeds.TagFeed()), name="tag_feed"),
    *(
        pattern
        for kind in KINDS
        for pattern in (
            path(f"{kind.plural}/<str:slug>/", views.entity_detail[kind], name=kind.detail_name),
            path(
                f"{kind.plural}/<str:slug>/feed/",
                cached_page(feeds.NamedFeed(kind)),
                name=kind.feed_name,
            ),
        )
    ),
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
        cached_page(sitemap, params=("p",)),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("news-sitemap.xml", cached_page(news_sitemap), name="news_sitemap"),
    path("robots.txt", cached_page(views.robots_txt), name="robots_txt"),
]
