"""Tags as an Arabic desk types them: «العراق، الإرهاب، «داعش»».

Taggit's own parser sorts the names, splits on spaces when there is no Latin comma (so
«الحشد الشعبي» would be two tags) and keeps «» in names and slugs. Here (and through
``TAGGIT_TAGS_FROM_STRING`` / ``TAGGIT_STRING_FROM_TAGS`` everywhere taggit parses or
shows tags):

* the Arabic comma «،», the Latin comma, «؛», «;» and line breaks separate tags; spaces
  never do;
* quote marks («» "" “” ‘’ „ ' and the like) are dropped from the names, so «داعش» and
  "داعش" are the tag داعش and its slug has none;
* the editor's order is kept, the first of two equal names wins;
* the names are shown back joined with «، ».

Plain Python, no Django.
"""

from __future__ import annotations

import re

from articles.text.clean import clean_line

SEPARATORS = re.compile(r"[,،;؛\n\r]+")
QUOTES = "«»\"“”‘’„‟‹›'`"
_QUOTES = str.maketrans("", "", QUOTES)
_SPACES = re.compile(r"\s+")
JOINER = "، "


def tag_name(text: str) -> str:
    """One tag's name: no quote marks, no control characters, single spaces."""
    return _SPACES.sub(" ", clean_line(text or "").translate(_QUOTES)).strip()


def parse_tags(text: str) -> list[str]:
    """The tag names in ``text``, in the order typed, each once."""
    names, seen = [], set()
    for part in SEPARATORS.split(text or ""):
        name = tag_name(part)
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def edit_string(tags) -> str:
    """Tags (objects with a ``name``, in the order given) as the editor types them."""
    names = []
    for tag in tags:
        name = tag_name(getattr(tag, "name", tag))
        if name and name not in names:
            names.append(name)
    return JOINER.join(names)
