"""Tests of kgbuild.quality.corpus: ``kgbuild evaluate GRAPHS_DIR GOLD_DIR`` on small hand-made
graphs and gold files (each total's definition, the JSON form, the warnings), and one run over
the seed article's real graph."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kgbuild.errors import InputError, UsageError
from kgbuild.graph.store import load_graph
from kgbuild.ontology import KG, RDF, RDFS, SEM
from kgbuild.quality import evaluate_corpus, evaluate_graph, load_gold
from kgbuild.quality.corpus import find_graphs

from conftest import SEED_ARTICLE, run_cli

from .builders import add_entity, ent, node


def event(graph: Graph, name: str, cls: str, place: str | None = None, actors: tuple[str, ...] = (),
          counts: tuple[tuple[str, int], ...] = ()) -> URIRef:
    """An event typed ``kg:CLS``, with a place, actors and casualty figures ((predicate, number) pairs)."""
    subject = node(name)
    graph.add((subject, RDF.type, KG.Event))
    graph.add((subject, RDF.type, KG[cls]))
    if place:
        graph.add((subject, SEM.hasPlace, node(place)))
    for actor in actors:
        graph.add((subject, SEM.hasActor, node(actor)))
    for index, (predicate, number) in enumerate(counts):
        figure = node(f"{name}-figure-{index}")
        graph.add((subject, KG.casualties, figure))
        graph.add((figure, RDF.type, KG.CasualtyFigure))
        graph.add((figure, KG[predicate], Literal(number)))
    return subject


def write(graphs: Path, gold_dir: Path, name: str, graph: Graph, gold: dict, nested: bool = False) -> None:
    """``graphs/NAME.ttl`` (or ``graphs/NAME/graph.ttl``) and ``gold_dir/NAME.json``."""
    target = graphs / name / "graph.ttl" if nested else graphs / f"{name}.ttl"
    target.parent.mkdir(parents=True, exist_ok=True)
    graph.serialize(target, format="turtle")
    gold_dir.mkdir(parents=True, exist_ok=True)
    (gold_dir / f"{name}.json").write_text(json.dumps(gold), encoding="utf-8")


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "graphs", tmp_path / "gold"


def _score_one(dirs: tuple[Path, Path], graph: Graph, gold: dict):
    write(*dirs, "one", graph, gold)
    report = evaluate_corpus(*dirs, warn=pytest.fail)
    assert [row.article for row in report.rows] == ["one"]
    return report.rows[0].scores


# --- each column's definition ----------------------------------------------------------------------


def test_a_gold_entity_matched_by_three_nodes_counts_two_duplicates(dirs: tuple[Path, Path]) -> None:
    graph = Graph()
    add_entity(graph, "w1", "ArmedGroup", "Wagner")
    add_entity(graph, "w2", "ArmedGroup", "Wagner Group")
    add_entity(graph, "w3", "ArmedGroup", "Russian mercenaries")
    add_entity(graph, "f1", "StateForce", "FAMa")
    add_entity(graph, "f2", "StateForce", "Malian army")
    gold = {"entities": [ent("wagner", "ArmedGroup", "Wagner", "Wagner Group", "Russian mercenaries"),
                         ent("fama", "StateForce", "FAMa", "Malian army")]}
    scores = _score_one(dirs, graph, gold)
    assert scores.duplicates == 3  # 2 extra Wagner nodes, 1 extra FAMa node
    assert scores.over_merges == 0
    assert (scores.core_typed.numerator, scores.core_typed.denominator) == (2, 2)


def test_core_typed_recall_takes_subclasses_not_superclasses_or_other_classes(dirs: tuple[Path, Path]) -> None:
    graph = Graph()
    add_entity(graph, "kidal", "Country", "Kidal")  # a Country is a Place: counts for a gold Place
    add_entity(graph, "mali", "Place", "Mali")  # a Place is not a Country
    add_entity(graph, "goita", "ArmedGroup", "Goita")  # wrong class
    add_entity(graph, "jnim", "ArmedGroup", "JNIM")  # right class
    add_entity(graph, "afp", "Organization", "AFP")  # right class, but not core
    gold = {"entities": [ent("kidal", "Place", "Kidal"), ent("mali", "Country", "Mali"),
                         ent("goita", "Person", "Goita"), ent("jnim", "ArmedGroup", "JNIM"),
                         ent("bamako", "Place", "Bamako"), ent("afp", "Organization", "AFP", core=False)]}
    scores = _score_one(dirs, graph, gold)
    assert (scores.core_typed.numerator, scores.core_typed.denominator) == (2, 5)


def test_a_second_node_of_the_right_class_makes_a_wrong_match_typed(dirs: tuple[Path, Path]) -> None:
    graph = Graph()
    add_entity(graph, "m1", "Place", "Mali")
    add_entity(graph, "m2", "Country", "Republic of Mali")
    scores = _score_one(dirs, graph, {"entities": [ent("mali", "Country", "Mali", "Republic of Mali")]})
    assert (scores.core_typed.numerator, scores.duplicates) == (1, 1)


def test_over_merges_and_noise(dirs: tuple[Path, Path]) -> None:
    graph = Graph()
    merged = add_entity(graph, "army", "StateForce", "Malian army")
    graph.add((merged, RDFS.label, Literal("junta")))
    add_entity(graph, "kp", "Organization", "KYIV POST")
    add_entity(graph, "ua", "Place", "Ukrainian Americans")
    gold = {"entities": [ent("fama", "StateForce", "Malian army"), ent("junta", "Government", "junta")],
            "noise": ["Kyiv Post", "Ukrainian-Americans"]}
    scores = _score_one(dirs, graph, gold)
    assert (scores.over_merges, scores.noise, scores.duplicates) == (1, 2, 0)


def test_relation_recall_and_precision_count_as_the_single_file_report(dirs: tuple[Path, Path]) -> None:
    graph = Graph()
    add_entity(graph, "w", "ArmedGroup", "Wagner")
    add_entity(graph, "f", "StateForce", "FAMa")
    add_entity(graph, "k", "Place", "Kidal")
    graph.add((node("f"), KG.allyOf, node("w")))  # symmetric: right
    graph.add((node("k"), KG.controls, node("w")))  # wrong
    gold = {"entities": [ent("wagner", "ArmedGroup", "Wagner"), ent("fama", "StateForce", "FAMa"),
                         ent("kidal", "Place", "Kidal")],
            "relations": [{"s": "wagner", "p": "allyOf", "o": "fama"}, {"s": "fama", "p": "controls", "o": "kidal"}]}
    scores = _score_one(dirs, graph, gold)
    single = evaluate_graph(graph, gold).relations
    assert scores.relation_recall == single.recall
    assert scores.relation_precision == single.precision
    assert (scores.relation_recall.numerator, scores.relation_recall.denominator) == (1, 2)
    assert (scores.relation_precision.numerator, scores.relation_precision.denominator) == (1, 2)


EVENT_GOLD = {
    "entities": [ent("tinz", "Place", "Tinzaouaten"), ent("kidal", "Place", "Kidal"), ent("csp", "ArmedGroup", "CSP"),
                 ent("fama", "StateForce", "FAMa"), ent("ber", "Place", "Ber")],
    "events": [
        {"id": "battle", "type": "Battle", "core": True, "place": "tinz", "participants": ["csp", "fama"],
         "fatality_figures": [{"value": 17}, {"value": 15}, {"value": "dozens"}]},
        {"id": "capture", "type": "Capture", "core": True, "place": "kidal", "participants": ["fama"],
         "fatality_figures": [{"value": 4}]},
        {"id": "withdrawal", "type": "Withdrawal", "core": True, "place": None, "participants": ["fama"]},
        {"id": "attack", "type": "Attack", "core": False, "place": "ber", "participants": [],
         "fatality_figures": [{"value": 3}]},
    ],
}


def _event_graph() -> Graph:
    graph = Graph()
    for name, cls, label in (("t", "Place", "Tinzaouaten"), ("k", "Place", "Kidal"), ("c", "ArmedGroup", "CSP"),
                             ("f", "StateForce", "FAMa"), ("b", "Place", "Ber")):
        add_entity(graph, name, cls, label)
    # the battle: at the gold place with a gold participant, one figure as a minimum, one exact
    event(graph, "e1", "Battle", place="t", actors=("c",), counts=(("minCount", 17), ("count", 99)))
    # the capture: at the gold place, but no gold participant (found by the single-file rule only)
    event(graph, "e2", "Capture", place="k", counts=(("count", 4),))
    # the withdrawal: no gold place, a gold participant
    event(graph, "e3", "Withdrawal", actors=("f",))
    # a non-core attack at the gold place (the gold lists no participant), with its figure as a maximum
    event(graph, "e4", "Attack", place="b", counts=(("maxCount", 3),))
    return graph


def test_core_event_recall_wants_the_gold_place_and_a_gold_participant(dirs: tuple[Path, Path]) -> None:
    graph = _event_graph()
    scores = _score_one(dirs, graph, EVENT_GOLD)
    assert (scores.core_events.numerator, scores.core_events.denominator) == (2, 3)  # not the capture
    assert evaluate_graph(graph, EVENT_GOLD).events.core_recall.numerator == 3  # the single-file rule


def test_figure_recall_counts_integer_figures_on_matched_events(dirs: tuple[Path, Path]) -> None:
    scores = _score_one(dirs, _event_graph(), EVENT_GOLD)
    # 17 (minCount) and 3 (maxCount) are found; 15 is on no event; 4 is on an event that does not
    # match the gold capture; "dozens" is not an integer figure
    assert (scores.figures.numerator, scores.figures.denominator) == (2, 4)


def test_an_exact_count_is_found(dirs: tuple[Path, Path]) -> None:
    graph = _event_graph()
    event(graph, "e5", "Battle", place="t", actors=("f",), counts=(("count", 15),))
    scores = _score_one(dirs, graph, EVENT_GOLD)
    assert scores.figures.numerator == 3


def test_a_figure_of_the_wrong_event_type_is_not_found(dirs: tuple[Path, Path]) -> None:
    graph = _event_graph()
    event(graph, "e5", "Attack", place="t", actors=("c",), counts=(("count", 15),))
    scores = _score_one(dirs, graph, EVENT_GOLD)
    assert scores.figures.numerator == 2


# --- the corpus: pairing, totals, JSON, warnings ---------------------------------------------------


def _two_articles(dirs: tuple[Path, Path]) -> None:
    first = Graph()
    add_entity(first, "w1", "ArmedGroup", "Wagner")
    add_entity(first, "w2", "ArmedGroup", "Wagner Group")
    add_entity(first, "w3", "ArmedGroup", "Russian mercenaries")
    write(*dirs, "alpha", first, {"entities": [ent("wagner", "ArmedGroup", "Wagner", "Wagner Group", "Russian mercenaries"),
                                               ent("fama", "StateForce", "FAMa")]})
    write(*dirs, "beta", _event_graph(), EVENT_GOLD, nested=True)


def test_totals_are_sums_over_the_articles(dirs: tuple[Path, Path]) -> None:
    _two_articles(dirs)
    report = evaluate_corpus(*dirs, warn=pytest.fail)
    assert [row.article for row in report.rows] == ["alpha", "beta"]
    assert report.rows[1].graph == dirs[0] / "beta" / "graph.ttl"
    totals = report.totals
    assert (totals.core_typed.numerator, totals.core_typed.denominator) == (1 + 5, 2 + 5)
    assert totals.duplicates == 2
    assert (totals.core_events.numerator, totals.core_events.denominator) == (2, 3)
    assert (totals.figures.numerator, totals.figures.denominator) == (2, 4)


def test_cli_table_json_file_and_missing_warnings(dirs: tuple[Path, Path], tmp_path: Path) -> None:
    graphs, gold = dirs
    _two_articles(dirs)
    (gold / "gamma.json").write_text(json.dumps({"entities": []}), encoding="utf-8")  # no graph
    Graph().serialize(graphs / "delta.ttl", format="turtle")  # no gold
    (gold / "README.md").write_text("not a gold file", encoding="utf-8")
    out = tmp_path / "scores.json"
    result = run_cli("evaluate", graphs, gold, "--json", out)
    assert result.returncode == 0, result.stderr
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 2, result.stderr
    assert "warning" in warnings[0] and "gamma.json" in warnings[0] and "counted as missing" in warnings[0]
    assert "warning" in warnings[1] and "delta.ttl" in warnings[1] and "counted as missing" in warnings[1]
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["article", "core", "typed", "dups", "overmerges", "noise", "rel", "recall", "rel",
                                "precision", "core", "events", "figures"]
    assert lines[1].split() == ["alpha", "1/2", "2", "0", "0", "0/0", "0/0", "0/0", "0/0"]
    assert lines[2].split() == ["beta", "5/5", "0", "0", "0", "0/0", "0/0", "2/3", "2/4"]
    assert lines[3].split() == ["total", "(2", "articles)", "6/7", "2", "0", "0", "0/0", "0/0", "2/3", "2/4"]
    assert lines[4].split() == ["micro-average", "85.7%", "n/a", "n/a", "66.7%", "50.0%"]
    assert lines[5] == "missing: 1 gold file(s) without a graph, 1 graph(s) without gold"
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [row["article"] for row in data["articles"]] == ["alpha", "beta"]
    assert data["articles"][0]["duplicates"] == 2
    assert data["articles"][1]["figures"] == {"found": 2, "total": 4, "value": 0.5}
    assert data["totals"]["articles"] == 2
    assert data["totals"]["core_typed"] == {"found": 6, "total": 7, "value": 6 / 7}
    assert data["totals"]["relation_precision"]["value"] is None
    assert data["missing"] == {"gold_without_graph": ["gamma"], "graphs_without_gold": ["delta"]}


def test_cli_json_without_file_prints_it(dirs: tuple[Path, Path]) -> None:
    _two_articles(dirs)
    result = run_cli("evaluate", *dirs, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["totals"]["duplicates"] == 2


def test_a_file_without_json_is_a_usage_error(dirs: tuple[Path, Path], tmp_path: Path) -> None:
    _two_articles(dirs)
    result = run_cli("evaluate", *dirs, tmp_path / "scores.json")
    assert result.returncode == 2
    assert result.stderr.startswith("kgbuild: error: ") and "--json" in result.stderr
    assert not (tmp_path / "scores.json").exists()


def test_both_layouts_of_one_name(dirs: tuple[Path, Path]) -> None:
    graphs, gold = dirs
    _two_articles(dirs)
    Graph().serialize(graphs / "beta.ttl", format="turtle")
    warnings: list[str] = []
    found = find_graphs(graphs, warnings.append)
    assert found["beta"] == graphs / "beta.ttl"
    assert len(warnings) == 1 and "beta.ttl" in warnings[0]


# --- errors --------------------------------------------------------------------------------------


def test_missing_directory_is_a_one_line_error(dirs: tuple[Path, Path], tmp_path: Path) -> None:
    _two_articles(dirs)
    with pytest.raises(InputError, match="no such directory"):
        evaluate_corpus(tmp_path / "nowhere", dirs[1])
    result = run_cli("evaluate", tmp_path / "nowhere", dirs[1])
    assert result.returncode == 1
    assert result.stderr.startswith("kgbuild: error: cannot read graphs directory")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any directory")
def test_unreadable_directory_is_a_one_line_error(dirs: tuple[Path, Path]) -> None:
    _two_articles(dirs)
    dirs[1].chmod(0)
    try:
        with pytest.raises(InputError, match="cannot read gold directory"):
            evaluate_corpus(*dirs)
    finally:
        dirs[1].chmod(0o755)


def test_a_graph_file_with_a_gold_directory_is_a_usage_error(dirs: tuple[Path, Path]) -> None:
    _two_articles(dirs)
    with pytest.raises(UsageError, match="not a directory"):
        evaluate_corpus(dirs[0] / "alpha.ttl", dirs[1])


def test_no_pair_at_all_is_an_error(dirs: tuple[Path, Path]) -> None:
    dirs[0].mkdir()
    dirs[1].mkdir()
    with pytest.raises(InputError, match="no article has both"):
        evaluate_corpus(*dirs, warn=lambda message: None)


# --- the seed article, end to end ----------------------------------------------------------------


def test_seed_graph_end_to_end(seed_graph: Path, gold_file: Path, tmp_path: Path) -> None:
    graphs = tmp_path / "graphs" / SEED_ARTICLE
    graphs.mkdir(parents=True)
    shutil.copy(seed_graph / "graph.ttl", graphs / "graph.ttl")
    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(gold_file, gold / gold_file.name)
    out = tmp_path / "seed.json"
    result = run_cli("evaluate", graphs.parent, gold, "--json", out)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[1].split()[0] == SEED_ARTICLE
    data = json.loads(out.read_text(encoding="utf-8"))
    single = evaluate_graph(load_graph(seed_graph / "graph.ttl"), load_gold(gold_file))
    totals = data["totals"]
    assert totals["articles"] == 1
    assert totals["relation_recall"]["found"] == single.relations.recall.numerator
    assert totals["relation_precision"]["total"] == single.relations.precision.denominator
    assert totals["core_typed"]["total"] == single.entities.gold_core
    assert totals["core_typed"]["found"] <= single.entities.core_recall.numerator
    assert totals["core_events"]["found"] <= single.events.core_recall.numerator
    assert totals["figures"]["total"] > 0
