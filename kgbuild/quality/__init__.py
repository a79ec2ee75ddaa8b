"""Quality stage: how good a graph is. SHACL validation against the vocabulary's shapes
(:mod:`~kgbuild.quality.validate`, ``kgbuild validate``) and scoring against gold annotations
(``kgbuild evaluate``): :mod:`~kgbuild.quality.gold` reads gold files,
:mod:`~kgbuild.quality.score` matches one graph against one of them into the records of
:mod:`~kgbuild.quality.records`, :mod:`~kgbuild.quality.corpus` scores a directory of graphs
against a directory of gold files, and :mod:`~kgbuild.quality.report` prints the results.

The scoring entry points are re-exported here; the SHACL API lives in
:mod:`kgbuild.quality.validate` (its ``format_report`` prints a validation report).
"""

from __future__ import annotations

from kgbuild.quality.corpus import CorpusReport, evaluate_corpus, evaluate_paths
from kgbuild.quality.gold import load_gold, normalise_label
from kgbuild.quality.records import EvaluationReport
from kgbuild.quality.report import corpus_as_dict, format_corpus, format_report, report_as_dict, write_json
from kgbuild.quality.score import evaluate_graph

__all__ = [
    "evaluate_paths",
    "evaluate_graph",
    "evaluate_corpus",
    "load_gold",
    "normalise_label",
    "EvaluationReport",
    "CorpusReport",
    "format_report",
    "report_as_dict",
    "format_corpus",
    "corpus_as_dict",
    "write_json",
]
