"""Tests of kgbuild.quality.score: scoring hand-built graphs against hand-written gold dicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from kgbuild.ontology import KG, RDF, RDFS, SCHEMA, SEM, SKOS
from kgbuild.quality import EvaluationReport, evaluate_graph, format_report, load_gold, report_as_dict

from .builders import CSP, FAMA, GOITA, JUNTA, KIDAL, MALI, TINZ, WAGNER, add_entity, ent, gold_of, node

REAL_GOLD = Path(__file__).resolve().parents[2].parent / "shared" / "gold" / "afp-kyivpost-tinzaouaten.json"


def test_perfect_match() -> None:
    graph = Graph()
    add_entity(graph, "wagner", "ArmedGroup", "Wagner Group", "Russian mercenaries")
    add_entity(graph, "fama", "StateForce", "Malian army")
    add_entity(graph, "goita", "Person", "Assimi Goita")
    report = evaluate_graph(graph, gold_of(WAGNER, FAMA, GOITA))
    assert isinstance(report, EvaluationReport)
    assert report.entities.output == 3
    assert (report.entities.recall.numerator, report.entities.recall.denominator) == (3, 3)
    assert report.entities.recall.value == 1.0
    assert report.entities.core_recall.value == 1.0
    assert report.entities.type_accuracy.value == 1.0
    assert report.entities.missed == ()
    assert report.entities.duplicates == () and report.entities.over_merges == () and report.entities.noise == ()
    assert report.entities.unmatched == ()


def test_folding_of_accents_case_punctuation_and_leading_the() -> None:
    graph = Graph()
    add_entity(graph, "goita", "Person", "ASSIMI GOÏTA")
    add_entity(graph, "fama", "StateForce", "The Army")
    add_entity(graph, "tinz", "Place", "Tin Zaouatene")
    add_entity(graph, "csp", "ArmedGroup", "csp-dpa")
    add_entity(graph, "wagner", "ArmedGroup", "\u201cWagner.\u201d")
    report = evaluate_graph(graph, gold_of(GOITA, FAMA, TINZ, CSP, WAGNER))
    assert report.entities.recall.value == 1.0
    assert report.entities.duplicates == ()


def test_other_label_predicates_count() -> None:
    graph = Graph()
    subject = node("x")
    graph.add((subject, RDF.type, KG.Person))
    graph.add((subject, SCHEMA.name, Literal("Goita")))
    other = node("y")
    graph.add((other, RDF.type, KG.Place))
    graph.add((other, SKOS.prefLabel, Literal("Kidal")))
    report = evaluate_graph(graph, gold_of(GOITA, KIDAL))
    assert report.entities.recall.value == 1.0


def test_untyped_and_event_subjects_are_not_entities() -> None:
    graph = Graph()
    graph.add((node("x"), RDFS.label, Literal("Wagner")))
    graph.add((node("e"), RDF.type, KG.Battle))
    graph.add((node("e"), RDFS.label, Literal("Wagner")))
    report = evaluate_graph(graph, gold_of(WAGNER))
    assert report.entities.output == 0
    assert report.entities.recall.numerator == 0


def test_duplicate() -> None:
    graph = Graph()
    add_entity(graph, "w1", "ArmedGroup", "Wagner")
    add_entity(graph, "w2", "ArmedGroup", "Russian mercenaries")
    report = evaluate_graph(graph, gold_of(WAGNER))
    assert report.entities.recall.value == 1.0
    assert len(report.entities.duplicates) == 1
    assert report.entities.duplicates[0].gold_id == "wagner"
    assert set(report.entities.duplicates[0].output_labels) == {"Wagner", "Russian mercenaries"}
    assert report.entities.over_merges == ()
    assert "Russian mercenaries" in format_report(report)


def test_over_merge() -> None:
    graph = Graph()
    add_entity(graph, "m", "StateForce", "Malian army", "junta")
    report = evaluate_graph(graph, gold_of(FAMA, JUNTA))
    assert report.entities.recall.value == 1.0
    assert len(report.entities.over_merges) == 1
    assert report.entities.over_merges[0].output_label == "Malian army"
    assert report.entities.over_merges[0].gold_ids == ("fama", "junta")
    assert report.entities.duplicates == ()
    # the merged entity has the junta's pair typed wrong
    assert [t.gold_id for t in report.entities.type_mismatches] == ["junta"]


def test_noise_entity_and_unmatched() -> None:
    graph = Graph()
    add_entity(graph, "kp", "Organization", "KYIV POST")
    add_entity(graph, "ua", "Place", "Ukrainian Americans")
    add_entity(graph, "bamako", "Place", "Bamako")
    add_entity(graph, "w", "ArmedGroup", "Wagner")
    gold = gold_of(WAGNER, noise=["Kyiv Post", "Ukrainian-Americans"])
    report = evaluate_graph(graph, gold)
    assert sorted(n.output_label for n in report.entities.noise) == [
        "KYIV POST",
        "Ukrainian Americans",
    ]
    assert {n.noise for n in report.entities.noise} == {"Kyiv Post", "Ukrainian-Americans"}
    assert report.entities.unmatched == ("Bamako",)
    assert report.entities.output == 4


def test_core_vs_all_recall() -> None:
    graph = Graph()
    add_entity(graph, "w", "ArmedGroup", "Wagner")
    add_entity(graph, "k", "Place", "Kidal")
    gold = gold_of(
        WAGNER,
        FAMA,
        ent("kidal", "Place", "Kidal", core=False),
        ent("afp", "Organization", "AFP", core=False),
    )
    report = evaluate_graph(graph, gold)
    assert (report.entities.recall.numerator, report.entities.recall.denominator) == (2, 4)
    assert (report.entities.core_recall.numerator, report.entities.core_recall.denominator) == (1, 2)
    assert [(m.id, m.core) for m in report.entities.missed] == [("fama", True), ("afp", False)]


def test_type_mismatch_is_reported() -> None:
    graph = Graph()
    add_entity(graph, "m", "Place", "Mali")
    add_entity(graph, "k", "Place", "Kidal")
    graph.add((node("k"), RDF.type, KG.Actor))  # a generic extra class does not spoil the type
    report = evaluate_graph(graph, gold_of(MALI, KIDAL))
    assert (report.entities.type_accuracy.numerator, report.entities.type_accuracy.denominator) == (1, 2)
    assert len(report.entities.type_mismatches) == 1
    mismatch = report.entities.type_mismatches[0]
    assert (mismatch.gold_id, mismatch.gold_type, mismatch.output_type) == (
        "mali",
        "Country",
        "Place",
    )


def test_country_typed_also_place_counts_as_country() -> None:
    graph = Graph()
    add_entity(graph, "m", "Country", "Mali")
    graph.add((node("m"), RDF.type, KG.Place))
    report = evaluate_graph(graph, gold_of(MALI))
    assert report.entities.type_accuracy.value == 1.0


# --------------------------------------------------------------------------------------------
# relations


def _wagner_fama_graph() -> Graph:
    graph = Graph()
    add_entity(graph, "w", "ArmedGroup", "Wagner")
    add_entity(graph, "f", "StateForce", "Malian army")
    return graph


def test_symmetric_relation_found_in_reverse_direction() -> None:
    graph = _wagner_fama_graph()
    graph.add((node("f"), KG.allyOf, node("w")))
    gold = gold_of(WAGNER, FAMA, relations=[{"s": "wagner", "p": "allyOf", "o": "fama"}])
    report = evaluate_graph(graph, gold)
    assert report.relations.recall.value == 1.0
    assert report.relations.precision.value == 1.0


def test_symmetric_flag_makes_any_predicate_symmetric() -> None:
    graph = _wagner_fama_graph()
    graph.add((node("f"), KG.affiliatedWith, node("w")))
    gold = gold_of(
        WAGNER,
        FAMA,
        relations=[{"s": "wagner", "p": "affiliatedWith", "o": "fama", "symmetric": True}],
    )
    assert evaluate_graph(graph, gold).relations.recall.value == 1.0


def test_asymmetric_relation_not_found_in_reverse_direction() -> None:
    graph = Graph()
    add_entity(graph, "g", "Person", "Goita")
    add_entity(graph, "j", "Government", "junta")
    graph.add((node("j"), KG.leaderOf, node("g")))
    gold = gold_of(GOITA, JUNTA, relations=[{"s": "goita", "p": "leaderOf", "o": "junta"}])
    report = evaluate_graph(graph, gold)
    assert (report.relations.recall.numerator, report.relations.recall.denominator) == (0, 1)
    assert (report.relations.precision.numerator, report.relations.precision.denominator) == (0, 1)
    assert [str(r) for r in report.relations.missed] == ["goita leaderOf junta"]
    assert [(r.s, r.p, r.o) for r in report.relations.wrong] == [("junta", "leaderOf", "goita")]


def test_alt_o_is_accepted() -> None:
    graph = Graph()
    add_entity(graph, "f", "StateForce", "Malian army")
    add_entity(graph, "m", "Country", "Mali")
    add_entity(graph, "j", "Government", "junta")
    graph.add((node("f"), KG.partOf, node("m")))
    gold = gold_of(
        FAMA, JUNTA, MALI, relations=[{"s": "fama", "p": "partOf", "o": "junta", "alt_o": ["mali"]}]
    )
    report = evaluate_graph(graph, gold)
    assert report.relations.recall.value == 1.0
    assert report.relations.precision.value == 1.0


def test_precision_is_na_without_relations() -> None:
    graph = _wagner_fama_graph()
    gold = gold_of(WAGNER, FAMA, relations=[{"s": "wagner", "p": "allyOf", "o": "fama"}])
    report = evaluate_graph(graph, gold)
    assert report.relations.output == 0
    assert report.relations.precision.denominator == 0
    assert report.relations.precision.value is None
    assert report.relations.recall.value == 0.0
    assert "n/a" in format_report(report)
    assert report_as_dict(report)["relations"]["precision"]["value"] is None


def test_relations_with_unmatched_or_over_merged_ends_are_unscored() -> None:
    graph = Graph()
    add_entity(graph, "w", "ArmedGroup", "Wagner")
    add_entity(graph, "b", "Place", "Bamako")
    add_entity(graph, "m", "StateForce", "Malian army", "junta")
    graph.add((node("w"), KG.controls, node("b")))
    graph.add((node("w"), KG.allyOf, node("m")))
    graph.add((node("w"), KG.near, node("b")))  # not a gold predicate: ignored
    gold = gold_of(WAGNER, FAMA, JUNTA, relations=[{"s": "wagner", "p": "allyOf", "o": "fama"}])
    report = evaluate_graph(graph, gold)
    assert report.relations.output == 2
    assert report.relations.unscored == 2
    assert report.relations.precision.value is None
    assert report.relations.recall.value == 0.0


# --------------------------------------------------------------------------------------------
# events


def test_event_matched_by_place_and_by_participants() -> None:
    graph = Graph()
    add_entity(graph, "t", "Place", "Tinzaouaten")
    add_entity(graph, "f", "StateForce", "Malian army")
    add_entity(graph, "c", "ArmedGroup", "CSP")
    battle = node("ev1")
    graph.add((battle, RDF.type, KG.Battle))
    graph.add((battle, SEM.hasPlace, node("t")))
    crash = node("ev2")
    graph.add((crash, RDF.type, KG.Crash))
    graph.add((crash, KG.target, node("f")))
    wrong_type = node("ev3")
    graph.add((wrong_type, RDF.type, KG.Attack))
    graph.add((wrong_type, SEM.hasPlace, node("t")))
    gold = gold_of(
        TINZ,
        FAMA,
        CSP,
        KIDAL,
        events=[
            {
                "id": "battle",
                "type": "Battle",
                "core": True,
                "participants": ["csp"],
                "place": "tinz",
            },
            {"id": "crash", "type": "Crash", "core": False, "participants": ["fama", "csp"]},
            {
                "id": "capture",
                "type": "Capture",
                "core": True,
                "participants": ["fama"],
                "place": "kidal",
            },
            {
                "id": "battle2",
                "type": "Battle",
                "core": False,
                "participants": ["csp"],
                "place": "kidal",
            },
        ],
    )
    report = evaluate_graph(graph, gold)
    assert report.events.output == 3
    assert (report.events.recall.numerator, report.events.recall.denominator) == (2, 4)
    assert (report.events.core_recall.numerator, report.events.core_recall.denominator) == (1, 2)
    assert [e.id for e in report.events.missed] == ["capture", "battle2"]


# --------------------------------------------------------------------------------------------
# the real gold file


@pytest.mark.skipif(
    not REAL_GOLD.exists(), reason="shared/gold/afp-kyivpost-tinzaouaten.json not present"
)
def test_empty_graph_against_real_gold() -> None:
    gold = load_gold(REAL_GOLD)
    raw = json.loads(REAL_GOLD.read_text(encoding="utf-8"))
    n_entities = len(raw["entities"])
    n_core = sum(1 for e in raw["entities"] if e.get("core"))
    n_events = len(raw.get("events", []))
    n_core_events = sum(1 for e in raw.get("events", []) if e.get("core"))
    n_relations = len(raw.get("relations", []))

    report = evaluate_graph(Graph(), gold)
    assert report.entities.output == 0
    assert report.entities.recall.numerator == 0 and report.entities.recall.value == 0.0
    assert report.entities.core_recall.value == 0.0
    assert report.entities.gold == report.entities.recall.denominator == n_entities
    assert report.entities.gold_core == report.entities.core_recall.denominator == n_core
    assert len(report.entities.missed) == n_entities
    assert report.events.gold == report.events.recall.denominator == n_events
    assert report.events.core_recall.denominator == n_core_events
    assert report.events.recall.numerator == 0
    assert report.relations.recall.denominator == n_relations
    assert report.relations.precision.value is None
    assert report.entities.type_accuracy.value is None
    text = format_report(report)
    assert f"0/{n_entities}" in text
