"""What the API answers: entities as plain records, stories as ninjs (``ninjs.story``).

The ninjs serializers below only describe the document for the OpenAPI schema; the
document itself is built by ``ninjs.story``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from taggit.models import Tag

from articles.api import ninjs
from articles.api.access import staff_view
from articles.models import Location, Person, Section, Source
from articles.site.links import absolute


def stories_link(parameter: str, slug: str) -> str:
    return absolute(reverse("api:article-list") + "?" + urlencode({parameter: slug}))


class RecordSerializer(serializers.ModelSerializer):
    """Shared by every entity: its page on the site and the API list of its stories."""

    story_filter = ""
    uri = serializers.SerializerMethodField(help_text="صفحته على الموقع.")
    stories = serializers.SerializerMethodField(help_text="قائمة قصصه في الواجهة.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_uri(self, obj) -> str:
        return absolute(obj.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_stories(self, obj) -> str:
        return stories_link(self.story_filter, obj.slug)


class PersonSerializer(RecordSerializer):
    story_filter = "person"

    class Meta:
        model = Person
        fields = ("id", "name", "slug", "description", "uri", "stories")


class PlaceLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = ("id", "name", "slug", "kind")


class PlaceSerializer(RecordSerializer):
    story_filter = "place"
    ancestors = serializers.SerializerMethodField(
        help_text="الأماكن التي يتبعها، من الأقرب إلى الأعلى (الموصل: نينوى ثم العراق)."
    )

    class Meta:
        model = Location
        fields = (
            "id",
            "name",
            "slug",
            "kind",
            "latitude",
            "longitude",
            "ancestors",
            "uri",
            "stories",
        )

    @extend_schema_field(PlaceLinkSerializer(many=True))
    def get_ancestors(self, obj):
        return PlaceLinkSerializer(obj.ancestors(), many=True).data


class SourceSerializer(RecordSerializer):
    story_filter = "source"

    class Meta:
        model = Source
        fields = ("id", "name", "slug", "kind", "url", "uri", "stories")


class SectionSerializer(RecordSerializer):
    story_filter = "section"

    class Meta:
        model = Section
        fields = ("id", "name", "slug", "position", "description", "uri", "stories")


class TagSerializer(RecordSerializer):
    story_filter = "tag"

    class Meta:
        model = Tag
        fields = ("id", "name", "slug", "uri", "stories")

    @extend_schema_field(OpenApiTypes.URI)
    def get_uri(self, obj) -> str:
        return absolute(reverse("articles:tag_detail", kwargs={"slug": obj.slug}))


# --- ninjs, described for the schema -------------------------------------------------


class TextPartSerializer(serializers.Serializer):
    role = serializers.CharField(required=False)
    contenttype = serializers.CharField(required=False)
    value = serializers.CharField()


class BodySerializer(TextPartSerializer):
    charcount = serializers.IntegerField()
    wordcount = serializers.IntegerField()


class NamedSerializer(serializers.Serializer):
    name = serializers.CharField()
    rel = serializers.CharField(required=False)
    uri = serializers.URLField()
    literal = serializers.CharField(help_text="المعرّف (slug).")


class RenditionSerializer(serializers.Serializer):
    name = serializers.CharField()
    href = serializers.URLField()
    contenttype = serializers.CharField()
    width = serializers.IntegerField(required=False)
    height = serializers.IntegerField(required=False)
    title = serializers.CharField(required=False, help_text="النص البديل للصورة.")


class NinjsSerializer(serializers.Serializer):
    """A story in IPTC ninjs 2.1 (``articles/api/ninjs.py`` says what each field holds)."""

    uri = serializers.URLField()
    type = serializers.CharField(default="text")
    representationtype = serializers.ChoiceField(["full", "partial"])
    version = serializers.CharField()
    firstcreated = serializers.DateTimeField()
    versioncreated = serializers.DateTimeField()
    pubstatus = serializers.ChoiceField(["usable", "withheld"])
    embargoed = serializers.DateTimeField(required=False)
    ednote = serializers.CharField(required=False)
    language = serializers.CharField(default="ar")
    headlines = TextPartSerializer(many=True)
    descriptions = TextPartSerializer(many=True, required=False)
    bodies = BodySerializer(many=True, required=False)
    subjects = NamedSerializer(many=True, required=False)
    people = NamedSerializer(many=True, required=False)
    places = NamedSerializer(many=True, required=False)
    organisations = NamedSerializer(many=True, required=False)
    infosources = NamedSerializer(many=True, required=False)
    by = serializers.CharField(required=False)
    located = serializers.CharField(required=False)
    renditions = RenditionSerializer(many=True, required=False)

    full = True

    def to_representation(self, instance):
        request = self.context.get("request")
        staff = bool(request is not None and staff_view(request.user))
        return ninjs.story(instance, full=self.full, staff=staff)


class NinjsSummarySerializer(NinjsSerializer):
    """A story in the list: the same document without its body (``representationtype``
    "partial"); the story's own address gives the whole of it."""

    full = False
