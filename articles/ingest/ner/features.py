"""CRF features for one sentence of whitespace tokens.

Per-word work (normalising, clitic readings, affixes, cue classes) is cached by the raw
token, so a running text costs little more than dictionary look-ups per token; only the
gazetteer phrase scan and the window are computed per sentence.

Features deliberately lean on things that carry over to unseen text: normalised forms,
clitic-free stems, affixes, cue classes from hand-written lists, and gazetteer membership
from the fixtures (never from the training corpus).
"""

from __future__ import annotations

from functools import lru_cache

from .. import arabic
from .lexicon import Lexicon, get_lexicon

OPEN_QUOTES = frozenset('«"“')
CLOSE_QUOTES = frozenset('»"”')
_PUNCT = frozenset(".,،؛;:!?؟()[]-–—/\\'\"«»“”…")


class WordInfo:
    """What the features need to know about one raw token, computed once."""

    __slots__ = ("norm", "stem", "flags", "own")

    def __init__(self, norm: str, stem: str, flags: tuple[str, ...], own: list[str]):
        self.norm = norm
        self.stem = stem
        self.flags = flags
        self.own = own


def _classes(lex: Lexicon, norm: str, readings: list[str]) -> tuple[str, ...]:
    flags = []
    checks = (
        ("T", lex.titles),
        ("R", lex.role_heads),
        ("V", lex.verbs),
        ("OH", lex.org_heads),
        ("LH", lex.loc_heads),
        ("J", lex.joiners),
        ("M", lex.months),
        ("FN", lex.first_names),
        ("NF", lex.name_first),
        ("NL", lex.name_last),
    )
    for name, vocab in checks:
        if norm in vocab:
            flags.append(name)
        elif any(r in vocab for r in readings[1:]):
            flags.append(name + "c")  # found behind a clitic: «وقال», «والرئيس»
    return tuple(flags)


@lru_cache(maxsize=400_000)
def word_info(token: str) -> WordInfo:
    lex = get_lexicon()
    norm = arabic.normalize(token) or token
    if len(token) == 1 and not token.isalnum():
        flag = "QO" if token in OPEN_QUOTES else "QC" if token in CLOSE_QUOTES else "P"
        return WordInfo(norm, norm, (flag,), ["w=" + norm, "punct"])
    readings = arabic.strip_clitics(norm)
    stem = min(readings, key=len)
    flags = _classes(lex, norm, readings)
    own = ["w=" + norm, "s=" + stem, "p2=" + norm[:2], "p3=" + norm[:3]]
    own += ["x1=" + norm[-1:], "x2=" + norm[-2:], "x3=" + norm[-3:], "sx2=" + stem[-2:]]
    own.append(f"len={min(len(stem), 8)}")
    own += ["x4=" + norm[-4:], "sp2=" + stem[:2], "sp3=" + stem[:3]]
    vowels = sum(ch in "اوي" for ch in stem)
    own.append(f"vr={4 * vowels // max(len(stem), 1)}")
    clitic = norm[: len(norm) - len(stem)] if norm.endswith(stem) else "?"
    own.append("cl=" + clitic)
    if token.isdigit() or norm.isdigit():
        own.append("digit")
    elif token.isascii():
        own.append("latin")
    elif any(ch.isdigit() for ch in norm):
        own.append("hasdigit")
    if "." in token and len(token) > 2:
        own.append("abbrev")
    if norm.endswith(("ي", "يه", "يين", "يون", "يا")) and clitic.endswith("ال"):
        own.append("nisba")
    own.extend("f=" + f for f in flags)
    return WordInfo(norm, stem, flags, own)


def _gazetteer_tags(lex: Lexicon, norms: list[str]) -> list[str]:
    tags = [""] * len(norms)
    i = 0
    while i < len(norms):
        hit = lex.match(norms, i)
        if hit is None:
            i += 1
            continue
        length, cls = hit[0], hit[1]
        tags[i] = "B" + cls
        for j in range(i + 1, min(i + length, len(norms))):
            tags[j] = "I" + cls
        i += length
    return tags


# Flags of a word right before a name: a title, a role word, a reporting verb.
_CUE_FLAGS = frozenset(("T", "Tc", "R", "Rc", "V", "Vc"))
_NOT_NAME_FLAGS = frozenset(("T", "Tc", "R", "Rc", "V", "Vc", "M", "Mc", "OH", "LH", "J", "P"))
_NAME_FLAGS = frozenset(("FN", "NF"))
DOCUMENT_WINDOW = 8  # sentences either side that stand in for the document


def _person_evidence(tokens: list[str]) -> set[str]:
    """Words that this sentence shows in a person context, from cue lists alone.

    A word after a title, role or reporting verb («العميد معن», «وقال ماتيس») and the word
    after a known first name («جيمس ماتيس») are probably (parts of) names. No labels used.
    """
    infos = [word_info(t) for t in tokens]
    out = set()
    for i in range(1, len(infos)):
        info, prev = infos[i], infos[i - 1]
        if len(info.stem) < 3 or _NOT_NAME_FLAGS.intersection(info.flags):
            continue
        if _CUE_FLAGS.intersection(prev.flags) or _NAME_FLAGS.intersection(prev.flags):
            out.add(info.stem)
    return out


def document_evidence(sentences: list[list[str]], window: int = DOCUMENT_WINDOW) -> list[set]:
    """Per sentence, the person-context words of the sentences around it (see above)."""
    own = [_person_evidence(tokens) for tokens in sentences]
    out = []
    for k in range(len(sentences)):
        out.append(set().union(*own[max(0, k - window) : k + window + 1]))
    return out


def sentence_features(
    tokens: list[str], evidence: set | frozenset = frozenset()
) -> list[list[str]]:
    """CRF features; ``evidence``: words seen in a person context nearby in the document."""
    lex = get_lexicon()
    infos = [word_info(t) for t in tokens]
    norms = [w.norm for w in infos]
    gaz = _gazetteer_tags(lex, norms)
    n = len(tokens)
    quoted = [False] * n
    depth = 0
    for i, info in enumerate(infos):
        if info.flags and info.flags[0] == "QC" and depth:
            depth -= 1
        quoted[i] = depth > 0
        if info.flags and info.flags[0] == "QO":
            depth += 1
    out = []
    for i, info in enumerate(infos):
        feats = list(info.own)
        if gaz[i]:
            feats.append("gz=" + gaz[i])
            feats.append("gzc=" + gaz[i][1:])
        if quoted[i]:
            feats.append("inq")
        if evidence and info.stem in evidence:
            feats.append("docP")
            if i > 0 and infos[i - 1].stem in evidence:
                feats.append("docP2")
        for off in (-2, -1, 1, 2):
            j = i + off
            if j < 0:
                feats.append(f"{off}:BOS")
                continue
            if j >= n:
                feats.append(f"{off}:EOS")
                continue
            other = infos[j]
            feats.append(f"{off}:w={other.norm}")
            if off in (-1, 1):
                feats.append(f"{off}:s={other.stem}")
                feats.append(f"{off}:x2={other.norm[-2:]}")
            for f in other.flags:
                feats.append(f"{off}:f={f}")
            if gaz[j]:
                feats.append(f"{off}:gz={gaz[j]}")
        if i > 0:
            feats.append(f"bi={infos[i - 1].norm}|{info.norm}")
            if i > 1 and infos[i - 2].flags and infos[i - 1].flags:
                feats.append(f"-21:f={infos[i - 2].flags[0]}|{infos[i - 1].flags[0]}")
        out.append(feats)
    return out
