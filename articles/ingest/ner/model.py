"""Loading the shipped CRF model and tagging token sequences with it."""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path

import pycrfsuite

from .features import WordInfo, encoded_features

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
) -> tuple[list[str], list[list[bytes]]]:
    """CRF labels for ``tokens`` plus the features used, UTF-8 encoded as the tagger reads them.

    Only features the model at ``path`` knows are passed (``Tagger.known_attributes``):
    the same labels as with every feature (``sentence_features``, what training gets),
    with about a third fewer features for the tagger to convert.
    ``evidence``: document-level person-context words (``features.document_evidence``);
    ``infos``: ``features.word_info`` of each token, when the caller has them already.
    """
    if not tokens:
        return [], []
    tagger = get_tagger(path)
    feats = encoded_features(tokens, evidence, infos, tagger.known_attributes)
    return tagger.tag(feats), feats
