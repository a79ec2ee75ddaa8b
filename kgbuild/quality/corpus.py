"""Quality stage: score a corpus, a directory of graphs against a directory of gold files.

``kgbuild evaluate GRAPHS_DIR GOLD_DIR`` pairs each ``GOLD_DIR/NAME.json`` with
``GRAPHS_DIR/NAME.ttl`` or ``GRAPHS_DIR/NAME/graph.ttl`` (what ``scripts/build_each.sh`` writes),
scores every pair with :func:`~kgbuild.quality.score.evaluate_graph` and keeps, per article, the
figures of the corpus table. Totals are micro-averaged: counts are summed over the articles
before dividing. A gold file without a graph, or a graph without a gold file, is reported with a
warning and left out of the totals.

:func:`evaluate_paths` is what the command calls: it scores one pair of files or a pair of
directories, by what GOLD is, and returns the text and JSON forms of the result.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgbuild.errors import InputError, UsageError
from kgbuild.graph.store import load_graph
from kgbuild.quality.gold import load_gold
from kgbuild.quality.report import corpus_as_dict, format_corpus, format_report, report_as_dict
from kgbuild.quality.records import EvaluationReport, Score
from kgbuild.quality.score import evaluate_graph

__all__ = ["ArticleScores", "ArticleRow", "CorpusReport", "find_graphs", "find_gold", "evaluate_corpus", "evaluate_paths"]

Warn = Callable[[str], None]

_GRAPH_FILE = "graph.ttl"
"""The graph file inside ``GRAPHS_DIR/NAME/``, as ``kgbuild build -o DIR`` writes it."""


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr)


@dataclass(frozen=True)
class ArticleScores:
    """The columns of one row of the corpus table (or of the totals, which add rows up).

    ``core_typed``: core gold entities matched by a node of the gold class or a subclass.
    ``duplicates``: extra nodes (a gold entity matched by 3 nodes counts 2). ``over_merges``:
    nodes matching two or more gold entities. ``noise``: nodes matching a gold noise string.
    ``relation_recall`` and ``relation_precision``: as in the single-file report.
    ``core_events``: core gold events matched by an event of their type with the gold place (when
    there is one) and a gold participant. ``figures``: integer gold figures found on those events.
    """

    core_typed: Score
    duplicates: int
    over_merges: int
    noise: int
    relation_recall: Score
    relation_precision: Score
    core_events: Score
    figures: Score

    @classmethod
    def of(cls, report: EvaluationReport) -> ArticleScores:
        """The corpus columns of one article's evaluation."""
        return cls(
            core_typed=report.entities.core_typed_recall,
            duplicates=report.entities.extra_nodes,
            over_merges=len(report.entities.over_merges),
            noise=len(report.entities.noise),
            relation_recall=report.relations.recall,
            relation_precision=report.relations.precision,
            core_events=report.events.anchored_core_recall,
            figures=report.events.figure_recall,
        )

    def __add__(self, other: ArticleScores) -> ArticleScores:
        return ArticleScores(
            core_typed=self.core_typed + other.core_typed,
            duplicates=self.duplicates + other.duplicates,
            over_merges=self.over_merges + other.over_merges,
            noise=self.noise + other.noise,
            relation_recall=self.relation_recall + other.relation_recall,
            relation_precision=self.relation_precision + other.relation_precision,
            core_events=self.core_events + other.core_events,
            figures=self.figures + other.figures,
        )


_NONE = Score(0, 0)
_ZERO = ArticleScores(_NONE, 0, 0, 0, _NONE, _NONE, _NONE, _NONE)


@dataclass(frozen=True)
class ArticleRow:
    """One scored article: its name, the two files, and its columns."""

    article: str
    graph: Path
    gold: Path
    scores: ArticleScores


@dataclass(frozen=True)
class CorpusReport:
    """The rows of every article with both a graph and a gold file, sorted by name, and the names
    of those with only one of the two."""

    graphs_dir: Path
    gold_dir: Path
    rows: tuple[ArticleRow, ...]
    gold_without_graph: tuple[str, ...]
    graphs_without_gold: tuple[str, ...]

    @property
    def totals(self) -> ArticleScores:
        """Every column summed over the rows (micro-averaging)."""
        return sum((row.scores for row in self.rows), _ZERO)


# --- finding the files ---------------------------------------------------------------------------


