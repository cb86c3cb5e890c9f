"""Loading the shipped CRF model and tagging token sequences with it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pycrfsuite

from .features import WordInfo, encoded_features

MODEL_PATH = Path(__file__).resolve().parent / "model.crfsuite"


class ModelMissing(RuntimeError):
    """The trained model file is absent: run scripts/train_ner.py CORPUS_PATH."""


@lru_cache(maxsize=4)
def get_tagger(path: str | None = None) -> pycrfsuite.Tagger:
    model = Path(path) if path else MODEL_PATH
    if not model.exists():
        raise ModelMissing(f"{model} not found; build it with scripts/train_ner.py CORPUS_PATH")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    return tagger


def crf_tag(
    tokens: list[str],
    path: str | None = None,
    evidence: set | frozenset = frozenset(),
    infos: list[WordInfo] | None = None,
) -> tuple[list[str], list[list[bytes]]]:
    """CRF labels for ``tokens`` plus the features used, UTF-8 encoded as the tagger reads them.

    ``evidence``: document-level person-context words (``features.document_evidence``);
    ``infos``: ``features.word_info`` of each token, when the caller has them already.
    """
    if not tokens:
        return [], []
    feats = encoded_features(tokens, evidence, infos)
    return get_tagger(path).tag(feats), feats
