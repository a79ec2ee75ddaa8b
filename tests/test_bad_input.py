"""Bad input never crashes kgbuild: one test per case, each through a real subprocess.

Every failure must (ARCHITECTURE.md section 5):
- exit non-zero: 2 for a wrong command line (click's usage errors, ``UsageError``: an unknown
  ``--name``/``--format``, a ``--published`` that is not a date, and ``ModelError``, whose
  exit_code is 2 because an unknown ``--model`` is a wrong option value, and a SPARQL query
  that does not parse); 1 for everything else (``InputError``, ``OutputError``,
  ``QueryError``: files that are missing, empty, binary, not UTF-8, of the wrong type, broken
  sidecars, unwritable outputs, unreadable graphs and gold files);
- print ONE line on stderr, starting with "kgbuild: ", that names the offending path (or model,
  query name, value) and says how to fix it;
- print no traceback;
- leave an existing output directory's graph.ttl and graph.html byte-for-byte untouched.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import run_cli

ARTICLE = (
    "Separatist fighters clashed with soldiers near Kidal in northern Mali on Friday.\n"
    "A local official said at least three people were killed in the fighting.\n"
)
SENTINELS = {"graph.ttl": b"# sentinel turtle, must survive\n", "graph.html": b"<!-- sentinel html -->\n"}


@pytest.fixture
def out_dir(tmp_path: Path):
    """An output directory holding a previous build (sentinel files) that a failed build must not touch."""
    out = tmp_path / "out"
    out.mkdir()
    for name, data in SENTINELS.items():
        (out / name).write_bytes(data)
    yield out
    out.chmod(0o755)
    assert sorted(p.name for p in out.iterdir()) == sorted(SENTINELS), "a failed build left files behind"
    for name, data in SENTINELS.items():
        assert (out / name).read_bytes() == data, f"a failed build changed {name}"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """A small, valid article the test wrote itself."""
    path = tmp_path / "clash.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def assert_clean_failure(result, exit_code: int, names: str | Path, fix: str) -> str:
    """One 'kgbuild: ' line on stderr naming ``names`` and containing the ``fix`` hint; no traceback."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == exit_code, f"exit {result.returncode}, expected {exit_code}:\n{output}"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, f"stderr is not one line:\n{result.stderr}"
    line = lines[0]
    assert line.startswith("kgbuild: "), line
    assert "internal error" not in line, line
    assert str(names) in line, f"the message does not name {str(names)!r}: {line}"
    assert fix.lower() in line.lower(), f"the message does not say how to fix it ({fix!r}): {line}"
    return line


# --- build: inputs -------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path, out_dir: Path) -> None:
    missing = tmp_path / "no-such-article.txt"
    result = run_cli("build", missing, "-o", out_dir)
    assert_clean_failure(result, 1, missing, "check the path")


def test_directory_without_articles(tmp_path: Path, out_dir: Path) -> None:
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF-1.4\n")
    result = run_cli("build", empty, "-o", out_dir)
    assert_clean_failure(result, 1, empty, "supported: .txt")


UNREADABLE_FILES = [
    ("empty.txt", b"", "give an article with some text"),
    ("whitespace.txt", b"  \n\t\n\r\n", "give an article with some text"),
    ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "give a .txt or .md article"),
    ("latin1.txt", b"Fighters met at a caf\xe9 near Kidal on Friday.\n", "iconv -t UTF-8"),
    ("report.pdf", b"%PDF-1.4\n", "supported: .txt"),
]


@pytest.mark.parametrize(("name", "content", "fix"), UNREADABLE_FILES, ids=[n for n, _, _ in UNREADABLE_FILES])
def test_unreadable_file(tmp_path: Path, out_dir: Path, name: str, content: bytes, fix: str) -> None:
    """An empty, blank, binary, non-UTF-8 or unsupported file: one line naming it and the fix."""
    path = tmp_path / name
    path.write_bytes(content)
    result = run_cli("build", path, "-o", out_dir)
    assert_clean_failure(result, 1, path, fix)


def test_broken_sidecar(article: Path, out_dir: Path) -> None:
    sidecar = article.with_name("clash.meta.json")
    sidecar.write_text('{"title": "Clash near Kidal",', encoding="utf-8")
    result = run_cli("build", article, "-o", out_dir)
    assert_clean_failure(result, 1, sidecar, "fix it or remove it")


