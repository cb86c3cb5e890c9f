"""Named entities, person resolution and quotes in Arabic news text (no Django).

``extract_entities`` tokenises the text sentence by sentence, tags tokens with the CRF
plus gazetteer/cue rules (``ner.pipeline``), then turns tagged chunks into spans with
resolution keys: places and outlets to their fixture entries, persons to a title-free
name, and a surname-only mention («وقال ماتيس») to the full name seen earlier in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from articles.text import arabic

from .ner import lexicon
from .ner.conll import chunks
from .ner.cues import SOURCE_CUES, word_list
from .ner.features import WordInfo, person_evidence, word_info
from .ner.lexicon import GUARDED_SOURCES, get_lexicon
from .ner.pipeline import tag_tokens

__all__ = [
    "Quote",
    "Span",
    "entities_and_quotes",
    "extract_entities",
    "find_quotes",
    "load_gazetteer",
    "load_sources",
    "person_key",
]

_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+|\n+")


_DIACRITIC_OR_TATWEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_CLITIC_START = ("وبال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل")
_PREFIXES = ("و", "ف", "ب", "ل", "ك")
# Last words of names that are ordinals or common words, never a surname-only mention.
NOT_SURNAMES = frozenset(
    arabic.normalize(w) for w in ["الثاني", "ثاني", "الأول", "الثالث", "الرابع", "الله", "الدين"]
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str
    text: str
    key: str
    is_source: bool = False
    method: str = ""
    confidence: float = 1.0
    role: str = ""
    sentence: str = ""


@dataclass(frozen=True)
class Quote:
    speaker_key: str
    speaker: str
    text: str
    start: int
    end: int


def load_gazetteer() -> list[dict]:
    """Places from fixtures/gazetteer.json (key, name, kind, parent, coordinates, aliases)."""
    return [dict(e) for e in lexicon.load_gazetteer()]


def load_sources() -> list[dict]:
    """Outlets and agencies from fixtures/sources.json (key, name, kind, aliases)."""
    return [dict(e) for e in lexicon.load_sources()]


def person_key(name: str) -> str:
    """Normalised person name without titles or roles: «الفريق سعد معن» -> «سعد معن»."""
    lex = get_lexicon()
    words = arabic.words(name)
    while len(words) > 1 and (words[0] in lex.titles or words[0] in lex.role_heads):
        words = words[1:]
    if words and len(words) > 1 or (words and words[0] not in lex.first_names):
        first = words[0]
        for prefix in _PREFIXES:
            rest = first[len(prefix) :]
            if (
                first.startswith(prefix)
                and rest in lex.first_names
                and first not in lex.first_names
            ):
                words[0] = rest
                break
    return " ".join(words)


# --- tokens and sentences ---------------------------------------------------------------


def _sentences(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        if pos < m.start() and not text[pos : m.start()].isspace():
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text) and not text[pos:].isspace():
        out.append((pos, len(text)))
    return out


@dataclass(slots=True)
class _Sentence:
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


def _read(text: str) -> list[_Sentence]:
    out = []
    for start, end in _sentences(text):
        tokens = arabic.tokenize(text, start, end)
        out.append(_Sentence(start, end, tokens, [word_info(t) for t, _, _ in tokens]))
    return out


def _raw_offset(raw: str, normalized_chars: int) -> int:
    """Index in ``raw`` after ``normalized_chars`` letters (diacritics/tatweel skipped)."""
    seen = 0
    for i, ch in enumerate(raw):
        if seen == normalized_chars:
            return i
        if not _DIACRITIC_OR_TATWEEL.match(ch):
            seen += 1
    return len(raw)


def _clitic_chars(norm: str, kind: str, lex_clitic: int | None) -> int:
    """How many normalised leading characters of a chunk's first word are a clitic."""
    if lex_clitic is not None:
        return lex_clitic
    lex = get_lexicon()
    for start in _CLITIC_START:
        if norm.startswith(start) and len(norm) - len(start) >= 2:
            return len(start) - (1 if start.endswith("لل") else 2)
    if kind == "PERS" and norm not in lex.first_names:
        for prefix in _PREFIXES:
            if norm.startswith(prefix) and norm[1:] in lex.first_names:
                return 1
    return 0


