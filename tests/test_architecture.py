"""The tree is the data flow: stages import downstream only, and heavy libraries stay in their stage."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kgbuild"

# stage -> modules it must not import (directly)
FORBIDDEN = {
    "extract": ("rdflib", "pyoxigraph", "oxrdflib", "kgbuild.graph", "kgbuild.export", "kgbuild.resolve",
                "kgbuild.pipeline", "kgbuild.cli", "kgbuild.knowledge"),
    "resolve": ("spacy", "rdflib", "pyoxigraph", "oxrdflib", "kgbuild.extract", "kgbuild.graph",
                "kgbuild.export", "kgbuild.pipeline", "kgbuild.cli", "kgbuild.knowledge"),
    "ingest": ("spacy", "rdflib", "pyoxigraph", "kgbuild.extract", "kgbuild.resolve", "kgbuild.graph",
               "kgbuild.export", "kgbuild.pipeline", "kgbuild.cli"),
    "graph": ("spacy", "kgbuild.extract", "kgbuild.resolve", "kgbuild.export", "kgbuild.pipeline", "kgbuild.cli"),
    "export": ("spacy", "kgbuild.extract", "kgbuild.resolve", "kgbuild.pipeline", "kgbuild.cli"),
}
# modules that every stage may use: records, errors, config, vocabulary, text helpers
SHARED = ("types.py", "errors.py", "config.py", "text.py", "files.py")


def imported_modules(source: str) -> list[tuple[int, str]]:
    """(line, module) of every import in ``source``, including imports inside functions."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def violations(stage: str, source: str) -> list[str]:
    bad = []
    for line, module in imported_modules(source):
        for forbidden in FORBIDDEN[stage]:
            if module == forbidden or module.startswith(forbidden + "."):
                bad.append(f"line {line}: imports {module}")
    return bad


@pytest.mark.parametrize("stage", sorted(FORBIDDEN))
def test_stage_imports_point_downstream(stage: str) -> None:
    files = sorted((PACKAGE / stage).rglob("*.py"))
    assert files, f"stage {stage} has no modules"
    problems = [f"{f.relative_to(PACKAGE)} {v}" for f in files for v in violations(stage, f.read_text())]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", SHARED)
def test_shared_modules_import_no_stage(name: str) -> None:
    source = (PACKAGE / name).read_text()
    stages = [m for _, m in imported_modules(source) if m.split(".")[0] == "kgbuild" and m.count(".") >= 1
              and m.split(".")[1] in FORBIDDEN]
    assert not stages, f"{name} imports a stage: {stages}"


def test_the_check_can_fail() -> None:
    assert violations("resolve", "import spacy\n") == ["line 1: imports spacy"]
    assert violations("extract", "def f():\n    from rdflib import Graph\n") == ["line 2: imports rdflib"]
    assert violations("graph", "import rdflib\n") == []


def test_pyvis_is_imported_lazily() -> None:
    source = (PACKAGE / "export" / "view" / "page.py").read_text()
    top_level = [n for n in ast.parse(source).body if isinstance(n, (ast.Import, ast.ImportFrom))]
    names = [a.name for n in top_level for a in n.names] + [getattr(n, "module", "") or "" for n in top_level]
    assert not any(name.startswith("pyvis") for name in names)
