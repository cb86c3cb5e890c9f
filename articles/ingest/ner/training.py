"""Training the CRF from a CoNLL corpus (used by scripts/train_ner.py)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pycrfsuite

from articles.text.arabic import normalize, strip_clitics

from . import conll
from .features import document_evidence, sentence_features
from .model import MODEL_PATH

DEFAULT_PARAMS = {"c1": 0.1, "c2": 0.05, "max_iterations": 200, "stack_folds": 0}


def read_corpus(path: str | Path) -> list[conll.Sentence]:
    """Read a training corpus, repairing the odd glued line instead of failing.

    ANERcorp has a line such as ``. Oالإصابة O``: two ``token TAG`` pairs run together.
    """
    sentences: list[conll.Sentence] = []
    current: conll.Sentence = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if current:
                sentences.append(current)
                current = []
            continue
        if len(parts) == 3 and parts[1][:1] in "OBI" and not conll._TAG.match(parts[1]):
            tag, token = ("O", parts[1][1:]) if parts[1].startswith("O") else ("O", parts[1])
            current.append((parts[0], tag))
            current.append((token, parts[2]))
            continue
        token, tag = " ".join(parts[:-1]) or parts[0], parts[-1]
        if not conll._TAG.match(tag):
            tag = "O"
        current.append((token.replace(" ", "_"), tag))
    if current:
        sentences.append(current)
    return sentences


_ARABIC_ONLY = re.compile("^[\u0621-\u063a\u0641-\u064a\u064b-\u0652 ]+$")


def common_words(sentences: list[conll.Sentence], min_count: int = 2) -> list[str]:
    """Words that are mostly not names, from a tagged corpus's word frequencies alone.

    A word (or a clitic-free reading of it) seen at least ``min_count`` times outside any
    entity and at least as often outside entities as inside them. Written to
    ``lexicon.COMMON_PATH`` by scripts/train_ner.py from the whole training corpus; each
    cross-validation fold builds its own from its training blocks (``crossval.run_fold``),
    so a fold never learns from its test block which words are not names.
    """
    outside: dict[str, int] = {}
    inside: dict[str, int] = {}
    for sentence in sentences:
        for token, tag in sentence:
            counts = outside if tag == "O" else inside
            for reading in set(strip_clitics(normalize(token))):
                counts[reading] = counts.get(reading, 0) + 1
    return sorted(
        w
        for w, n in outside.items()
        if n >= min_count and n >= inside.get(w, 0) and len(w) >= 2 and _ARABIC_ONLY.match(w)
    )


def split(sentences: list, dev_fraction: float) -> tuple[list, list]:
    """Train on the first sentences, keep the last ``dev_fraction`` as development set."""
    cut = len(sentences) - int(round(len(sentences) * dev_fraction))
    return sentences[:cut], sentences[cut:]


def write_conll(sentences: list[conll.Sentence], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for sentence in sentences:
            handle.writelines(f"{token} {tag}\n" for token, tag in sentence)
            handle.write("\n")


def _trainer(options: dict) -> pycrfsuite.Trainer:
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params(
        {
            "c1": options["c1"],
            "c2": options["c2"],
            "max_iterations": options["max_iterations"],
            "feature.possible_transitions": True,
            "feature.minfreq": options.get("minfreq", 1),
        }
    )
    return trainer


def _train_one(
    sentences: list[conll.Sentence],
    evidence: list,
    out: str | Path,
    options: dict,
    extras: list | None = None,
) -> None:
    trainer = _trainer(options)
    for k, (sentence, ev) in enumerate(zip(sentences, evidence, strict=True)):
        tokens = [t for t, _ in sentence]
        feats = sentence_features(tokens, ev)
        if extras is not None:
            for item, more in zip(feats, extras[k], strict=True):
                item.extend(f.decode() for f in more)
        trainer.append(feats, [tag for _, tag in sentence])
    trainer.train(str(out))


def train(sentences: list[conll.Sentence], out: str | Path = MODEL_PATH, **params) -> float:
    """Train a CRF on ``sentences`` and write it to ``out``; returns seconds taken.

    With ``stack_folds`` >= 2, ``out`` is a second pass (``stacking``): the corpus is cut
    into that many contiguous blocks, each tagged by a first pass trained on the others;
    the second pass learns from those cross-fitted tags, and the first pass written
    beside ``out`` (``stacking.pass1_path``) is trained on everything.
    """
    from .crossval import folds
    from .model import document_pass, get_tagger
    from .stacking import pass1_path

    options = {**DEFAULT_PARAMS, **params}
    started = time.perf_counter()
    tokens = [[t for t, _ in sentence] for sentence in sentences]
    evidence = document_evidence(tokens)
    stack = options.get("stack_folds", 0)
    first = pass1_path(out)
    if stack < 2 or len(sentences) < 2 * stack:  # too few sentences to cross-fit
        if first.exists():
            first.unlink()  # a single-pass model: no stale first pass beside it
        _train_one(sentences, evidence, out, options)
        return time.perf_counter() - started
    extras: list = []
    for k, (train_set, block) in enumerate(folds(sentences, stack)):
        part = Path(f"{out}.part{k}")
        try:
            _train_one(
                train_set, document_evidence([[t for t, _ in s] for s in train_set]), part, options
            )
            # ``document_pass`` reads the first pass beside a second-pass path.
            second = part.with_name(part.name + ".crfsuite")
            part.rename(pass1_path(second))
            block_tokens = [[t for t, _ in s] for s in block]
            extras += document_pass(block_tokens, document_evidence(block_tokens), second)
        finally:
            get_tagger.cache_clear()
            for leftover in (part, pass1_path(part.with_name(part.name + ".crfsuite"))):
                leftover.unlink(missing_ok=True)
    _train_one(sentences, evidence, first, options)
    _train_one(sentences, evidence, out, options, extras)
    get_tagger.cache_clear()
    return time.perf_counter() - started