def _entries(path: Path, what: str, hint: str) -> list[Path]:
    """The entries of directory ``path``, sorted; a one-line error when it cannot be listed."""
    if not path.exists():
        raise InputError(f"cannot read {what} '{path}': no such directory ({hint})")
    if not path.is_dir():
        raise UsageError(f"'{path}' is not a directory: with a gold directory, give a directory of graphs too ({hint})")
    try:
        return sorted(path.iterdir())
    except OSError as exc:
        raise InputError(f"cannot read {what} '{path}': {exc.strerror or exc} ({hint})") from exc


def find_graphs(graphs_dir: Path, warn: Warn = _to_stderr) -> dict[str, Path]:
    """``NAME -> graph file`` for each ``NAME.ttl`` and ``NAME/graph.ttl`` in ``graphs_dir``.
    When both exist for one name, ``NAME.ttl`` is scored and a warning says so."""
    entries = _entries(Path(graphs_dir), "graphs directory", "give the folder holding NAME.ttl or NAME/graph.ttl")
    graphs = {entry.stem: entry for entry in entries if entry.suffix == ".ttl" and entry.is_file()}
    for entry in entries:
        nested = entry / _GRAPH_FILE
        if entry.is_dir() and nested.is_file():
            if entry.name in graphs:
                warn(f"kgbuild: warning: both '{graphs[entry.name]}' and '{nested}' found; scoring '{graphs[entry.name]}'")
            else:
                graphs[entry.name] = nested
    return graphs


def find_gold(gold_dir: Path) -> dict[str, Path]:
    """``NAME -> gold file`` for each ``NAME.json`` directly in ``gold_dir`` (not in subfolders)."""
    entries = _entries(Path(gold_dir), "gold directory", "give a folder of NAME.json gold files, such as ../shared/gold/dev")
    return {entry.stem: entry for entry in entries if entry.suffix == ".json" and entry.is_file()}


# --- scoring -------------------------------------------------------------------------------------


def evaluate_corpus(graphs_dir: Path, gold_dir: Path, warn: Warn = _to_stderr) -> CorpusReport:
    """Score each graph of ``graphs_dir`` against its gold file in ``gold_dir``.

    Unpaired files are reported through ``warn`` (one line each) and counted as missing; an
    :class:`~kgbuild.errors.InputError` says so when no article has both.
    """
    graphs_dir, gold_dir = Path(graphs_dir), Path(gold_dir)
    gold_files = find_gold(gold_dir)
    graphs = find_graphs(graphs_dir, warn)
    gold_only = tuple(sorted(set(gold_files) - set(graphs)))
    graphs_only = tuple(sorted(set(graphs) - set(gold_files)))
    for name in gold_only:
        warn(
            f"kgbuild: warning: no graph for gold file '{gold_files[name]}' (looked for "
            f"'{graphs_dir / (name + '.ttl')}' and '{graphs_dir / name / _GRAPH_FILE}'); counted as missing"
        )
    for name in graphs_only:
        warn(
            f"kgbuild: warning: no gold file for graph '{graphs[name]}' (looked for "
            f"'{gold_dir / (name + '.json')}'); counted as missing, left out of the totals"
        )
    rows = []
    for name in sorted(set(graphs) & set(gold_files)):
        report = evaluate_graph(load_graph(graphs[name]), load_gold(gold_files[name]))
        rows.append(ArticleRow(name, graphs[name], gold_files[name], ArticleScores.of(report)))
    if not rows:
        raise InputError(
            f"cannot score '{graphs_dir}' against '{gold_dir}': no article has both a graph and a gold file "
            "(graphs are NAME.ttl or NAME/graph.ttl, gold files NAME.json)"
        )
    return CorpusReport(graphs_dir, gold_dir, tuple(rows), gold_only, graphs_only)


def evaluate_paths(graph: Path, gold: Path, warn: Warn = _to_stderr) -> tuple[str, dict[str, Any]]:
    """Score GRAPH against GOLD and return the report as text and as JSON-ready data.

    When GOLD is a directory, GRAPH must be one too and the corpus table is returned
    (:func:`evaluate_corpus`); otherwise GRAPH is one graph file or store and GOLD one gold file.
    """
    if Path(gold).is_dir():
        corpus = evaluate_corpus(Path(graph), Path(gold), warn)
        return format_corpus(corpus), corpus_as_dict(corpus)
    gold_data = load_gold(Path(gold))
    report = evaluate_graph(load_graph(Path(graph)), gold_data)
    return format_report(report), report_as_dict(report)
