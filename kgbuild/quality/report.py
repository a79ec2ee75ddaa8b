"""Quality stage: the text and JSON forms of evaluation reports (``kgbuild evaluate``).

:func:`format_report` and :func:`report_as_dict` render the report of one graph against one gold
file; :func:`format_corpus` and :func:`corpus_as_dict` the table of a directory of graphs scored
against a directory of gold files (a row per article, micro-averaged totals). Text has no colour
codes; JSON scores are ``{"found", "total", "value"}`` with ``value`` null when there is nothing
to count.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgbuild.errors import OutputError
from kgbuild.files import write_atomic
from kgbuild.quality.records import EntityScores, EvaluationReport, EventScores, RelationScores, Score

if TYPE_CHECKING:
    from kgbuild.quality.corpus import ArticleScores, CorpusReport

__all__ = ["format_report", "report_as_dict", "format_corpus", "corpus_as_dict", "write_json"]


# --- one graph against one gold file -------------------------------------------------------------


def _summary_rows(report: EvaluationReport) -> list[tuple[str, str] | str]:
    """The headline figures: section titles (strings) and (label, value) rows."""
    entities, relations, events = report.entities, report.relations, report.events
    scored = relations.output - relations.unscored
    return [
        "Entities",
        ("gold entities", f"{entities.gold} ({entities.gold_core} core)"),
        ("output entities", str(entities.output)),
        ("entity recall", str(entities.recall)),
        ("core entity recall", str(entities.core_recall)),
        ("type accuracy", f"{entities.type_accuracy}  (of matched output/gold pairs)"),
        ("duplicates", str(len(entities.duplicates))),
        ("over-merges", str(len(entities.over_merges))),
        ("noise entities", str(len(entities.noise))),
        ("unmatched output entities", str(len(entities.unmatched))),
        "Relations",
        ("gold relations", str(relations.gold)),
        ("output relations", f"{relations.output} ({scored} scored: both ends matched to one gold entity)"),
        ("relation recall", str(relations.recall)),
        ("relation precision", f"{relations.precision}  (of scored output relations)"),
        "Events",
        ("gold events", f"{events.gold} ({events.gold_core} core)"),
        ("output events", str(events.output)),
        ("event recall", str(events.recall)),
        ("core event recall", str(events.core_recall)),
    ]


def _section(heading: str, key: str, items: Iterable[str]) -> list[str]:
    """A blank line, ``Heading (N)  [key]:`` and the items indented, or ``(none)``."""
    items = list(items)
    title = f"{heading} ({len(items)})" + (f"  [{key}]" if key and items else "") + ":"
    return ["", title, *(f"  {text}" for text in items or ["(none)"])]


def _entity_sections(entities: EntityScores) -> list[str]:
    return [
        *_section(
            "Missed entities",
            "* = core",
            (f'{"*" if m.core else " "} {m.id} ({m.type}): "{m.name}"' for m in entities.missed),
        ),
        *_section(
            "Duplicates",
            "gold id: output labels",
            (f"{d.gold_id}: " + "; ".join(f'"{label}"' for label in d.output_labels) for d in entities.duplicates),
        ),
        *_section(
            "Over-merges",
            "output label: gold ids",
            (f'"{o.output_label}": {", ".join(o.gold_ids)}' for o in entities.over_merges),
        ),
        *_section(
            "Noise entities", "output label: noise string", (f'"{n.output_label}": "{n.noise}"' for n in entities.noise)
        ),
        *_section(
            "Type mismatches",
            "gold id: gold type -> output type (output label)",
            (f'{t.gold_id}: {t.gold_type} -> {t.output_type or "?"} ("{t.output_label}")' for t in entities.type_mismatches),
        ),
        *_section("Unmatched output entities", "", (f'"{label}"' for label in entities.unmatched)),
    ]


def _relation_and_event_sections(relations: RelationScores, events: EventScores) -> list[str]:
    return [
        *_section("Missed relations", "", (str(r) for r in relations.missed)),
        *_section("Scored output relations matching no gold relation", "", (str(r) for r in relations.wrong)),
        *_section(
            "Missed events",
            "* = core",
            (f'{"*" if e.core else " "} {e.id} ({e.type}, place {e.place or "none"})' for e in events.missed),
        ),
    ]


def format_report(report: EvaluationReport) -> str:
    """Render ``report`` as aligned plain text (no colour codes), ending with a newline."""
    rows = _summary_rows(report)
    width = max(len(row[0]) for row in rows if isinstance(row, tuple)) + 2
    title = "Evaluation against gold" + (f" {report.gold_doc}" if report.gold_doc else "")
    lines = [title, "=" * len(title)]
    lines.extend(row if isinstance(row, str) else f"  {row[0]:<{width}}{row[1]}" for row in rows)
    lines.extend(_entity_sections(report.entities))
    lines.extend(_relation_and_event_sections(report.relations, report.events))
    return "\n".join(lines) + "\n"


def _score_dict(score: Score) -> dict[str, Any]:
    return {"found": score.numerator, "total": score.denominator, "value": score.value}


def _entities_dict(entities: EntityScores) -> dict[str, Any]:
    return {
        "gold": entities.gold,
        "gold_core": entities.gold_core,
        "output": entities.output,
        "recall": _score_dict(entities.recall),
        "core_recall": _score_dict(entities.core_recall),
        "type_accuracy": _score_dict(entities.type_accuracy),
        "missed": [{"id": m.id, "type": m.type, "name": m.name, "core": m.core} for m in entities.missed],
        "duplicates": [
            {"gold_id": d.gold_id, "output_labels": list(d.output_labels), "output_iris": list(d.output_iris)}
            for d in entities.duplicates
        ],
        "over_merges": [
            {"output_label": o.output_label, "output_iri": o.output_iri, "gold_ids": list(o.gold_ids)}
            for o in entities.over_merges
        ],
        "noise": [
            {"output_label": n.output_label, "output_iri": n.output_iri, "noise": n.noise} for n in entities.noise
        ],
        "type_mismatches": [
            {"gold_id": t.gold_id, "gold_type": t.gold_type, "output_label": t.output_label, "output_type": t.output_type}
            for t in entities.type_mismatches
        ],
        "unmatched": list(entities.unmatched),
    }


def report_as_dict(report: EvaluationReport) -> dict[str, Any]:
    """JSON-ready form of ``report``; each score is ``{"found", "total", "value"}`` (null = n/a)."""
    relations, events = report.relations, report.events
    return {
        "gold_doc": report.gold_doc,
        "entities": _entities_dict(report.entities),
        "relations": {
            "gold": relations.gold,
            "output": relations.output,
            "unscored": relations.unscored,
            "recall": _score_dict(relations.recall),
            "precision": _score_dict(relations.precision),
            "missed": [{"s": r.s, "p": r.p, "o": r.o} for r in relations.missed],
            "wrong": [
                {"s": r.s, "p": r.p, "o": r.o, "s_label": r.s_label, "o_label": r.o_label} for r in relations.wrong
            ],
        },
        "events": {
            "gold": events.gold,
            "gold_core": events.gold_core,
            "output": events.output,
            "recall": _score_dict(events.recall),
            "core_recall": _score_dict(events.core_recall),
            "missed": [{"id": e.id, "type": e.type, "place": e.place, "core": e.core} for e in events.missed],
        },
    }


# --- a directory of graphs against a directory of gold files -------------------------------------

_HEADERS = (
    "article", "core typed", "dups", "overmerges", "noise", "rel recall", "rel precision", "core events", "figures",
)
_COUNT_COLUMNS = frozenset(_HEADERS.index(name) for name in ("dups", "overmerges", "noise"))
"""Columns of plain counts (right-aligned); the others are fractions k/n (left-aligned)."""


def _fraction(score: Score) -> str:
    return f"{score.numerator}/{score.denominator}"


def _percent(score: Score) -> str:
    return "n/a" if score.value is None else f"{100 * score.value:.1f}%"


def _cells(name: str, scores: ArticleScores) -> list[str]:
    return [
        name,
        _fraction(scores.core_typed),
        str(scores.duplicates),
        str(scores.over_merges),
        str(scores.noise),
        _fraction(scores.relation_recall),
        _fraction(scores.relation_precision),
        _fraction(scores.core_events),
        _fraction(scores.figures),
    ]


def _percent_cells(scores: ArticleScores) -> list[str]:
    fractions = (scores.core_typed, scores.relation_recall, scores.relation_precision, scores.core_events, scores.figures)
    typed, recall, precision, events, figures = (_percent(score) for score in fractions)
    return ["micro-average", typed, "", "", "", recall, precision, events, figures]


def _align(table: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in table) for i in range(len(_HEADERS))]
    return [
        "  ".join(
            cell.rjust(widths[i]) if i in _COUNT_COLUMNS else cell.ljust(widths[i]) for i, cell in enumerate(row)
        ).rstrip()
        for row in table
    ]


def format_corpus(report: CorpusReport) -> str:
    """A row per article (sorted by name), the summed totals and their micro-averaged percentages,
    and a line counting the articles left out for want of a graph or a gold file."""
    count = len(report.rows)
    totals = report.totals
    table = [list(_HEADERS)]
    table.extend(_cells(row.article, row.scores) for row in report.rows)
    table.append(_cells(f"total ({count} article{'' if count == 1 else 's'})", totals))
    table.append(_percent_cells(totals))
    missing = (
        f"missing: {len(report.gold_without_graph)} gold file(s) without a graph, "
        f"{len(report.graphs_without_gold)} graph(s) without gold"
    )
    return "\n".join([*_align(table), missing]) + "\n"


def _scores_dict(scores: ArticleScores) -> dict[str, Any]:
    return {
        "core_typed": _score_dict(scores.core_typed),
        "duplicates": scores.duplicates,
        "over_merges": scores.over_merges,
        "noise": scores.noise,
        "relation_recall": _score_dict(scores.relation_recall),
        "relation_precision": _score_dict(scores.relation_precision),
        "core_events": _score_dict(scores.core_events),
        "figures": _score_dict(scores.figures),
    }


def corpus_as_dict(report: CorpusReport) -> dict[str, Any]:
    """JSON-ready form of a corpus report: ``articles`` (one row each), ``totals`` and ``missing``."""
    return {
        "graphs": str(report.graphs_dir),
        "gold": str(report.gold_dir),
        "articles": [
            {"article": row.article, "graph": str(row.graph), "gold": str(row.gold), **_scores_dict(row.scores)}
            for row in report.rows
        ],
        "totals": {"articles": len(report.rows), **_scores_dict(report.totals)},
        "missing": {
            "gold_without_graph": list(report.gold_without_graph),
            "graphs_without_gold": list(report.graphs_without_gold),
        },
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` as indented, key-sorted JSON to ``path`` (atomically)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise OutputError(f"cannot write '{path}': no directory '{path.parent}' (create it, or give another FILE after --json)")
    write_atomic(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
