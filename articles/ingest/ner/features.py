"""CRF features for one sentence of whitespace tokens.

Per-word work (normalising, clitic readings, affixes, cue classes) is cached by the raw
token, so a running text costs little more than dictionary look-ups per token; only the
gazetteer phrase scan and the window are computed per sentence.

Features deliberately lean on things that carry over to unseen text: normalised forms,
clitic-free stems, affixes, cue classes from hand-written lists, and gazetteer membership
from the fixtures (never from the training corpus).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from articles.text import arabic

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
    ``bigram_head`` and ``norm_bytes`` make the bigram feature one bytes concatenation.
    ``for_model`` gives both lists without what a given model does not know.
    """

    __slots__ = (
        "norm",
        "stem",
        "flags",
        "readings",
        "encoded",
        "context",
        "cue",
        "name_like",
        "bigram_head",
        "norm_bytes",
        "_known",
        "_for_known",
    )

    def __init__(self, norm: str, stem: str, flags: tuple[str, ...], own: list[str]):
        self.norm = norm
        self.stem = stem
        self.flags = flags
        self.readings = arabic.readings(norm)
        self.encoded = _utf8(own)
        self.context = self._context()
        # For ``person_evidence``: a word that announces a name, and one that may be one.
        self.cue = bool(_CUE_FLAGS.intersection(flags) or _NAME_FLAGS.intersection(flags))
        self.name_like = len(stem) >= 3 and not _NOT_NAME_FLAGS.intersection(flags)
        self.norm_bytes = norm.encode()
        self.bigram_head = b"bi=" + self.norm_bytes + b"|"
        self._known: frozenset[bytes] | None = None
        self._for_known: tuple[tuple[bytes, ...], tuple[tuple[bytes, ...], ...]] = ((), ())

    @property
    def own(self) -> list[str]:
        """The word's own features («w=...», «s=...», «f=...»), as str."""
        return [f.decode() for f in self.encoded]

    def for_model(
        self, known: frozenset[bytes]
    ) -> tuple[tuple[bytes, ...], tuple[tuple[bytes, ...], ...]]:
        """``encoded`` and ``context`` keeping only the attributes in ``known``.

        ``known``: the attributes of the model that will tag (``model.Tagger.known_attributes``).
        The tagger looks each attribute up in its model and skips the ones it lacks, so
        they add nothing to any score: dropping them beforehand gives the same labels and
        spares the tagger converting them (about a third of a news sentence's features).
        Kept for the last model asked, so filtered once per cached word, not per token.
        """
        if known is not self._known:
            self._for_known = (
                tuple(f for f in self.encoded if f in known),
                tuple(tuple(f for f in feats if f in known) for feats in self.context),
            )
            self._known = known
        return self._for_known

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


# About 2.6 KB a word once tagged (~0.4 KB of it ``for_model``'s lists): 20,000 words
# (~53 MB) hold a long run of news text's vocabulary.
@lru_cache(maxsize=20_000)
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
    if not lex.vocabulary.isdisjoint(readings):
        own.append("voc")  # a dictionary word (or one behind a clitic): less likely a name
    return WordInfo(norm, stem, flags, own)


def _gazetteer_tags(lex: Lexicon, norms: list[str]) -> list[tuple[int, str]]:
    """The words inside gazetteer phrases with their tag («BLOC», «ILOC», ...), in order."""
    tagged = []
    for i, (length, cls, _key, _clitic) in lex.scan(norms):
        tagged.append((i, "B" + cls))
        tagged += [(j, "I" + cls) for j in range(i + 1, min(i + length, len(norms)))]
    return tagged


DOCUMENT_WINDOW = 8  # sentences either side that stand in for the document


def person_evidence(infos: list[WordInfo]) -> set[str]:
    """Words that this sentence shows in a person context, from cue lists alone.

    A word after a title, role or reporting verb («العميد معن», «وقال ماتيس») and the word
    after a known first name («جيمس ماتيس») are probably (parts of) names. No labels used.
    """
    return {
        info.stem
        for prev, info in zip(infos, infos[1:], strict=False)
        if info.name_like and prev.cue
    }


def document_evidence(sentences: list[list[str]], window: int = DOCUMENT_WINDOW) -> list[set]:
    """Per sentence, the person-context words of the sentences around it (see above)."""
    own = [person_evidence([word_info(t) for t in tokens]) for tokens in sentences]
    out = []
    for k in range(len(sentences)):
        out.append(set().union(*own[max(0, k - window) : k + window + 1]))
    return out


# What the sentence edges lend at each offset in ``CONTEXT``: «-2:BOS» ... «2:EOS».
_EDGE = tuple(_utf8([f"{off}:BOS" if off < 0 else f"{off}:EOS"]) for off in CONTEXT)
_CLOSE_ONLY = CLOSE_QUOTES - OPEN_QUOTES  # «"» opens: its flag is QO
_QUOTE_MARKS = OPEN_QUOTES | CLOSE_QUOTES
_INQ = (b"inq",)
_DOC = (b"docP",)
_DOC2 = (b"docP", b"docP2")


@cache
def _gazetteer_features(tag: str) -> tuple[tuple[bytes, ...], tuple[bytes, ...]]:
    """A gazetteer tag's own features («gz=BLOC», «gzc=LOC») and what it lends per offset."""
    own = (f"gz={tag}".encode(), f"gzc={tag[1:]}".encode())
    return own, tuple(f"{off}:gz={tag}".encode() for off in CONTEXT)


@cache
def _flag_pair(first: str, second: str) -> bytes:
    return f"-21:f={first}|{second}".encode()


