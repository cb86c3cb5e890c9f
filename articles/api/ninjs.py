"""A story as an IPTC ninjs 2.1 document (https://iptc.org/standards/ninjs/).

Built from the story and what ``articles.site.views.article_lookups`` prefetched (tags,
visible mentions, photos), so a page of stories costs the same few queries as one.
Every address is absolute on ``SITE_URL`` (never the request's Host). The body is the
site's own markup, escaped the way the story page escapes it (``format_html``, Django's
autoescape): ``<p dir="auto">``, ``<h2 dir="auto">`` and caption figures.

Field choices:
- ``uri``: the story's API address (stable: the id, not the editable slug); ``altids``
  carry the id and, for a public story, its page on the site;
- ``firstcreated``: the story's publication time (its first public version), or when it
  was made if it has none; ``versioncreated``: its last save; ``version``: its edit number;
- ``pubstatus``: ``usable`` for a story readers can see, ``withheld`` for the rest (only a
  token's staff ever get those), with ``embargoed`` for a scheduled one, ``ednote`` saying
  in Arabic what it is and ``newsroom:status`` (draft, review, scheduled, stub, published);
- ``subjects``: the section (``rel`` "section") and the tags (``rel`` "tag");
- ``people``, ``places``, ``organisations``: the visible (not rejected) mentions, most
  named first, each with its page on the site as ``uri`` and its slug as ``literal``;
- ``infosources``: the publisher; ``by``: the byline; ``located``: the dateline;
- ``associations``: the photos that have a file (as on the site), each a ``picture``
  with its caption, alt text, credit and every rendition made when it was saved.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles.models import KINDS, LOCATION, PERSON, SOURCE, Status
from articles.site.links import absolute
from articles.text.body import caption_credit_text

NINJS_VERSION = "2.1"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json#"
STATUS_FIELD = "newsroom:status"
STATUS_NOTES = {
    "draft": "مسودة: لم تُنشر.",
    "review": "قيد المراجعة: لم تُنشر.",
    "stub": "قصة مختصرة معروفة من إحالة فقط: لم تُنشر.",
    "scheduled": "مجدولة: تُنشر في وقتها.",
}
ENTITY_FIELDS = {PERSON: "people", LOCATION: "places", SOURCE: "organisations"}


def iso(value) -> str:
    return value.isoformat()


def api_url(name: str, **kwargs) -> str:
    return absolute(reverse(f"api:{name}", kwargs=kwargs or None))


def media_url(name: str) -> str:
    url = default_storage.url(name)
    return url if url.startswith(("http://", "https://")) else absolute(url)


def story_status(article, now=None) -> str:
    """What the story is for the desk: draft, review, stub, scheduled or published."""
    if article.is_stub:
        return "stub"
    if article.status != Status.PUBLISHED:
        return article.status
    if article.published_at is None or article.published_at > (now or timezone.now()):
        return "scheduled"
    return "published"


def body_html(article) -> str:
    """The story page's body markup (templates/articles/article_detail.html's
    ``story__body``), each text escaped as the page escapes it; photos are associations."""
    parts = []
    for block in article.blocks:
        kind, text = block.get("kind"), block.get("text", "")
        if kind == "subheading":
            parts.append(format_html('<h2 dir="auto">{}</h2>', text))
        elif kind == "caption":
            credit = caption_credit_text(block)
            parts.append(
                format_html(
                    '<figure class="photo photo--inline"><figcaption dir="auto">{}{}</figcaption>'
                    "</figure>",
                    text,
                    format_html(' <span class="credit">({})</span>', credit) if credit else "",
                )
            )
        else:
            parts.append(format_html('<p dir="auto">{}</p>', text))
    return format_html_join("\n", "{}", ((part,) for part in parts))


def _entity(entity, **extra) -> dict:
    return {
        "name": entity.name,
        "uri": absolute(entity.get_absolute_url()),
        "literal": entity.slug,
        **extra,
    }


def _subjects(article) -> list[dict]:
    subjects = []
    if article.section_id:
        subjects.append(_entity(article.section, rel="section"))
    for tag in article.tags.all():
        uri = absolute(reverse("articles:tag_detail", kwargs={"slug": tag.slug}))
        subjects.append({"name": tag.name, "rel": "tag", "uri": uri, "literal": tag.slug})
    return subjects


def _renditions(image) -> list[dict]:
    index = image.renditions or {}
    renditions = [
        {
            "name": "original",
            "href": media_url(image.file.name),
            "contenttype": "image/jpeg",
            **({"width": image.width, "height": image.height} if image.width else {}),
        }
    ]
    for group in ("widths", "card"):
        for width, height, webp, jpeg in index.get(group, []):
            stem = f"{group[:-1] if group == 'widths' else 'card'}-{width}"
            for name, contenttype in ((webp, "image/webp"), (jpeg, "image/jpeg")):
                renditions.append(
                    {
                        "name": f"{stem}-{contenttype.split('/')[1]}",
                        "href": media_url(name),
                        "contenttype": contenttype,
                        "width": width,
                        "height": height,
                    }
                )
    if index.get("og"):
        width, height, name = index["og"]
        renditions.append(
            {
                "name": "og",
                "title": "og:image",
                "href": media_url(name),
                "contenttype": "image/jpeg",
                "width": width,
                "height": height,
            }
        )
    return renditions


def _photo(image, n: int) -> dict:
    descriptions = [{"role": "caption", "value": image.caption}] if image.caption else []
    if image.alt_text:
        descriptions.append({"role": "alt", "value": image.alt_text})
    credit = image.credit_text or (image.credit.name if image.credit_id else "")
    photo = {
        "name": f"photo-{n}",
        "uri": media_url(image.file.name),
        "type": "picture",
        "language": "ar",
        "descriptions": descriptions,
        "renditions": _renditions(image),
    }
    if credit:
        photo["by"] = credit
    return photo


def story(article, *, full: bool = True, staff: bool = False, now=None) -> dict:
    """``article`` as ninjs; ``full`` adds the body, ``staff`` the desk's status field."""
    status = story_status(article, now)
    public = status == "published"
    doc = {
        "uri": api_url("article-detail", pk=article.pk),
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
        "type": "text",
        "representationtype": "full" if full else "partial",
        "version": str(article.version),
        "firstcreated": iso(article.published_at or article.created_at),
        "versioncreated": iso(article.updated_at),
        "pubstatus": "usable" if public else "withheld",
        "language": "ar",
        "headlines": [{"role": "main", "value": article.title}],
        "altids": [{"role": "newsroom:id", "value": str(article.pk)}],
    }
    if article.deck:
        doc["headlines"].append({"role": "sub", "value": article.deck})
    if public:
        doc["altids"].append({"role": "url", "value": absolute(article.get_absolute_url())})
    if status == "scheduled" and article.published_at:
        doc["embargoed"] = iso(article.published_at)
    if not public:
        doc["ednote"] = STATUS_NOTES[status]
    if article.summary:
        doc["descriptions"] = [{"role": "summary", "value": article.summary}]
    if full:
        text = article.body_text
        doc["bodies"] = [
            {
                "role": "main",
                "contenttype": "text/html",
                "charcount": len(text),
                "wordcount": len(text.split()),
                "value": body_html(article),
            }
        ]
    subjects = _subjects(article)
    if subjects:
        doc["subjects"] = subjects
    for kind in KINDS:
        mentions = getattr(article, f"visible_{kind.plural}")
        if mentions:
            doc[ENTITY_FIELDS[kind]] = [
                _entity(getattr(m, kind.name), rel="mentioned") for m in mentions
            ]
    if article.source_id:
        doc["infosources"] = [_entity(article.source, role="publisher")]
    if article.byline:
        doc["by"] = article.byline
    if article.dateline:
        doc["located"] = article.dateline
    photos = [image for image in article.images.all() if image.file]
    if photos:
        doc["associations"] = [_photo(image, n) for n, image in enumerate(photos, 1)]
    if staff:
        doc[STATUS_FIELD] = status
    return doc
