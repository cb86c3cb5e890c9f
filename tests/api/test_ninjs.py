"""Story documents are valid IPTC ninjs 2.1 (the published schema, tests/api/ninjs/) and
carry what the site shows: its escaped body markup, entities, photos and their renditions,
every address absolute on SITE_URL."""

import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker

from articles.models import Article
from tests.factories import make_article
from tests.test_photos import attach

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parent / "ninjs" / "ninjs-schema_2.1.json").read_text())
# jsonschema checks "date-time" and "uri" only with optional packages; these two checks,
# the standard library's, hold a value to the same shape (RFC 3339 / an absolute URI).
FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value):
    if not isinstance(value, str):
        return True
    parsed = datetime.fromisoformat(value)
    return "T" in value and parsed.tzinfo is not None


@FORMATS.checks("uri", raises=ValueError)
def _uri(value):
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and " " not in value and value.isascii()


VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FORMATS)


def assert_ninjs(document):
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def uris_in(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("uri", "href"):
                yield item
            else:
                yield from uris_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from uris_in(item)


def test_the_schema_refuses_what_ninjs_does_not_allow():
    assert not VALIDATOR.is_valid({"type": "text"})  # no uri
    assert not VALIDATOR.is_valid({"uri": "x:1", "pubstatus": "draft"})
    assert not VALIDATOR.is_valid({"uri": "x:1", "newsroom:status": "draft"})
    assert not VALIDATOR.is_valid({"uri": "x:1", "firstcreated": "yesterday"})
    assert not VALIDATOR.is_valid({"uri": "x:1", "firstcreated": "2026-12-01T10:00:00"})
    assert not VALIDATOR.is_valid({"uri": "/api/v1/articles/1/"})
    assert not VALIDATOR.is_valid({"uri": "http://x/قصة"})  # an IRI, not a URI
    assert VALIDATOR.is_valid({"uri": "x:1", "pubstatus": "usable"})


def test_every_seeded_story_is_valid_ninjs_in_list_and_detail(client, seeded):
    listed = client.get("/api/v1/articles/?page_size=100").json()["results"]
    assert len(listed) == Article.objects.published().count() > 0
    for item in listed:
        assert_ninjs(item)
        assert item["representationtype"] == "partial" and "bodies" not in item
        detail = client.get(item["uri"].removeprefix(settings.SITE_URL)).json()
        assert_ninjs(detail)
        assert detail["representationtype"] == "full" and detail["bodies"][0]["value"]
        assert detail["language"] == "ar" and detail["type"] == "text"
        assert detail["pubstatus"] == "usable"
        for uri in uris_in(detail):
            assert uri.startswith(settings.SITE_URL + "/"), uri


def test_story_fields_follow_the_story(client, world):
    story = world.story
    document = client.get(f"/api/v1/articles/{story.pk}/").json()
    assert_ninjs(document)
    assert [h["value"] for h in document["headlines"]] == [story.title, story.deck]
    assert document["by"] == "فاضل النشمي" and document["located"] == "بغداد"
    assert document["version"] == str(story.version)
    assert document["firstcreated"] == story.published_at.isoformat()
    assert document["infosources"] == [
        {
            "name": "الشرق الأوسط",
            "uri": settings.SITE_URL + world.publisher.get_absolute_url(),
            "literal": world.publisher.slug,
            "role": "publisher",
        }
    ]
    assert {"name": "المشرق العربي", "rel": "section"}.items() <= document["subjects"][0].items()
    assert {s["name"] for s in document["subjects"] if s["rel"] == "tag"} == {"داعش", "العراق"}
    # Visible mentions only, most named first: the rejected person is not there.
    assert [p["name"] for p in document["people"]] == ["جيمس ماتيس", "سعد معن"]
    assert [p["name"] for p in document["places"]] == ["الموصل"]
    assert [o["name"] for o in document["organisations"]] == ["وكالة الصحافة الفرنسية"]
    assert document["places"][0]["uri"].startswith(settings.SITE_URL + "/places/")
    # The imported caption-only image is not a photo readers can see: no rendition.
    assert "renditions" not in document


def test_body_is_the_site_markup_escaped_as_the_site_escapes_it(client, db):
    body = [
        {"kind": "paragraph", "text": 'قال: <script>alert("x")</script> & «نعم»'},
        {"kind": "subheading", "text": "عنوان <b>فرعي</b>"},
        {"kind": "caption", "text": "صورة من الموصل", "credit": "أ.ف.ب", "archive": True},
        {"kind": "paragraph", "text": "سطر أخير."},
    ]
    story = make_article("قصة بعلامات", body=body)
    html = client.get(f"/api/v1/articles/{story.pk}/").json()["bodies"][0]["value"]
    assert "<script>" not in html and "&lt;script&gt;" in html
    page = client.get(story.get_absolute_url()).content.decode()
    blocks = html.split("\n")
    assert len(blocks) == 4
    for block in blocks:
        assert block in page, block  # each block exactly as the story page prints it
    assert "(أرشيفية - أ.ف.ب)" in blocks[2]


def test_photos_are_renditions_with_absolute_addresses(client, db, media):
    story = make_article("قصة مصورة")
    attach(story, caption="جنود في الموصل (أ.ف.ب)")
    document = client.get(f"/api/v1/articles/{story.pk}/").json()
    assert_ninjs(document)
    assert {"role": "photo-1-alt", "value": "جنود عراقيون في الموصل"} in document["descriptions"]
    assert {"role": "photo-1-caption", "value": "جنود في الموصل (أ.ف.ب)"} in document[
        "descriptions"
    ]
    names = {r["name"] for r in document["renditions"]}
    assert {"photo-1-original", "photo-1-width-360-webp", "photo-1-width-360-jpeg"} <= names
    assert "photo-1-og" in names
    for rendition in document["renditions"]:
        assert re.match(re.escape(settings.SITE_URL) + r"/media/photos/", rendition["href"])
        assert rendition["width"] > 0 and rendition["height"] > 0
        assert rendition["title"] == "جنود عراقيون في الموصل"
        path = rendition["href"].removeprefix(settings.SITE_URL + "/media/")
        assert (media / path).is_file(), path


def test_the_published_schema_refuses_any_association():
    """Why photos are renditions: ninjs 2.1's ``associations`` require a ``name`` that the
    ``ninjsType`` they refer to does not evaluate, so even IPTC's shape is refused."""
    association = {"name": "photo-1", "uri": "http://127.0.0.1:8000/media/photos/a.jpg"}
    assert not VALIDATOR.is_valid({"uri": "x:1", "associations": [association]})


def test_staff_documents_are_ninjs_plus_one_status_field(editor_api, world):
    for hidden in world.hidden:
        document = editor_api.get(f"/api/v1/articles/{hidden.pk}/").json()
        assert document.pop("newsroom:status") in {"draft", "review", "stub", "scheduled"}
        assert document["pubstatus"] == "withheld"
        assert "url" not in {a["role"] for a in document["altids"]}  # no public page yet
        assert_ninjs(document)
