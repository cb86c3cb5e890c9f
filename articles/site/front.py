"""The edited front page: the editors' lead and top stories, the latest after them, and a
block per section.

Editors pin stories with ``FrontPick`` rows (the admin's «الصفحة الأولى» and the story
list's actions); the first pick is the lead. Picks are read through
``Article.objects.published()``, so a pinned story that is unpublished, turned back into
a draft or scheduled for later simply is not there; empty slots are filled by the latest
public stories. Four queries in all, whatever the number of sections.
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


def front_page() -> FrontPage:
    public = public_stories()
    wanted = 1 + TOP_SIZE
    picked = list(
        public.filter(front_pick__isnull=False).order_by(
            "front_pick__position", "-front_pick__pinned_at", "-published_at"
        )[:wanted]
    )
    shown = [story.pk for story in picked]
    rest = list(public.exclude(pk__in=shown)[: wanted - len(picked) + LATEST_SIZE])
    stories = picked + rest
    if not stories:
        return FrontPage()
    page = FrontPage(
        lead=stories[0], top=stories[1:wanted], latest=stories[wanted : wanted + LATEST_SIZE]
    )
    page.lead_photo = lead_photo(page.lead)
    page.sections = section_blocks(exclude=[story.pk for story in stories])
    return page


def section_blocks(*, exclude=()) -> list[SectionBlock]:
    """The latest ``SECTION_SIZE`` public stories of each section not shown above (one
    query: a row number per section, filtered), sections in the menu's order."""
    ranked = (
        public_stories()
        .filter(section__isnull=False)
        .exclude(pk__in=list(exclude))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("section_id"),
                order_by=(F("published_at").desc(), F("id").desc()),
            )
        )
        .filter(rank__lte=SECTION_SIZE)
        .order_by("section__position", "section__name", "rank")
    )
    blocks: dict[int, SectionBlock] = {}
    for story in ranked:
        block = blocks.get(story.section_id)
        if block is None:
            if len(blocks) == SECTION_BLOCKS:
                break
            block = blocks[story.section_id] = SectionBlock(story.section, [])
        block.stories.append(story)
    return list(blocks.values())


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
