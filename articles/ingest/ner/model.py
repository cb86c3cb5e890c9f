"""Loading the shipped CRF model and tagging token sequences with it."""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path

import pycrfsuite

from .features import WordInfo, encoded_features, word_info
from .stacking import document_features, pass1_path

MODEL_PATH = Path(__file__).resolve().parent / "model.crfsuite"


class ModelMissing(RuntimeError):
    """The trained model file is absent: run scripts/train_ner.py CORPUS_PATH."""


class Tagger(pycrfsuite.Tagger):
    """A ``pycrfsuite`` tagger that also knows which attributes its model has."""

    @cached_property
    def known_attributes(self) -> frozenset[bytes]:
        """The model's attributes, UTF-8 encoded like the features ``crf_tag`` passes.

        An attribute outside the model has no weight: the tagger looks it up, finds
        nothing and skips it, so leaving it out beforehand changes no label. Read once per
        loaded model (``info()`` dumps and parses the model, ~0.2 s); tied to this tagger,
        so a model loaded from another path, or reloaded after training, has its own.
        """
        return frozenset(attr.encode() for attr in self.info().attributes)


@lru_cache(maxsize=4)
def get_tagger(path: str | None = None) -> Tagger:
    model = Path(path) if path else MODEL_PATH
    if not model.exists():
        raise ModelMissing(f"{model} not found; build it with scripts/train_ner.py CORPUS_PATH")
    tagger = Tagger()
    tagger.open(str(model))
    return tagger


def crf_tag(
    tokens: list[str],
    path: str | None = None,
    evidence: set | frozenset = frozenset(),
    infos: list[WordInfo] | None = None,
    extra: list[tuple[bytes, ...]] | None = None,
) -> tuple[list[str], list[list[bytes]]]:
    """CRF labels for ``tokens`` plus the features used, UTF-8 encoded as the tagger reads them.

    Only features the model at ``path`` knows are passed (``Tagger.known_attributes``):
    the same labels as with every feature (``sentence_features``, what training gets),
    with about a third fewer features for the tagger to convert.
    ``evidence``: document-level person-context words (``features.document_evidence``);
    ``infos``: ``features.word_info`` of each token, when the caller has them already;
    ``extra``: per token, features added at the end (``document_pass``'s), or the
    sentence's complete features from ``second_pass`` (then ``evidence`` and ``infos``
    have been used already).
    """
    if not tokens:
        return [], []
    tagger = get_tagger(path)
    if isinstance(extra, SecondPass):
        return tagger.tag(extra.features), extra.features
    feats = encoded_features(tokens, evidence, infos, _known(path, tagger))
    if extra is not None:
        for item, more in zip(feats, extra, strict=True):
            item.extend(more)
    return tagger.tag(feats), feats


def _known(path: str | None, tagger: Tagger) -> frozenset[bytes]:
    """The attributes worth passing the tagger of ``path``: with a first pass beside it,
    those of both models, so the words' filtered features (``WordInfo.for_model``, kept
    for one set) serve both passes instead of being filtered anew for each."""
    both = tagger.__dict__.get("_both_known")
    if both is None:
        both = tagger.known_attributes
        first = pass1_path(path or MODEL_PATH)
        if first.exists():
            both = both | get_tagger(str(first)).known_attributes
        tagger.__dict__["_both_known"] = both
    return both


def is_stacked(path: str | None = None) -> bool:
    """Whether the model at ``path`` is a second pass (``stacking``) with its first beside it."""
    return pass1_path(path or MODEL_PATH).exists()


class SecondPass:
    """One sentence's complete second-pass features, per token (``second_pass``): the
    first pass's features, already built, with the document features appended."""

    __slots__ = ("features",)

    def __init__(self, features: list[list[bytes]]):
        self.features = features


def first_pass(
    tokens: list[str],
    second: str | None,
    evidence: set | frozenset = frozenset(),
    infos: list[WordInfo] | None = None,
) -> tuple[list[str], list[float], list[list[bytes]]]:
    """Labels of the first pass of the model at ``second``, the marginal probability of
    each non-O one, and the features it read."""
    if not tokens:
        return [], [], []
    tagger = get_tagger(str(pass1_path(second or MODEL_PATH)))
    final = Path(second) if second else MODEL_PATH
    # While training the second pass is not there yet: the first pass's attributes only.
    known = _known(second, get_tagger(second)) if final.exists() else tagger.known_attributes
    feats = encoded_features(tokens, evidence, infos, known)
    labels = tagger.tag(feats)
    conf = [0.0 if y == "O" else tagger.marginal(y, i) for i, y in enumerate(labels)]
    return labels, conf, feats


def _both_passes(sentences, evidence, path, infos):
    second = None if path is None else str(path)
    if infos is None:
        infos = [[word_info(t) for t in tokens] for tokens in sentences]
    tagged = [
        first_pass(tokens, second, ev, inf)
        for tokens, ev, inf in zip(sentences, evidence, infos, strict=True)
    ]
    extras = document_features(infos, [t[0] for t in tagged], [t[1] for t in tagged])
    return [t[2] for t in tagged], extras


def document_pass(
    sentences: list[list[str]],
    evidence: list,
    path: str | Path | None = None,
    infos: list[list[WordInfo]] | None = None,
) -> list[list[tuple[bytes, ...]]]:
    """The document features of a run of sentences: their first-pass tags, stem by stem.

    ``path``: the second-pass model, whose first pass is ``stacking.pass1_path(path)``;
    ``evidence``: per sentence, ``features.document_evidence``.
    """
    return _both_passes(sentences, evidence, path, infos)[1]


def second_pass(
    sentences: list[list[str]],
    evidence: list,
    path: str | Path | None = None,
    infos: list[list[WordInfo]] | None = None,
) -> list[SecondPass]:
    """``document_pass`` for tagging: per sentence, the complete second-pass features.

    The first pass's features (filtered for both models, ``_known``) are reused rather
    than built again: both passes see the same words with the same evidence.
    """
    feats, extras = _both_passes(sentences, evidence, path, infos)
    out = []
    for sentence_feats, sentence_extras in zip(feats, extras, strict=True):
        for item, more in zip(sentence_feats, sentence_extras, strict=True):
            item.extend(more)
        out.append(SecondPass(sentence_feats))
    return out
