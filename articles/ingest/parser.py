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
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from articles.text.clean import NONSPACE_CONTROLS

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


# --------------------------------------------------------------------------- text keys

TT_MARKER = "TT"
EXCLUSIVE_LABEL = "خاص"

# Bidi and zero-width marks, and control characters (which XML feeds refuse).
_INVISIBLE = re.compile(f"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff{NONSPACE_CONTROLS}]")
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_FOLD_PAIRS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"))
_EDGE_PUNCT = " .:：-–—|،,؛;!؟?"


def _clean(line: str) -> str:
    """Drop bidi/zero-width marks and collapse whitespace; what is stored and shown."""
    return " ".join(_INVISIBLE.sub("", line).split())


def _fold(text: str) -> str:
    """Comparison key: spelling variants (hamza, alef, taa marbuta, harakat) folded.

    Chained ``str.replace`` rather than ``str.translate``: several times faster on
    non-ASCII text, and this runs on most lines of every page.
    """
    text = _DIACRITICS.sub("", text)
    for variant, base in _FOLD_PAIRS:
        text = text.replace(variant, base)
    return text.casefold()


def _key(text: str) -> str:
    """Key for "is this the same line again": folded, outer punctuation ignored."""
    return _fold(text).strip(_EDGE_PUNCT)


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


# --------------------------------------------------------------------------- credits

_CREDIT_SCAN = 80  # a credit sits in the last few dozen characters of a line
_ARCHIVE = "ارشيف"
_CREDIT_SEPARATORS = re.compile(r"\s*[-–—/،,]\s*|\s+ـ\s+")
_KNOWN_AGENCIES = frozenset(
    _fold(name).replace(".", "").replace(" ", "")
    for name in (
        "أ.ف.ب",
        "أ.ب",
        "إ.ب.أ",
        "د.ب.أ",
        "أ.ش.أ",
        "رويترز",
        "الشرق الأوسط",
        "غيتي",
        "واس",
        "وام",
        "قنا",
        "كونا",
        "بترا",
        "سانا",
        "الأناضول",
        "شينخوا",
        "إرنا",
        "تلغرام",
        "إكس",
        "فيسبوك",
        "afp",
        "ap",
        "epa",
        "reuters",
        "getty",
    )
)
_CREDIT_HINTS = tuple(_fold(w) for w in ("وكالة", "حساب", "موقع", "إعلام", "منصة", "صفحة"))

_WEEKDAYS = ("السبت", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة")
_MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "إبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
)
_TIME_WORDS = frozenset(_fold(w) for w in (*_WEEKDAYS, *_MONTHS, "أمس", "اليوم", "غداً"))


def _split_trailing_parens(text: str) -> tuple[str, str] | None:
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
    folded = _fold(inner)
    return folded in _TIME_WORDS or not any(char.isalpha() for char in folded)


def _is_agency(inner: str) -> bool:
    folded = _fold(inner)
    if _ARCHIVE in folded or folded.replace(".", "").replace(" ", "") in _KNOWN_AGENCIES:
        return True
    return any(hint in folded for hint in _CREDIT_HINTS)


def _parse_credit(inner: str) -> Credit:
    """Separate the archive mark from the source: «أرشيفية - أ.ف.ب» -> (أ.ف.ب, archive)."""
    if _ARCHIVE not in _fold(inner):
        return Credit(source=inner, is_archive=False)
    parts = [part for part in _CREDIT_SEPARATORS.split(inner) if part.strip()]
    kept = [part.strip() for part in parts if _ARCHIVE not in _fold(part)]
    return Credit(source=" - ".join(kept), is_archive=True)


def parse_caption(line: str) -> Block:
    """Split a caption line into its text and trailing credit (``credit`` None if absent)."""
    text = _clean(line)
    split = _split_trailing_parens(text)
    if split is None or not _looks_like_credit(split[1]):
        return Block(kind="caption", text=text)
    body, inner = split
    return Block(kind="caption", text=body, credit=_parse_credit(inner))


# --------------------------------------------------------------------------- line shapes

