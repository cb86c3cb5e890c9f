"""Finding Latin-script UI words in a page: what the screens' language tests scan for.

A Latin word on an Arabic screen is either data (a name, a credit, a slug, a username,
part of a URL or an e-mail address) or a UI string nobody translated (Django's, a
library's or ours). ``latin_words`` finds every Latin word a person sees or hears read
out; ``stored_latin_words`` is the data side: every Latin word the database holds.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.apps import apps

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
URLISH = re.compile(r"(?:https?://|www\.|/)\S*|\S+@\S+|\S+\.(?:xml|png|jpe?g|webp|txt)\b")
# The apps whose rows are data: the newsroom's, and django-axes's login records (user
# agents, paths, usernames; shown by its own screens).
DATA_APPS = ("articles", "taggit", "axes")
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
SKIPPED_ELEMENTS = ("script", "style", "template", "noscript")


class VisibleText(HTMLParser):
    """The text a person sees or hears read out, element by element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_ELEMENTS:
            self._skipping += 1
            return
        values = dict(attrs)
        self.parts += [values[a] for a in READ_ATTRIBUTES if values.get(a)]
        if tag == "input" and values.get("type") in ("submit", "button", "reset"):
            self.parts.append(values.get("value") or "")

    def handle_endtag(self, tag):
        if tag in SKIPPED_ELEMENTS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.parts.append(data)


def latin_words(html: str) -> set[str]:
    """The Latin words of ``html``'s visible text, URLs and e-mail addresses left out."""
    parser = VisibleText()
    parser.feed(html)
    words = set()
    for part in parser.parts:
        words.update(LATIN_WORD.findall(URLISH.sub(" ", part)))
    return words


def stored_latin_words(*extra: str) -> set[str]:
    """Every Latin word the database holds in a text column: data, not UI."""
    words = {w.lower() for text in extra for w in LATIN_WORD.findall(text)}
    models = [m for label in DATA_APPS for m in apps.get_app_config(label).get_models()]
    for model in models:
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if f.get_internal_type() in ("CharField", "TextField", "SlugField", "JSONField")
        ]
        for obj in model._base_manager.all():
            values = [getattr(obj, name) for name in text_fields]
            values.append(str(obj))  # how the admin names the record («Access Log for ...»)
            for value in values:
                words.update(w.lower() for w in LATIN_WORD.findall(str(value or "")))
    return words


def ui_words(html: str, data: set[str]) -> list[str]:
    """The Latin words of ``html`` that are not data (``data``: lower-cased words)."""
    return sorted(w for w in latin_words(html) if w.lower() not in data)
