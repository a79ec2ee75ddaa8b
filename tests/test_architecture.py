"""The tree is the data flow: stages import downstream only, and heavy libraries stay in their stage.

Every import is read from the syntax tree, relative ones included (``from ..graph import x`` is
resolved against the module's package), and imports inside functions count as much as top-level
ones. The parts are those of ARCHITECTURE.md section 1: ingest, extract, resolve, graph, the
outputs (export, sparql, analysis, quality) and the CLI. A part whose folder does not exist yet is
skipped with the reason; modules that still sit at their old place (``kgbuild/query.py`` for
sparql ...) are checked as part of the part they belong to.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kgbuild"

OUTPUTS = ("export", "sparql", "analysis", "quality")
PARTS = ("ingest", "extract", "resolve", "graph", *OUTPUTS, "cli")
LEGACY = {
    "sparql": ("query.py", "push.py", "serve.py"),
    "analysis": ("analytics.py",),
    "quality": ("evaluate.py", "validate.py"),
}
"""Modules of a part that still sit at the top of the package, until they move into its folder."""

_TO_OUTPUTS = tuple(f"kgbuild.{p}" for p in OUTPUTS) + tuple(
    f"kgbuild.{name[:-3]}" for names in LEGACY.values() for name in names
)

# part -> modules it must not import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "extract": ("rdflib", "pyoxigraph", "oxrdflib", "kgbuild.graph", "kgbuild.resolve", "kgbuild.pipeline",
                "kgbuild.cli", "kgbuild.knowledge", *_TO_OUTPUTS),
    "resolve": ("spacy", "rdflib", "pyoxigraph", "oxrdflib", "kgbuild.extract", "kgbuild.graph",
                "kgbuild.pipeline", "kgbuild.cli", "kgbuild.knowledge", *_TO_OUTPUTS),
    "ingest": ("spacy", "rdflib", "pyoxigraph", "kgbuild.extract", "kgbuild.resolve", "kgbuild.graph",
               "kgbuild.pipeline", "kgbuild.cli", *_TO_OUTPUTS),
    "graph": ("spacy", "kgbuild.extract", "kgbuild.resolve", "kgbuild.pipeline", "kgbuild.cli", *_TO_OUTPUTS),
    **{output: ("spacy", "kgbuild.pipeline", "kgbuild.extract", "kgbuild.resolve", "kgbuild.cli")
       for output in OUTPUTS},
}

# The CLI calls the pipeline and the outputs, and reads graphs; never a stage directly.
CLI_MAY_IMPORT = (
    "kgbuild.cli", "kgbuild.pipeline", *_TO_OUTPUTS,
    "kgbuild.graph.store", "kgbuild.graph.sources", "kgbuild.graph.index", "kgbuild.graph.select",
    "kgbuild.graph.network", "kgbuild.graph.oxigraph",
    "kgbuild.types", "kgbuild.errors", "kgbuild.config", "kgbuild.text", "kgbuild.files", "kgbuild.ontology",
    "kgbuild.ids", "kgbuild.__version__",
)

# modules that every stage may use: records, errors, config, vocabulary, text helpers
SHARED = ("types.py", "errors.py", "config.py", "text.py", "files.py", "ids.py", "records.py")

HEAVY_OPTIONAL = ("pyvis", "trafilatura", "pyshacl", "dask")
"""Libraries imported inside the function that needs them, never when a module loads."""

def module_name(path: Path) -> str:
    """``kgbuild/graph/store.py`` -> ``kgbuild.graph.store``; a package's ``__init__.py`` -> the package."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def resolve_relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute name of ``from <level dots><target> import ...`` written in ``module``."""
    package = module if is_package else module.rpartition(".")[0]
    for _ in range(level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{target}" if target else package


def imported_modules(source: str, module: str = "kgbuild.x", is_package: bool = False) -> list[tuple[int, str]]:
    """(line, module) of every import in ``source``, including imports inside functions.

    ``from A import b`` gives both ``A`` and ``A.b`` (b may be a submodule: ``from kgbuild import
    extract``); relative imports are made absolute against ``module``.
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = resolve_relative(module, is_package, node.level, node.module) if node.level else node.module
            if node.module:
                found.append((node.lineno, base))
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names if alias.name != "*")
    return found


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def violations(part: str, source: str, module: str = "kgbuild.x", is_package: bool = False) -> list[str]:
    """One line per import of ``source`` that ``FORBIDDEN[part]`` rules out."""
    bad: dict[tuple[int, str], str] = {}
    for line, imported in imported_modules(source, module, is_package):
        for forbidden in FORBIDDEN[part]:
            if _under(imported, forbidden):
                bad.setdefault((line, forbidden), f"line {line}: imports {forbidden}")
    return list(bad.values())


def cli_violations(source: str, module: str = "kgbuild.cli.x", is_package: bool = False) -> list[str]:
    """Imports of kgbuild modules that the CLI may not use (anything but the pipeline, the outputs,
    the graph readers and the shared modules)."""
    bad: dict[int, str] = {}
    for line, imported in imported_modules(source, module, is_package):
        if _under(imported, "kgbuild") and imported != "kgbuild" and not any(
            _under(imported, allowed) for allowed in CLI_MAY_IMPORT
        ):
            bad.setdefault(line, f"line {line}: imports {imported}")
    return list(bad.values())


FILE_READERS = {"read_text", "read_bytes", "open"}


def file_reads(source: str) -> list[str]:
    """Calls that read a file: ``open(...)``, ``x.open()``, ``x.read_text()``, ``x.read_bytes()``, ``json.load(...)``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            found.append(f"line {node.lineno}: open()")
        elif isinstance(func, ast.Attribute) and func.attr in FILE_READERS:
            found.append(f"line {node.lineno}: .{func.attr}()")
        elif (isinstance(func, ast.Attribute) and func.attr == "load" and isinstance(func.value, ast.Name)
              and func.value.id == "json"):
            found.append(f"line {node.lineno}: json.load()")
    return sorted(found, key=lambda text: int(text.split()[1].rstrip(":")))


def part_files(part: str) -> list[Path]:
    """The modules of ``part``: its folder's, plus those still at their old place; skips a part that has none."""
    folder = PACKAGE / part
    files = sorted(folder.rglob("*.py")) if folder.is_dir() else []
    files += [PACKAGE / name for name in LEGACY.get(part, ()) if (PACKAGE / name).exists()]
    if not files:
        pytest.skip(f"kgbuild/{part}/ does not exist yet (another change of this redesign step creates it)")
    return files


def _problems(part: str, check) -> list[str]:
    return [f"{f.relative_to(PACKAGE)} {v}" for f in part_files(part) for v in check(f)]


@pytest.mark.parametrize("part", sorted(FORBIDDEN))
def test_part_imports_point_downstream(part: str) -> None:
    problems = _problems(part, lambda f: violations(part, f.read_text(), module_name(f), _is_package(f)))
    assert not problems, "\n".join(problems)


def test_cli_reaches_only_the_pipeline_and_the_outputs() -> None:
    problems = _problems("cli", lambda f: cli_violations(f.read_text(), module_name(f), _is_package(f)))
    assert not problems, "\n".join(problems)


# spaCy's own serialisation: a component's to_disk/from_disk writes and reads its saved data
SERIALISATION = {"extract/components.py"}


def test_extract_reads_no_files() -> None:
    problems = _problems("extract", lambda f: [] if str(f.relative_to(PACKAGE)) in SERIALISATION
                         else file_reads(f.read_text()))
    assert not problems, "extract/ gets its knowledge as arguments, never from files:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", SHARED)