_SENTENCE_END = ".:،,;؛…"
_SPEECH_MARKERS = tuple(
    _fold(w) for w in ("وقال", "وأضاف", "وأكد", "وأوضح", "وأشار", "وتابع", "مشيرا", "مضيفا")
)
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


def _is_caption_line(line: str) -> bool:
    """A short photo caption ending in a credit, as opposed to prose with parentheses."""
    split = _split_trailing_parens(line)
    if split is None:
        return False
    body, inner = split
    if not body or not _looks_like_credit(inner) or _is_time_word(inner):
        return False
    if len(body.split()) > _CAPTION_MAX_WORDS or body[-1] in _SENTENCE_END:
        return False
    if ": " in body or _has_sentence_break(body):
        return False
    folded = _fold(body)
    return not any(marker in folded for marker in _SPEECH_MARKERS)


def _is_subheading(line: str) -> bool:
    """In-body subheading: a few words, no sentence punctuation (a question is fine)."""
    if len(line) > _SUBHEADING_MAX_CHARS or len(line.split()) > _SUBHEADING_MAX_WORDS:
        return False
    if line[-1] in _SENTENCE_END or ". " in line or ": " in line:
        return False
    return any(char.isalpha() for char in line)


def _is_title_like(line: str) -> bool:
    if len(line.split()) > _TITLE_MAX_WORDS:
        return False
    return not (line.endswith(".") and not line.endswith(".."))


_DATE_RE = re.compile(
    r"^(?:(?:نشر|نُشر|تاريخ النشر|آخر تحديث)\s*:?\s*)?"
    rf"(?:(?:{'|'.join(_WEEKDAYS)})\s*[-،,]?\s*)?"
    r"(?:"
    rf"\d{{1,2}}\s+(?:{'|'.join(_MONTHS)})(?:\s*[-،,]?\s*\d{{4}})?"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"
    r"|منذ\s+\d+\s+\S+"
    r")"
    r"[\s\d:٫.,،\-–مصهـ]{0,24}$"
)


def _is_date_line(line: str) -> bool:
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
    text = _BYLINE_MARKER.sub("", _clean(line))
    if not text or len(text) > 80:
        return None
    dateline = ""
    split = _split_trailing_parens(text)
    if split is not None:
        text, dateline = split
        if not _is_name_like(dateline, 4, _DATELINE_EXTRA):
            return None
    author, quoted = _unquote(text)
    max_words = 5 if dateline or quoted else 4
    if not _is_name_like(author, max_words, _NAME_EXTRA):
        return None
    return Byline(author=author, dateline=dateline)


def _is_strict_byline(line: str) -> bool:
    """A byline that can't be a heading: a dateline, a quoted outlet or «بقلم»/«كتب»."""
    byline = parse_byline(line)
    if byline is None:
        return False
    if byline.dateline:
        return not _is_agency(byline.dateline)
    text = _clean(line)
    return text.startswith("«") or _BYLINE_MARKER.match(text) is not None


# --------------------------------------------------------------------------- section labels

SECTION_NAMES: tuple[str, ...] = (
    "المشرق العربي",
    "العالم العربي",
    "الخليج",
    "شمال أفريقيا",
    "الولايات المتحدة",
    "أميركا اللاتينية",
    "أوروبا",
    "آسيا",
    "أفريقيا",
    "العالم",
    "رياضة",
    "الرياضة",
    "كرة القدم",
    "اقتصاد",
    "الاقتصاد",
    "عالم الأعمال",
    "ثقافة وفنون",
    "ثقافة",
    "يوميات الشرق",
    "تكنولوجيا",
    "علوم",
    "صحتك",
    "بيئة",
    "سينما",
    "مسرح",
    "كتب",
    "إعلام",
    "سفر وسياحة",
    "حصاد الأسبوع",
    "رأي",
    "تحقيقات",
)


_LabelIndex = list[tuple[int, frozenset[str]]]


