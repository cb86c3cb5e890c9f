"""Sentences of a text, tokenised once for tagging, surname mentions and quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from articles.ingest.ner.features import WordInfo, word_info
from articles.ingest.ner.lexicon import get_lexicon
from articles.text import arabic

_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+|\n+")
_CLITIC_START = ("وبال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل")
PREFIXES = ("و", "ف", "ب", "ل", "ك")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        if pos < m.start() and not text[pos : m.start()].isspace():
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text) and not text[pos:].isspace():
        out.append((pos, len(text)))
    return out


@dataclass(slots=True)
class Sentence:
    """One sentence, tokenised once for tagging, surname mentions and quotes."""

    start: int
    end: int
    tokens: list[tuple[str, int, int]]  # (token, start, end), offsets into the whole text
    infos: list[WordInfo]  # ``word_info`` of each token

    def word(self, i: int) -> str:
        return self.tokens[i][0]

    def start_of(self, i: int) -> int:
        return self.tokens[i][1]

    def end_of(self, i: int) -> int:
        return self.tokens[i][2]


def read_sentences(text: str) -> list[Sentence]:
    out = []
    for start, end in sentence_bounds(text):
        tokens = arabic.tokenize(text, start, end)
        out.append(Sentence(start, end, tokens, [word_info(t) for t, _, _ in tokens]))
    return out


def raw_offset(raw: str, normalized_chars: int) -> int:
    """Index in ``raw`` after ``normalized_chars`` letters (diacritics/tatweel skipped)."""
    seen = 0
    for i, ch in enumerate(raw):
        if seen == normalized_chars:
            return i
        if not arabic.DIACRITICS.match(ch):
            seen += 1
    return len(raw)


def clitic_chars(norm: str, kind: str, lex_clitic: int | None) -> int:
    """How many normalised leading characters of a chunk's first word are a clitic."""
    if lex_clitic is not None:
        return lex_clitic
    lex = get_lexicon()
    for start in _CLITIC_START:
        if norm.startswith(start) and len(norm) - len(start) >= 2:
            return len(start) - (1 if start.endswith("لل") else 2)
    if kind == "PERS" and norm not in lex.first_names:
        for prefix in PREFIXES:
            if norm.startswith(prefix) and norm[1:] in lex.first_names:
                return 1
    return 0
