"""Parse raw scraped Arabic news pages into stories, body blocks and teasers.

Two page shapes are recognised:

* ``asharq``: every full story has a header printed twice around a line holding only
  ``TT`` (title, optional deck and photo captions before the marker; title and captions
  again after it), then its body. A «مقالات ذات صلة» line opens a block of related-article
  teasers; further full stories may follow, each with its own ``TT`` header.
* ``republished``: no ``TT`` marker; a title, the body, then site boilerplate
  («اظهر المزيد», comment form, copyright lines...).

The parser works from that structure and from the shape of single lines (trailing
credit parentheses, length, final punctuation), never from the wording of known pages.
Standard library only: no Django import, so it can run anywhere.

Modules: ``model`` (the dataclasses), ``vocabulary`` (known words and the line key),
``lines`` (what one line is), ``teasers`` (related-article blocks), ``shapes`` (the two
page shapes); ``parse_page`` here is the entry point.
"""

from __future__ import annotations

import re

from .lines import parse_byline, parse_caption, split_section_label
from .model import Block, Byline, Credit, Page, ParseError, Story, Teaser
from .shapes import parse_asharq, parse_republished
from .vocabulary import TT_MARKER, tidy

__all__ = [
    "Block",
    "Byline",
    "Credit",
    "Page",
    "ParseError",
    "Story",
    "Teaser",
    "parse_byline",
    "parse_caption",
    "parse_page",
    "split_section_label",
]

# --------------------------------------------------------------------------- input checks

# C0/C1 controls other than tab/newline/CR, private use, replacement char, non-characters.
_BAD_CHARS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\ufffe\uffff]")
_MAX_BAD_RATIO = 0.1


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise ParseError(f"expected text (str), got {type(text).__name__}")
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise ParseError("NUL byte in text: binary data, not a news page", line)
    if not text.strip():
        raise ParseError("empty page: no text at all")
    bad = len(_BAD_CHARS.findall(text))
    if bad > _MAX_BAD_RATIO * len(text):
        raise ParseError(f"mostly non-printable text ({bad} control/invalid characters)")


def parse_page(text: str) -> Page:
    """Parse one scraped page; raise :class:`ParseError` when it holds no readable story."""
    _check_text(text)
    lines = [tidy(raw) for raw in text.split("\n")]
    if TT_MARKER in lines:
        shape, stories = "asharq", parse_asharq(lines)
    else:
        shape, stories = "republished", parse_republished(lines)
    if not stories:
        raise ParseError(f"no story found in {shape} page: no title followed by body text")
    return Page(shape=shape, stories=stories)
