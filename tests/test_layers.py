"""The text layers stay below Django: ``articles/ingest/`` and ``articles/text/`` import no
Django and nothing of ``articles`` outside those two packages (no Django, no DB).

The page parser, the extractor and the text keys run in the import's worker processes
and in scripts; a Django import there would drag settings and the ORM into every worker.
Checked twice: statically (every ``import`` statement, lazy ones in functions included)
and by importing each module in a fresh interpreter.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("articles.ingest", "articles.text", "articles.imaging")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(
    _module_name(path)
    for layer in LAYERS
    for path in (ROOT / Path(*layer.split("."))).rglob("*.py")
)


def _allowed(name: str) -> bool:
    """Standard library and third-party packages other than Django, and the two layers."""
    top = name.split(".")[0]
    if top == "django":
        return False
    if top == "articles":
        return any(name == layer or name.startswith(layer + ".") for layer in LAYERS)
    return True


def _imported_names(module: str) -> list[str]:
    path = ROOT / Path(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.append(base)
    return names


def test_the_layers_hold_modules():
    assert "articles.ingest.parser" in MODULES
    assert "articles.ingest.entities.spans" in MODULES
    assert "articles.text.keys" in MODULES


@pytest.mark.parametrize("module", MODULES)
def test_no_import_statement_leaves_the_layers(module):
    outside = [name for name in _imported_names(module) if not _allowed(name)]
    assert not outside, f"{module} imports {outside}"


# Imports each module in turn and reports what it brought in that the layers may not use.
PROBE = """
import importlib, json, sys
found = {}
for name in sys.argv[1:]:
    before = set(sys.modules)
    importlib.import_module(name)
    new = sorted(m for m in set(sys.modules) - before
                 if m.split(".")[0] == "django"
                 or (m.split(".")[0] == "articles"
                     and not m.startswith(("articles.ingest", "articles.text", "articles.imaging"))
                     and m != "articles"))
    if new:
        found[name] = new
print(json.dumps(found))
"""


def test_importing_the_layers_loads_no_django():
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *MODULES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "", "PYTHONPATH": str(ROOT)},
    )
    assert json.loads(result.stdout) == {}
