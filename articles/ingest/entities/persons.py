"""Person keys, and a surname-only mention resolved to the full name seen earlier."""

from __future__ import annotations

from articles.ingest.ner.features import WordInfo
from articles.ingest.ner.lexicon import get_lexicon
from articles.text import arabic

from .sentences import PREFIXES, Sentence, raw_offset

# Last words of names that are ordinals or common words, never a surname-only mention.
NOT_SURNAMES = frozenset(
    arabic.normalize(w) for w in ["الثاني", "ثاني", "الأول", "الثالث", "الرابع", "الله", "الدين"]
)


def person_key(name: str) -> str:
    """Normalised person name without titles or roles: «الفريق سعد معن» -> «سعد معن»."""
    lex = get_lexicon()
    words = arabic.words(name)
    while len(words) > 1 and (words[0] in lex.titles or words[0] in lex.role_heads):
        words = words[1:]
    if words and len(words) > 1 or (words and words[0] not in lex.first_names):
        first = words[0]
        for prefix in PREFIXES:
            rest = first[len(prefix) :]
            if (
                first.startswith(prefix)
                and rest in lex.first_names
                and first not in lex.first_names
            ):
                words[0] = rest
                break
    return " ".join(words)


def resolve_persons(found: list[dict], text: str) -> None:
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
    _longer_names(found)


def _longer_names(found: list[dict]) -> None:
    """A name that opens one longer name of the same story is that person.

    «محمد شياع» where the story also names «محمد شياع السوداني» (the tagger stopped a
    word early in one sentence): one person, not two. Only when exactly one longer name
    starts with it, whichever sentence came first.
    """
    keys = {span["key"] for span in found if span["type"] == "PERS"}
    for span in found:
        key = span["key"]
        if span["type"] != "PERS" or len(key.split()) < 2:
            continue
        longer = [other for other in keys if other.startswith(key + " ")]
        if len(longer) == 1:
            span["key"] = longer[0]
            span["method"] = "surname"


def surname_mentions(text: str, found: list[dict], sentences: list[Sentence]) -> list[dict]:
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
            cut = raw_offset(tok, len(norms[i]) - len(reading)) if reading != norms[i] else 0
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
