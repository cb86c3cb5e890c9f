"""What a parsed page is: stories, their blocks and teasers, or a ParseError."""

from __future__ import annotations

from dataclasses import dataclass


class ParseError(ValueError):
    """The text cannot be read as a news page; ``line`` is 1-based when it helps."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(message if line is None else f"line {line}: {message}")


@dataclass(frozen=True, slots=True)
class Credit:
    source: str
    is_archive: bool


@dataclass(frozen=True, slots=True)
class Block:
    kind: str
    text: str
    credit: Credit | None = None


@dataclass(frozen=True, slots=True)
class Byline:
    author: str
    dateline: str


@dataclass(frozen=True, slots=True)
class Teaser:
    title: str
    section: str
    is_exclusive: bool
    caption: Block | None
    byline: Byline | None
    date_text: str
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Story:
    title: str
    deck: str
    section: str
    is_exclusive: bool
    byline: Byline | None
    lead_captions: list[Block]
    blocks: list[Block]
    teasers: list[Teaser]
    first_line: int


@dataclass(frozen=True, slots=True)
class Page:
    shape: str
    stories: list[Story]

    @property
    def teasers(self) -> list[Teaser]:
        return [teaser for story in self.stories for teaser in story.teasers]