# --- extraction -------------------------------------------------------------------------


# Role heads that name groups or sources, never one person's role («وكشفت المصادر أن
# قاسم ...»), and complementisers a role phrase never runs across.
_GROUP_HEADS = frozenset(
    arabic.normalize(w)
    for w in word_list("ناشطون ناشطين مسؤولون مسؤولين خبراء محللون مصادر مصدر مواطنون شهود")
)
_COMPLEMENTISERS = frozenset(arabic.normalize(w) for w in word_list("أن إن أنه إنه بأن لأن أنها"))


def _role_before(part: _Sentence, start: int, text: str, persons: set[int]) -> str:
    """The title or role right before a name: «وزير الدفاع الأميركي جيمس ماتيس».

    In an apposition chain «حسين علاوي، مستشار رئيس الوزراء محمد شياع السوداني» the
    leading «مستشار» describes the person before the comma: the second name only keeps
    the role inside the phrase («رئيس الوزراء»).
    """
    lex = get_lexicon()
    j = start - 1
    heads = []
    while j >= 0 and start - j <= 6:
        tok = part.infos[j]
        if "P" in tok.flags or "QO" in tok.flags or "QC" in tok.flags or "V" in tok.flags:
            break
        if "Vc" in tok.flags or j in persons or tok.norm in _COMPLEMENTISERS:
            break
        stem = arabic.strip_clitics(tok.norm)
        if any(r in _GROUP_HEADS for r in stem):
            break
        if any(r in lex.titles or r in lex.role_heads for r in stem):
            heads.append(j)
        j -= 1
    if not heads:
        return ""
    first_role = heads[-1]
    apposition = j >= 1 and part.word(j) in ("،", ",") and j - 1 in persons
    if apposition and first_role == j + 1:
        if len(heads) < 2:
            return ""
        first_role = heads[-2]
    role = text[part.start_of(first_role) : part.end_of(start - 1)]
    first_norm = part.infos[first_role].norm
    if first_norm not in lex.titles and first_norm not in lex.role_heads:
        role = role[1:] if role[:1] in _PREFIXES else role
    return role.strip(" ،,")


def _role_after(part: _Sentence, end: int, text: str, persons: set[int]) -> str:
    """An apposition role after a name, up to the next comma or the next person's name."""
    lex = get_lexicon()
    n = len(part.tokens)
    if end + 1 >= n or part.word(end) not in ("،", ","):
        return ""
    first = part.infos[end + 1].norm
    if first not in lex.role_heads and first not in lex.titles:
        return ""
    stop = end + 1
    while stop < n and stop - end <= 10 and part.word(stop) not in ("،", ",", ".", ":"):
        if stop in persons:
            break
        stop += 1
    # «مستشار رئيس الوزراء محمد شياع السوداني»: a title right before the next name is his.
    while stop > end + 2 and stop in persons and part.infos[stop - 1].norm in lex.titles:
        stop -= 1
    return text[part.start_of(end + 1) : part.end_of(stop - 1)]


def _source_allowed(part: _Sentence, i: int, length: int, key: str) -> bool:
    if key not in GUARDED_SOURCES:
        return True
    before = part.word(i - 1) if i > 0 else None
    after = part.word(i + length) if i + length < len(part.tokens) else None
    if before and after and before == "«" and after == "»":
        return True
    if before and after and before == "(" and after == ")":
        return True
    prev_word = next((j for j in range(i - 1, max(0, i - 2) - 1, -1) if part.word(j) != "«"), None)
    return prev_word is not None and any(
        r in SOURCE_CUES for r in arabic.strip_clitics(part.infos[prev_word].norm)
    )


# Words before a place name that make an ambiguous gazetteer name a place: nouns for
# places and directions («مدينة», «قرية», «جنوب») always; prepositions («في», «إلى») only
# for a small town far away, not for a common word («في بيان», «على أمل»).
_PLACE_PREPOSITIONS = frozenset(
    arabic.normalize(w) for w in word_list("في إلى الى من قرب نحو باتجاه داخل بين")
)


