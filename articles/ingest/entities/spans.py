"""Entity spans: the tagger's and the lexicon's chunks turned into keyed, offset spans."""

from __future__ import annotations

from dataclasses import dataclass

from articles.ingest.ner.conll import chunks
from articles.ingest.ner.cues import SOURCE_CUES, word_list
from articles.ingest.ner.features import person_evidence
from articles.ingest.ner.lexicon import GUARDED_SOURCES, get_lexicon
from articles.ingest.ner.pipeline import second_pass_features, tag_tokens
from articles.text import arabic

from .persons import person_key, resolve_persons, surname_mentions
from .places import StoryPlaces, named_after_head, not_a_person
from .sentences import PREFIXES, Sentence, clitic_chars, raw_offset, read_sentences


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


# Role heads that name groups or sources, never one person's role («وكشفت المصادر أن
# قاسم ...»), and complementisers a role phrase never runs across.
_GROUP_HEADS = frozenset(
    arabic.normalize(w)
    for w in word_list("ناشطون ناشطين مسؤولون مسؤولين خبراء محللون مصادر مصدر مواطنون شهود")
)
_COMPLEMENTISERS = frozenset(arabic.normalize(w) for w in word_list("أن إن أنه إنه بأن لأن أنها"))


def _role_before(part: Sentence, start: int, text: str, persons: set[int]) -> str:
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
        role = role[1:] if role[:1] in PREFIXES else role
    return role.strip(" ،,")


def _role_after(part: Sentence, end: int, text: str, persons: set[int]) -> str:
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


def _source_allowed(part: Sentence, i: int, length: int, key: str) -> bool:
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


def _place_evidence(part: Sentence, i: int, clitic: int, why: str | None) -> bool:
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


def _common_place_word(part: Sentence, i: int, norm: str) -> bool:
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


def _sentence_spans(
    text: str, part: Sentence, evidence: set, places: StoryPlaces, extra: list | None = None
) -> list[dict]:
    """Spans in one sentence of ``text``; ``places``: what the story says about places;
    ``extra``: the sentence's second-pass features (``pipeline.second_pass_features``)."""
    lex = get_lexicon()
    infos = part.infos
    if not infos:
        return []
    sentence = text[part.start : part.end].strip()
    labels = tag_tokens(
        [tok for tok, _, _ in part.tokens], evidence=evidence, infos=infos, extra=extra
    )
    norms = [info.norm for info in infos]
    found: list[dict] = []
    taken = [False] * len(infos)

    def add(i: int, j: int, kind: str, key: str, method: str, clitic: int | None, **extra):
        word, first_start, _ = part.tokens[i]
        cut = raw_offset(word, clitic_chars(norms[i], kind, clitic))
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
            crf.endswith("LOC")
            or _place_evidence(part, i, clitic, lex.ambiguous.get(key))
            or (
                lex.ambiguous.get(key) == "common word"
                and places.common_word_is_place(part, i, clitic, key, found)
            )
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
            if not_a_person(key):
                continue  # «حديثة», a common word the gazetteer knows as a place, is no name
        elif kind == "LOC" and b - a == 1 and _common_place_word(part, a, norms[a]):
            continue  # «الريف», «الجزيرة» alone: a word, or a channel, not a new place
        elif kind == "LOC" and _generic_place_phrase(norms[a:b]):
            continue  # «الريف الشرقي»: a direction of a place named elsewhere
        else:
            words = raw_key.split()
            words[0] = arabic.strip_clitics(words[0])[0] if len(words) > 1 else words[0]
            key = " ".join(words)
            cut = clitic_chars(norms[a], kind, None)
            key = (norms[a][cut:] + raw_key[len(norms[a]) :]) if cut else raw_key
        add(a, b, kind, key, "crf", None)
    # Then names the gazetteer lacks after a place noun: «قضاء مخمور», «ناحية راوة».
    for a, b in named_after_head(part, taken):
        add(a, b, "LOC", " ".join(norms[a:b]), "cue", None)
    persons = {k for span in found if span["type"] == "PERS" for k in range(span["i"], span["j"])}
    for span in found:
        if span["type"] == "PERS":
            role = _role_before(part, span["i"], text, persons)
            span["role"] = role or _role_after(part, span["j"], text, persons)
    return found


def extract_entities(text: str) -> list[Span]:
    """Entities in ``text`` as spans with character offsets and resolution keys."""
    if not text or not text.strip():
        return []
    return extract(text, read_sentences(text))


def extract(text: str, sentences: list[Sentence]) -> list[Span]:
    found: list[dict] = []
    evidence = set().union(*[person_evidence(part.infos) for part in sentences])  # whole text
    places = StoryPlaces(sentences)
    tokens = [[tok for tok, _, _ in part.tokens] for part in sentences]
    extras = second_pass_features(tokens, [evidence] * len(sentences), [p.infos for p in sentences])
    for part, extra in zip(sentences, extras, strict=True):
        found.extend(_sentence_spans(text, part, evidence, places, extra))
    # A name the story tags as a place anywhere («سهل حوران») is nobody's name elsewhere.
    tagged = {s["key"] for s in found if s["type"] == "LOC"}
    if tagged:
        found = [s for s in found if s["type"] != "PERS" or not not_a_person(s["key"], tagged)]
    found.sort(key=lambda s: s["start"])
    resolve_persons(found, text)
    found.extend(surname_mentions(text, found, sentences))
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