def test_sidecar_with_non_string_value(article: Path, out_dir: Path) -> None:
    sidecar = article.with_name("clash.meta.json")
    sidecar.write_text('{"title": "Clash near Kidal", "published": 20240728}', encoding="utf-8")
    result = run_cli("build", article, "-o", out_dir)
    line = assert_clean_failure(result, 1, sidecar, "fix it or remove it")
    assert "published" in line


# --- build: options ------------------------------------------------------------------------------


def test_unknown_model(article: Path, out_dir: Path) -> None:
    result = run_cli("build", article, "-o", out_dir, "--model", "xx_no_such_pipeline")
    assert_clean_failure(result, 2, "xx_no_such_pipeline", "install")


def test_published_not_a_date(article: Path, out_dir: Path) -> None:
    result = run_cli("build", article, "-o", out_dir, "--published", "28/07/2024")
    assert_clean_failure(result, 2, "28/07/2024", "YYYY-MM-DD")


def test_no_inputs_is_a_usage_error(out_dir: Path) -> None:
    result = run_cli("build", "-o", out_dir)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 2, result.stderr
    assert "INPUT" in result.stderr and "internal error" not in result.stderr


# --- build: outputs ------------------------------------------------------------------------------


def test_output_below_a_regular_file(article: Path, tmp_path: Path) -> None:
    # Fails for root too, unlike a read-only directory.
    blocker = tmp_path / "file.txt"
    blocker.write_bytes(b"not a directory\n")
    target = blocker / "out"
    result = run_cli("build", article, "-o", target)
    assert_clean_failure(result, 1, target, "-o DIR")
    assert blocker.read_bytes() == b"not a directory\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_output_directory(article: Path, out_dir: Path) -> None:
    out_dir.chmod(0o500)
    result = run_cli("build", article, "-o", out_dir)
    assert_clean_failure(result, 1, out_dir, "-o DIR")


# --- query ---------------------------------------------------------------------------------------


def test_query_missing_graph(tmp_path: Path) -> None:
    graph = tmp_path / "missing.ttl"
    result = run_cli("query", graph, "--name", "entities-by-class")
    assert_clean_failure(result, 1, graph, "kgbuild build")


def test_query_broken_turtle(tmp_path: Path) -> None:
    graph = tmp_path / "broken.ttl"
    graph.write_text("@prefix kg: <https://w3id.org/kgbuild/ns#> .\nkg:a kg:b \"unterminated .\n", encoding="utf-8")
    result = run_cli("query", graph, "--name", "entities-by-class")
    assert_clean_failure(result, 1, graph, "rebuild it")


@pytest.fixture
def tiny_graph(tmp_path: Path) -> Path:
    """A valid one-triple graph, so query-side errors need no build."""
    graph = tmp_path / "tiny.ttl"
    graph.write_text(
        '<https://w3id.org/kgbuild/id/place/kidal> <http://www.w3.org/2000/01/rdf-schema#label> "Kidal" .\n',
        encoding="utf-8",
    )
    return graph


def test_query_invalid_sparql(tiny_graph: Path) -> None:
    result = run_cli("query", tiny_graph, "SELECT ?x WHERE { ?x ")
    assert_clean_failure(result, 2, "SPARQL query", "check its syntax")
    assert "line 1, column 22" in result.stderr


def test_query_unknown_canned_name(tiny_graph: Path) -> None:
    result = run_cli("query", tiny_graph, "--name", "no-such-question")
    assert_clean_failure(result, 2, "no-such-question", "kgbuild query --list")


def test_query_unknown_format(tiny_graph: Path) -> None:
    result = run_cli("query", tiny_graph, "SELECT * WHERE { ?s ?p ?o }", "--format", "yaml")
    assert_clean_failure(result, 2, "yaml", "use table, csv, tsv, json or xml")


# --- evaluate ------------------------------------------------------------------------------------


def test_evaluate_invalid_gold(tiny_graph: Path, tmp_path: Path) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text('{"entities": [', encoding="utf-8")
    result = run_cli("evaluate", tiny_graph, gold)
    assert_clean_failure(result, 1, gold, "fix")
