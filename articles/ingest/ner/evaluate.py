"""Scoring the extractor's tagging on a CoNLL file (backs ``manage.py evalner``)."""

from __future__ import annotations

import time
from pathlib import Path

from . import conll
from .crossval import CrossValidation, cross_validate
from .pipeline import tag_sentences
from .training import read_corpus


def evaluate_file(path: str | Path, model_path: str | None = None) -> conll.Report:
    """Tag every sentence of ``path`` with the extractor and score it against the file's tags.

    Raises ``conll.ConllError`` (with file and line) for a missing, non-UTF-8 or malformed
    file. Speed counts tagging only (features, model, rules), not reading the file.
    """
    sentences = conll.read_conll(path)
    tokens = [[tok for tok, _ in s] for s in sentences]
    gold = [[tag for _, tag in s] for s in sentences]
    tag_sentences(tokens[:1], model_path)  # load the model and lexicons outside the clock
    started = time.perf_counter()
    predicted = tag_sentences(tokens, model_path)
    seconds = time.perf_counter() - started
    report = conll.score(gold, predicted)
    report.seconds = seconds
    return report


def cross_validate_file(path: str | Path, k: int, jobs: int = 1) -> CrossValidation:
    """``k``-fold cross-validation (``crossval``) of a training corpus at ``path``.

    The corpus is read as training reads it (``training.read_corpus`` repairs ANERcorp's
    odd glued line); a missing or non-UTF-8 file raises ``conll.ConllError``, too few
    sentences for ``k`` folds ``ValueError``.
    """
    name = str(path)
    try:
        sentences = read_corpus(path)
    except (FileNotFoundError, IsADirectoryError):
        raise conll.ConllError(name, None, "no such file") from None
    except UnicodeDecodeError as exc:
        raise conll.ConllError(name, None, f"not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise conll.ConllError(name, None, f"cannot read: {exc.strerror or exc}") from None
    return cross_validate(sentences, k, jobs)
