"""Shared fixtures: the ../shared corpus and gold files, the real CLI, and one seed build per session.

The shared data lives beside the repository (``../shared``), never inside it; tests that need it
skip with a reason when it is absent. End-to-end tests run the real ``kgbuild`` CLI in a
subprocess (``python -m kgbuild``), so they exercise exactly what a user runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"
SEED_ARTICLE = "afp-kyivpost-tinzaouaten"


def run_cli(
    *args: str | Path, cwd: str | Path | None = None, input: str | None = None
) -> subprocess.CompletedProcess:
    """Run ``python -m kgbuild ARGS...`` in a subprocess, in text mode, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "kgbuild", *map(str, args)],
        cwd=cwd,
        input=input,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (the tests read ../shared beside the repository)")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository root; skips when it is missing."""
    return _require(SHARED_DIR)


@pytest.fixture(scope="session")
def corpus_article(shared_dir: Path) -> Path:
    """The seed article of the shared corpus (its ``.meta.json`` sidecar sits beside it)."""
    return _require(shared_dir / "corpus" / f"{SEED_ARTICLE}.txt")


@pytest.fixture(scope="session")
def gold_file(shared_dir: Path) -> Path:
    """The gold annotation of the seed article."""
    return _require(shared_dir / "gold" / f"{SEED_ARTICLE}.json")


@pytest.fixture(scope="session")
def seed_build(corpus_article: Path, tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess:
    """ONE real ``kgbuild build SEED -o DIR`` per session; its last argument is DIR."""
    out_dir = tmp_path_factory.mktemp("seed-build")
    result = run_cli("build", corpus_article, "-o", out_dir)
    assert result.returncode == 0, f"seed build failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="session")
def seed_graph(seed_build: subprocess.CompletedProcess) -> Path:
    """The output directory (graph.ttl, graph.html) of the session's seed build.

    Shared by every test: copy it before changing anything in it.
    """
    return Path(seed_build.args[-1])


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline with kgbuild's components, built once per session."""
    from kgbuild.config import DEFAULT_MODEL
    from kgbuild.extract import load_pipeline, registry_patterns
    from kgbuild.knowledge import load_knowledge
    from kgbuild.pipeline import _mention_config

    knowledge = load_knowledge()
    return load_pipeline(
        DEFAULT_MODEL, registry_patterns(knowledge.registry.entries), knowledge.lexicon.to_config()["furniture"],
        _mention_config(knowledge),
    )