def _place_evidence(part: _Sentence, i: int, clitic: int, why: str | None) -> bool:
    """Whether the gazetteer place at token ``i`` reads as a place here.

    Unambiguous entries need nothing; ambiguous ones (``why``: a common word, or a small
    town far away) need a place cue before them.
    """
    if not why:
        return True
    lex = get_lexicon()
    if i == 0:
        return False
    readings = arabic.strip_clitics(part.infos[i - 1].norm)
    if any(r in lex.loc_heads for r in readings):
        return True
    if why == "common word":
        return False
    first = part.infos[i].norm
    glued = first[:clitic] if clitic else ""
    return any(r in _PLACE_PREPOSITIONS for r in readings) or glued.startswith(("ب", "وب", "فب"))


def _common_place_word(part: _Sentence, i: int, norm: str) -> bool:
    """A one-word place the tagger found that is a common word and not in the gazetteer."""
    lex = get_lexicon()
    readings = arabic.strip_clitics(norm)
    if any(r in lex.places for r in readings):
        return False
    if any(r in lex.loc_heads for r in readings):
        return True  # «الريف», «المنطقة»: a word for a place, not its name
    if not any(r in lex.common_words for r in readings):
        return False
    return not _place_evidence(part, i, 0, "common word")


def _generic_place_phrase(norms: list[str]) -> bool:
    """Only words for places and directions («الريف الشمالي الشرقي»), no name in it."""
    lex = get_lexicon()
    return len(norms) > 1 and all(
        any(r in lex.loc_heads for r in arabic.strip_clitics(n)) for n in norms
    )


def _sentence_spans(text: str, part: _Sentence, evidence: set) -> list[dict]:
    """Spans in one sentence of ``text``."""
    lex = get_lexicon()
    infos = part.infos
    if not infos:
        return []
    sentence = text[part.start : part.end].strip()
    labels = tag_tokens([tok for tok, _, _ in part.tokens], evidence=evidence, infos=infos)
    norms = [info.norm for info in infos]
    found: list[dict] = []
    taken = [False] * len(infos)

    def add(i: int, j: int, kind: str, key: str, method: str, clitic: int | None, **extra):
        word, first_start, _ = part.tokens[i]
        cut = _raw_offset(word, _clitic_chars(norms[i], kind, clitic))
        start = first_start + (cut if cut < len(word) else 0)
        end = part.end_of(j - 1)
        found.append(
            {
                "i": i,
                "j": j,
                "start": start,
                "end": end,
                "type": kind,
                "key": key,
                "method": method,
                "sentence": sentence,
                **extra,
            }
        )
        for k in range(i, j):
            taken[k] = True

    # Lexicon phrases first: outlets, known organisations, gazetteer places.
    for i, (length, cls, key, clitic) in lex.scan(norms):
        crf = labels[i]
        if cls == "SRC" and _source_allowed(part, i, length, key):
            add(i, i + length, "ORG", key, "gazetteer", clitic, is_source=True)
        elif cls == "ORG":
            add(i, i + length, "ORG", key, "gazetteer", clitic)
        elif cls == "LOC" and key in lex.sources and _source_allowed(part, i, length, key):
            add(i, i + length, "ORG", key, "gazetteer", clitic, is_source=True)  # «الشرق الأوسط»
        elif cls == "LOC" and (
            crf.endswith("LOC") or _place_evidence(part, i, clitic, lex.ambiguous.get(key))
        ):
            add(i, i + length, "LOC", key, "gazetteer", clitic)
    # Then the tagger's chunks that do not overlap the lexicon's.
    labelled = labels.count("O") < len(labels)  # many sentences have no chunk
    for a, b, kind in sorted(chunks(labels)) if labelled else ():
        if any(taken[a:b]):
            continue
        raw_key = " ".join(norms[a:b])
        if kind == "PERS":
            key = person_key(text[part.start_of(a) : part.end_of(b - 1)])
        elif kind == "LOC" and b - a == 1 and _common_place_word(part, a, norms[a]):
            continue  # «الريف», «الجزيرة» alone: a word, or a channel, not a new place
        elif kind == "LOC" and _generic_place_phrase(norms[a:b]):
            continue  # «الريف الشرقي»: a direction of a place named elsewhere
        else:
            words = raw_key.split()
            words[0] = arabic.strip_clitics(words[0])[0] if len(words) > 1 else words[0]
            key = " ".join(words)
            cut = _clitic_chars(norms[a], kind, None)
            key = (norms[a][cut:] + raw_key[len(norms[a]) :]) if cut else raw_key
        add(a, b, kind, key, "crf", None)
    persons = {k for span in found if span["type"] == "PERS" for k in range(span["i"], span["j"])}
    for span in found:
        if span["type"] == "PERS":
            role = _role_before(part, span["i"], text, persons)
            span["role"] = role or _role_after(part, span["j"], text, persons)
    return found


