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
- ``renditions``: the files of the photos readers see (those with a file, the lead
  first): for photo n, «photo-n-original», «photo-n-width-360-webp» … «photo-n-og», each
  titled with its alt text; ``descriptions`` give its caption, alt text and credit
  (roles «photo-n-caption», «photo-n-alt», «photo-n-credit»). Not ``associations``: the
  published ninjs 2.x schema refuses any association (its required ``name`` is an
  unevaluated property of the ``ninjsType`` it refers to), so no valid document has one.
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


def _renditions(image, n: int) -> list[dict]:
    """Every file of photo ``n``: the original and the renditions made when it was saved,
    named «photo-<n>-...», each titled with the photo's alt text."""
    index = image.renditions or {}
    photo = image.photo
    files = [("original", photo.file.name, "image/jpeg", photo.width, photo.height)]
    for group, stem in (("widths", "width"), ("card", "card")):
        for width, height, webp, jpeg, *_ in index.get(group, []):
            files.append((f"{stem}-{width}-webp", webp, "image/webp", width, height))
            files.append((f"{stem}-{width}-jpeg", jpeg, "image/jpeg", width, height))
    if index.get("og"):
        width, height, name = index["og"][:3]
        files.append(("og", name, "image/jpeg", width, height))
    renditions = []
    for name, path, contenttype, width, height in files:
        rendition = {"name": f"photo-{n}-{name}", "href": media_url(path)}
        rendition["contenttype"] = contenttype
        if image.alt_text:
            rendition["title"] = image.alt_text
        if width and height:
            rendition.update(width=width, height=height)
        renditions.append(rendition)
    return renditions


def _photo_descriptions(image, n: int) -> list[dict]:
    credit = image.credit_text or (image.credit.name if image.credit_id else "")
    parts = (("caption", image.caption), ("alt", image.alt_text), ("credit", credit))
    return [{"role": f"photo-{n}-{role}", "value": value} for role, value in parts if value]


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
    for n, image in enumerate(photos, 1):
        doc.setdefault("renditions", []).extend(_renditions(image, n))
        doc.setdefault("descriptions", []).extend(_photo_descriptions(image, n))
    if staff:
        doc[STATUS_FIELD] = status
    return doc
