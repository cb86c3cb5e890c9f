"""Document-level consistency by stacking: a second CRF reads what a first one found.

News names a person in full once and by surname later; a place recurs through a story.
The first-pass CRF (the ordinary features) tags every sentence of a text; each word then
learns what the first pass said about the *other* occurrences of its clitic-free stem in
the sentences around it (``DOCUMENT_WINDOW`` either side stand in for the document), and
the first-pass labels of itself and its neighbours. A second CRF, trained on these
features beside the ordinary ones, makes the final labels.

Its training data must hold first-pass labels as the first pass gives them on unseen
text, or the second pass learns to trust them blindly: ``training.train`` tags each
contiguous block of the corpus with a first-pass model trained on the other blocks
(cross-fitting), then trains the shipped first pass on everything.

The second pass is ``model.crfsuite``; the first, ``model-pass1.crfsuite`` beside it
(``pass1_path``). A model without that file is tagged in one pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from .features import DOCUMENT_WINDOW, WordInfo

CONFIDENT = 0.8  # a first-pass label at least this probable counts as sure («dPERS+»)


def pass1_path(path: str | Path) -> Path:
    """Where the first-pass model of the (second-pass) model at ``path`` lives."""
    path = Path(path)
    return path.with_name(path.stem + "-pass1" + path.suffix)


@cache
def _own(label: str, sure: bool) -> tuple[bytes, ...]:
    feats = [f"p1={label}"]
    if sure and label != "O":
        feats.append(f"p1+={label}")
    return tuple(f.encode() for f in feats)


@cache
def _lent(label: str) -> tuple[bytes, bytes]:
    return (f"-1:p1={label}".encode(), f"1:p1={label}".encode())


@cache
def _doc(kind: str, sure: bool, many: bool) -> tuple[bytes, ...]:
    feats = ["d" + kind]
    if sure:
        feats.append(f"d{kind}+")
    if many:
        feats.append(f"d{kind}2")
    return tuple(f.encode() for f in feats)


def _key(info: WordInfo) -> str | None:
    """The stem a word shares with its other mentions, or None for words that name nothing."""
    return info.stem if len(info.stem) >= 3 and info.name_like else None


def document_features(
    infos: Sequence[Sequence[WordInfo]],
    labels: Sequence[Sequence[str]],
    confidence: Sequence[Sequence[float]],
    window: int = DOCUMENT_WINDOW,
) -> list[list[tuple[bytes, ...]]]:
    """Per sentence and word, the second-pass features from first-pass ``labels``.

    ``confidence``: the first pass's marginal probability of each label. A word gets
    «p1=B-PERS» (its own first-pass label; «p1+=...» when sure), its neighbours'
    («-1:p1=...», «1:p1=...»), and for every type the other mentions of its stem in the
    window were given: «dPERS» (any), «dPERS+» (one of them sure), «dPERS2» (two or more);
    «dO» when some other mention was left outside any entity.
    """
    # Per sentence: stem -> [(position, type or "O", sure)]
    mentions: list[dict[str, list[tuple[int, str, bool]]]] = []
    for sent_infos, sent_labels, sent_conf in zip(infos, labels, confidence, strict=True):
        found: dict[str, list[tuple[int, str, bool]]] = {}
        for i, info in enumerate(sent_infos):
            key = _key(info)
            if key is not None:
                label = sent_labels[i]
                kind = label[2:] if label != "O" else "O"
                found.setdefault(key, []).append((i, kind, sent_conf[i] >= CONFIDENT))
        mentions.append(found)
    out = []
    for k, (sent_infos, sent_labels, sent_conf) in enumerate(
        zip(infos, labels, confidence, strict=True)
    ):
        n = len(sent_infos)
        feats: list[tuple[bytes, ...]] = []
        near = mentions[max(0, k - window) : k + window + 1]
        own_at = min(k, window)  # index of sentence k inside ``near``
        for i, info in enumerate(sent_infos):
            label = sent_labels[i]
            item = _own(label, sent_conf[i] >= CONFIDENT)
            if i > 0:
                item = item + (_lent(sent_labels[i - 1])[0],)
            if i + 1 < n:
                item = item + (_lent(sent_labels[i + 1])[1],)
            key = _key(info)
            if key is not None:
                kinds: dict[str, list[bool]] = {}
                for s, found in enumerate(near):
                    for pos, kind, sure in found.get(key, ()):
                        if s == own_at and pos == i:
                            continue
                        kinds.setdefault(kind, []).append(sure)
                for kind, sures in kinds.items():
                    if kind == "O":
                        item = item + (b"dO",)
                    else:
                        item = item + _doc(kind, any(sures), len(sures) >= 2)
            feats.append(item)
        out.append(feats)
    return out