def _label_index(names: Iterable[str]) -> _LabelIndex:
    """Folded labels grouped by word count, longest first: matching is a few set look-ups."""
    by_size: dict[int, set[str]] = {}
    for name in names:
        words = _fold(name).split()
        if words:
            by_size.setdefault(len(words), set()).add(" ".join(words))
    return [(size, frozenset(by_size[size])) for size in sorted(by_size, reverse=True)]


_SECTION_INDEX = _label_index(SECTION_NAMES)
_EXCLUSIVE_KEY = _fold(EXCLUSIVE_LABEL)


def _match_section(words: Sequence[str], index: _LabelIndex) -> int:
    """Word count of the longest known section name opening ``words`` (0 if none)."""
    folded = [_fold(word) for word in words[: index[0][0]]] if index else []
    for size, labels in index:
        if size < len(words) and " ".join(folded[:size]) in labels:
            return size
    return 0


def _is_exclusive_word(word: str) -> bool:
    return _fold(word).strip(_EDGE_PUNCT) == _EXCLUSIVE_KEY


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
    words = _clean(text).split()
    section, exclusive, start = "", False, 0
    for _ in range(2):  # «خاص المشرق العربي ...» and «المشرق العربي خاص ...»
        rest = words[start:]
        if not exclusive and len(rest) > 1 and _is_exclusive_word(rest[0]):
            exclusive, start = True, start + 1
            continue
        size = 0 if section else _match_section(rest, index)
        if not size:
            break
        section, start = " ".join(rest[:size]), start + size
    return section, exclusive, " ".join(words[start:])


def _strip_exclusive(title: str) -> tuple[bool, str]:
    """Titles keep a leading place name; only the «خاص» label is removed."""
    words = title.split()
    if len(words) > 1 and _is_exclusive_word(words[0]):
        return True, " ".join(words[1:]).lstrip(_EDGE_PUNCT)
    return False, title


def _is_label_only(line: str) -> bool:
    """A line holding nothing but a section name and/or «خاص»."""
    section, exclusive, rest = split_section_label(f"{line} x")
    return (bool(section) or exclusive) and rest == "x"


# --------------------------------------------------------------------------- page markers


def _marker_keys(*phrases: str) -> tuple[str, ...]:
    return tuple(_key(phrase) for phrase in phrases)


_RELATED_MARKERS = frozenset(
    _marker_keys(
        "مقالات ذات صلة",
        "أخبار ذات صلة",
        "مواضيع ذات صلة",
        "ذات صلة",
        "اقرأ أيضاً",
        "إقرأ أيضاً",
        "قد يهمك أيضاً",
        "قد يعجبك أيضاً",
    )
)
_BOILERPLATE_EXACT = frozenset(
    _marker_keys("التعليقات", "تعليقات", "الوسوم", "كلمات مفتاحية", "شارك", "مشاركة")
)
_BOILERPLATE_PREFIXES = _marker_keys(
    "اظهر المزيد",
    "عرض المزيد",
    "اترك تعليقاً",
    "اترك رداً",
    "أضف تعليق",
    "لن يتم نشر عنوان بريدك",
    "زر الذهاب إلى الأعلى",
    "العودة إلى الأعلى",
    "شارك هذا",
    "شارك المقال",
    "شارك الخبر",
    "تابعونا على",
    "تابعنا على",
    "اشترك في النشرة",
    "المقال السابق",
    "المقال التالي",
    "الخبر السابق",
    "الخبر التالي",
    "©",
    "copyright",
    "powered by",
)
_BOILERPLATE_PARTS = _marker_keys(
    "©",
    "copyright",
    "all rights reserved",
    "جميع الحقوق محفوظة",
    "حقوق النشر محفوظة",
    "akismet",
    "بريدك الإلكتروني",
    "الحقول الإلزامية",
)
_BOILERPLATE_MAX_CHARS = 200


def _is_related_marker(line: str) -> bool:
    return len(line) <= 40 and _key(line) in _RELATED_MARKERS


def _is_boilerplate(line: str) -> bool:
    """Site chrome: short lines of comment forms, sharing, navigation and copyright."""
    if len(line) > _BOILERPLATE_MAX_CHARS:
        return False
    key = _key(line)
    if key in _BOILERPLATE_EXACT or key.startswith(_BOILERPLATE_PREFIXES):
        return True
    return any(part in key for part in _BOILERPLATE_PARTS)


