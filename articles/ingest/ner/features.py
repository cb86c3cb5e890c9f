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


# Flags of a word right before a name: a title, a role word, a reporting verb.
_CUE_FLAGS = frozenset(("T", "Tc", "R", "Rc", "V", "Vc"))
_NOT_NAME_FLAGS = frozenset(("T", "Tc", "R", "Rc", "V", "Vc", "M", "Mc", "OH", "LH", "J", "P"))
_NAME_FLAGS = frozenset(("FN", "NF"))
# Offsets of the neighbours whose features a word gets; ±1 also give stem and suffix.
CONTEXT = (-2, -1, 1, 2)
# Per offset, the encoded names of what a word lends a neighbour there: «-1:w=», «-1:f=».
_LENT_NAMES = tuple(
    tuple(f"{off}:{name}=".encode() for name in ("w", "s", "x2", "f")) for off in CONTEXT
)


class WordInfo:
    """What the features need to know about one raw token, computed once.

    The word's own features are kept as UTF-8 bytes (``encoded``), the form the CRF tagger
    reads: given str it encodes every feature of every sentence itself. ``context`` holds,
    also encoded, the features the word lends a neighbour at each offset in ``CONTEXT``
    («-1:w=...», «-1:f=...»): a sentence's features are mostly cached lists joined.
    """

    __slots__ = ("norm", "stem", "flags", "encoded", "context", "cue", "name_like")

    def __init__(self, norm: str, stem: str, flags: tuple[str, ...], own: list[str]):
        self.norm = norm
        self.stem = stem
        self.flags = flags
        self.encoded = _utf8(own)
        self.context = self._context()
        # For ``_person_evidence``: a word that announces a name, and one that may be one.
        self.cue = bool(_CUE_FLAGS.intersection(flags) or _NAME_FLAGS.intersection(flags))
        self.name_like = len(stem) >= 3 and not _NOT_NAME_FLAGS.intersection(flags)

    @property
    def own(self) -> list[str]:
        """The word's own features («w=...», «s=...», «f=...»), as str."""
        return [f.decode() for f in self.encoded]

    def _context(self) -> tuple[list[bytes], ...]:
        """Per offset in ``CONTEXT``: «-2:w=...», («-1:s=...», «-1:x2=...»), «-2:f=...»."""
        norm, stem, suffix = self.norm.encode(), self.stem.encode(), self.norm[-2:].encode()
        flags = _utf8(self.flags)
        out = []
        for off, (w, s, x2, f) in zip(CONTEXT, _LENT_NAMES, strict=True):
            feats = [w + norm, s + stem, x2 + suffix] if off in (-1, 1) else [w + norm]
            feats += [f + flag for flag in flags]
            out.append(feats)
        return tuple(out)


def _utf8(feats: list[str] | tuple[str, ...]) -> list[bytes]:
    return [f.encode() for f in feats]


def _classes(lex: Lexicon, norm: str, readings: tuple[str, ...]) -> tuple[str, ...]:
    flags = []
    behind_clitic = readings[1:]
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
        elif not vocab.isdisjoint(behind_clitic):
            flags.append(name + "c")  # found behind a clitic: «وقال», «والرئيس»
    return tuple(flags)


@lru_cache(maxsize=400_000)
def word_info(token: str) -> WordInfo:
    lex = get_lexicon()
    norm = arabic.normalize(token) or token
    if len(token) == 1 and not token.isalnum():
        flag = "QO" if token in OPEN_QUOTES else "QC" if token in CLOSE_QUOTES else "P"
        return WordInfo(norm, norm, (flag,), ["w=" + norm, "punct"])
    readings = arabic.readings(norm)
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
    for i, (length, cls, _key, _clitic) in lex.scan(norms):
        tags[i] = "B" + cls
        for j in range(i + 1, min(i + length, len(norms))):
            tags[j] = "I" + cls
    return tags


DOCUMENT_WINDOW = 8  # sentences either side that stand in for the document


def _person_evidence(tokens: list[str]) -> set[str]:
    """Words that this sentence shows in a person context, from cue lists alone.

    A word after a title, role or reporting verb («العميد معن», «وقال ماتيس») and the word
    after a known first name («جيمس ماتيس») are probably (parts of) names. No labels used.
    """
    infos = [word_info(t) for t in tokens]
    return {
        info.stem
        for prev, info in zip(infos, infos[1:], strict=False)
        if info.name_like and prev.cue
    }


