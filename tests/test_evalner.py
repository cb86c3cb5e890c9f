"""``manage.py evalner``: output format, conlleval scoring, errors on bad files (no DB)."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.ingest.ner import conll

LINE = re.compile(
    r"^(PERS|LOC|ORG|MISC|overall) precision=\d\.\d{3} recall=\d\.\d{3} f1=\d\.\d{3} support=\d+$"
)
SPEED = re.compile(r"^speed tokens_per_second=\d+$")

SAMPLE = (
    "وقال O\nجيمس B-PERS\nماتيس I-PERS\nفي O\nبغداد B-LOC\n. O\n\n"
    "أعلنت O\nوزارة B-ORG\nالداخلية I-ORG\nالعراقية I-ORG\nأن O\nالموصل B-LOC\nآمنة O\n. O\n"
)


def run(path) -> list[str]:
    out = StringIO()
    call_command("evalner", str(path), stdout=out)
    return out.getvalue().splitlines()


def test_output_format(tmp_path):
    path = tmp_path / "sample.conll"
    path.write_text(SAMPLE, encoding="utf-8")
    lines = run(path)
    assert [line.split()[0] for line in lines] == ["PERS", "LOC", "ORG", "MISC", "overall", "speed"]
    for line in lines[:-1]:
        assert LINE.match(line), line
    assert SPEED.match(lines[-1]), lines[-1]
    supports = {line.split()[0]: int(line.rsplit("=", 1)[1]) for line in lines[:-1]}
    assert supports == {"PERS": 1, "LOC": 2, "ORG": 1, "MISC": 0, "overall": 4}


def test_scoring_by_hand():
    # Gold: PERS(0-2) LOC(3) | ORG(0-1) PERS(3). Predicted: PERS(0-2) ok, LOC(3) typed ORG,
    # ORG(0) too short (boundary error), PERS(3) ok, plus a spurious MISC(5).
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"], ["B-ORG", "I-ORG", "O", "B-PERS", "O", "O"]]
    pred = [["B-PERS", "I-PERS", "O", "B-ORG"], ["B-ORG", "O", "O", "B-PERS", "O", "B-MISC"]]
    report = conll.score(gold, pred)
    pers, loc, org, misc = (report.by_type[t] for t in ("PERS", "LOC", "ORG", "MISC"))
    assert (pers.correct, pers.predicted, pers.gold) == (2, 2, 2)
    assert (loc.correct, loc.predicted, loc.gold) == (0, 0, 1)
    assert (org.correct, org.predicted, org.gold) == (0, 2, 1)
    assert (misc.correct, misc.predicted, misc.gold) == (0, 1, 0)
    # overall: 2 correct of 5 predicted, 4 gold -> P=0.4, R=0.5, F=2*.4*.5/.9=0.444
    assert report.overall.precision == pytest.approx(0.4)
    assert report.overall.recall == pytest.approx(0.5)
    assert report.overall.f1 == pytest.approx(0.4444, abs=1e-4)
    lines = report.lines()
    assert lines[0] == "PERS precision=1.000 recall=1.000 f1=1.000 support=2"
    assert lines[4] == "overall precision=0.400 recall=0.500 f1=0.444 support=4"


def test_conlleval_chunk_rules():
    # An I- after O or after another type starts a chunk, as conlleval does.
    assert conll.chunks(["O", "I-LOC", "I-LOC", "I-PERS", "B-PERS"]) == {
        (1, 3, "LOC"),
        (3, 4, "PERS"),
        (4, 5, "PERS"),
    }


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="nope.conll.*no such file"):
        run(tmp_path / "nope.conll")


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.conll"
    path.write_bytes("x O\n\nb\xe9 O\n".encode("latin-1"))
    with pytest.raises(CommandError, match=r"latin1\.conll:3: not UTF-8"):
        run(path)


@pytest.mark.parametrize(
    ("content", "line", "why"),
    [
        ("قال O\nماتيس\n", 2, "expected 'TOKEN TAG'"),
        ("قال O\nماتيس  B-PERS\n", 2, "expected 'TOKEN TAG'"),
        ("قال O\n\nماتيس B-PERSON-X\n", 3, "bad tag"),
        ("قال X-PERS\n", 1, "bad tag"),
    ],
)
def test_malformed(tmp_path, content, line, why):
    path = tmp_path / "bad.conll"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=rf"bad\.conll:{line}: {re.escape(why)}"):
        run(path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.conll"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(CommandError, match="empty.conll: holds no tokens"):
        run(path)
