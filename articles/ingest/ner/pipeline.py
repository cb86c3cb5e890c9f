"""Token tagging: the CRF's labels corrected by gazetteer and cue rules.

This is the one tagging path used both by ``extract_entities`` and by ``evalner``, so the
scores printed by ``evalner`` are the extractor's, not the bare model's.
"""

from __future__ import annotations

import re

from articles.text import arabic

from .cues import SOURCE_CUES, word_list
from .features import WordInfo, document_evidence, word_info
from .lexicon import GUARDED_SOURCES, get_lexicon
from .model import crf_tag, is_stacked, second_pass

FORCE_PLACES = False  # the model decides; gazetteer noise costs more than it finds


def source_allowed(tokens: list[str], norms: list[str], i: int, length: int, key: str) -> bool:
    """Whether a source name at ``i`` reads as the outlet here (guarded names need context)."""
    if key not in GUARDED_SOURCES:
        return True
    before = tokens[i - 1] if i > 0 else ""
    after = tokens[i + length] if i + length < len(tokens) else ""
    if (before, after) in (("«", "»"), ("(", ")")):
        return True
    k = i - 1
    while k >= 0 and tokens[k] in ("«", "لـ", "ل"):
        k -= 1
    return k >= 0 and any(r in SOURCE_CUES for r in arabic.strip_clitics(norms[k]))


_FUTURE_VERB = re.compile("^[وف]?س[يتن][\u0621-\u064a]{3,}$")
_ORDINALS = frozenset(
    arabic.normalize(w) for w in word_list("الأول الثاني الثالث الرابع الخامس السادس السابع")
)
PERSON_BLOCKERS = ("V", "Vc", "T", "R", "M", "OH", "LH", "P", "QO", "QC")


def _relabel(labels: list[str], start: int, end: int, kind: str) -> None:
    for k in range(start, end):
        labels[k] = ("B-" if k == start else "I-") + kind
    if end < len(labels) and labels[end].startswith("I-"):
        labels[end] = "B-" + labels[end][2:]


def _relabel_org(labels: list[str], start: int, end: int, infos: list[WordInfo]) -> None:
    """A known organisation is ORG, and a chunk of the model's around it does not split.

    «وزارة الداخلية» in the model's «وزارة الداخلية العراقية» does not cut off
    «العراقية». A chunk of bare organisation heads just before it («تنظيم» in «تنظيم
    داعش») is no organisation of its own: it is left out, not kept as one named «تنظيم».
    """
    after = labels[end] if end < len(labels) else "O"
    _relabel(labels, start, end, "ORG")
    if after == "I-ORG":
        labels[end] = after
    k = start
    while k > 0 and labels[k - 1].endswith("ORG") and "OH" in infos[k - 1].flags:
        k -= 1
    if k < start and labels[k] == "B-ORG":
        labels[k:start] = ["O"] * (start - k)


def _person_positions(labels: list[str]) -> list[int]:
    return [i for i, label in enumerate(labels) if label.endswith("PERS")]


def _continues_name(prev: WordInfo, info: WordInfo, prev_label: str) -> bool:
    """Rule 4 below: whether the word after a name's last word (``prev``) belongs to it."""
    lex = get_lexicon()
    if info.norm in _ORDINALS and prev_label == "I-PERS":
        return True  # regnal number: «الملك عبد الله الثاني»
    if any(f in NOT_NAMES for f in info.flags) or len(info.norm) < 3:
        return False
    if info.norm in lex.common_words or _FUTURE_VERB.match(info.norm):
        return False
    alone = prev_label == "B-PERS"
    first = prev.norm in lex.first_names or prev.norm in lex.name_first
    return prev.norm in lex.joiners or alone and first


