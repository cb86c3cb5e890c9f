"""CoNLL reading and chunk scoring with conlleval semantics.

A file holds one ``token TAG`` per line (a single space between them), a blank line
between sentences; tags are ``O`` or ``B-TYPE`` / ``I-TYPE``. As in conlleval, an
``I-X`` that does not continue an ``X`` chunk starts a new chunk, and a predicted chunk
counts only when its start, end and type all equal a gold chunk's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

TYPES = ("PERS", "LOC", "ORG", "MISC")
_TAG = re.compile(r"^(?:O|[BI]-[A-Za-z]+)$")

Sentence = list[tuple[str, str]]


class ConllError(ValueError):
    """A file that cannot be read as CoNLL; ``line`` is 1-based or None."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


def parse_conll(text: str, path: str = "<string>") -> list[Sentence]:
    sentences: list[Sentence] = []
    current: Sentence = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        parts = line.split(" ")
        if len(parts) != 2 or not parts[0]:
            raise ConllError(
                path, number, f"expected 'TOKEN TAG' separated by one space, got {line!r}"
            )
        if not _TAG.match(parts[1]):
            raise ConllError(path, number, f"bad tag {parts[1]!r} (expected O, B-TYPE or I-TYPE)")
        current.append((parts[0], parts[1]))
    if current:
        sentences.append(current)
    return sentences


def read_conll(path: str | Path) -> list[Sentence]:
    """Read and validate a CoNLL file, raising ``ConllError`` naming the file and line."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ConllError(name, None, "no such file") from None
    except IsADirectoryError:
        raise ConllError(name, None, "is a directory, not a file") from None
    except OSError as exc:
        raise ConllError(name, None, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConllError(name, line, f"not UTF-8 (byte {exc.start})") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise ConllError(name, text[: text.index("\x00")].count("\n") + 1, "binary data (NUL)")
    sentences = parse_conll(text, name)
    if not sentences:
        raise ConllError(name, None, "holds no tokens")
    return sentences


def chunks(tags: list[str]) -> set[tuple[int, int, str]]:
    """Chunks as (start, end exclusive, type) under conlleval's rules."""
    found = set()
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and kind == label
        if start is not None and not continues:
            found.add((start, i, kind))
            start, kind = None, None
        if prefix in ("B", "I") and not continues:
            start, kind = i, label
    return found


@dataclass
class Score:
    correct: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    by_type: dict[str, Score] = field(default_factory=dict)
    overall: Score = field(default_factory=Score)
    tokens: int = 0
    seconds: float = 0.0

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else 0.0

    def lines(self) -> list[str]:
        out = []
        for name, score in [*self.by_type.items(), ("overall", self.overall)]:
            out.append(
                f"{name} precision={score.precision:.3f} recall={score.recall:.3f} "
                f"f1={score.f1:.3f} support={score.gold}"
            )
        out.append(f"speed tokens_per_second={round(self.tokens_per_second)}")
        return out


def score(gold: list[list[str]], predicted: list[list[str]]) -> Report:
    """Score predicted tag sequences against gold ones, sentence by sentence."""
    report = Report()
    types = list(TYPES)
    for g, p in zip(gold, predicted, strict=True):
        if len(g) != len(p):
            raise ValueError("gold and predicted sentences differ in length")
        gc, pc = chunks(g), chunks(p)
        for kind in {c[2] for c in gc | pc}:
            if kind not in types:
                types.append(kind)
        for c in gc:
            report.by_type.setdefault(c[2], Score()).gold += 1
        for c in pc:
            report.by_type.setdefault(c[2], Score()).predicted += 1
        for c in gc & pc:
            report.by_type[c[2]].correct += 1
        report.tokens += len(g)
    report.by_type = {t: report.by_type.get(t, Score()) for t in types}
    for s in report.by_type.values():
        report.overall.correct += s.correct
        report.overall.predicted += s.predicted
        report.overall.gold += s.gold
    return report
