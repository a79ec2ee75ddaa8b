"""Tests of kgbuild.evaluate: scoring hand-built graphs against hand-written gold dicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kgbuild.errors import InputError
from kgbuild.evaluate import (
    EvaluationReport,
    evaluate_graph,
    format_report,
    load_gold,
    normalise_label,
    report_as_dict,
)
from kgbuild.ontology import ID_IRI, KG, RDF, RDFS, SCHEMA, SEM, SKOS

REAL_GOLD = (
    Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "afp-kyivpost-tinzaouaten.json"
)


def node(name: str) -> URIRef:
    return URIRef(ID_IRI + name)


def add_entity(graph: Graph, name: str, cls: str, label: str, *alt: str) -> URIRef:
    subject = node(name)
    graph.add((subject, RDF.type, KG[cls]))
    graph.add((subject, RDFS.label, Literal(label)))
    for text in alt:
        graph.add((subject, SKOS.altLabel, Literal(text)))
    return subject


def gold_of(*entities: dict, noise=(), relations=(), events=()) -> dict:
    return {
        "entities": list(entities),
        "noise": list(noise),
        "relations": list(relations),
        "events": list(events),
    }


def ent(id_: str, type_: str, *aliases: str, core: bool = True) -> dict:
    return {"id": id_, "type": type_, "aliases": list(aliases), "core": core}


WAGNER = ent("wagner", "ArmedGroup", "Wagner", "Wagner Group", "Russian mercenaries")
FAMA = ent("fama", "StateForce", "Malian army", "the army", "FAMa")
GOITA = ent("goita", "Person", "Assimi Goita", "Goita")
JUNTA = ent("junta", "Government", "Malian junta", "junta")
MALI = ent("mali", "Country", "Mali")
KIDAL = ent("kidal", "Place", "Kidal")
TINZ = ent("tinz", "Place", "Tinzaouaten", "Tin-Zaouatene")
CSP = ent("csp", "ArmedGroup", "CSP-DPA", "CSP")


# --------------------------------------------------------------------------------------------
# entities


def test_normalise_label_folds_case_accents_punctuation_and_leading_the() -> None:
    assert normalise_label("Assimi Goïta") == normalise_label("ASSIMI GOITA") == "assimi goita"
    assert normalise_label("Ukrainian-Americans") == normalise_label("Ukrainian Americans")
    assert normalise_label("Tin-Zaouatene") == normalise_label("Tin  Zaouatene") == "tin zaouatene"
    assert normalise_label("CSP-DPA") == normalise_label("csp-dpa")
    assert normalise_label("The Army") == normalise_label("army") == "army"
    assert (
        normalise_label("Wagner\u2019s forces")
        == normalise_label("Wagner's forces")
        == "wagners forces"
    )
    assert normalise_label("\u201cthe regime\u201d") == "regime"
    assert normalise_label("Theodore") == "theodore"


def test_perfect_match() -> None:
    graph = Graph()
    add_entity(graph, "wagner", "ArmedGroup", "Wagner Group", "Russian mercenaries")
    add_entity(graph, "fama", "StateForce", "Malian army")
    add_entity(graph, "goita", "Person", "Assimi Goita")
    report = evaluate_graph(graph, gold_of(WAGNER, FAMA, GOITA))
    assert isinstance(report, EvaluationReport)
    assert report.output_entity_count == 3
    assert (report.entity_recall.numerator, report.entity_recall.denominator) == (3, 3)
    assert report.entity_recall.value == 1.0
    assert report.core_entity_recall.value == 1.0
    assert report.type_accuracy.value == 1.0
    assert report.missed_entities == ()
    assert report.duplicates == () and report.over_merges == () and report.noise_entities == ()
    assert report.unmatched_entities == ()


def test_folding_of_accents_case_punctuation_and_leading_the() -> None:
    graph = Graph()
    add_entity(graph, "goita", "Person", "ASSIMI GOÏTA")
    add_entity(graph, "fama", "StateForce", "The Army")
    add_entity(graph, "tinz", "Place", "Tin Zaouatene")
    add_entity(graph, "csp", "ArmedGroup", "csp-dpa")
    add_entity(graph, "wagner", "ArmedGroup", "\u201cWagner.\u201d")
    report = evaluate_graph(graph, gold_of(GOITA, FAMA, TINZ, CSP, WAGNER))
    assert report.entity_recall.value == 1.0
    assert report.duplicates == ()


def test_other_label_predicates_count() -> None:
    graph = Graph()
    subject = node("x")
    graph.add((subject, RDF.type, KG.Person))
    graph.add((subject, SCHEMA.name, Literal("Goita")))
    other = node("y")
    graph.add((other, RDF.type, KG.Place))
    graph.add((other, SKOS.prefLabel, Literal("Kidal")))
    report = evaluate_graph(graph, gold_of(GOITA, KIDAL))
    assert report.entity_recall.value == 1.0


def test_untyped_and_event_subjects_are_not_entities() -> None:
    graph = Graph()
    graph.add((node("x"), RDFS.label, Literal("Wagner")))
    graph.add((node("e"), RDF.type, KG.Battle))
    graph.add((node("e"), RDFS.label, Literal("Wagner")))
    report = evaluate_graph(graph, gold_of(WAGNER))
    assert report.output_entity_count == 0
    assert report.entity_recall.numerator == 0


def test_duplicate() -> None:
    graph = Graph()
    add_entity(graph, "w1", "ArmedGroup", "Wagner")
    add_entity(graph, "w2", "ArmedGroup", "Russian mercenaries")
    report = evaluate_graph(graph, gold_of(WAGNER))
    assert report.entity_recall.value == 1.0
    assert len(report.duplicates) == 1
    assert report.duplicates[0].gold_id == "wagner"
    assert set(report.duplicates[0].output_labels) == {"Wagner", "Russian mercenaries"}
    assert report.over_merges == ()
    assert "Russian mercenaries" in format_report(report)


def test_over_merge() -> None:
    graph = Graph()
    add_entity(graph, "m", "StateForce", "Malian army", "junta")
    report = evaluate_graph(graph, gold_of(FAMA, JUNTA))
    assert report.entity_recall.value == 1.0
    assert len(report.over_merges) == 1
    assert report.over_merges[0].output_label == "Malian army"
    assert report.over_merges[0].gold_ids == ("fama", "junta")
    assert report.duplicates == ()
    # the merged entity has the junta's pair typed wrong
    assert [t.gold_id for t in report.type_mismatches] == ["junta"]


def test_noise_entity_and_unmatched() -> None:
    graph = Graph()
    add_entity(graph, "kp", "Organization", "KYIV POST")
    add_entity(graph, "ua", "Place", "Ukrainian Americans")
    add_entity(graph, "bamako", "Place", "Bamako")
    add_entity(graph, "w", "ArmedGroup", "Wagner")
    gold = gold_of(WAGNER, noise=["Kyiv Post", "Ukrainian-Americans"])
    report = evaluate_graph(graph, gold)
    assert sorted(n.output_label for n in report.noise_entities) == [
        "KYIV POST",
        "Ukrainian Americans",
    ]
    assert {n.noise for n in report.noise_entities} == {"Kyiv Post", "Ukrainian-Americans"}
    assert report.unmatched_entities == ("Bamako",)
    assert report.output_entity_count == 4


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
    assert (report.entity_recall.numerator, report.entity_recall.denominator) == (2, 4)
    assert (report.core_entity_recall.numerator, report.core_entity_recall.denominator) == (1, 2)
    assert [(m.id, m.core) for m in report.missed_entities] == [("fama", True), ("afp", False)]


def test_type_mismatch_is_reported() -> None:
    graph = Graph()
    add_entity(graph, "m", "Place", "Mali")
    add_entity(graph, "k", "Place", "Kidal")
    graph.add((node("k"), RDF.type, KG.Actor))  # a generic extra class does not spoil the type
    report = evaluate_graph(graph, gold_of(MALI, KIDAL))
    assert (report.type_accuracy.numerator, report.type_accuracy.denominator) == (1, 2)
    assert len(report.type_mismatches) == 1
    mismatch = report.type_mismatches[0]
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
    assert report.type_accuracy.value == 1.0


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
    assert report.relation_recall.value == 1.0
    assert report.relation_precision.value == 1.0


def test_symmetric_flag_makes_any_predicate_symmetric() -> None:
    graph = _wagner_fama_graph()
    graph.add((node("f"), KG.affiliatedWith, node("w")))
    gold = gold_of(
        WAGNER,
        FAMA,
        relations=[{"s": "wagner", "p": "affiliatedWith", "o": "fama", "symmetric": True}],
    )
    assert evaluate_graph(graph, gold).relation_recall.value == 1.0


def test_asymmetric_relation_not_found_in_reverse_direction() -> None:
    graph = Graph()
    add_entity(graph, "g", "Person", "Goita")
    add_entity(graph, "j", "Government", "junta")
    graph.add((node("j"), KG.leaderOf, node("g")))
    gold = gold_of(GOITA, JUNTA, relations=[{"s": "goita", "p": "leaderOf", "o": "junta"}])
    report = evaluate_graph(graph, gold)
    assert (report.relation_recall.numerator, report.relation_recall.denominator) == (0, 1)
    assert (report.relation_precision.numerator, report.relation_precision.denominator) == (0, 1)
    assert [str(r) for r in report.missed_relations] == ["goita leaderOf junta"]
    assert [(r.s, r.p, r.o) for r in report.wrong_relations] == [("junta", "leaderOf", "goita")]


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
    assert report.relation_recall.value == 1.0
    assert report.relation_precision.value == 1.0


def test_precision_is_na_without_relations() -> None:
    graph = _wagner_fama_graph()
    gold = gold_of(WAGNER, FAMA, relations=[{"s": "wagner", "p": "allyOf", "o": "fama"}])
    report = evaluate_graph(graph, gold)
    assert report.output_relation_count == 0
    assert report.relation_precision.denominator == 0
    assert report.relation_precision.value is None
    assert report.relation_recall.value == 0.0
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
    assert report.output_relation_count == 2
    assert report.unscored_relation_count == 2
    assert report.relation_precision.value is None
    assert report.relation_recall.value == 0.0


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
    assert report.output_event_count == 3
    assert (report.event_recall.numerator, report.event_recall.denominator) == (2, 4)
    assert (report.core_event_recall.numerator, report.core_event_recall.denominator) == (1, 2)
    assert [e.id for e in report.missed_events] == ["capture", "battle2"]


# --------------------------------------------------------------------------------------------
# output


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


# --------------------------------------------------------------------------------------------
# load_gold


def test_load_gold_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    with pytest.raises(InputError) as info:
        load_gold(path)
    message = str(info.value)
    assert str(path) in message and "not found" in message and "\n" not in message


def test_load_gold_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"entities": [', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_gold(path)
    assert str(path) in str(info.value) and "invalid JSON" in str(info.value)


def test_load_gold_missing_entities(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text('{"noise": []}', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_gold(path)
    assert str(path) in str(info.value) and '"entities"' in str(info.value)


@pytest.mark.parametrize(
    "entity",
    [
        {"type": "Person", "aliases": ["X"]},
        {"id": "x", "aliases": ["X"]},
        {"id": "x", "type": "Person"},
        {"id": "x", "type": "Person", "aliases": "X"},
    ],
)
def test_load_gold_incomplete_entity(tmp_path: Path, entity: dict) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"entities": [entity]}), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_gold(path)
    assert str(path) in str(info.value) and "entities[0]" in str(info.value)


def test_load_gold_relation_with_unknown_id(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(
        json.dumps(
            {"entities": [WAGNER], "relations": [{"s": "wagner", "p": "allyOf", "o": "ghost"}]}
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="ghost"):
        load_gold(path)


def test_load_gold_ok(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold_of(WAGNER)), encoding="utf-8")
    assert load_gold(path)["entities"][0]["id"] == "wagner"


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
    assert report.output_entity_count == 0
    assert report.entity_recall.numerator == 0 and report.entity_recall.value == 0.0
    assert report.core_entity_recall.value == 0.0
    assert report.gold_entity_count == report.entity_recall.denominator == n_entities
    assert report.gold_core_entity_count == report.core_entity_recall.denominator == n_core
    assert len(report.missed_entities) == n_entities
    assert report.gold_event_count == report.event_recall.denominator == n_events
    assert report.core_event_recall.denominator == n_core_events
    assert report.event_recall.numerator == 0
    assert report.relation_recall.denominator == n_relations
    assert report.relation_precision.value is None
    assert report.type_accuracy.value is None
    text = format_report(report)
    assert f"0/{n_entities}" in text
