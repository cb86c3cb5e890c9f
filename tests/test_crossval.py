"""Cross-validation of the extractor: contiguous folds, the summary, ``evalner --cv``."""

import re
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.ingest.ner import conll, crossval
from articles.ingest.ner.lexicon import COMMON_PATH
from articles.text.arabic import normalize

ROOT = Path(__file__).resolve().parent.parent

# Six short sentences, each tagged: enough to train a tiny model per fold in milliseconds.
CORPUS = "\n".join(
    [
        "وقال O\nجيمس B-PERS\nماتيس I-PERS\nفي O\nبغداد B-LOC\n. O\n",
        "أعلنت O\nوزارة B-ORG\nالداخلية I-ORG\nأن O\nالموصل B-LOC\nآمنة O\n. O\n",
        "وصل O\nالرئيس O\nعمر B-PERS\nإلى O\nعمان B-LOC\n. O\n",
        "قال O\nخالد B-PERS\nإن O\nالزرقاء B-LOC\nهادئة O\n. O\n",
        "وقالت O\nوكالة B-ORG\nالأنباء I-ORG\nإن O\nأربيل B-LOC\nآمنة O\n. O\n",
        "وزار O\nسمير B-PERS\nالكرك B-LOC\nأمس O\n. O\n",
    ]
)


def sentences(n: int, lengths=(3, 5, 7)) -> list[list[tuple[str, str]]]:
    return [[(f"w{i}_{j}", "O") for j in range(lengths[i % len(lengths)])] for i in range(n)]


@pytest.mark.parametrize("k", [2, 3, 5])
def test_folds_are_contiguous_blocks_covering_the_corpus_once(k):
    corpus = sentences(23)
    pairs = crossval.folds(corpus, k)
    assert len(pairs) == k
    tests = [test for _, test in pairs]
    assert [s for test in tests for s in test] == corpus  # in order, each sentence once
    for train, test in pairs:
        assert test
        assert len(train) + len(test) == len(corpus)
        assert not any(s in train for s in test)
    # Blocks weigh about the same in tokens (each within one sentence of the ideal).
    total = sum(len(s) for s in corpus)
    for test in tests:
        assert abs(sum(len(s) for s in test) - total / k) <= 7


def test_folds_never_leave_a_block_empty():
    corpus = [[("a", "O")] * 50, [("b", "O")], [("c", "O")]]
    assert [len(test) for _, test in crossval.folds(corpus, 3)] == [1, 1, 1]


def test_folds_refuse_impossible_counts():
    with pytest.raises(ValueError, match="at least 2"):
        crossval.folds(sentences(10), 1)
    with pytest.raises(ValueError, match="3 sentences cannot make 5 folds"):
        crossval.folds(sentences(3), 5)


def fake_runner(train, test, params):
    """Scores each fold by how many test sentences it has: spread without training."""
    report = conll.Report()
    report.by_type = {t: conll.Score() for t in conll.TYPES}
    report.by_type["PERS"] = conll.Score(correct=len(test), predicted=len(test) * 2, gold=10)
    report.overall = report.by_type["PERS"]
    report.tokens = sum(len(s) for s in test)
    report.seconds = 0.5
    return crossval.FoldResult(report, train_seconds=len(train))


def test_summary_gives_mean_spread_and_speed():
    corpus = sentences(10, lengths=(4,))
    result = crossval.cross_validate(corpus, 2, fold_runner=fake_runner, c1=0.5)
    # Folds of 5 and 5 sentences: PERS P=5/10, R=5/10 in both.
    lines = result.lines()
    assert lines[0] == "cv folds=2 tokens=40"
    assert [line.split()[0] for line in lines[1:6]] == [*conll.TYPES, "overall"]
    assert lines[1].startswith("PERS precision=0.500±0.000 [0.500-0.500] recall=")
    assert "recall=0.500±0.000 [0.500-0.500] f1=0.500±0.000" in lines[1]
    assert lines[1].endswith("support=20")
    assert re.match(r"^speed tokens_per_second=\d+ \[\d+-\d+\]$", lines[6])
    assert lines[7].startswith("time training_seconds_per_fold=")
    assert result.mean_f1("MISC") == 0.0


def test_summary_spread_differs_by_fold():
    corpus = sentences(12)
    result = crossval.cross_validate(corpus, 3, fold_runner=fake_runner)
    f1 = result.f1("PERS")
    assert len(f1) == 3
    line = result.lines()[1]
    low, high = re.search(r"f1=\S+ \[(\S+)-(\S+)\]", line).groups()
    assert float(low) == pytest.approx(min(f1), abs=5e-4)
    assert float(high) == pytest.approx(max(f1), abs=5e-4)


def test_parallel_folds_give_the_same_figures_as_serial(tmp_path):
    corpus = conll.parse_conll(CORPUS)
    serial = crossval.cross_validate(corpus, 3, jobs=1, max_iterations=20)
    parallel = crossval.cross_validate(corpus, 3, jobs=2, max_iterations=20)
    for kind in (*conll.TYPES, "overall"):
        assert serial.f1(kind) == parallel.f1(kind)


def run_cv(path, k="3") -> list[str]:
    out = StringIO()
    call_command("evalner", "--cv", k, "--jobs", "1", str(path), stdout=out)
    return out.getvalue().splitlines()


def test_evalner_cv_prints_the_report(tmp_path):
    path = tmp_path / "train.conll"
    path.write_text(CORPUS, encoding="utf-8")
    lines = run_cv(path)
    assert lines[0] == "cv folds=3 tokens=37"
    assert [line.split()[0] for line in lines[1:]] == [
        *conll.TYPES,
        "overall",
        "speed",
        "time",
    ]
    supports = {line.split()[0]: int(line.rsplit("=", 1)[1]) for line in lines[1:6]}
    assert supports == {"PERS": 4, "LOC": 6, "ORG": 2, "MISC": 0, "overall": 12}


def test_evalner_cv_errors(tmp_path):
    with pytest.raises(CommandError, match="nope.conll.*no such file"):
        run_cv(tmp_path / "nope.conll")
    path = tmp_path / "tiny.conll"
    path.write_text("قال O\n\nماتيس B-PERS\n", encoding="utf-8")
    with pytest.raises(CommandError, match="2 sentences cannot make 3 folds"):
        run_cv(path)


def test_train_script_cross_validates_then_trains_on_everything(tmp_path, capsys, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    sys.modules.pop("train_ner", None)
    import train_ner

    corpus = tmp_path / "train.conll"
    corpus.write_text(CORPUS, encoding="utf-8")
    out = tmp_path / "model.crfsuite"
    args = [str(corpus), "--cv", "2", "--jobs", "1", "--out", str(out)]
    shipped = COMMON_PATH.read_bytes()
    assert train_ner.main([*args, "--max-iterations", "10"]) == 0
    assert COMMON_PATH.read_bytes() == shipped  # another --out: the shipped list stays
    common = tmp_path / "common.txt"
    assert train_ner.main([*args, "--cv", "0", "--common-out", str(common)]) == 0
    assert normalize("قال") in common.read_text(encoding="utf-8").split()
    printed = capsys.readouterr().out
    assert "cross-validation, 2 contiguous folds" in printed
    assert "  cv folds=2 tokens=37" in printed
    assert "train 6, dev 0" in printed
    assert out.exists()
