"""The README's examples print what the README says they print.

Convention: a command example is tested when the line just before its fenced ```sh block is the
HTML comment ``<!-- readme-test -->`` (invisible on a rendered page). The sh block holds one
command (it may span lines, as a quoted SPARQL query does); the first fenced block after it, with
only prose in between, is the output the README shows for it.

The command runs in bash, in a scratch directory where
- ``output`` is a build of ``examples/`` (what ``make demo`` writes to output/),
- ``OUT`` is the session's build of the seed article of ../shared/corpus,
- ``kgbuild`` and ``.venv/bin/kgbuild`` run ``python -m kgbuild`` with the interpreter of the tests,
so the README can say ``kgbuild query OUT/graph.ttl ...`` and pipe into ``cut`` as a reader would.
Output and README are compared line by line with line endings (SPARQL CSV ends lines with CRLF)
and every run of blanks or tabs read as one space, so a TSV may be shown aligned with spaces.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import run_cli

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
MARKER = "<!-- readme-test -->"
FENCE = re.compile(r"^```(\w*)\s*$")


@dataclass(frozen=True)
class Example:
    line: int
    """Line of README.md where the command's block starts."""
    command: str
    expected: str


def readme_examples(text: str) -> list[Example]:
    """Every marked ```sh block of ``text`` with the output block that follows it."""
    lines = text.splitlines()
    examples = []
    for i, line in enumerate(lines):
        if line.strip() != MARKER:
            continue
        start = i + 1
        if start >= len(lines) or FENCE.match(lines[start]) is None or FENCE.match(lines[start]).group(1) != "sh":
            raise AssertionError(f"README.md line {i + 1}: {MARKER} must stand just before a ```sh block")
        command, after = _block(lines, start)
        output_start = next((j for j in range(after, len(lines)) if FENCE.match(lines[j])), None)
        if output_start is None or any(lines[j].strip() == MARKER for j in range(after, output_start)):
            raise AssertionError(f"README.md line {start + 1}: no output block follows the tested command")
        expected, _ = _block(lines, output_start)
        examples.append(Example(line=start + 1, command=command, expected=expected))
    return examples


def _block(lines: list[str], start: int) -> tuple[str, int]:
    """The text of the fenced block opening at ``start``, and the index after its closing fence."""
    for end in range(start + 1, len(lines)):
        if lines[end].strip() == "```":
            return "\n".join(lines[start + 1:end]), end + 1
    raise AssertionError(f"README.md line {start + 1}: the block is never closed")


def normalize(text: str) -> list[str]:
    """Lines without line-ending differences, blank runs as one space, no trailing blank lines."""
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


EXAMPLES = readme_examples(README.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scratch(seed_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The directory the README's commands run in (see the module docstring)."""
    root = tmp_path_factory.mktemp("readme")
    examples_build = root / "examples-build"
    result = run_cli("build", REPO / "examples", "-o", examples_build, "--no-html")
    assert result.returncode == 0, result.stderr
    work = root / "work"
    work.mkdir()
    (work / "output").symlink_to(examples_build)
    (work / "OUT").symlink_to(seed_graph)
    return work


def run_readme_command(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """``command`` in bash, with ``kgbuild`` (and ``.venv/bin/kgbuild``) being this checkout's CLI."""
    prelude = 'kgbuild() { "$KGBUILD_PYTHON" -m kgbuild "$@"; }\nset -o pipefail\n'
    script = prelude + command.replace(".venv/bin/kgbuild", "kgbuild")
    env = dict(os.environ, KGBUILD_PYTHON=sys.executable)
    return subprocess.run(
        ["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300
    )


def test_the_readme_has_tested_examples() -> None:
    assert len(EXAMPLES) >= 3, f"expected the worked example, casualty figures and timeline; found {EXAMPLES}"


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"line-{e.line}" for e in EXAMPLES])
def test_readme_example_prints_what_the_readme_shows(example: Example, scratch: Path) -> None:
    result = run_readme_command(example.command, scratch)
    assert result.returncode == 0, f"README.md line {example.line}: the command failed:\n{result.stderr}"
    assert normalize(result.stdout) == normalize(example.expected), (
        f"README.md line {example.line}: the command prints\n{result.stdout}\nnot what the README shows"
    )


def test_examples_are_found_with_their_output() -> None:
    text = "\n".join([
        "prose", MARKER, "```sh", "kgbuild query --list", "```", "", "It prints:", "", "```", "a  b", "```",
        "```sh", "kgbuild untested", "```",
    ])
    assert readme_examples(text) == [Example(line=3, command="kgbuild query --list", expected="a  b")]
    assert normalize("a\t\tb\r\nc  \r\n\r\n") == normalize("a b\nc")
    with pytest.raises(AssertionError, match="no output block"):
        readme_examples("\n".join([MARKER, "```sh", "kgbuild x", "```", "no output"]))