def _quoted(tokens: list[str]) -> list[tuple[int, int]]:
    """Runs ``(start, end)`` of the positions inside «...» (the quote marks themselves not).

    Only the quote marks are visited: between two marks the depth does not change.
    """
    if OPEN_QUOTES.isdisjoint(tokens):
        return []  # most sentences open no quote
    runs = []
    depth = 0
    after = 0  # first position after the last mark
    for i in [i for i, token in enumerate(tokens) if token in _QUOTE_MARKS]:
        if depth > 0 and after < i:
            runs.append((after, i))
        if tokens[i] in _CLOSE_ONLY and depth:
            depth -= 1
        if depth > 0:
            runs.append((i, i + 1))  # a nested mark
        if tokens[i] in OPEN_QUOTES:
            depth += 1
        after = i + 1
    if depth > 0 and after < len(tokens):
        runs.append((after, len(tokens)))
    return runs


def _added_features(
    tokens: list[str],
    infos: list[WordInfo],
    tagged: list[tuple[int, str]],
    evidence: set | frozenset,
) -> list[tuple[bytes, ...]]:
    """Per word, what the sentence adds after its own features: gazetteer, quotes, document.

    Shared constant tuples: most words get ``()``, a quoted one ``_INQ``.
    """
    added: list[tuple[bytes, ...]] = [()] * len(infos)
    for start, end in _quoted(tokens):
        added[start:end] = [_INQ] * (end - start)
    for i, tag in tagged:
        added[i] = _gazetteer_features(tag)[0] + added[i]
    if evidence:
        for i in [i for i, info in enumerate(infos) if info.stem in evidence]:
            both = i > 0 and infos[i - 1].stem in evidence
            added[i] = added[i] + (_DOC2 if both else _DOC)
    return added


def _lent_features(
    contexts: list[tuple[Sequence[bytes], ...]], tagged: list[tuple[int, str]]
) -> list[tuple[Sequence[bytes], ...]]:
    """Per word, what it lends its neighbours (``WordInfo.context``, with its gazetteer tag).

    Padded with two sentence edges either side: word ``i`` is at ``i + 2``.
    """
    lent = list(contexts)
    for j, tag in tagged:
        gz = _gazetteer_features(tag)[1]
        lent[j] = tuple((*feats, g) for feats, g in zip(lent[j], gz, strict=True))
    return [_EDGE, _EDGE, *lent, _EDGE, _EDGE]


def _pair_features(
    infos: list[WordInfo], known: frozenset[bytes] | None = None
) -> list[tuple[bytes, ...]]:
    """Per word, the bigram with the word before it and the flags of the two before it.

    ``known``: as for ``encoded_features``, leave out what the model lacks: most bigrams
    of a news text are unknown to it (about one feature a word, each a look-up for
    nothing in the tagger).
    """
    bigrams = [a.bigram_head + b.norm_bytes for a, b in zip(infos, infos[1:], strict=False)]
    if known is None:
        tails = [()] + [(bigram,) for bigram in bigrams]
    else:
        tails = [()] + [(bigram,) if bigram in known else () for bigram in bigrams]
    flags = [info.flags for info in infos]
    # Word i >= 2 gets the first flags of words i - 2 and i - 1 when both have some.
    pairs = enumerate(zip(flags, flags[1:-1], strict=False), start=2)
    for i, (first, second) in [(i, pair) for i, pair in pairs if pair[0] and pair[1]]:
        pair = _flag_pair(first[0], second[0])
        if known is None or pair in known:
            tails[i] = (*tails[i], pair)
    return tails


def encoded_features(
    tokens: list[str],
    evidence: set | frozenset = frozenset(),
    infos: list[WordInfo] | None = None,
    known: frozenset[bytes] | None = None,
) -> list[list[bytes]]:
    """``sentence_features`` as UTF-8 bytes, the form ``pycrfsuite`` taggers read fastest.

    ``infos``: ``word_info`` of each token, when the caller has them already.
    ``known``: for tagging, the attributes of the model that tags: the words' own and lent
    features it lacks are left out (``WordInfo.for_model``), as are the bigrams and flag
    pairs it lacks (``_pair_features``), which changes no label; the few built per
    sentence (gazetteer, quote, document) are all kept. ``None`` (training,
    ``sentence_features``): every feature.
    """
    if infos is None:
        infos = [word_info(t) for t in tokens]
    if known is None:
        words = [(info.encoded, info.context) for info in infos]
    else:
        words = [info.for_model(known) for info in infos]
    owns = [own for own, _ in words]
    contexts = [context for _, context in words]
    tagged = _gazetteer_tags(get_lexicon(), [w.norm for w in infos])
    added = _added_features(tokens, infos, tagged, evidence)
    lent = _lent_features(contexts, tagged)
    tails = _pair_features(infos, known)
    # Word i's neighbours at -2, -1, +1, +2 are lent[i], lent[i + 1], lent[i + 3], lent[i + 4].
    return [
        [*own, *extra, *m2[0], *m1[1], *p1[2], *p2[3], *tail]
        for own, extra, m2, m1, p1, p2, tail in zip(
            owns, added, lent, lent[1:], lent[3:], lent[4:], tails, strict=False
        )
    ]


def sentence_features(
    tokens: list[str], evidence: set | frozenset = frozenset()
) -> list[list[str]]:
    """CRF features; ``evidence``: words seen in a person context nearby in the document."""
    return [[f.decode() for f in feats] for feats in encoded_features(tokens, evidence)]
