"""Related-article teasers: a state machine over the lines of a «ذات صلة» block."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .lines import (
    is_agency,
    is_boilerplate,
    is_caption_line,
    is_date_line,
    is_label_only,
    is_related_marker,
    is_strict_byline,
    parse_byline,
    parse_caption,
    split_section_label,
    split_trailing_parens,
    strip_exclusive,
)
from .model import Block, Byline, Teaser
from .vocabulary import TT_MARKER, line_key


@dataclass(slots=True)
class _TeaserDraft:
    """A teaser being assembled line by line."""

    title: str = ""
    section: str = ""
    is_exclusive: bool = False
    caption: Block | None = None
    byline: Byline | None = None
    date_text: str = ""
    summary: list[str] = field(default_factory=list)

    def has_tail(self) -> bool:
        return bool(self.summary or self.byline or self.date_text)

    def is_bare(self) -> bool:
        return not (self.title or self.caption or self.has_tail())

    def build(self) -> Teaser:
        return Teaser(
            title=self.title,
            section=self.section,
            is_exclusive=self.is_exclusive,
            caption=self.caption,
            byline=self.byline,
            date_text=self.date_text,
            summary=" ".join(self.summary),
        )


class _TeaserReader:
    """State machine over the lines of a related-articles block.

    A teaser is ``[label+caption] title summary [byline] [date]``; the first teaser of a
    block may also print its title once before the caption. A caption or a title that
    follows a finished teaser starts the next one.
    """

    def __init__(self) -> None:
        self.drafts: list[_TeaserDraft] = []

    @property
    def current(self) -> _TeaserDraft | None:
        return self.drafts[-1] if self.drafts else None

    def _start(self) -> _TeaserDraft:
        draft = _TeaserDraft()
        self.drafts.append(draft)
        return draft

    def feed(self, line: str) -> None:
        cur = self.current
        if is_label_only(line):
            self._label(line, cur)
        elif self._is_teaser_caption(line, cur):
            self._caption(line, cur)
        elif cur is not None and cur.title and self._is_teaser_byline(line, cur):
            cur.byline = parse_byline(line)
        elif cur is not None and cur.title and not cur.date_text and is_date_line(line):
            cur.date_text = line
        else:
            self._text(line, cur)

    def _label(self, line: str, cur: _TeaserDraft | None) -> None:
        draft = cur if cur is not None and cur.is_bare() else self._start()
        section, exclusive, _ = split_section_label(f"{line} x")
        draft.section = draft.section or section
        draft.is_exclusive = draft.is_exclusive or exclusive

    @staticmethod
    def _is_teaser_caption(line: str, cur: _TeaserDraft | None) -> bool:
        """Captions and ``name (city)`` bylines share a shape; tell them apart."""
        if not is_caption_line(line):
            return False
        section, exclusive, _ = split_section_label(line)
        if section or exclusive:
            return True
        inner = (split_trailing_parens(line) or ("", ""))[1]
        if is_agency(inner):
            return True
        expecting_byline = cur is not None and bool(cur.title) and cur.byline is None
        return not (expecting_byline and is_strict_byline(line))

    def _caption(self, line: str, cur: _TeaserDraft | None) -> None:
        section, exclusive, rest = split_section_label(line)
        # A label line or an early copy of the title may already have opened this teaser.
        opened = cur is not None and not cur.caption and not cur.has_tail()
        draft = cur if opened and cur is not None else self._start()
        draft.caption = parse_caption(rest)
        draft.section = draft.section or section
        draft.is_exclusive = draft.is_exclusive or exclusive

    @staticmethod
    def _is_teaser_byline(line: str, cur: _TeaserDraft) -> bool:
        if cur.byline is not None:
            return False
        if is_strict_byline(line):
            return True
        return bool(cur.summary) and parse_byline(line) is not None

    def _text(self, line: str, cur: _TeaserDraft | None) -> None:
        exclusive, title = strip_exclusive(line)
        if cur is not None and cur.title and line_key(title) == line_key(cur.title):
            cur.is_exclusive = cur.is_exclusive or exclusive
            return
        if cur is None or (cur.title and cur.has_tail()):
            cur = self._start()
        if not cur.title:
            cur.title = title
            cur.is_exclusive = cur.is_exclusive or exclusive
        else:
            cur.summary.append(line)

    def teasers(self) -> list[Teaser]:
        return [draft.build() for draft in self.drafts if draft.title]


def _read_teasers(lines: Sequence[str], start: int, end: int) -> list[Teaser]:
    reader = _TeaserReader()
    for i in range(start, end):
        line = lines[i]
        if line and line != TT_MARKER and not is_related_marker(line):
            reader.feed(line)
    return reader.teasers()


def tail_teasers(lines: Sequence[str], cut: int, end: int) -> list[Teaser]:
    """Teasers of a related block found at or after ``cut``, up to boilerplate."""
    for i in range(cut, end):
        if lines[i] and is_related_marker(lines[i]):
            stop = next((j for j in range(i + 1, end) if is_boilerplate(lines[j])), end)
            return _read_teasers(lines, i + 1, stop)
    return []
