"""Arabic normalisation primitives: folding, words, tokens, proclitic readings.

Everything here serves comparison: stored and displayed text is never passed through
these functions. The rules follow Lucene's ArabicNormalizer (diacritics, tatweel,
alef/hamza/yaa/taa-marbuta folding) plus digit folding and NFKC for presentation forms.
The keys built from them (a name's, a story's, an indexed word's) live in ``keys``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks, and tatweel.
DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_BIDI_CONTROLS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# Spelling variants folded to one letter: alef forms, alef maqsura, taa marbuta, hamza
# seats, Persian kaf and yaa. Kept as pairs for ``str.replace`` (see ``fold``).
_LETTER_PAIRS = (
    ("أ", "ا"),
    ("إ", "ا"),
    ("آ", "ا"),
    ("ٱ", "ا"),
    ("ى", "ي"),
    ("ة", "ه"),
    ("ؤ", "و"),
    ("ئ", "ي"),
    ("ک", "ك"),
    ("ی", "ي"),
)
_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_DIGIT_FOLD = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)
_WORD = re.compile(r"\w+", re.UNICODE)
# A word character, or a combining mark inside a word: «سلّام» is one token, not three.
_W = "[\\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"
# A word, a dotted abbreviation or a hyphenated compound, else one punctuation character.
# The word run is matched once, possessively: the dotted and hyphenated readings share it.
_TOKEN = re.compile(rf"{_W}++(?:(?:\.{_W}++)++|(?:-{_W}++)*+)|[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")

# Proclitic sequences, longest first: conjunction (و، ف) + preposition (ب، ل، ك) + article.
PROCLITICS = (
    "وبال",
    "فبال",
    "وكال",
    "فكال",
    "ولل",
    "فلل",
    "وال",
    "فال",
    "بال",
    "كال",
    "لل",
    "ال",
    "وب",
    "فب",
    "ول",
    "فل",
    "وك",
    "فك",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
)
MIN_STEM = 2


def fold(text: str) -> str:
    """``text`` with spelling variants made equal: harakat and tatweel dropped, alef,
    yaa, taa marbuta and hamza seats folded, Arabic-Indic digits made ASCII, lower case.

    The one folding: ``normalize`` is this after NFKC and bidi-mark removal, and the page
    parser compares lines with it. Chained ``str.replace`` rather than ``str.translate``:
    several times faster on Arabic text, and the parser folds most lines of every page.
    """
    text = DIACRITICS.sub("", text)
    for variant, base in _LETTER_PAIRS:
        text = text.replace(variant, base)
    if _DIGITS.search(text):
        text = text.translate(_DIGIT_FOLD)
    return text.lower()


def normalize(text: str) -> str:
    """Fold ``text`` into its matching key form (same length is *not* guaranteed)."""
    if not text:
        return ""
    text = _BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", text))
    return _SPACES.sub(" ", fold(text)).strip()


def words(text: str) -> list[str]:
    """Normalised words of ``text`` (punctuation dropped)."""
    return _WORD.findall(normalize(text))


def normalized_words(normalized: str) -> list[str]:
    """``words`` of a text already passed through ``normalize`` (not normalised twice)."""
    return _WORD.findall(normalized)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """Split raw text into ``(token, start, end)`` with offsets into ``text``.

    Quotes «» and punctuation are separate tokens; dotted abbreviations such as
    «أ.ف.ب» stay whole. ``start``/``end``: tokenise only that part, as if cut out.
    """
    matches = _TOKEN.finditer(text, start, len(text) if end is None else end)
    return [(m.group(), m.start(), m.end()) for m in matches]


def strip_clitics(word: str) -> list[str]:
    """All readings of a normalised ``word`` with a proclitic removed, longest stem first.

    «وبالموصل» -> ["وبالموصل", "بالموصل", "موصل", ...]: callers look each reading
    up in a dictionary, so over-generation is harmless while a missing reading loses
    a match.
    """
    return list(readings(word))


@lru_cache(maxsize=8_192)
def readings(word: str) -> tuple[str, ...]:
    """``strip_clitics`` as a shared, cached tuple, for hot loops that only read it.

    Cached by word: the extractor asks for the same words many times per page. Kept small
    (~3 MB): ``features.word_info`` keeps each word's readings with the word.
    """
    out = [word]
    for clitic in PROCLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= MIN_STEM:
            stem = word[len(clitic) :]
            if stem not in out:
                out.append(stem)
            if clitic.endswith("لل") and "ال" + stem not in out:
                # «للموصل» is ل + الموصل with the article's alef elided.
                out.append("ال" + stem)
    return tuple(out)