def apply_rules(
    tokens: list[str], labels: list[str], infos: list[WordInfo] | None = None
) -> list[str]:
    """Fix what the lexicons know better than the model. Returns a new label list.

    ``infos``: ``word_info`` of each token, when the caller has them already.
    """
    lex = get_lexicon()
    if infos is None:
        infos = [word_info(t) for t in tokens]
    norms = [w.norm for w in infos]
    labels = list(labels)
    # 1. Lexicon phrases: outlets (where the context says so) and known organisations
    # are ORG, never persons; gazetteer places are places unless the model chose ORG/MISC.
    for i, (length, cls, key, _clitic) in lex.scan(norms):
        span = labels[i : i + length]
        if key in lex.sources and source_allowed(tokens, norms, i, length, key):
            _relabel(labels, i, i + length, "ORG")
        elif cls == "ORG":
            _relabel_org(labels, i, i + length, infos)
        elif cls == "LOC" and FORCE_PLACES and not any(lab[2:] in ("ORG", "MISC") for lab in span):
            _relabel(labels, i, i + length, "LOC")
    if not any(label.endswith("PERS") for label in set(labels)):
        return labels  # the person rules below only ever touch words next to a person
    # Rules 2, 3 and 5 visit only the words labelled a person: no rule makes one.
    # 2. «ثائر عبد الكريم وطبان الجربا»: a word that is itself a known name («وطبان»,
    # «وليد») continues the name before it rather than starting a second person.
    for i in _person_positions(labels):
        if i == 0 or labels[i] != "B-PERS" or not labels[i - 1].endswith("PERS"):
            continue
        norm = infos[i].norm
        known = norm in lex.name_first or norm in lex.first_names
        if known and norm.startswith("و"):
            labels[i] = "I-PERS"
    # 3. A future-tense verb («وسيغيب», «وسيترأس») is never a person, and a common
    # word that is no known name ends a name rather than continuing it («... برنامجا»).
    for i in _person_positions(labels):
        norm = infos[i].norm
        named = norm in lex.name_first or norm in lex.name_last or norm in lex.first_names
        if named:
            continue
        # Only past two name words: «نواف سلام» keeps its common-word surname.
        complete = i >= 2 and labels[i - 1] == "I-PERS" and labels[i - 2].endswith("PERS")
        last = i + 1 == len(labels) or labels[i + 1] != "I-PERS"
        common_end = labels[i] == "I-PERS" and complete and last and norm in lex.common_words
        common_end = common_end and norm not in _ORDINALS  # «عبد الله الثاني»
        if _FUTURE_VERB.match(norm) or common_end:
            labels[i] = "O"
            if i + 1 < len(labels) and labels[i + 1] == "I-PERS":
                labels[i + 1] = "B-PERS"
    # 4. A name does not end on a joiner («محمد بن راشد آل» + «مكتوم»), and a known first
    # name alone takes the word after it as surname («محمد» + «بركات»).
    # Each name is followed word by word from its end, as long as it grows.
    for start in [k + 1 for k in _person_positions(labels) if k + 1 < len(labels)]:
        i = start
        while i < len(labels) and labels[i] == "O" and labels[i - 1].endswith("PERS"):
            if not _continues_name(infos[i - 1], infos[i], labels[i - 1]):
                break
            labels[i] = "I-PERS"
            i += 1
    # 5. A reporting verb, title, role word, month or punctuation is never a person.
    for i in _person_positions(labels):
        if labels[i].endswith("PERS") and any(f in PERSON_BLOCKERS for f in infos[i].flags):
            labels[i] = "O"
            if i + 1 < len(labels) and labels[i + 1] == "I-PERS":
                labels[i + 1] = "B-PERS"
    return labels


def tag_tokens(
    tokens: list[str],
    model_path: str | None = None,
    evidence: set | frozenset = frozenset(),
    infos: list[WordInfo] | None = None,
    extra: list | None = None,
) -> list[str]:
    """Labels of one sentence; ``extra``: its second-pass features (``second_pass_features``)."""
    if infos is None:
        infos = [word_info(t) for t in tokens]
    labels, _ = crf_tag(tokens, model_path, evidence, infos, extra)
    return apply_rules(tokens, labels, infos)


NOT_NAMES = ("V", "Vc", "T", "Tc", "R", "Rc", "M", "Mc", "OH", "LH", "J", "P", "QO", "QC")


def _person_words(tokens: list[str], labels: list[str]) -> set[str]:
    words = set()
    for token, label in zip(tokens, labels, strict=True):
        if label.endswith("PERS"):
            info = word_info(token)
            if len(info.norm) >= 3 and not any(f in NOT_NAMES for f in info.flags):
                words.add(info.norm)
    return words


def propagate_names(sentences: list[list[str]], labels: list[list[str]], window: int = 8) -> None:
    """Tag later and earlier bare mentions of a name the model found nearby, in place.

    News repeats a person's surname alone («وقال ماتيس»); the model often tags the full
    first mention but not the bare ones. Nearby sentences stand in for the document.
    """
    common = get_lexicon().common_words
    names = [_person_words(t, lab) for t, lab in zip(sentences, labels, strict=True)]
    for k, (tokens, labs) in enumerate(zip(sentences, labels, strict=True)):
        nearby = set().union(*names[max(0, k - window) : k + window + 1])
        if not nearby:
            continue
        for i, token in enumerate(tokens):
            if labs[i] != "O":
                continue
            info = word_info(token)
            if any(f in NOT_NAMES for f in info.flags):
                continue
            readings = arabic.strip_clitics(info.norm)
            if info.norm in common:
                continue  # «برنامجا»: a word the model once took for a name stays a word
            if any(r in nearby for r in readings) and len(info.norm) >= 3:
                after_name = i > 0 and labs[i - 1].endswith("PERS")
                labs[i] = "I-PERS" if after_name else "B-PERS"
                if i + 1 < len(labs) and labs[i + 1] == "B-PERS":
                    labs[i + 1] = "I-PERS"  # «بايهود» + «اولمرت»: one name


def second_pass_features(
    sentences: list[list[str]],
    evidence: list,
    infos: list[list[WordInfo]] | None = None,
    model_path: str | None = None,
) -> list:
    """Per sentence, its second-pass features (``stacking``), or None for a one-pass model.

    ``sentences``: the token lists of one text; ``evidence``: per sentence, what
    ``tag_tokens`` gets. Run before tagging any of them: the first pass reads them all.
    """
    if not is_stacked(model_path):
        return [None] * len(sentences)
    return second_pass(sentences, evidence, model_path, infos)


def tag_sentences(
    sentences: list[list[str]], model_path: str | None = None, propagate: bool = True
) -> list[list[str]]:
    """Tag a run of sentences from one text (or a CoNLL file) as one document."""
    evidence = document_evidence(sentences)
    extras = second_pass_features(sentences, evidence, model_path=model_path)
    labels = [
        tag_tokens(tokens, model_path, ev, extra=extra) if tokens else []
        for tokens, ev, extra in zip(sentences, evidence, extras, strict=True)
    ]
    if propagate:
        propagate_names(sentences, labels)
    return labels