def _resolve_persons(found: list[dict], text: str) -> None:
    """Give surname-only and partial mentions the key of a full name seen before."""
    full: dict[str, str] = {}  # last word / last two words / first word -> full key
    surnames: dict[str, str] = {}  # multi-word surname («ابو رغيف») -> full key
    lex = get_lexicon()
    for span in found:
        if span["type"] != "PERS":
            continue
        words = span["key"].split()
        if len(words) >= 2 and span["key"] in surnames and words[0] in lex.joiners:
            span["key"] = surnames[span["key"]]  # «وأوضح أبو رغيف» after «فاضل أبو رغيف»
            span["method"] = "surname"
            continue
        if len(words) >= 3:
            for k in range(2, len(words)):
                if words[-k] in lex.joiners:
                    surnames.setdefault(" ".join(words[-k:]), span["key"])
        if len(words) >= 2:
            for tail in (words[-1], " ".join(words[-2:]), words[0]):
                full.setdefault(tail, span["key"])
            continue
        if not words:
            continue
        bare = [r for r in arabic.strip_clitics(words[0]) if r in full]
        if bare and full[bare[0]] != span["key"] and bare[0] not in NOT_SURNAMES:
            span["key"] = full[bare[0]]
            span["method"] = "surname"
        elif words[0] in lex.first_names and words[0] in full:
            span["key"] = full[words[0]]


def _surname_mentions(text: str, found: list[dict], sentences: list[_Sentence]) -> list[dict]:
    """Mentions of an earlier person's surname the tagger left untagged («وأضاف الجربا»)."""
    lex = get_lexicon()
    surnames: dict[str, dict] = {}
    for span in found:
        words = span["key"].split()
        if span["type"] == "PERS" and len(words) >= 2 and words[-1] not in NOT_SURNAMES:
            surnames.setdefault(words[-1], span)
            if words[-2] in lex.joiners:
                surnames.setdefault(" ".join(words[-2:]), span)
    if not surnames:
        return []
    # A mention's first reading is a surname or the first word of a two-word one.
    openers = {name.split(" ", 1)[0] for name in surnames}
    occupied = {pos for s in found for pos in range(s["start"], s["end"])}
    extra = []
    for part in sentences:
        infos = part.infos
        hits = [i for i, info in enumerate(infos) if not openers.isdisjoint(info.readings)]
        if not hits:
            continue
        norms = [info.norm for info in infos]
        for i in hits:
            tok, start, _ = part.tokens[i]
            if start in occupied:
                continue
            mention = _surname_at(infos, norms, i, surnames, start)
            if mention is None:
                continue
            reading, length, target = mention
            end = part.end_of(i + length - 1)
            cut = _raw_offset(tok, len(norms[i]) - len(reading)) if reading != norms[i] else 0
            extra.append(
                {
                    "i": i,
                    "j": i + length,
                    "start": start + cut,
                    "end": end,
                    "type": "PERS",
                    "key": target["key"],
                    "method": "surname",
                    "sentence": text[part.start : part.end].strip(),
                    "role": "",
                }
            )
            occupied.update(range(start, end))
    return extra


