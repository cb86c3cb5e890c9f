"""The app's packages depend one way: each imports only from the packages below it.

The order is the README's Layout. A new import that runs upward (the models importing
search, the import reaching into the admin) fails here, lazy imports inside functions
included, before it becomes an import circle.
"""

import ast
from collections import defaultdict
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "articles"
# Top to bottom; the app's own wiring (apps.py, urls.py, templatetags/) may use any of them.
LAYERS = [
    "management",
    "admin",
    "api",
    "jobs",
    "importer",
    "editorial",
    "changes",
    "site",
    "search",
    "models",
    "ingest",
    "text",
    "imaging",
]
WIRING = {"apps", "urls", "templatetags", "migrations", "__init__"}


def _unit(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "articles" and len(parts) > 1 else None


def imports_between_units() -> dict[str, set[str]]:
    edges = defaultdict(set)
    for path in APP.rglob("*.py"):
        source = path.relative_to(APP.parent).with_suffix("").parts[1]
        if source in WIRING:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module == "articles":
                    targets = {alias.name for alias in node.names}
                else:
                    targets = {_unit(node.module)}
            elif isinstance(node, ast.Import):
                targets = {_unit(alias.name) for alias in node.names}
            else:
                continue
            edges[source] |= {t for t in targets if t and t != source}
    return edges


def test_every_package_is_in_the_layout():
    units = {p.stem if p.is_file() else p.name for p in APP.iterdir() if p.name != "__pycache__"}
    assert units - WIRING == set(LAYERS)


def test_packages_import_only_downward():
    upward = [
        f"{source} -> {target}"
        for source, targets in imports_between_units().items()
        for target in targets
        if target not in WIRING and LAYERS.index(target) <= LAYERS.index(source)
    ]
    assert upward == []
