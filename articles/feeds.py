"""RSS and Atom feeds: the latest public stories, and one per tag, person, place and source."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from taggit.models import Tag

from articles import views
from articles.models import Location, Person, Source

FEED_SIZE = 30


class LatestFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "ar"

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: آخر الأخبار"

    def description(self, obj=None):
        return "آخر القصص المنشورة"

    def link(self, obj=None):
        return reverse("articles:home")

    def stories(self, obj):
        return views.public_stories()

    def items(self, obj=None):
        return self.stories(obj).prefetch_related("tags")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return views.article_description(item)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or (item.source.name if item.source else None)

    def item_categories(self, item):
        return [t.name for t in item.tags.all()]


class LatestAtomFeed(LatestFeed):
    feed_type = Atom1Feed
    subtitle = LatestFeed.description


class EntityFeed(LatestFeed):
    model = None

    def get_object(self, request, slug):
        return get_object_or_404(self.model, slug=slug)

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj=None):
        return f"آخر القصص عن {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()


class TagFeed(EntityFeed):
    model = Tag

    def link(self, obj=None):
        return reverse("articles:tag_detail", kwargs={"slug": obj.slug})

    def stories(self, obj):
        return views.public_stories().filter(tags=obj)


class PersonFeed(EntityFeed):
    model = Person

    def stories(self, obj):
        return views.public_stories().naming(obj)


class LocationFeed(EntityFeed):
    model = Location

    def stories(self, obj):
        return views.public_stories().naming(obj)


class SourceFeed(EntityFeed):
    model = Source

    def stories(self, obj):
        return views.public_stories().naming(obj)