def document_evidence(sentences: list[list[str]], window: int = DOCUMENT_WINDOW) -> list[set]:
    """Per sentence, the person-context words of the sentences around it (see above)."""
    own = [_person_evidence(tokens) for tokens in sentences]
    out = []
    for k in range(len(sentences)):
        out.append(set().union(*own[max(0, k - window) : k + window + 1]))
    return out


# What the sentence edges lend at each offset in ``CONTEXT``: «-2:BOS» ... «2:EOS».
_EDGE = tuple(_utf8([f"{off}:BOS" if off < 0 else f"{off}:EOS"]) for off in CONTEXT)


def _quoted(tokens: list[str], infos: list[WordInfo]) -> list[int]:
    """Positions of the words inside «...» (the quote marks themselves are not)."""
    if OPEN_QUOTES.isdisjoint(tokens):
        return []  # most sentences open no quote
    inside = []
    depth = 0
    for i, info in enumerate(infos):
        if info.flags and info.flags[0] == "QC" and depth:
            depth -= 1
        if depth > 0:
            inside.append(i)
        if info.flags and info.flags[0] == "QO":
            depth += 1
    return inside


def _lent_features(
    infos: list[WordInfo], tagged: list[tuple[int, str]]
) -> list[tuple[list[bytes], ...]]:
    """Per word, what it lends its neighbours (``WordInfo.context``, with its gazetteer tag).

    Padded with two sentence edges either side: word ``i`` is at ``i + 2``.
    """
    lent = [info.context for info in infos]
    for j, tag in tagged:
        lent[j] = tuple(
            feats + [f"{off}:gz={tag}".encode()]
            for feats, off in zip(lent[j], CONTEXT, strict=True)
        )
    return [_EDGE, _EDGE, *lent, _EDGE, _EDGE]


def _word_features(
    tokens: list[str],
    infos: list[WordInfo],
    tagged: list[tuple[int, str]],
    evidence: set | frozenset,
) -> list[list[bytes]]:
    """Per word, its own features with what the sentence adds (gazetteer, quotes, document).

    A word with nothing added shares its cached list: callers only read these lists.
    """
    heads = [info.encoded for info in infos]
    for i, tag in tagged:
        heads[i] = heads[i] + _utf8(["gz=" + tag, "gzc=" + tag[1:]])
    for i in _quoted(tokens, infos):
        heads[i] = heads[i] + [b"inq"]
    if evidence:
        for i in [i for i, info in enumerate(infos) if info.stem in evidence]:
            extra = [b"docP"]
            if i > 0 and infos[i - 1].stem in evidence:
                extra.append(b"docP2")
            heads[i] = heads[i] + extra
    return heads


def _pair_features(infos: list[WordInfo]) -> list[list[bytes]]:
    """Per word, the bigram with the word before it and the flags of the two before it."""
    tails = [[]] + [
        [f"bi={a.norm}|{b.norm}".encode()] for a, b in zip(infos, infos[1:], strict=False)
    ]
    for i in range(2, len(infos)):
        first, second = infos[i - 2].flags, infos[i - 1].flags
        if first and second:
            tails[i].append(f"-21:f={first[0]}|{second[0]}".encode())
    return tails


def encoded_features(
    tokens: list[str], evidence: set | frozenset = frozenset()
) -> list[list[bytes]]:
    """``sentence_features`` as UTF-8 bytes, the form ``pycrfsuite`` taggers read fastest."""
    lex = get_lexicon()
    infos = [word_info(t) for t in tokens]
    gaz = _gazetteer_tags(lex, [w.norm for w in infos])
    tagged = [(i, tag) for i, tag in enumerate(gaz) if tag]
    heads = _word_features(tokens, infos, tagged, evidence)
    lent = _lent_features(infos, tagged)
    tails = _pair_features(infos)
    # Word i's neighbours at -2, -1, +1, +2 are lent[i], lent[i + 1], lent[i + 3], lent[i + 4].
    return [
        [*head, *m2[0], *m1[1], *p1[2], *p2[3], *tail]
        for head, m2, m1, p1, p2, tail in zip(
            heads, lent, lent[1:], lent[3:], lent[4:], tails, strict=False
        )
    ]


def sentence_features(
    tokens: list[str], evidence: set | frozenset = frozenset()
) -> list[list[str]]:
    """CRF features; ``evidence``: words seen in a person context nearby in the document."""
    return [[f.decode() for f in feats] for feats in encoded_features(tokens, evidence)]
