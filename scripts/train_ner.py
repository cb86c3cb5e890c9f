"""Train the Arabic NER model from a CoNLL corpus, after cross-validating it.

Usage: python scripts/train_ner.py CORPUS_PATH [--cv 5] [--jobs 2] [--out PATH]
       [--common-out PATH] [--c1 C1] [--c2 C2] [--max-iterations N] [--minfreq N]
       [--stack-folds J]
       [--dev-fraction F] [--write-dev PATH]

By default it prints ``--cv``-fold cross-validation of the full extractor (CRF plus
gazetteer and cue rules) over contiguous blocks of the corpus (``crossval``), then writes
the rules' common-word list (``training.common_words``) and trains the model, both from
the whole corpus: ``make train-ner`` rebuilds exactly the shipped files (training is
deterministic). ``--cv 0`` skips the cross-validation. ``--stack-folds J`` (J >= 2)
trains two CRFs instead (``stacking``: the second reads the first's labels of each word's
other mentions, trained on first-pass labels cross-fitted over J blocks); the default, 0,
trains one. ``--dev-fraction``
(0 by default) instead holds out the last fraction of sentences and scores it, as before.
The corpus itself never goes into the repository.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.ingest.ner import conll, crossval, training  # noqa: E402
from articles.ingest.ner.lexicon import COMMON_PATH, common_words_set_to  # noqa: E402
from articles.ingest.ner.model import MODEL_PATH, get_tagger  # noqa: E402
from articles.ingest.ner.stacking import pass1_path  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--cv", type=int, default=crossval.DEFAULT_FOLDS, help="folds (0: none)")
    parser.add_argument("--jobs", type=int, default=2, help="folds trained at once")
    parser.add_argument("--dev-fraction", type=float, default=0.0)
    parser.add_argument("--out", default=str(MODEL_PATH))
    parser.add_argument(
        "--common-out",
        help="where to write the common-word list of the training part (default: the "
        "shipped list when --out is the shipped model, else none)",
    )
    parser.add_argument("--c1", type=float, default=training.DEFAULT_PARAMS["c1"])
    parser.add_argument("--c2", type=float, default=training.DEFAULT_PARAMS["c2"])
    parser.add_argument(
        "--max-iterations", type=int, default=training.DEFAULT_PARAMS["max_iterations"]
    )
    parser.add_argument("--minfreq", type=int, default=1)
    parser.add_argument("--stack-folds", type=int, default=training.DEFAULT_PARAMS["stack_folds"])
    parser.add_argument("--write-dev", help="also write the development split to this path")
    args = parser.parse_args(argv)

    sentences = training.read_corpus(args.corpus)
    params = {
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.max_iterations,
        "minfreq": args.minfreq,
        "stack_folds": args.stack_folds,
    }
    if args.cv:
        result = crossval.cross_validate(sentences, args.cv, args.jobs, **params)
        print(f"cross-validation, {args.cv} contiguous folds, extractor (CRF + gazetteer + cues):")
        for line in result.lines():
            print("  " + line)
    train_set, dev_set = training.split(sentences, args.dev_fraction)
    print(f"corpus: {len(sentences)} sentences; train {len(train_set)}, dev {len(dev_set)}")
    if args.write_dev:
        training.write_conll(dev_set, args.write_dev)
        print(f"dev split written to {args.write_dev}")
    if args.common_out is None and Path(args.out).resolve() == MODEL_PATH:
        args.common_out = str(COMMON_PATH)
    common = training.common_words(train_set)
    if args.common_out:
        Path(args.common_out).write_text("\n".join(common) + "\n", encoding="utf-8")
        print(f"common words: {args.common_out} ({len(common)} words)")
    # The gazetteer's common-word places are those of the training part's own list.
    with common_words_set_to(common):
        seconds = training.train(train_set, args.out, **params)
    size = Path(args.out).stat().st_size
    print(f"model: {args.out} ({size} bytes), trained in {seconds:.0f}s")
    first = pass1_path(args.out)
    if first.exists():
        print(f"first pass: {first} ({first.stat().st_size} bytes)")
    if not dev_set:
        return 0
    from articles.ingest.ner.pipeline import tag_sentences

    get_tagger.cache_clear()
    gold = [[tag for _, tag in s] for s in dev_set]
    tokens = [[tok for tok, _ in s] for s in dev_set]
    from articles.ingest.ner.features import document_evidence
    from articles.ingest.ner.model import crf_tag
    from articles.ingest.ner.pipeline import second_pass_features

    evidence = document_evidence(tokens)
    extras = second_pass_features(tokens, evidence, model_path=args.out)
    crf_only = [
        crf_tag(t, args.out, ev, extra=ex)[0]
        for t, ev, ex in zip(tokens, evidence, extras, strict=True)
    ]
    print("dev, CRF alone:")
    for line in conll.score(gold, crf_only).lines()[:-1]:
        print("  " + line)
    started = time.perf_counter()
    full = tag_sentences(tokens, model_path=args.out)
    report = conll.score(gold, full)
    report.seconds = time.perf_counter() - started
    print("dev, extractor (CRF + gazetteer + cues):")
    for line in report.lines():
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
