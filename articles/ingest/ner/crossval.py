"""K-fold cross-validation of the extractor over a training corpus.

Why not one development split: the last 10% of ANERcorp is a handful of stories, and
figures tuned on it overstated every type on unseen text. Here the corpus is cut into
``k`` contiguous blocks of sentences (whole runs of stories, never shuffled sentences, so
a story's names do not leak from its training half into its test half); each block is
scored once by a model trained on the others, with the full extractor (CRF, gazetteer
and cue rules: what ``evalner`` scores). Features and hyper-parameters are chosen on the
mean and spread of these figures.

Folds are independent, so they are trained in parallel processes (``jobs``); tagging
speed is timed inside each fold, so with ``jobs > 1`` on a busy machine it is a lower
bound of one core's speed.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context

from . import conll

DEFAULT_FOLDS = 5


def folds(sentences: list, k: int = DEFAULT_FOLDS) -> list[tuple[list, list]]:
    """``k`` pairs (train, test): test is the i-th contiguous block, train all the rest.

    Blocks are cut by token count, so they weigh the same although sentences differ in
    length. Raises ``ValueError`` when there are fewer sentences than folds or ``k < 2``.
    """
    if k < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    if len(sentences) < k:
        raise ValueError(f"{len(sentences)} sentences cannot make {k} folds")
    total = sum(len(s) for s in sentences)
    bounds = [0]
    seen = 0
    for index, sentence in enumerate(sentences):
        seen += len(sentence)
        remaining_cuts = k - len(bounds)
        if remaining_cuts and seen >= total * len(bounds) / k:
            # Keep at least one sentence for every block still to come.
            bounds.append(min(index + 1, len(sentences) - remaining_cuts))
    bounds.append(len(sentences))
    return [
        (sentences[: bounds[i]] + sentences[bounds[i + 1] :], sentences[bounds[i] : bounds[i + 1]])
        for i in range(k)
    ]


@dataclass
class FoldResult:
    report: conll.Report
    train_seconds: float


@dataclass
class CrossValidation:
    """The folds' reports and the summary lines ``evalner --cv`` and ``train-ner`` print."""

    results: list[FoldResult] = field(default_factory=list)
    seconds: float = 0.0

    def f1(self, kind: str) -> list[float]:
        return [_score(r.report, kind).f1 for r in self.results]

    def mean_f1(self, kind: str) -> float:
        return statistics.fmean(self.f1(kind))

    def lines(self) -> list[str]:
        """One line per type and overall: mean ± std and min–max of P/R/F1, then speed."""
        reports = [r.report for r in self.results]
        out = [f"cv folds={len(reports)} tokens={sum(r.tokens for r in reports)}"]
        for kind in [*conll.TYPES, "overall"]:
            scores = [_score(r, kind) for r in reports]
            parts = [kind]
            for name in ("precision", "recall", "f1"):
                values = [getattr(s, name) for s in scores]
                parts.append(
                    f"{name}={statistics.fmean(values):.3f}±{statistics.pstdev(values):.3f}"
                    f" [{min(values):.3f}-{max(values):.3f}]"
                )
            parts.append(f"support={sum(s.gold for s in scores)}")
            out.append(" ".join(parts))
        speeds = [r.tokens_per_second for r in reports]
        out.append(
            f"speed tokens_per_second={round(statistics.fmean(speeds))} "
            f"[{round(min(speeds))}-{round(max(speeds))}]"
        )
        train = [r.train_seconds for r in self.results]
        out.append(
            f"time training_seconds_per_fold={statistics.fmean(train):.0f} total={self.seconds:.0f}"
        )
        return out


def _score(report: conll.Report, kind: str) -> conll.Score:
    return report.overall if kind == "overall" else report.by_type.get(kind, conll.Score())


def run_fold(train_set: list, test_set: list, params: dict) -> FoldResult:
    """Train on ``train_set`` into a temporary model and score the extractor on ``test_set``."""
    from .lexicon import common_words_set_to
    from .model import get_tagger
    from .pipeline import tag_sentences
    from .stacking import pass1_path
    from .training import common_words, train

    handle, path = tempfile.mkstemp(suffix=".crfsuite", prefix="ner-fold-")
    os.close(handle)
    try:
        tokens = [[tok for tok, _ in s] for s in test_set]
        gold = [[tag for _, tag in s] for s in test_set]
        # The common words, and what the gazetteer decides with them (which one-word
        # place names are common words), come from the training blocks only, as the
        # shipped list comes from the training corpus only: for training and tagging.
        with common_words_set_to(common_words(train_set)):
            train_seconds = train(train_set, path, **params)
            tag_sentences(tokens[:1], path)  # load the model outside the clock
            started = time.perf_counter()
            predicted = tag_sentences(tokens, path)
            seconds = time.perf_counter() - started
        get_tagger.cache_clear()
    finally:
        os.unlink(path)
        pass1_path(path).unlink(missing_ok=True)
    report = conll.score(gold, predicted)
    report.seconds = seconds
    return FoldResult(report, train_seconds)


def cross_validate(
    sentences: list,
    k: int = DEFAULT_FOLDS,
    jobs: int = 1,
    fold_runner: Callable[[list, list, dict], FoldResult] = run_fold,
    **params,
) -> CrossValidation:
    """Score ``k`` folds of ``sentences`` (see ``folds``), ``jobs`` of them at a time."""
    pairs = folds(sentences, k)
    started = time.perf_counter()
    if jobs <= 1:
        results = [fold_runner(train_set, test_set, params) for train_set, test_set in pairs]
    else:
        # fork: the children inherit the loaded lexicons instead of rebuilding them.
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
            futures = [pool.submit(fold_runner, tr, te, params) for tr, te in pairs]
            results = [f.result() for f in futures]
    return CrossValidation(results, time.perf_counter() - started)
