"""Which section a page's stories belong to (plain Python, no Django).

A page prints a section label above a story only now and then («المشرق العربي خاص …»);
its "related articles" teasers usually carry one each. The rule, per story:

1. the label printed with the story, when there is one;
2. else the section most of the page's teasers name (the page is that section's page:
   its teasers are mostly its own stories); on a tie, the one named first;
3. else none.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from articles.ingest.parser import Page


def page_section(page: Page) -> str:
    """The section most of the page's teasers name ("" when none names one)."""
    named = [teaser.section.strip() for teaser in page.teasers if teaser.section.strip()]
    if not named:
        return ""
    counts = Counter(named)
    best = max(counts.values())
    return next(name for name in named if counts[name] == best)


def with_sections(page: Page) -> Page:
    """The page with every story's section decided by the rule above."""
    fallback = page_section(page)
    if not fallback:
        return page
    stories = [
        story if story.section.strip() else replace(story, section=fallback)
        for story in page.stories
    ]
    return replace(page, stories=stories)
