"""Line classifiers: what one line of a page is, from its shape (credits, captions,
subheadings, dates, bylines, section labels, related-article markers, boilerplate)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from articles.text.arabic import fold

from .model import Block, Byline, Credit
from .vocabulary import (
    ARCHIVE,
    BOILERPLATE_EXACT,
    BOILERPLATE_PARTS,
    BOILERPLATE_PREFIXES,
    CREDIT_HINTS,
    EDGE_PUNCT,
    EXCLUSIVE_LABEL,
    KNOWN_AGENCIES,
    MONTHS,
    RELATED_MARKERS,
    SECTION_NAMES,
    SPEECH_MARKERS,
    TIME_WORDS,
    WEEKDAYS,
    line_key,
    tidy,
)

# --------------------------------------------------------------------------- credits

_CREDIT_SCAN = 80  # a credit sits in the last few dozen characters of a line
_CREDIT_SEPARATORS = re.compile(r"\s*[-–—/،,]\s*|\s+ـ\s+")


def split_trailing_parens(text: str) -> tuple[str, str] | None:
    """Split ``"text (inner)"`` at the parenthesis closing the line, nesting-aware."""
    if not text.endswith(")"):
        return None
    depth = 0
    stop = max(-1, len(text) - _CREDIT_SCAN - 1)
    for i in range(len(text) - 1, stop, -1):
        char = text[i]
        if char == ")":
            depth += 1
        elif char == "(":
            depth -= 1
            if depth == 0:
                return text[:i].rstrip(), text[i + 1 : -1].strip()
    return None


def _looks_like_credit(inner: str) -> bool:
    """Short, wordy, not a sentence: «رويترز», «أرشيفية - أ.ف.ب», «حسابها على «إكس»»."""
    if not inner or len(inner) > 50 or len(inner.split()) > 6:
        return False
    if any(char in inner for char in ":؟?!;؛"):
        return False
    return any(char.isalpha() for char in inner)


def _is_time_word(inner: str) -> bool:
    """Parentheses that hold a weekday, month or number are prose, not a credit."""
    folded = fold(inner)
    return folded in TIME_WORDS or not any(char.isalpha() for char in folded)


def is_agency(inner: str) -> bool:
    folded = fold(inner)
    if ARCHIVE in folded or folded.replace(".", "").replace(" ", "") in KNOWN_AGENCIES:
        return True
    return any(hint in folded for hint in CREDIT_HINTS)


def _parse_credit(inner: str) -> Credit:
    """Separate the archive mark from the source: «أرشيفية - أ.ف.ب» -> (أ.ف.ب, archive)."""
    if ARCHIVE not in fold(inner):
        return Credit(source=inner, is_archive=False)
    parts = [part for part in _CREDIT_SEPARATORS.split(inner) if part.strip()]
    kept = [part.strip() for part in parts if ARCHIVE not in fold(part)]
    return Credit(source=" - ".join(kept), is_archive=True)


def parse_caption(line: str) -> Block:
    """Split a caption line into its text and trailing credit (``credit`` None if absent)."""
    text = tidy(line)
    split = split_trailing_parens(text)
    if split is None or not _looks_like_credit(split[1]):
        return Block(kind="caption", text=text)
    body, inner = split
    return Block(kind="caption", text=body, credit=_parse_credit(inner))


# --------------------------------------------------------------------------- line shapes

SENTENCE_END = ".:،,;؛…"
_CAPTION_MAX_WORDS = 45
_SUBHEADING_MAX_WORDS = 8
_SUBHEADING_MAX_CHARS = 70
_TITLE_MAX_WORDS = 35


def _has_sentence_break(text: str) -> bool:
    """True when a full stop ends a word inside the text (``د.`` and ``أ.ف.ب`` don't)."""
    for token in text.split()[:-1]:
        if token.endswith((".", "؟", "?", "!")) and len(token) > 3:
            return True
    return False


def is_caption_line(line: str) -> bool:
    """A short photo caption ending in a credit, as opposed to prose with parentheses."""
    split = split_trailing_parens(line)
    if split is None:
        return False
    body, inner = split
    if not body or not _looks_like_credit(inner) or _is_time_word(inner):
        return False
    if len(body.split()) > _CAPTION_MAX_WORDS or body[-1] in SENTENCE_END:
        return False
    if ": " in body or _has_sentence_break(body):
        return False
    folded = fold(body)
    return not any(marker in folded for marker in SPEECH_MARKERS)


def is_subheading(line: str) -> bool:
    """In-body subheading: a few words, no sentence punctuation (a question is fine)."""
    if len(line) > _SUBHEADING_MAX_CHARS or len(line.split()) > _SUBHEADING_MAX_WORDS:
        return False
    if line[-1] in SENTENCE_END or ". " in line or ": " in line:
        return False
    return any(char.isalpha() for char in line)


def is_title_like(line: str) -> bool:
    if len(line.split()) > _TITLE_MAX_WORDS:
        return False
    return not (line.endswith(".") and not line.endswith(".."))


_DATE_RE = re.compile(
    r"^(?:(?:نشر|نُشر|تاريخ النشر|آخر تحديث)\s*:?\s*)?"
    rf"(?:(?:{'|'.join(WEEKDAYS)})\s*[-،,]?\s*)?"
    r"(?:"
    rf"\d{{1,2}}\s+(?:{'|'.join(MONTHS)})(?:\s*[-،,]?\s*\d{{4}})?"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"
    r"|منذ\s+\d+\s+\S+"
    r")"
    r"[\s\d:٫.,،\-–مصهـ]{0,24}$"
)


def is_date_line(line: str) -> bool:
    return len(line) <= 80 and _DATE_RE.match(line) is not None


# --------------------------------------------------------------------------- bylines

_NAME_EXTRA = frozenset(".'-ـ’")
_DATELINE_EXTRA = frozenset(".'-ـ’–،,/")


def _is_name_like(text: str, max_words: int, extra: frozenset[str]) -> bool:
    """Only letters (with harakat) and a few joiners; no digits, no sentence punctuation."""
    words = text.split()
    if not 1 <= len(words) <= max_words:
        return False
    letters = False
    for char in text:
        if char.isalpha():
            letters = True
        elif not (char == " " or char in extra or "\u064b" <= char <= "\u065f"):
            return False
    return letters


# «بقلم» always introduces an author; «كتب» ("wrote" / "books") only with a colon.
_BYLINE_MARKER = re.compile(r"^(?:بقلم(?:\s*[:：\-–])?|(?:كتب|كتبت|إعداد)\s*[:：])\s+")


def _unquote(name: str) -> tuple[str, bool]:
    """«الشرق الأوسط» -> الشرق الأوسط, only when the quotes wrap the whole name."""
    if name.startswith("«") and name.endswith("»") and name.count("«") == 1:
        return name[1:-1].strip(), True
    return name, False


def parse_byline(line: str) -> Byline | None:
    """Read ``author`` or ``author (dateline)``; None when the line cannot be a byline.

    The check is on shape only ("فاضل النشمي" and a two-word subheading look alike);
    callers decide by position whether a byline is expected there.
    """
    text = _BYLINE_MARKER.sub("", tidy(line))
    if not text or len(text) > 80:
        return None
    dateline = ""
    split = split_trailing_parens(text)
    if split is not None:
        text, dateline = split
        if not _is_name_like(dateline, 4, _DATELINE_EXTRA):
            return None
    author, quoted = _unquote(text)
    max_words = 5 if dateline or quoted else 4
    if not _is_name_like(author, max_words, _NAME_EXTRA):
        return None
    return Byline(author=author, dateline=dateline)


def is_strict_byline(line: str) -> bool:
    """A byline that can't be a heading: a dateline, a quoted outlet or «بقلم»/«كتب»."""
    byline = parse_byline(line)
    if byline is None:
        return False
    if byline.dateline:
        return not is_agency(byline.dateline)
    text = tidy(line)
    return text.startswith("«") or _BYLINE_MARKER.match(text) is not None


# --------------------------------------------------------------------------- section labels

_LabelIndex = list[tuple[int, frozenset[str]]]


def _label_index(names: Iterable[str]) -> _LabelIndex:
    """Folded labels grouped by word count, longest first: matching is a few set look-ups."""
    by_size: dict[int, set[str]] = {}
    for name in names:
        words = fold(name).split()
        if words:
            by_size.setdefault(len(words), set()).add(" ".join(words))
    return [(size, frozenset(by_size[size])) for size in sorted(by_size, reverse=True)]


_SECTION_INDEX = _label_index(SECTION_NAMES)
_EXCLUSIVE_KEY = fold(EXCLUSIVE_LABEL)


def _match_section(words: Sequence[str], index: _LabelIndex) -> int:
    """Word count of the longest known section name opening ``words`` (0 if none)."""
    folded = [fold(word) for word in words[: index[0][0]]] if index else []
    for size, labels in index:
        if size < len(words) and " ".join(folded[:size]) in labels:
            return size
    return 0


def is_exclusive_word(word: str) -> bool:
    return fold(word).strip(EDGE_PUNCT) == _EXCLUSIVE_KEY


def split_section_label(text: str, *, extra_sections: Iterable[str] = ()) -> tuple[str, bool, str]:
    """Split a leading section label and/or «خاص» off glued text.

    Returns ``(section, is_exclusive, rest)``. A label is split only when text follows
    it, so a title that merely starts with a place name keeps it when nothing is glued.
    Pass ``extra_sections`` for section names missing from :data:`SECTION_NAMES`.
    """
    index = _SECTION_INDEX
    extra = list(extra_sections)
    if extra:
        index = _label_index([*SECTION_NAMES, *extra])
    words = tidy(text).split()
    section, exclusive, start = "", False, 0
    for _ in range(2):  # «خاص المشرق العربي ...» and «المشرق العربي خاص ...»
        rest = words[start:]
        if not exclusive and len(rest) > 1 and is_exclusive_word(rest[0]):
            exclusive, start = True, start + 1
            continue
        size = 0 if section else _match_section(rest, index)
        if not size:
            break
        section, start = " ".join(rest[:size]), start + size
    return section, exclusive, " ".join(words[start:])


def strip_exclusive(title: str) -> tuple[bool, str]:
    """Titles keep a leading place name; only the «خاص» label is removed."""
    words = title.split()
    if len(words) > 1 and is_exclusive_word(words[0]):
        return True, " ".join(words[1:]).lstrip(EDGE_PUNCT)
    return False, title


def is_label_only(line: str) -> bool:
    """A line holding nothing but a section name and/or «خاص»."""
    section, exclusive, rest = split_section_label(f"{line} x")
    return (bool(section) or exclusive) and rest == "x"


# --------------------------------------------------------------------------- page markers

_BOILERPLATE_MAX_CHARS = 200


def is_related_marker(line: str) -> bool:
    return len(line) <= 40 and line_key(line) in RELATED_MARKERS


def is_boilerplate(line: str) -> bool:
    """Site chrome: short lines of comment forms, sharing, navigation and copyright."""
    if len(line) > _BOILERPLATE_MAX_CHARS:
        return False
    key = line_key(line)
    if key in BOILERPLATE_EXACT or key.startswith(BOILERPLATE_PREFIXES):
        return True
    return any(part in key for part in BOILERPLATE_PARTS)
