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

Off by default (``training.DEFAULT_PARAMS["stack_folds"]``, ``train_ner.py --stack-folds``):
in 5-fold cross-validation it raised overall F1 from 0.734 to 0.739 (PERS 0.697 -> 0.707),
but tagging twice halves the extractor's speed (~20,000 tokens/s) and doubles the time
of an import.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
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
    """What a word's first-pass label lends the word after it and the word before it."""
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
    # stem -> its mentions in order: sentence numbers, and (sentence, position, type, sure).
    where: dict[str, tuple[list[int], list[tuple[int, int, str, bool]]]] = {}
    keys = []
    for k, (sent_infos, sent_labels, sent_conf) in enumerate(
        zip(infos, labels, confidence, strict=True)
    ):
        sent_keys = [_key(info) for info in sent_infos]
        keys.append(sent_keys)
        for i, key in enumerate(sent_keys):
            if key is not None:
                label = sent_labels[i]
                numbers, mentions = where.setdefault(key, ([], []))
                numbers.append(k)
                mentions.append((k, i, label[2:] or "O", sent_conf[i] >= CONFIDENT))
    out = []
    for k, (sent_keys, sent_labels, sent_conf) in enumerate(
        zip(keys, labels, confidence, strict=True)
    ):
        before = [(), *(_lent(y)[:1] for y in sent_labels[:-1])]
        after = [*(_lent(y)[1:] for y in sent_labels[1:]), ()]
        feats: list[tuple[bytes, ...]] = []
        for i, key in enumerate(sent_keys):
            label = sent_labels[i]
            item = _own(label, sent_conf[i] >= CONFIDENT) + before[i] + after[i]
            found = where.get(key) if key is not None else None
            if found is not None and len(found[0]) > 1:
                numbers, mentions = found
                lo = bisect_left(numbers, k - window)
                hi = bisect_right(numbers, k + window)
                kinds: dict[str, list[bool]] = {}
                for s, pos, kind, sure in mentions[lo:hi]:
                    if s != k or pos != i:
                        kinds.setdefault(kind, []).append(sure)
                for kind, sures in kinds.items():
                    if kind == "O":
                        item = item + (b"dO",)
                    else:
                        item = item + _doc(kind, any(sures), len(sures) >= 2)
            feats.append(item)
        out.append(feats)
    return out
