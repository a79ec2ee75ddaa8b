"""Tests of kgbuild.quality.report: the text and JSON forms of a single-file evaluation."""

from __future__ import annotations

import json

from rdflib import Graph

from kgbuild.quality import evaluate_graph, format_report, report_as_dict

from kgbuild.ontology import KG

from .builders import FAMA, MALI, WAGNER, add_entity, gold_of, node


def test_format_report_and_dict() -> None:
    graph = Graph()
    add_entity(graph, "w1", "ArmedGroup", "Wagner")
    add_entity(graph, "w2", "ArmedGroup", "Wagner Group")
    add_entity(graph, "kp", "Organization", "Kyiv Post")
    gold = gold_of(WAGNER, FAMA, noise=["Kyiv Post"])
    gold["doc"] = "sample.txt"
    report = evaluate_graph(graph, gold)
    text = format_report(report)
    assert "\x1b" not in text
    assert "sample.txt" in text
    assert "entity recall" in text and "1/2" in text
    assert '"Kyiv Post"' in text
    assert "fama (StateForce)" in text
    data = report_as_dict(report)
    json.dumps(data)
    assert data["entities"]["recall"] == {"found": 1, "total": 2, "value": 0.5}
    assert data["entities"]["duplicates"][0]["gold_id"] == "wagner"


EXPECTED_REPORT = """\
Evaluation against gold sample.txt
==================================
Entities
  gold entities              3 (3 core)
  output entities            5
  entity recall              2/3      66.7%
  core entity recall         2/3      66.7%
  type accuracy              2/3      66.7%  (of matched output/gold pairs)
  duplicates                 1
  over-merges                0
  noise entities             1
  unmatched output entities  1
Relations
  gold relations             1
  output relations           1 (1 scored: both ends matched to one gold entity)
  relation recall            0/1       0.0%
  relation precision         0/1       0.0%  (of scored output relations)
Events
  gold events                1 (1 core)
  output events              0
  event recall               0/1       0.0%
  core event recall          0/1       0.0%

Missed entities (1)  [* = core]:
  * fama (StateForce): "Malian army"

Duplicates (1)  [gold id: output labels]:
  wagner: "Wagner"; "Wagner Group"

Over-merges (0):
  (none)

Noise entities (1)  [output label: noise string]:
  "Kyiv Post": "Kyiv Post"

Type mismatches (1)  [gold id: gold type -> output type (output label)]:
  mali: Country -> Place ("Mali")

Unmatched output entities (1):
  "Bamako"

Missed relations (1):
  wagner allyOf fama

Scored output relations matching no gold relation (1):
  wagner allyOf mali  ("Wagner" -> "Mali")

Missed events (1)  [* = core]:
  * battle (Battle, place mali)
"""
"""The text of the report below, as ``kgbuild evaluate GRAPH GOLD`` has always printed it."""


def test_format_report_layout_is_unchanged() -> None:
    graph = Graph()
    add_entity(graph, "w1", "ArmedGroup", "Wagner")
    add_entity(graph, "w2", "ArmedGroup", "Wagner Group")
    add_entity(graph, "m", "Place", "Mali")
    add_entity(graph, "kp", "Organization", "Kyiv Post")
    add_entity(graph, "b", "Place", "Bamako")
    graph.add((node("w1"), KG.allyOf, node("m")))
    gold = gold_of(
        WAGNER,
        FAMA,
        MALI,
        noise=["Kyiv Post"],
        relations=[{"s": "wagner", "p": "allyOf", "o": "fama"}],
        events=[{"id": "battle", "type": "Battle", "core": True, "participants": ["fama"], "place": "mali"}],
    )
    gold["doc"] = "sample.txt"
    assert format_report(evaluate_graph(graph, gold)) == EXPECTED_REPORT
