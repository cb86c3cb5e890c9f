"""The two page shapes, and the story body and header both share.

See the package docstring for what ``asharq`` and ``republished`` pages look like.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .lines import (
    SENTENCE_END,
    is_boilerplate,
    is_caption_line,
    is_date_line,
    is_exclusive_word,
    is_related_marker,
    is_strict_byline,
    is_subheading,
    is_title_like,
    parse_byline,
    parse_caption,
    strip_exclusive,
)
from .model import Block, Byline, ParseError, Story, Teaser
from .teasers import tail_teasers
from .vocabulary import TT_MARKER, line_key

# --------------------------------------------------------------------------- story body


def _first_cut(lines: Sequence[str], start: int, end: int) -> int:
    """Where a story body stops: a related-articles marker or site boilerplate."""
    for i in range(start, end):
        line = lines[i]
        if line and (is_related_marker(line) or is_boilerplate(line)):
            return i
    return end


def _classify(line: str) -> Block:
    if is_caption_line(line):
        return parse_caption(line)
    if is_subheading(line):
        return Block(kind="subheading", text=line)
    return Block(kind="paragraph", text=line)


def _body_blocks(lines: Sequence[str], start: int, end: int, skip: set[str]) -> list[Block]:
    """Body blocks in order, without header repeats and duplicated caption lines."""
    blocks: list[Block] = []
    # Folding a long paragraph is the costliest step; no repeat is much longer than its key.
    longest = 2 * max(map(len, skip), default=0) + 8
    for i in range(start, end):
        line = lines[i]
        if not line or line == TT_MARKER or (len(line) <= longest and line_key(line) in skip):
            continue
        block = _classify(line)
        if block.kind == "caption" and blocks and blocks[-1] == block:
            continue
        blocks.append(block)
    # A heading with nothing after it introduces nothing: it is a closing line.
    if blocks and blocks[-1].kind == "subheading":
        blocks[-1] = Block(kind="paragraph", text=blocks[-1].text)
    return blocks


@dataclass(slots=True)
class _Header:
    """Everything printed above the body of a story."""

    title: str
    first_line: int
    deck: str = ""
    section: str = ""
    is_exclusive: bool = False
    byline: Byline | None = None
    lead_captions: list[Block] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def add_caption(self, line: str) -> None:
        key = line_key(line)
        if key not in self.seen:
            self.seen.add(key)
            self.lead_captions.append(parse_caption(line))

    def add_extra(self, line: str) -> None:
        """A non-caption header line: a byline, a date (dropped) or the deck."""
        self.seen.add(line_key(line))
        if is_date_line(line):
            return
        if self.byline is None and (
            is_strict_byline(line) or (self.deck and len(line.split()) <= 3 and parse_byline(line))
        ):
            self.byline = parse_byline(line)
        else:
            self.deck = f"{self.deck} {line}".strip()

    def absorb_repeats(self, lines: Sequence[str], start: int, end: int) -> int:
        """Skip the header printed again (title, deck, captions); return the body start."""
        i = start
        while i < end:
            line = lines[i]
            if not line or line_key(line) in self.seen:
                i += 1
            elif self.byline is None and is_strict_byline(line):
                self.byline = parse_byline(line)
                self.seen.add(line_key(line))
                i += 1
            elif is_caption_line(line):
                self.add_caption(line)
                i += 1
            else:
                break
        return i

    def story(self, blocks: list[Block], teasers: list[Teaser]) -> Story:
        return Story(
            title=self.title,
            deck=self.deck,
            section=self.section,
            is_exclusive=self.is_exclusive,
            byline=self.byline,
            lead_captions=self.lead_captions,
            blocks=blocks,
            teasers=teasers,
            first_line=self.first_line,
        )


def _new_header(title_line: str, line_index: int) -> _Header:
    exclusive, title = strip_exclusive(title_line)
    header = _Header(title=title, first_line=line_index + 1, is_exclusive=exclusive)
    header.seen.update({line_key(title_line), line_key(title)})
    return header


def _next_nonblank(lines: Sequence[str], start: int, end: int) -> int | None:
    return next((i for i in range(start, end) if lines[i]), None)


def _finish_story(lines: Sequence[str], header: _Header, body_start: int, end: int) -> Story | None:
    cut = _first_cut(lines, body_start, end)
    blocks = _body_blocks(lines, body_start, cut, header.seen)
    if not any(block.kind == "paragraph" for block in blocks):
        return None
    return header.story(blocks, tail_teasers(lines, cut, end))


# --------------------------------------------------------------------------- asharq shape

_HEADER_SCAN = 20  # lines above a TT marker searched for the story title


def _label_prefix(pre_title: str, title: str) -> tuple[str, bool]:
    """Section/«خاص» glued before the title in the pre-marker copy of the header."""
    words = pre_title.split()
    prefix = words[: len(words) - len(title.split())]
    exclusive = any(is_exclusive_word(word) for word in prefix)
    section = " ".join(word for word in prefix if not is_exclusive_word(word))
    return section, exclusive


def _matches_title(line: str, title_key: str) -> bool:
    key = line_key(line)
    if key == title_key:
        return True
    return key.endswith(" " + title_key) and len(key.split()) - len(title_key.split()) <= 4


def _find_header_start(lines: Sequence[str], tt: int, floor: int) -> tuple[int, str | None]:
    """First line of the header above a TT marker, and the title printed after it."""
    floor = max(floor, tt - _HEADER_SCAN)
    after = _next_nonblank(lines, tt + 1, len(lines))
    post_title = None
    if after is not None and lines[after] != TT_MARKER:
        candidate = lines[after]
        if is_title_like(candidate) and not is_caption_line(candidate):
            post_title = candidate
    if post_title is not None:
        title_key = line_key(strip_exclusive(post_title)[1])
        for i in range(tt - 1, floor - 1, -1):
            if lines[i] and _matches_title(lines[i], title_key):
                return i, post_title
    i = tt - 1
    while i >= floor and (not lines[i] or is_caption_line(lines[i])):
        i -= 1
    if i >= floor and is_title_like(lines[i]):
        return i, post_title
    return tt, post_title


def _asharq_header(
    lines: Sequence[str], start: int, tt: int, post_title: str | None
) -> tuple[_Header, int]:
    """Read the header around a TT marker; return it with the index where the body starts."""
    pre = [i for i in range(start, tt) if lines[i]]
    title_line = post_title or (lines[pre[0]] if pre else "")
    header = _new_header(title_line, start if pre else tt)
    if pre and _matches_title(lines[pre[0]], line_key(header.title)):
        section, exclusive = _label_prefix(lines[pre[0]], header.title)
        header.section = section
        header.is_exclusive = header.is_exclusive or exclusive
        header.seen.add(line_key(lines[pre[0]]))
    elif pre:
        header.add_extra(lines[pre[0]])
    keys = [line_key(lines[i]) for i in pre]
    for n, i in enumerate(pre[1:], start=1):
        line = lines[i]
        printed_twice = keys.count(keys[n]) > 1
        if is_caption_line(line) and (printed_twice or not is_strict_byline(line)):
            header.add_caption(line)
        elif keys[n] not in header.seen:
            header.add_extra(line)
    return header, header.absorb_repeats(lines, tt + 1, len(lines))


def parse_asharq(lines: Sequence[str]) -> list[Story]:
    markers = [i for i, line in enumerate(lines) if line == TT_MARKER]
    found: list[tuple[int, int, str | None]] = []
    floor = 0
    for tt in markers:
        start, post_title = _find_header_start(lines, tt, floor)
        found.append((start, tt, post_title))
        floor = tt + 1
    stories: list[Story] = []
    for n, (start, tt, post_title) in enumerate(found):
        end = found[n + 1][0] if n + 1 < len(found) else len(lines)
        if not post_title and start == tt:
            continue  # a stray marker with neither title before nor after it
        header, body_start = _asharq_header(lines, start, tt, post_title)
        story = _finish_story(lines, header, body_start, end)
        if story is not None:
            stories.append(story)
    return stories


# --------------------------------------------------------------------------- republished shape

_DECK_MAX_WORDS = 30


def parse_republished(lines: Sequence[str]) -> list[Story]:
    first = _next_nonblank(lines, 0, len(lines))
    while first is not None and is_boilerplate(lines[first]):
        first = _next_nonblank(lines, first + 1, len(lines))
    if first is None:
        return []
    if not is_title_like(lines[first]):
        raise ParseError("no title: the first line reads as body text", first + 1)
    header = _new_header(lines[first], first)
    end = len(lines)
    i = header.absorb_repeats(lines, first + 1, end)
    i = _republished_deck(lines, header, i, end)
    return [story] if (story := _finish_story(lines, header, i, end)) else []


def _republished_deck(lines: Sequence[str], header: _Header, start: int, end: int) -> int:
    """A short unpunctuated line right under the title, with body after it, is the deck."""
    if start >= end:
        return start
    line = lines[start]
    if (
        len(line.split()) > _DECK_MAX_WORDS
        or line[-1] in SENTENCE_END
        or is_boilerplate(line)
        or is_related_marker(line)
    ):
        return start
    following = _next_nonblank(lines, start + 1, end)
    if following is None or is_boilerplate(lines[following]):
        return start
    header.add_extra(line)
    return header.absorb_repeats(lines, start + 1, end)
