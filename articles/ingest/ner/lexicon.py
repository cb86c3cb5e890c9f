"""Lookup tables built once from the fixtures and the cue lists.

Everything is stored under normalised keys (``arabic.normalize``); phrases are tuples of
normalised words and are matched through clitic readings of their first word, so
«وبالموصل» and «لدير الزور» find «الموصل» and «دير الزور».
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from articles.text import arabic

from . import cues

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
GAZETTEER_PATH = FIXTURES / "gazetteer.json"
SOURCES_PATH = FIXTURES / "sources.json"
NAMES_PATH = Path(__file__).resolve().parent / "names.json"
# Words mostly seen outside names in news text (word frequencies of the training corpus,
# written by scripts/train_ner.py: ``training.common_words``).
COMMON_PATH = Path(__file__).resolve().parent / "common_words.txt"
# General vocabulary from a dictionary, not from any corpus (scripts/build_vocab.py).
VOCAB_PATH = Path(__file__).resolve().parent / "vocab_words.txt"


# Source names that are also ordinary words or places: only read as outlets inside «»,
# in a credit «(...)», or after a cue such as «صحيفة» / «وكالة» / «قناة».
GUARDED_SOURCES = {
    arabic.normalize(w)
    for w in cues.word_list(
        """
الحياة الرأي الغد النهار الدستور العربية الجزيرة الشرق الأوسط الميادين المنار إكس الأهرام
التايمز قنا واس وام تاس فارس الأناضول X تويتر تسنيم بترا سانا
"""
    )
} | {"الشرق الاوسط"}


def _norm_set(words) -> frozenset[str]:
    return frozenset(arabic.normalize(w) for w in words)


def _phrase(text: str) -> tuple[str, ...]:
    """Normalised tokens of a name, as the tokeniser cuts running text («أ.ف.ب» whole)."""
    return tuple(arabic.normalize(t) for t, _, _ in arabic.tokenize(text))


@dataclass
class Lexicon:
    titles: frozenset[str]
    role_heads: frozenset[str]
    verbs: frozenset[str]
    org_heads: frozenset[str]
    loc_heads: frozenset[str]
    joiners: frozenset[str]
    months: frozenset[str]
    first_names: frozenset[str]
    name_first: frozenset[str] = frozenset()  # names-dataset lists (names.json)
    name_last: frozenset[str] = frozenset()
    places: dict[str, dict] = field(default_factory=dict)  # key -> gazetteer entry
    # Gazetteer keys that need evidence (a place cue or the tagger) -> why
    # («common word», «small, far away»); see ``gazetteer_entries``.
    ambiguous: dict[str, str] = field(default_factory=dict)
    common_words: frozenset[str] = frozenset()  # common_words.txt
    vocabulary: frozenset[str] = frozenset()  # vocab_words.txt (hunspell-ar stems)
    sources: dict[str, dict] = field(default_factory=dict)  # key -> source entry
    # first word -> [(phrase words, class, canonical key)], longest first;
    # class is "LOC", "SRC" or "ORG".
    phrases: dict[str, list[tuple[tuple[str, ...], str, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # word -> the phrase buckets its readings open, with the clitic length of each;
        # filled by ``match`` as words come up, so most words cost one dict look-up.
        self._starts: dict[str, tuple[tuple[list, int], ...]] = {}
        # The last sentence scanned and its phrases (see ``scan``).
        self._last_scan: tuple[list[str], tuple] = ([], ())

    def add_phrase(self, text: str, cls: str, key: str) -> None:
        words = _phrase(text)
        if not words:
            return
        self._starts.clear()
        self._last_scan = ([], ())
        bucket = self.phrases.setdefault(words[0], [])
        if all(p != words or c != cls for p, c, _ in bucket):
            bucket.append((words, cls, key))
            bucket.sort(key=lambda item: -len(item[0]))
        # «الشرق الأوسط» is also found as «شرق الأوسط» after a clitic. Not for places:
        # a bare «حراك» or «خبراء» is a common noun, not «الحراك» or «الخبراء».
        if cls != "LOC" and words[0].startswith("ال") and len(words[0]) > 3:
            bare = (words[0][2:],) + words[1:]
            bucket = self.phrases.setdefault(bare[0], [])
            if all(p != bare or c != cls for p, c, _ in bucket):
                bucket.append((bare, cls, key))
                bucket.sort(key=lambda item: -len(item[0]))

    def scan(self, norm_words: list[str]) -> tuple[tuple[int, tuple[int, str, str, int]], ...]:
        """Phrases left to right, each from the word after the last: ((start, match), ...).

        The features, the rule layer and the extractor each scan a sentence in turn, so
        the last sentence's phrases are kept and handed out again for the same words.
        """
        last_words, last_hits = self._last_scan
        if norm_words == last_words:
            return last_hits
        hits = self._scan(norm_words)
        self._last_scan = (list(norm_words), hits)
        return hits

    def _scan(self, norm_words: list[str]) -> tuple[tuple[int, tuple[int, str, str, int]], ...]:
        starts = self._starts
        # Most words are known to open no phrase: only the others go through ``match``.
        maybe = [i for i, word in enumerate(norm_words) if starts.get(word) != ()]
        hits = []
        free = 0  # first word not inside the last phrase found
        for i in maybe:
            if i < free:
                continue
            hit = self.match(norm_words, i)
            if hit is not None:
                hits.append((i, hit))
                free = i + hit[0]
        return tuple(hits)

    def match(self, norm_words: list[str], i: int) -> tuple[int, str, str, int] | None:
        """Longest phrase starting at word ``i``: (length, class, key, clitic length)."""
        first = norm_words[i]
        starts = self._starts.get(first)
        if starts is None:
            if len(self._starts) >= _STARTS_LIMIT:
                self._starts.clear()
            starts = self._starts[first] = self._phrase_starts(first)
        for bucket, clitic in starts:
            for words, cls, key in bucket:
                n = len(words)
                if n == 1 or tuple(norm_words[i + 1 : i + n]) == words[1:]:
                    return n, cls, key, clitic
        return None

    def _phrase_starts(self, first: str) -> tuple[tuple[list, int], ...]:
        """The phrase buckets a word can open, in the order ``match`` tries them."""
        readings = arabic.readings(first)
        out = []
        # Longest reading first: «بالموصل» is ب + «الموصل», not بال + «موصل».
        for reading in sorted(readings, key=len, reverse=True):
            if "ال" + reading in readings:
                continue  # «الحديثة» is not «حديثة»: the article stays with the word
            bucket = self.phrases.get(reading)
            if bucket:
                out.append((bucket, _clitic_length(first, reading)))
        return tuple(out)


_STARTS_LIMIT = 50_000  # words remembered by ``Lexicon.match`` before starting afresh (~7 MB)


def _clitic_length(word: str, reading: str) -> int:
    """How many leading characters of ``word`` are a clitic in front of ``reading``."""
    if word.endswith(reading):
        return len(word) - len(reading)
    if reading.startswith("ال") and word.endswith(reading[2:]):  # «للموصل»: ل + (ا)لموصل
        return len(word) - len(reading) + 2

    return 0


def _read_json(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def load_gazetteer() -> tuple[dict, ...]:
    """fixtures/gazetteer.json as written (``gazetteer_entries`` gives the entries in use)."""
    return tuple(_read_json(GAZETTEER_PATH))


def gazetteer_entries(common: frozenset[str] | set[str]) -> list[dict]:
    """The gazetteer's entries as the lexicon uses them with the common words ``common``.

    What depends on the training corpus is decided here, not in the fixture: a one-word
    name of a GeoNames entry (not ``curated``) that is a common word makes the entry
    ``"ambiguous": "common word"`` («حديثة», «بيان»: it needs a place cue or the tagger),
    and such an alias is dropped. The shipped lexicon uses ``common_words.txt`` (the whole
    training corpus); a cross-validation fold its training blocks' own list
    (``common_words_set_to``), so its test block decides nothing here.
    """
    out = []
    for raw in load_gazetteer():
        entry = dict(raw)
        if not entry.get("curated"):
            if " " not in entry["key"] and entry["key"] in common:
                entry["ambiguous"] = "common word"
            entry["aliases"] = [a for a in entry["aliases"] if not _common_word(a, common)]
        out.append(entry)
    return out


def _common_word(name: str, common) -> bool:
    key = arabic.normalize(name)
    return " " not in key and key in common


@lru_cache(maxsize=1)
def load_sources() -> tuple[dict, ...]:
    return tuple(_read_json(SOURCES_PATH))


def _read_common_words() -> frozenset[str]:
    if not COMMON_PATH.exists():
        return frozenset()
    return frozenset(COMMON_PATH.read_text(encoding="utf-8").split())


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    return build_lexicon(_read_common_words())


def build_lexicon(common_words: frozenset[str]) -> Lexicon:
    """Every lookup table, with ``common_words`` as the common-word list."""
    lex = Lexicon(
        titles=_norm_set(cues.TITLES),
        role_heads=_norm_set(cues.ROLE_HEADS),
        verbs=_norm_set(cues.REPORTING_VERBS),
        org_heads=_norm_set(cues.ORG_HEADS),
        loc_heads=_norm_set(cues.LOC_HEADS),
        joiners=_norm_set(cues.NAME_JOINERS),
        months=_norm_set(cues.MONTHS_DAYS),
        first_names=_norm_set(cues.FIRST_NAMES),
        common_words=common_words,
    )
    if NAMES_PATH.exists():
        with NAMES_PATH.open(encoding="utf-8") as handle:
            names = json.load(handle)
        lex.name_first = frozenset(names.get("first", ()))
        lex.name_last = frozenset(names.get("last", ()))
    if VOCAB_PATH.exists():
        lines = VOCAB_PATH.read_text(encoding="utf-8").splitlines()
        lex.vocabulary = frozenset(w for w in lines if w and not w.startswith("#"))
    for entry in gazetteer_entries(common_words):
        lex.places[entry["key"]] = entry
        if entry.get("ambiguous"):
            lex.ambiguous[entry["key"]] = str(entry["ambiguous"])
        for name in [entry["name"], *entry["aliases"]]:
            lex.add_phrase(name, "LOC", entry["key"])
    for entry in load_sources():
        lex.sources[entry["key"]] = entry
        for name in [entry["name"], *entry["aliases"]]:
            lex.add_phrase(name, "SRC", entry["key"])
    for name in cues.KNOWN_ORGS.replace("\n", " ").split(","):
        if name.strip():
            lex.add_phrase(name, "ORG", arabic.normalize(name))
    return lex


@contextmanager
def common_words_set_to(words: Iterable[str]) -> Iterator[Lexicon]:
    """The shared lexicon built with the common words ``words`` for a while (a CV fold's
    own list): its common words and all the gazetteer decides with them (``gazetteer_entries``).
    """
    lex = get_lexicon()
    saved = dict(vars(lex))
    vars(lex).update(vars(build_lexicon(frozenset(words))))
    try:
        yield lex
    finally:
        vars(lex).clear()
        vars(lex).update(saved)
