"""The input kinds through the real CLI: web pages, JSON Lines, --format and --strict."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from conftest import run_cli
from kgbuild.ontology import PREFIXES

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def test_a_web_page_builds_with_its_metadata(tmp_path: Path) -> None:
    result = run_cli("build", DATA / "news-page.html", "-o", tmp_path, "--no-html")
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(tmp_path / "graph.ttl", format="turtle")
    [(headline, published, publisher, url)] = list(graph.query(
        "SELECT ?h ?p ?o ?u WHERE { ?d a kg:Document ; schema:headline ?h ; schema:datePublished ?p ;"
        " schema:publisher ?o ; schema:url ?u }", initNs=PREFIXES,
    ))
    assert "Tinzawatene" in str(headline)
    assert str(published) == "2024-07-30" and str(publisher) == "Sahel Monitor"
    assert str(url).startswith("https://")


def test_malformed_jsonl_lines_are_skipped_with_a_warning_each(tmp_path: Path) -> None:
    result = run_cli("build", DATA / "broken.jsonl", "-o", tmp_path, "--no-html")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("kgbuild: warning:")]
    assert [w.split(" line ")[1].split(":")[0] for w in warnings] == ["2", "3", "4"]
    assert all("broken.jsonl" in w for w in warnings)
    graph = Graph().parse(tmp_path / "graph.ttl", format="turtle")
    files = sorted(str(f) for (f,) in graph.query("SELECT ?f WHERE { ?d kg:sourceFile ?f }", initNs=PREFIXES))
    assert files == ["broken.jsonl#L1", "broken.jsonl#L5"]


def test_strict_makes_a_malformed_line_fatal_and_touches_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous graph\n")
    result = run_cli("build", DATA / "broken.jsonl", "-o", out, "--strict")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("kgbuild: error:") and "broken.jsonl' line 2" in line
    assert "Traceback" not in result.stderr
    assert (out / "graph.ttl").read_text() == "previous graph\n"


def test_a_page_without_article_text_is_reported_and_skipped(tmp_path: Path) -> None:
    result = run_cli("build", DATA / "empty-page.html", DATA / "wire.jsonl", "-o", tmp_path, "--no-html")
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stderr and "empty-page.html" in result.stderr
    assert "documents" in result.stdout


def test_stdin_can_be_json_lines(tmp_path: Path) -> None:
    result = run_cli("build", "-", "--format", "jsonl", "-o", tmp_path, "--no-html",
                     input=(DATA / "wire.jsonl").read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(tmp_path / "graph.ttl", format="turtle")
    assert len(list(graph.query("SELECT ?d WHERE { ?d a kg:Document }", initNs=PREFIXES))) == 3


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("build", "-", "--format", "pdf", "-o", tmp_path, input="text")
    assert result.returncode == 2
    assert "--format" in result.stderr and "Traceback" not in result.stderr
