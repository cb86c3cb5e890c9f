"""The edited front page: the editors' lead and top stories, the latest after them, and a
block per section.

Editors pin stories with ``FrontPick`` rows (the admin's «الصفحة الأولى» and the story
list's actions); the first pick is the lead. Picks are read through
``Article.objects.published()``, so a pinned story that is unpublished, turned back into
a draft or scheduled for later simply is not there; empty slots are filled by the latest
public stories. Five queries at most, whatever the number of sections or stories.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from articles.models import Article, Image, Section
from articles.site.lookups import public_stories

TOP_SIZE = 5  # top stories: two beside the lead, three under it (desktop)
LATEST_SIZE = 8  # the latest stories after them
SECTION_SIZE = 4  # stories per section block
SECTION_BLOCKS = 6  # section blocks, in the menu's order
RECENT_WINDOW = 300  # latest stories that fill the busy sections' blocks


@dataclass
class SectionBlock:
    section: Section
    stories: list[Article]


@dataclass
class FrontPage:
    lead: Article | None = None
    lead_photo: Image | None = None
    top: list[Article] = field(default_factory=list)
    latest: list[Article] = field(default_factory=list)
    sections: list[SectionBlock] = field(default_factory=list)


def card_stories():
    """Public stories with what a card shows: not their body or search columns, the
    bulk of a row, which no card reads."""
    return public_stories().defer("body", "summary", "search_text", "search_vector")


def front_page() -> FrontPage:
    public = card_stories()
    wanted = 1 + TOP_SIZE
    picked = list(
        public.filter(front_pick__isnull=False).order_by(
            "front_pick__position", "-front_pick__pinned_at", "-published_at"
        )[:wanted]
    )
    shown = [story.pk for story in picked]
    # The latest stories, once: the ones after the picks, then the section blocks' window.
    latest = list(public.exclude(pk__in=shown)[:RECENT_WINDOW])
    rest = latest[: wanted - len(picked) + LATEST_SIZE]
    stories = picked + rest
    if not stories:
        return FrontPage()
    page = FrontPage(
        lead=stories[0], top=stories[1:wanted], latest=stories[wanted : wanted + LATEST_SIZE]
    )
    page.lead_photo = lead_photo(page.lead)
    page.sections = section_blocks(
        exclude=[story.pk for story in stories], recent=latest[len(rest) :]
    )
    return page


def section_blocks(*, exclude=(), recent=None) -> list[SectionBlock]:
    """The latest ``SECTION_SIZE`` public stories of each section not shown above,
    sections in the menu's order, the first ``SECTION_BLOCKS`` that have any.

    Bounded whatever the size of the archive: the latest ``RECENT_WINDOW`` public stories
    (read by the published index) fill the busy sections; only the sections they leave
    short (quiet ones, whose stories are older) are ranked over their own stories, by
    the section index (a row number per section, filtered). Three queries at most, two
    when the caller hands over ``recent``: the latest public stories after ``exclude``.
    """
    stories = card_stories().filter(section__isnull=False).exclude(pk__in=list(exclude))
    by_section: dict[int, list[Article]] = {}
    for story in stories[:RECENT_WINDOW] if recent is None else recent:
        if story.section_id is not None:
            by_section.setdefault(story.section_id, []).append(story)
    sections = list(Section.objects.order_by("position", "name").values_list("pk", flat=True))
    full = {pk for pk, found in by_section.items() if len(found) >= SECTION_SIZE}
    short, ready = [], 0
    for pk in sections:  # the short sections before the last block that may be shown
        if ready == SECTION_BLOCKS:
            break
        if pk in full:
            ready += 1
        else:
            short.append(pk)
    found = {pk: by_section[pk][:SECTION_SIZE] for pk in full}
    if short:
        ranked = stories.filter(section_id__in=short).annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("section_id"),
                order_by=(F("published_at").desc(), F("id").desc()),
            )
        )
        for story in ranked.filter(rank__lte=SECTION_SIZE).order_by("section_id", "rank"):
            found.setdefault(story.section_id, []).append(story)
    blocks = [SectionBlock(found[pk][0].section, found[pk]) for pk in sections if found.get(pk)]
    return blocks[:SECTION_BLOCKS]


def lead_photo(article: Article) -> Image | None:
    """The lead's photo: its first image that places a library photo (imported images
    are captions only), read with the photo in one query."""
    return first_with_file(article.images.select_related("photo").exclude(photo=None)[:1])


def first_with_file(images) -> Image | None:
    return next((image for image in images if image_has_file(image)), None)


def image_has_file(image: Image) -> bool:
    """Whether readers can see ``image``: imported images are captions with no photo
    (``Image.file`` is its photo's file, read with the photo's select_related)."""
    return bool(getattr(image, "file", None))
