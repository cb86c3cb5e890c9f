"""Newsroom data model: stories and the people, places and sources named in them."""

from articles.models.entities import (
    Entity,
    Location,
    LocationKind,
    Person,
    Source,
    SourceKind,
)
from articles.models.jobs import ImportJob, ImportJobFile, JobState
from articles.models.kinds import KINDS, LOCATION, PERSON, SOURCE, EntityKind, kind_of
from articles.models.mentions import (
    Image,
    LinkKind,
    LocationMention,
    Mention,
    MentionQuerySet,
    MentionStatus,
    PersonMention,
    Quote,
    RelatedLink,
    SourceMention,
)
from articles.models.photos import Photo, PhotoQuerySet
from articles.models.records import DeletedStory, RemovedLink
from articles.models.relations import StoryRelation
from articles.models.sections import FrontPick, Section
from articles.models.slugs import unique_slug, unique_slugs
from articles.models.stories import (
    Article,
    ArticleQuerySet,
    Status,
    UnicodeJSONEncoder,
    public_story,
    public_tags,
)
from articles.models.tokens import ApiToken

__all__ = [
    "KINDS",
    "LOCATION",
    "PERSON",
    "SOURCE",
    "EntityKind",
    "kind_of",
    "public_story",
    "public_tags",
    "ApiToken",
    "Article",
    "ArticleQuerySet",
    "DeletedStory",
    "Entity",
    "Image",
    "Photo",
    "PhotoQuerySet",
    "ImportJob",
    "ImportJobFile",
    "JobState",
    "LinkKind",
    "Location",
    "LocationKind",
    "LocationMention",
    "Mention",
    "MentionQuerySet",
    "MentionStatus",
    "Person",
    "PersonMention",
    "Quote",
    "RelatedLink",
    "RemovedLink",
    "FrontPick",
    "Section",
    "Source",
    "SourceKind",
    "SourceMention",
    "Status",
    "StoryRelation",
    "UnicodeJSONEncoder",
    "unique_slug",
    "unique_slugs",
]
