"""Control characters out of text that readers, feeds and sitemaps will carry.

XML 1.0 refuses most C0 controls, so one ``\\x08`` or ``\\x0b`` (a Word line break pasted
into a title) in a stored title turns every feed holding it into a server error and the
news sitemap into malformed XML. C1 controls (U+0080-U+009F) are mojibake, never text.
Plain Python, no Django: the page parser, the models and the feeds all use it.
"""

from __future__ import annotations

import re

# Controls that are not whitespace: dropped outright (their neighbours stay apart only if
# they were apart already). U+001C-U+001E and U+0085 are line separators, handled below.
NONSPACE_CONTROLS = "\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f"
_DROP = re.compile(f"[{NONSPACE_CONTROLS}]")
# In a one-line field every breaking or spacing control becomes a plain space.
_LINE_SPACE = re.compile("\r\n|[\t\n\r\x0b\x0c\x1c-\x1e\x85]")
# In a multi-line field tab and newline stay; other breaks (CR, vertical tab, form feed,
# the separators) become a newline.
_BREAK = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85]")


def clean_line(text: str) -> str:
    """``text`` for a one-line field (title, byline, name): no control characters left."""
    if not text:
        return text
    return _LINE_SPACE.sub(" ", _DROP.sub("", text))


def clean_text(text: str) -> str:
    """``text`` for a multi-line field (deck, summary, paragraph): only tab and newline left."""
    if not text:
        return text
    return _BREAK.sub("\n", _DROP.sub("", text))