# --------------------------------------------------------------------------- teasers


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
        if _is_label_only(line):
            self._label(line, cur)
        elif self._is_teaser_caption(line, cur):
            self._caption(line, cur)
        elif cur is not None and cur.title and self._is_teaser_byline(line, cur):
            cur.byline = parse_byline(line)
        elif cur is not None and cur.title and not cur.date_text and _is_date_line(line):
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
        if not _is_caption_line(line):
            return False
        section, exclusive, _ = split_section_label(line)
        if section or exclusive:
            return True
        inner = (_split_trailing_parens(line) or ("", ""))[1]
        if _is_agency(inner):
            return True
        expecting_byline = cur is not None and bool(cur.title) and cur.byline is None
        return not (expecting_byline and _is_strict_byline(line))

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
        if _is_strict_byline(line):
            return True
        return bool(cur.summary) and parse_byline(line) is not None

    def _text(self, line: str, cur: _TeaserDraft | None) -> None:
        exclusive, title = _strip_exclusive(line)
        if cur is not None and cur.title and _key(title) == _key(cur.title):
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
        if line and line != TT_MARKER and not _is_related_marker(line):
            reader.feed(line)
    return reader.teasers()


def _tail_teasers(lines: Sequence[str], cut: int, end: int) -> list[Teaser]:
    """Teasers of a related block found at or after ``cut``, up to boilerplate."""
    for i in range(cut, end):
        if lines[i] and _is_related_marker(lines[i]):
            stop = next((j for j in range(i + 1, end) if _is_boilerplate(lines[j])), end)
            return _read_teasers(lines, i + 1, stop)
    return []


# --------------------------------------------------------------------------- story body


def _first_cut(lines: Sequence[str], start: int, end: int) -> int:
    """Where a story body stops: a related-articles marker or site boilerplate."""
    for i in range(start, end):
        line = lines[i]
        if line and (_is_related_marker(line) or _is_boilerplate(line)):
            return i
    return end


def _classify(line: str) -> Block:
    if _is_caption_line(line):
        return parse_caption(line)
    if _is_subheading(line):
        return Block(kind="subheading", text=line)
    return Block(kind="paragraph", text=line)


def _body_blocks(lines: Sequence[str], start: int, end: int, skip: set[str]) -> list[Block]:
    """Body blocks in order, without header repeats and duplicated caption lines."""
    blocks: list[Block] = []
    # Folding a long paragraph is the costliest step; no repeat is much longer than its key.
    longest = 2 * max(map(len, skip), default=0) + 8
    for i in range(start, end):
        line = lines[i]
        if not line or line == TT_MARKER or (len(line) <= longest and _key(line) in skip):
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
        key = _key(line)
        if key not in self.seen:
            self.seen.add(key)
            self.lead_captions.append(parse_caption(line))

    def add_extra(self, line: str) -> None:
        """A non-caption header line: a byline, a date (dropped) or the deck."""
        self.seen.add(_key(line))
        if _is_date_line(line):
            return
        if self.byline is None and (
            _is_strict_byline(line) or (self.deck and len(line.split()) <= 3 and parse_byline(line))
        ):
            self.byline = parse_byline(line)
        else:
            self.deck = f"{self.deck} {line}".strip()

    def absorb_repeats(self, lines: Sequence[str], start: int, end: int) -> int:
        """Skip the header printed again (title, deck, captions); return the body start."""
        i = start
        while i < end:
            line = lines[i]
            if not line or _key(line) in self.seen:
                i += 1
            elif self.byline is None and _is_strict_byline(line):
                self.byline = parse_byline(line)
                self.seen.add(_key(line))
                i += 1
            elif _is_caption_line(line):
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
    exclusive, title = _strip_exclusive(title_line)
    header = _Header(title=title, first_line=line_index + 1, is_exclusive=exclusive)
    header.seen.update({_key(title_line), _key(title)})
    return header