def _surname_at(
    infos: list[WordInfo], norms: list[str], i: int, surnames: dict, start: int
) -> tuple[str, int, dict] | None:
    """The surname read at token ``i``: (reading, length in tokens, full-name span)."""
    lex = get_lexicon()
    for reading in infos[i].readings:
        two = " ".join([reading, norms[i + 1]]) if i + 1 < len(norms) else ""
        target = surnames.get(two) or surnames.get(reading)
        if target is None or target["start"] > start:
            continue
        name = two if two in surnames else reading
        prev_verb = i > 0 and any(f in ("V", "Vc") for f in infos[i - 1].flags)
        distinctive = reading not in lex.first_names and name.count(" ") == 0
        if not (prev_verb or distinctive or name.count(" ")):
            continue
        return reading, 2 if name.count(" ") else 1, target
    return None


def extract_entities(text: str) -> list[Span]:
    """Entities in ``text`` as spans with character offsets and resolution keys."""
    if not text or not text.strip():
        return []
    return _extract(text, _read(text))


def entities_and_quotes(text: str) -> tuple[list[Span], list[Quote]]:
    """``extract_entities`` and ``find_quotes`` for one text, tokenising it once."""
    if not text or not text.strip():
        return [], []
    sentences = _read(text)
    spans = _extract(text, sentences)
    return spans, _quotes(text, spans, sentences)


def _extract(text: str, sentences: list[_Sentence]) -> list[Span]:
    found: list[dict] = []
    evidence = set().union(*[person_evidence(part.infos) for part in sentences])  # whole text
    for part in sentences:
        found.extend(_sentence_spans(text, part, evidence))
    found.sort(key=lambda s: s["start"])
    _resolve_persons(found, text)
    found.extend(_surname_mentions(text, found, sentences))
    found.sort(key=lambda s: s["start"])
    spans = []
    for s in found:
        if s["end"] <= s["start"]:
            continue
        method = s["method"]
        spans.append(
            Span(
                start=s["start"],
                end=s["end"],
                type=s["type"],
                text=text[s["start"] : s["end"]],
                key=s["key"],
                is_source=s.get("is_source", False),
                method=method,
                confidence={"gazetteer": 0.95, "surname": 0.85}.get(method, 0.8),
                role=s.get("role", ""),
                sentence=s["sentence"],
            )
        )
    return spans


# --- quotes -----------------------------------------------------------------------------

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


_QUOTE = re.compile(r"«([^«»]*(?:«[^«»]*»[^«»]*)*)»")


def find_quotes(text: str, spans: list[Span] | None = None) -> list[Quote]:
    """Direct quotations «...» attributed to the person who said them.

    The speaker is the person named after the nearest reporting verb before the quote in
    the same sentence («وقال ماتيس، إن «...»»); a verb with no name after it («وأضاف:
    «...»», «مبينا أن «...»») continues the last speaker.
    """
    sentences = _read(text)
    if spans is None:
        spans = _extract(text, sentences) if text.strip() else []
    return _quotes(text, spans, sentences)


def _words_before(
    text: str, sentences: list[_Sentence], pos: int
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


def _fewer_than_three_words(body: str) -> bool:
    """``len(arabic.words(body)) < 3``, normalising only the first three chunks if enough.

    Cut before an ASCII space, a text normalises as its two parts do apart (the space is
    kept and joins nothing), so the words of that head are the first words of the whole.
    """
    head = " ".join(body.split(" ", 3)[:3])
    if len(head) < len(body) and len(arabic.words(head)) >= 3:
        return False
    return len(arabic.words(body)) < 3


def _quotes(text: str, spans: list[Span], sentences: list[_Sentence]) -> list[Quote]:
    persons = [s for s in spans if s.type == "PERS"]
    covered = _inside_spans(spans)
    quotes: list[Quote] = []
    last_speaker: Span | None = None
    for m in _QUOTE.finditer(text):
        body = m.group(1).strip()
        if _fewer_than_three_words(body):
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
