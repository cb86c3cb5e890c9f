"""RSS and Atom feeds: the latest public stories, and one per section, tag, person, place
and source.

An item whose story has a photo carries its 1200 × 630 crop (cut around the focal point)
as the RSS ``<enclosure>`` and as Media RSS ``<media:content>`` (Atom: a ``rel="enclosure"``
link), read from the photo's renditions index with the stories: no query per item.

Every link is on ``SITE_URL`` (never the request's Host: feeds are cached for everyone),
and every text is stripped of control characters on the way out, since XML refuses them
and one already stored would otherwise make the whole feed fail.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from taggit.models import Tag

from articles.models import Image, Section
from articles.site import surrogates
from articles.site.links import absolute
from articles.site.lookups import public_entity_or_404, public_stories
from articles.site.metadata import article_description
from articles.text.clean import clean_line

FEED_SIZE = 30


def _xml_safe(value):
    if isinstance(value, str):
        return clean_line(value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(v) for v in value)
    return value


MEDIA_RSS = "http://search.yahoo.com/mrss/"


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with Media RSS: ``<media:content>`` for an item's photo, with its size and
    alt text, which readers such as feed aggregators show as the item's picture."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        media = item.get("media")
        if not media:
            return
        handler.startElement(
            "media:content",
            {
                "url": media["url"],
                "type": "image/jpeg",
                "medium": "image",
                "width": str(media["width"]),
                "height": str(media["height"]),
            },
        )
        if media["alt"]:
            handler.addQuickElement("media:description", media["alt"], {"type": "plain"})
        handler.endElement("media:content")


def lead_og(item):
    """The story's first photo's ``og`` crop entry ``[width, height, name, bytes?]`` and
    the photo, or ``(None, None)``; from the ``feed_photos`` prefetch."""
    for image in getattr(item, "feed_photos", []):
        og = (image.renditions or {}).get("og")
        if og:
            return og, image.photo
    return None, None


class LatestFeed(Feed):
    feed_type = MediaRssFeed
    language = "ar"
    url_name = "feed_latest"

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: آخر الأخبار"

    def description(self, obj=None):
        return "آخر القصص المنشورة"

    def link(self, obj=None):
        return absolute(reverse("articles:home"))

    def feed_url(self, obj=None):
        kwargs = {"slug": obj.slug} if obj is not None else None
        return absolute(reverse(f"articles:{self.url_name}", kwargs=kwargs))

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed = {name: _xml_safe(value) for name, value in feed.feed.items()}
        feed.items = [
            {name: _xml_safe(value) for name, value in item.items()} for item in feed.items
        ]
        return feed

    def stories(self, obj):
        return public_stories()

    def items(self, obj=None):
        if obj is None:
            surrogates.add(surrogates.LIST)  # the latest stories at large
        else:
            surrogates.show(obj)  # a section's, tag's or record's feed: its stories bump it
        photos = Image.objects.exclude(photo=None).select_related("photo")
        return self.stories(obj).prefetch_related(
            "tags", Prefetch("images", photos, to_attr="feed_photos")
        )[:FEED_SIZE]

    def item_enclosures(self, item):
        og, _ = lead_og(item)
        if og is None:
            return []
        # The crop's byte count is in the index since photos2; older indexes say 0.
        length = og[3] if len(og) > 3 else 0
        return [Enclosure(absolute(default_storage.url(og[2])), str(length), "image/jpeg")]

    def item_extra_kwargs(self, item):
        og, photo = lead_og(item)
        if og is None:
            return {}
        url = absolute(default_storage.url(og[2]))
        return {"media": {"url": url, "width": og[0], "height": og[1], "alt": photo.alt_text}}

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return article_description(item)

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
    url_name = "feed_latest_atom"


class EntityFeed(LatestFeed):
    model = None

    def get_object(self, request, slug):
        return public_entity_or_404(self.model, slug)

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj=None):
        return f"آخر القصص عن {obj.name}"

    def link(self, obj=None):
        return absolute(obj.get_absolute_url())


class TagFeed(EntityFeed):
    model = Tag
    url_name = "tag_feed"

    def link(self, obj=None):
        return absolute(reverse("articles:tag_detail", kwargs={"slug": obj.slug}))

    def stories(self, obj):
        return public_stories().filter(tags=obj)


class SectionFeed(EntityFeed):
    """The latest public stories of one section."""

    model = Section
    url_name = "section_feed"

    def description(self, obj=None):
        return f"آخر القصص في قسم {obj.name}"

    def stories(self, obj):
        return public_stories().filter(section=obj)


class NamedFeed(EntityFeed):
    """The feed of a person, place or source: the public stories naming it."""

    def __init__(self, kind):
        super().__init__()
        self.model, self.url_name = kind.model, kind.feed_name

    def stories(self, obj):
        return public_stories().naming(obj)
