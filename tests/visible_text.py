"""What a reader of a page sees: its text without markup, styles, scripts or attributes."""

import re
from html import unescape

_HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
# Words in Latin script, two letters or more (a lone «x» or «s» is no word).
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")


def visible_text(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", _HIDDEN.sub(" ", html))).split())


def latin_words(html: str, allowed=()) -> set[str]:
    """The Latin-script words a page shows, less ``allowed`` (data: names, usernames)."""
    return set(LATIN_WORD.findall(visible_text(html))) - set(allowed)
