"""Quality stage: the text and JSON forms of evaluation reports (``kgbuild evaluate``).

:func:`format_report` and :func:`report_as_dict` render the report of one graph against one gold
file. Text has no colour codes; JSON scores are ``{"found", "total", "value"}`` with ``value`` null when there is nothing
to count.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kgbuild.errors import OutputError
from kgbuild.files import write_atomic
from kgbuild.quality.records import EntityScores, EvaluationReport, EventScores, RelationScores, Score

__all__ = ["format_report", "report_as_dict", "write_json"]


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


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` as indented, key-sorted JSON to ``path`` (atomically)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise OutputError(f"cannot write '{path}': no directory '{path.parent}' (create it, or give another FILE after --json)")
    write_atomic(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