def test_shared_modules_import_no_stage(name: str) -> None:
    path = PACKAGE / name
    parts = {f"kgbuild.{p}" for p in PARTS} | set(_TO_OUTPUTS) | {"kgbuild.pipeline"}
    stages = [m for _, m in imported_modules(path.read_text(), module_name(path)) if any(_under(m, p) for p in parts)]
    assert not stages, f"{name} imports a stage: {stages}"


def test_heavy_optional_libraries_are_imported_lazily() -> None:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        top_level = [n for n in ast.parse(path.read_text()).body if isinstance(n, (ast.Import, ast.ImportFrom))]
        names = [a.name for n in top_level for a in n.names] + [getattr(n, "module", "") or "" for n in top_level]
        problems += [f"{path.relative_to(PACKAGE)}: {name}" for name in names
                     if any(_under(name, heavy) for heavy in HEAVY_OPTIONAL)]
    assert not problems, "imported when the module loads:\n" + "\n".join(problems)


# --- the checks can fail -------------------------------------------------------------------------


def test_the_check_can_fail() -> None:
    assert violations("resolve", "import spacy\n") == ["line 1: imports spacy"]
    assert violations("extract", "def f():\n    from rdflib import Graph\n") == ["line 2: imports rdflib"]
    assert violations("graph", "import rdflib\n") == []
    assert violations("export", "from kgbuild import pipeline\n") == ["line 1: imports kgbuild.pipeline"]


def test_relative_imports_are_resolved() -> None:
    assert resolve_relative("kgbuild.resolve.entities", False, 2, "extract.mentions") == "kgbuild.extract.mentions"
    assert resolve_relative("kgbuild.resolve", True, 1, "entities") == "kgbuild.resolve.entities"
    assert resolve_relative("kgbuild.cli.build", False, 1, None) == "kgbuild.cli"
    source = "from ..extract import mentions\n"
    assert violations("resolve", source, "kgbuild.resolve.entities") == ["line 1: imports kgbuild.extract"]
    assert violations("resolve", "from .time import x\n", "kgbuild.resolve.entities") == []
    assert violations("sparql", "from .. import pipeline\n", "kgbuild.sparql.query") == [
        "line 1: imports kgbuild.pipeline"
    ]
    # in a package's __init__.py, one dot is the package itself
    assert violations("extract", "from .graph import x\n", "kgbuild.extract", is_package=True) == []
    assert violations("extract", "from ..graph import x\n", "kgbuild.extract", is_package=True) == [
        "line 1: imports kgbuild.graph"
    ]
    assert violations("extract", "from ..graph.build import x\n", "kgbuild.extract.facts") == [
        "line 1: imports kgbuild.graph"
    ]


def test_the_cli_check_can_fail() -> None:
    assert cli_violations("from kgbuild.extract import load_pipeline\n") == ["line 1: imports kgbuild.extract"]
    assert cli_violations("def f():\n    from ..ingest import read_documents\n", "kgbuild.cli.build") == [
        "line 2: imports kgbuild.ingest"
    ]
    assert cli_violations("from kgbuild import resolve\n") == ["line 1: imports kgbuild.resolve"]
    allowed = (
        "from kgbuild import __version__\nfrom kgbuild.pipeline import build\nfrom .app import app\n"
        "from kgbuild.graph.store import load_graph\nimport typer\n"
    )
    assert cli_violations(allowed, "kgbuild.cli.build") == []


def test_the_file_check_can_fail() -> None:
    source = "import json\ndef f(p):\n    a = p.read_text()\n    b = open(p)\n    return json.load(b), json.loads(a)\n"
    assert file_reads(source) == ["line 3: .read_text()", "line 4: open()", "line 5: json.load()"]
