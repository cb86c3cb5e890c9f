"""Per-story aggregation of extracted entities (no Django): what the importer writes.

The extractor returns one span per occurrence; a story needs one row per entity with
how often it appears, where first, how it was found and with what role.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from articles.ingest.entities import entities_and_quotes
from articles.ingest.parser import Story
from articles.text.arabic import words


@dataclass
class Found:
    key: str
    name: str
    count: int = 0
    excerpt: str = ""
    method: str = ""
    confidence: float = 0.0
    role: str = ""
    as_credit: bool = False


@dataclass
class StoryEntities:
    persons: dict[str, Found] = field(default_factory=dict)
    locations: dict[str, Found] = field(default_factory=dict)
    sources: dict[str, Found] = field(default_factory=dict)
    quotes: list[tuple[str, str]] = field(default_factory=list)  # (person key, quote)


def story_text(story: Story) -> str:
    """Everything a reader sees of the story, one block a line."""
    parts = [story.title, story.deck]
    parts += [b.text for b in story.lead_captions]
    parts += [b.text for b in story.blocks]
    return "\n".join(p for p in parts if p)


def _add(bucket: dict[str, Found], key: str, name: str, *, excerpt="", method="", confidence=1.0,
         role="", as_credit=False) -> None:  # fmt: skip
    if not key:
        return
    found = bucket.get(key)
    if found is None:
        found = bucket[key] = Found(key=key, name=name, excerpt=excerpt, method=method)
    found.count += 1
    found.confidence = max(found.confidence, confidence)
    found.as_credit = found.as_credit or as_credit
    if len(name) > len(found.name):
        found.name = name  # the fullest spelling seen («جيمس ماتيس», not «ماتيس»)
    if role and not found.role:
        found.role = role


def collect(story: Story) -> StoryEntities:
    text = story_text(story)
    spans, quotes = entities_and_quotes(text)
    found = StoryEntities()
    for span in spans:
        excerpt = (span.sentence or text[max(0, span.start - 80) : span.end + 80]).strip()
        kwargs = {"excerpt": excerpt, "method": span.method, "confidence": span.confidence}
        if span.type == "PERS":
            _add(found.persons, span.key, span.text, role=span.role, **kwargs)
        elif span.type == "LOC":
            _add(found.locations, span.key, span.text, **kwargs)
        elif span.type == "ORG" and span.is_source:
            _add(found.sources, span.key, span.text, **kwargs)
    for block in [*story.lead_captions, *story.blocks]:
        if block.kind == "caption" and block.credit and block.credit.source:
            name = block.credit.source
            _add(found.sources, " ".join(words(name)), name, excerpt=block.text,
                 method="credit", as_credit=True)  # fmt: skip
    if story.byline and story.byline.dateline:
        dateline = story.byline.dateline
        _add(found.locations, " ".join(words(dateline)), dateline, method="dateline",
             excerpt=f"{story.byline.author} ({dateline})")  # fmt: skip
    aliases = _fold_surnames(found.persons)
    for quote in quotes:
        key = aliases.get(quote.speaker_key, quote.speaker_key)
        if key in found.persons:
            found.quotes.append((key, quote.text))
    return found


def _fold_surnames(persons: dict[str, Found]) -> dict[str, str]:
    """Fold a surname-only person («أبو رغيف») into the full name in the same story.

    The extractor links most bare surnames itself; this catches multi-word surnames it
    kept apart. Returns the folded keys -> the key they now belong to.
    """
    folded = {}
    for key in sorted(persons, key=len):
        tail = key.split()
        fuller = [
            other
            for other in persons
            if other != key
            and other not in folded
            and other.split()[-len(tail) :] == tail
            and len(other.split()) > len(tail)
        ]
        if len(fuller) == 1:
            target, short = persons[fuller[0]], persons.pop(key)
            target.count += short.count
            target.role = target.role or short.role
            folded[key] = fuller[0]
    return folded
