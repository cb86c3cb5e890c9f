"""Direct quotations «...» and who said them."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from articles.ingest.ner.cues import word_list
from articles.ingest.ner.features import WordInfo, word_info
from articles.text import arabic

from .sentences import Sentence, read_sentences
from .spans import Span, extract


@dataclass(frozen=True)
class Quote:
    speaker_key: str
    speaker: str
    text: str
    start: int
    end: int


def entities_and_quotes(text: str) -> tuple[list[Span], list[Quote]]:
    """``extract_entities`` and ``find_quotes`` for one text, tokenising it once."""
    if not text or not text.strip():
        return [], []
    sentences = read_sentences(text)
    spans = extract(text, sentences)
    return spans, _quotes(text, spans, sentences)


_GAP_WORDS = frozenset(
    arabic.normalize(w)
    for w in word_list(
        """
أن إن أنه إنه إلى الى لـ ل في قائلا
"""
    )
)


def _no_subject(gap: list[WordInfo]) -> bool:
    """True when the words between a reporting verb and a quote name no other speaker."""
    for info in gap:
        if info.flags and info.flags[0] in ("P", "QO", "QC"):
            continue
        if info.norm in _GAP_WORDS or "T" in info.flags or "R" in info.flags:
            continue
        if b"nisba" in info.encoded:
            continue
        return False
    return True


QUOTE = re.compile(r"«([^«»]*(?:«[^«»]*»[^«»]*)*)»")


def find_quotes(text: str, spans: list[Span] | None = None) -> list[Quote]:
    """Direct quotations «...» attributed to the person who said them.

    The speaker is the person named after the nearest reporting verb before the quote in
    the same sentence («وقال ماتيس، إن «...»»); a verb with no name after it («وأضاف:
    «...»», «مبينا أن «...»») continues the last speaker.
    """
    sentences = read_sentences(text)
    if spans is None:
        spans = extract(text, sentences) if text.strip() else []
    return _quotes(text, spans, sentences)


def _words_before(
    text: str, sentences: list[Sentence], pos: int
) -> tuple[int, list[tuple[str, int, int]], list[WordInfo]]:
    """The sentence holding ``pos``: its start, and its tokens and infos before ``pos``.

    ``pos`` is a quote mark «, a token of its own, so the tokens before it are those of
    the sentence that start before it.
    """
    for part in sentences:
        if part.start <= pos < part.end:
            cut = bisect_left(part.tokens, pos, key=lambda tok: tok[1])
            return part.start, part.tokens[:cut], part.infos[:cut]
    tokens = arabic.tokenize(text, 0, pos)  # a quote mark is always inside some sentence
    return 0, tokens, [word_info(t) for t, _, _ in tokens]


def _inside_spans(spans: list[Span]):
    """A test for «does some span cover [start, end)», by bisection over sorted starts."""
    ordered = sorted(spans, key=lambda s: s.start)
    starts = [s.start for s in ordered]
    reach = []  # reach[k]: the furthest end among the first k + 1 spans
    for s in ordered:
        reach.append(max(reach[-1], s.end) if reach else s.end)

    def covered(start: int, end: int) -> bool:
        k = bisect_left(starts, start + 1)  # spans starting at or before ``start``
        return k > 0 and reach[k - 1] >= end

    return covered


def fewer_than_three_words(body: str) -> bool:
    """``len(arabic.words(body)) < 3``, normalising only the first three chunks if enough.

    Cut before an ASCII space, a text normalises as its two parts do apart (the space is
    kept and joins nothing), so the words of that head are the first words of the whole.
    """
    head = " ".join(body.split(" ", 3)[:3])
    if len(head) < len(body) and len(arabic.words(head)) >= 3:
        return False
    return len(arabic.words(body)) < 3


def _quotes(text: str, spans: list[Span], sentences: list[Sentence]) -> list[Quote]:
    persons = [s for s in spans if s.type == "PERS"]
    covered = _inside_spans(spans)
    quotes: list[Quote] = []
    last_speaker: Span | None = None
    for m in QUOTE.finditer(text):
        body = m.group(1).strip()
        if fewer_than_three_words(body):
            continue
        if covered(m.start(1), m.end(1)):
            continue
        s_start, toks, infos = _words_before(text, sentences, m.start())
        verb_at = None
        for k in range(len(toks) - 1, -1, -1):
            flags = infos[k].flags
            if "V" in flags or "Vc" in flags:
                verb_at = toks[k][1]
                break
        speaker = None
        if verb_at is not None:
            after_verb = [p for p in persons if verb_at <= p.start < m.start()]
            if after_verb:
                speaker = after_verb[0]
            elif not _no_subject(infos[k + 1 :]):
                last_speaker = None  # «وقالت المديرية ...»: someone else speaks now
            elif last_speaker is not None:
                gap = text[last_speaker.end : m.start()]
                if gap.count("«") <= 8 and not any(
                    last_speaker.end <= p.start < m.start() and p.key != last_speaker.key
                    for p in persons
                ):
                    speaker = last_speaker
        if speaker is None:
            in_sentence = [p for p in persons if s_start <= p.start < m.start()]
            if in_sentence and verb_at is not None:
                speaker = in_sentence[-1]
        if speaker is None:
            continue
        last_speaker = speaker
        quotes.append(Quote(speaker.key, speaker.text, body, m.start(1), m.end(1)))
    return quotes