def _next_nonblank(lines: Sequence[str], start: int, end: int) -> int | None:
    return next((i for i in range(start, end) if lines[i]), None)


def _finish_story(lines: Sequence[str], header: _Header, body_start: int, end: int) -> Story | None:
    cut = _first_cut(lines, body_start, end)
    blocks = _body_blocks(lines, body_start, cut, header.seen)
    if not any(block.kind == "paragraph" for block in blocks):
        return None
    return header.story(blocks, _tail_teasers(lines, cut, end))


# --------------------------------------------------------------------------- asharq shape

_HEADER_SCAN = 20  # lines above a TT marker searched for the story title


def _label_prefix(pre_title: str, title: str) -> tuple[str, bool]:
    """Section/«خاص» glued before the title in the pre-marker copy of the header."""
    words = pre_title.split()
    prefix = words[: len(words) - len(title.split())]
    exclusive = any(_is_exclusive_word(word) for word in prefix)
    section = " ".join(word for word in prefix if not _is_exclusive_word(word))
    return section, exclusive


def _matches_title(line: str, title_key: str) -> bool:
    key = _key(line)
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
        if _is_title_like(candidate) and not _is_caption_line(candidate):
            post_title = candidate
    if post_title is not None:
        title_key = _key(_strip_exclusive(post_title)[1])
        for i in range(tt - 1, floor - 1, -1):
            if lines[i] and _matches_title(lines[i], title_key):
                return i, post_title
    i = tt - 1
    while i >= floor and (not lines[i] or _is_caption_line(lines[i])):
        i -= 1
    if i >= floor and _is_title_like(lines[i]):
        return i, post_title
    return tt, post_title


def _asharq_header(
    lines: Sequence[str], start: int, tt: int, post_title: str | None
) -> tuple[_Header, int]:
    """Read the header around a TT marker; return it with the index where the body starts."""
    pre = [i for i in range(start, tt) if lines[i]]
    title_line = post_title or (lines[pre[0]] if pre else "")
    header = _new_header(title_line, start if pre else tt)
    if pre and _matches_title(lines[pre[0]], _key(header.title)):
        section, exclusive = _label_prefix(lines[pre[0]], header.title)
        header.section = section
        header.is_exclusive = header.is_exclusive or exclusive
        header.seen.add(_key(lines[pre[0]]))
    elif pre:
        header.add_extra(lines[pre[0]])
    keys = [_key(lines[i]) for i in pre]
    for n, i in enumerate(pre[1:], start=1):
        line = lines[i]
        printed_twice = keys.count(keys[n]) > 1
        if _is_caption_line(line) and (printed_twice or not _is_strict_byline(line)):
            header.add_caption(line)
        elif keys[n] not in header.seen:
            header.add_extra(line)
    return header, header.absorb_repeats(lines, tt + 1, len(lines))


def _parse_asharq(lines: Sequence[str]) -> list[Story]:
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


def _parse_republished(lines: Sequence[str]) -> list[Story]:
    first = _next_nonblank(lines, 0, len(lines))
    while first is not None and _is_boilerplate(lines[first]):
        first = _next_nonblank(lines, first + 1, len(lines))
    if first is None:
        return []
    if not _is_title_like(lines[first]):
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
        or line[-1] in _SENTENCE_END
        or _is_boilerplate(line)
        or _is_related_marker(line)
    ):
        return start
    following = _next_nonblank(lines, start + 1, end)
    if following is None or _is_boilerplate(lines[following]):
        return start
    header.add_extra(line)
    return header.absorb_repeats(lines, start + 1, end)


# --------------------------------------------------------------------------- entry point


def parse_page(text: str) -> Page:
    """Parse one scraped page; raise :class:`ParseError` when it holds no readable story."""
    _check_text(text)
    lines = [_clean(raw) for raw in text.split("\n")]
    if TT_MARKER in lines:
        shape, stories = "asharq", _parse_asharq(lines)
    else:
        shape, stories = "republished", _parse_republished(lines)
    if not stories:
        raise ParseError(f"no story found in {shape} page: no title followed by body text")
    return Page(shape=shape, stories=stories)
