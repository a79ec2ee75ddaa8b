"""Worker processes (`--n-process`) give exactly the graph one process gives."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_two_processes_give_the_same_graph(tmp_path: Path) -> None:
    one = run_cli("build", EXAMPLES, "-o", tmp_path / "one", "--n-process", "1", "--no-html")
    two = run_cli("build", EXAMPLES, "-o", tmp_path / "two", "--n-process", "2", "--no-html")
    assert one.returncode == 0, one.stderr
    assert two.returncode == 0, two.stderr
    assert (tmp_path / "one" / "graph.ttl").read_bytes() == (tmp_path / "two" / "graph.ttl").read_bytes()
