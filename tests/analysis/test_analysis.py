"""Graph analytics: the real ``kgbuild analyze`` on the seed graph, and the measures on small graphs
built by hand with rdflib (so each number can be checked by reasoning, not by a golden file)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from conftest import run_cli
from kgbuild.analysis import (
    ActorRank,
    NoPathError,
    co_participation,
    communities,
    find_node,
    rank_actors,
    shortest_path,
    to_networkx,
)
from kgbuild.errors import UsageError
from kgbuild.ontology import ID_IRI, KG, PROV, RDF, RDFS, SEM, SKOS, XSD

SEED_TOP_THREE = {"CSP-DPA", "Malian Armed Forces", "Wagner Group"}


# --------------------------------------------------------------------------- the CLI on the seed


def analyze(seed_graph: Path, *args: str):
    return run_cli("analyze", seed_graph / "graph.ttl", *args)


def analyze_json(seed_graph: Path, *args: str) -> dict:
    result = analyze(seed_graph, "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_seed_top_three_actors(seed_graph: Path) -> None:
    data = analyze_json(seed_graph, "--top", "3")
    assert [r["rank"] for r in data["top_actors"]] == [1, 2, 3]
    assert {r["label"] for r in data["top_actors"]} == SEED_TOP_THREE
    for row in data["top_actors"]:
        assert row["score"] == pytest.approx(row["evidence"] * (1 + row["betweenness"]), abs=1e-4)


def test_seed_ranking_keeps_places_out_and_countries_in(seed_graph: Path) -> None:
    data = analyze_json(seed_graph, "--top", "100")
    classes = {r["class"] for r in data["top_actors"]}
    assert "Place" not in classes
    assert "Country" in classes
    labels = [r["label"] for r in data["top_actors"]]
    assert "Tinzaouaten" not in labels and "Kidal" not in labels
    scores = [r["score"] for r in data["top_actors"]]
    assert scores == sorted(scores, reverse=True)


def test_seed_table_shows_the_same_top_actors_as_json(seed_graph: Path) -> None:
    table = analyze(seed_graph, "--top", "3")
    assert table.returncode == 0, table.stderr
    top = table.stdout.split("Communities")[0]
    ranked = [r["label"] for r in analyze_json(seed_graph, "--top", "3")["top_actors"]]
    positions = [top.index(label) for label in ranked]
    assert positions == sorted(positions), top
    for header in ("rank", "actor", "class", "degree", "betweenness"):
        assert header in top
    assert "Co-participation" in table.stdout


def test_seed_json_has_every_section_in_a_fixed_order(seed_graph: Path) -> None:
    data = analyze_json(seed_graph)
    assert list(data) == ["top_actors", "communities", "co_participation", "path"]
    assert data["path"] is None
    members = [m for group in data["communities"] for m in group]
    assert len(members) == len(set(members))
    assert SEED_TOP_THREE & set(members)
    pairs = {frozenset((p["actor_a"], p["actor_b"])): p["shared_events"] for p in data["co_participation"]}
    # the article's battle: the army and Wagner against the rebels
    assert pairs[frozenset(("CSP-DPA", "Malian Armed Forces"))] >= 1
    assert pairs[frozenset(("Malian Armed Forces", "Wagner Group"))] >= 1


def test_seed_path_from_goita_to_tinzaouaten_with_evidence(seed_graph: Path, corpus_article: Path) -> None:
    data = analyze_json(seed_graph, "--path", "Assimi Goita", "Tinzaouaten")
    path = data["path"]
    assert path["found"] is True
    steps = path["steps"]
    assert steps, path
    assert steps[0]["source"] == "Assimi Goïta"
    assert steps[-1]["target"] == "Tinzaouaten"
    for before, after in zip(steps, steps[1:]):
        assert before["target_iri"] == after["source_iri"]
    text = corpus_article.read_text(encoding="utf-8")
    for step in steps:
        assert step["link"], step
        assert step["evidence"], f"step without evidence: {step}"
        for ev in step["evidence"]:
            assert ev["sentence"] and ev["sentence"] in text  # traceable to the article, word for word
            assert ev["file"] == corpus_article.name


def test_seed_path_table_shows_a_sentence_under_every_step(seed_graph: Path) -> None:
    result = analyze(seed_graph, "--path", "assimi goïta", "TINZAWATEN")
    assert result.returncode == 0, result.stderr
    section = result.stdout.split("Path: ", 1)[1]
    assert section.startswith("Assimi Goïta → Tinzaouaten")
    blocks = re.split(r"\n\s+\d+\. ", section)[1:]
    assert blocks, section
    for block in blocks:
        assert "“" in block and "(afp-kyivpost-tinzaouaten.txt)" in block, block


def test_seed_unknown_name_exits_2_with_close_matches(seed_graph: Path) -> None:
    result = analyze(seed_graph, "--path", "Assimi Gaita", "Tinzaouaten")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Assimi Gaita" in result.stderr and "Assimi Goïta" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_format_and_bad_top_exit_2(seed_graph: Path) -> None:
    assert analyze(seed_graph, "--format", "xml").returncode == 2
    assert analyze(seed_graph, "--top", "0").returncode == 2


def test_seed_output_is_deterministic(seed_graph: Path) -> None:
    for args in (("--path", "Assimi Goita", "Tinzaouaten"), ("--format", "json", "--path", "Wagner", "Kidal")):
        first, second = analyze(seed_graph, *args), analyze(seed_graph, *args)
        assert first.returncode == second.returncode == 0, first.stderr
        assert first.stdout == second.stdout


def test_cli_no_path_exits_1_with_a_message(tmp_path: Path) -> None:
    graph_file = tmp_path / "two-islands.ttl"
    island_graph().serialize(graph_file, format="turtle")
    result = run_cli("analyze", graph_file, "--path", "Alpha Front", "Gamma Town")
    assert result.returncode == 1
    assert "no path from 'Alpha Front' to 'Gamma Town'" in result.stderr
    assert "Top actors" in result.stdout  # the other sections are still printed
    as_json = run_cli("analyze", graph_file, "--format", "json", "--path", "alpha front", "gamma town")
    assert as_json.returncode == 1
    data = json.loads(as_json.stdout)
    assert data["path"] == {"from": "alpha front", "to": "gamma town", "found": False, "steps": []}


# --------------------------------------------------------------------------- hand-made graphs


def iri(key: str) -> URIRef:
    return URIRef(ID_IRI + key)


class GraphMaker:
    """Writes kgbuild-shaped triples: typed entities, reified relations, events with evidence."""

    def __init__(self) -> None:
        self.graph = Graph()
        self.doc = iri("document/doc1")
        self.graph.add((self.doc, RDF.type, KG.Document))
        self.graph.add((self.doc, KG.sourceFile, Literal("report.txt")))
        self._n = 0

    def entity(self, key: str, cls: str, label: str, *aliases: str) -> URIRef:
        node = iri(key)
        self.graph.add((node, RDF.type, KG[cls]))
        self.graph.add((node, RDFS.label, Literal(label)))
        for alias in aliases:
            self.graph.add((node, SKOS.altLabel, Literal(alias)))
        return node

    def evidence(self, sentence: str) -> URIRef:
        self._n += 1
        ev = iri(f"evidence/{self._n}")
        self.graph.add((ev, RDF.type, KG.Evidence))
        self.graph.add((ev, KG.sentence, Literal(sentence)))
        self.graph.add((ev, PROV.wasDerivedFrom, self.doc))
        self.graph.add((ev, KG.charStart, Literal(self._n * 100, datatype=XSD.integer)))
        return ev

    def relation(self, s: URIRef, predicate: str, o: URIRef, *sentences: str) -> None:
        self.graph.add((s, KG[predicate], o))
        for sentence in sentences:
            ev = self.evidence(sentence)
            self.graph.add((ev, RDF.subject, s))
            self.graph.add((ev, RDF.predicate, KG[predicate]))
            self.graph.add((ev, RDF.object, o))

    def event(self, key: str, cls: str, label: str, sentences: tuple[str, ...], actors=(), attackers=(),
              targets=(), place: URIRef | None = None) -> URIRef:
        node = iri(key)
        self.graph.add((node, RDF.type, KG.Event))
        self.graph.add((node, RDF.type, KG[cls]))
        self.graph.add((node, RDFS.label, Literal(label)))
        for a in set(actors) | set(attackers) | set(targets):
            self.graph.add((node, SEM.hasActor, a))
        for a in attackers:
            self.graph.add((node, KG.attacker, a))
        for a in targets:
            self.graph.add((node, KG.target, a))
        if place is not None:
            self.graph.add((node, SEM.hasPlace, place))
        for sentence in sentences:
            self.graph.add((node, KG.evidence, self.evidence(sentence)))
        return node


def small_war() -> tuple[Graph, dict[str, URIRef]]:
    """Rebels fight the army and its contractor at Townville (told in three sentences); the
    government, led by a general, is the army's parent and a former ally of a far country."""
    m = GraphMaker()
    n = {
        "rebels": m.entity("rebels", "ArmedGroup", "Rebel Front", "rebels"),
        "army": m.entity("army", "StateForce", "National Army", "soldiers"),
        "pmc": m.entity("pmc", "ArmedGroup", "Contractor Group", "contractors"),
        "gov": m.entity("gov", "Government", "Junta"),
        "general": m.entity("general", "Person", "General Éloi Dupré", "Eloi Dupre"),
        "far": m.entity("far", "Country", "Farland"),
        "town": m.entity("town", "Place", "Townville", "Tounville"),
        "press": m.entity("press", "Organization", "Press Agency"),
    }
    m.relation(n["general"], "leaderOf", n["gov"], "General Éloi Dupré leads the junta.")
    m.relation(n["army"], "partOf", n["gov"], "The junta's soldiers moved north.")
    m.relation(n["army"], "allyOf", n["pmc"], "Soldiers and contractors patrol together.")
    m.relation(n["gov"], "formerAllyOf", n["far"], "The junta broke with Farland.")
    m.relation(n["rebels"], "controls", n["town"], "The rebels control Townville.")
    n["battle"] = m.event(
        "battle", "Battle", "Battle at Townville",
        ("Rebels attacked soldiers in Townville.", "Contractors fought the rebels.", "The fighting went on."),
        actors=(n["pmc"],), attackers=(n["rebels"],), targets=(n["army"],), place=n["town"],
    )
    n["retreat"] = m.event(
        "retreat", "Withdrawal", "Withdrawal", ("Soldiers and contractors left.", "They fled at night."),
        actors=(n["army"], n["pmc"]),
    )
    n["coup"] = m.event("coup", "Coup", "Coup", ("The junta took power.",), actors=(n["gov"], n["general"]))
    return m.graph, n


def island_graph() -> Graph:
    """Two groups with nothing between them."""
    m = GraphMaker()
    a = m.entity("alpha", "ArmedGroup", "Alpha Front")
    b = m.entity("beta", "StateForce", "Beta Army")
    c = m.entity("gamma", "Place", "Gamma Town")
    d = m.entity("delta", "ArmedGroup", "Delta Militia")
    m.relation(a, "enemyOf", b, "Alpha Front fights Beta Army.")
    m.relation(d, "controls", c, "Delta Militia holds Gamma Town.")
    return m.graph


def test_to_networkx_nodes_edges_and_evidence() -> None:
    graph, n = small_war()
    G = to_networkx(graph)
    assert G.nodes[str(n["rebels"])]["class"] == "ArmedGroup"
    assert G.nodes[str(n["rebels"])]["kind"] == "entity"
    assert G.nodes[str(n["battle"])]["class"] == "Battle"
    assert G.nodes[str(n["battle"])]["kind"] == "event"
    assert G.nodes[str(n["general"])]["aliases"] == ("Eloi Dupre",)
    assert str(iri("document/doc1")) not in G  # documents and evidence are not nodes
    links = {d["link"] for _, _, d in G.edges(str(n["battle"]), data=True)}
    assert links == {"attacker", "target", "hasActor", "hasPlace"}
    # an attacker is not also a plain participant
    rebel_roles = [d["link"] for d in G.get_edge_data(str(n["battle"]), str(n["rebels"])).values()]
    assert rebel_roles == ["attacker"]
    (leader,) = G.get_edge_data(str(n["general"]), str(n["gov"])).values()
    assert leader["kind"] == "relation" and leader["predicate"] == "leaderOf"
    assert leader["subject"] == str(n["general"])
    (ev,) = leader["evidence"]
    assert G.graph["evidence"][ev].sentence == "General Éloi Dupré leads the junta."
    assert G.graph["evidence"][ev].source_file == "report.txt"


def test_rank_actors_measure() -> None:
    graph, n = small_war()
    ranks = rank_actors(graph, top=None)
    by_label = {r.label: r for r in ranks}
    assert "Townville" not in by_label  # a place is not an actor
    assert "Farland" in by_label  # a country is
    assert [r.rank for r in ranks] == list(range(1, len(ranks) + 1))
    army = by_label["National Army"]
    # neighbours: junta (partOf), contractors (allyOf), battle, withdrawal
    assert (army.degree, army.events) == (4, 2)
    # sentences: 1 + 1 + 3 (battle) + 2 (withdrawal)
    assert army.evidence == 7
    for r in ranks:
        assert r.score == pytest.approx(r.evidence * (1 + r.betweenness))
        assert 0.0 <= r.betweenness <= 1.0
    # the junta brokers between its general, Farland, the coup and the rest (highest betweenness of
    # the minor actors) but the contractor, reported in the battle and the withdrawal, ranks above it
    assert by_label["Junta"].betweenness > by_label["Contractor Group"].betweenness
    assert by_label["Contractor Group"].rank < by_label["Junta"].rank
    assert by_label["Press Agency"].score == 0 and ranks[-1].label == "Press Agency"
    assert [r.label for r in rank_actors(graph, top=2)] == [r.label for r in ranks[:2]]
    assert isinstance(ranks[0], ActorRank)


def test_rank_ties_go_by_label() -> None:
    m = GraphMaker()
    place = m.entity("p", "Place", "Somewhere")
    for key, label in (("z", "Zulu Group"), ("a", "alpha group"), ("b", "Bravo Group")):
        m.relation(m.entity(key, "ArmedGroup", label), "controls", place, f"{label} holds it.")
    assert [r.label for r in rank_actors(m.graph, top=None)] == ["alpha group", "Bravo Group", "Zulu Group"]


def test_co_participation_counts_shared_events_not_places() -> None:
    graph, n = small_war()
    pairs = co_participation(graph)
    assert pairs[0] == ("Contractor Group", "National Army", 2)
    as_dict = {frozenset(p[:2]): p.shared_events for p in pairs}
    assert as_dict[frozenset(("National Army", "Rebel Front"))] == 1
    assert as_dict[frozenset(("General Éloi Dupré", "Junta"))] == 1
    assert not any("Townville" in p[:2] for p in pairs)
    assert len(pairs) == 4


def test_communities_are_deterministic_groups() -> None:
    m = GraphMaker()
    a = [m.entity(f"a{i}", "ArmedGroup", f"A{i}") for i in range(4)]
    b = [m.entity(f"b{i}", "StateForce", f"B{i}") for i in range(4)]
    for group in (a, b):
        for i, x in enumerate(group):
            for y in group[i + 1:]:
                m.relation(x, "allyOf", y, "Allies.")
    m.relation(a[0], "enemyOf", b[0], "Enemies.")
    m.entity("lonely", "Organization", "Lonely NGO")
    found = communities(m.graph)
    assert found == [["A0", "A1", "A2", "A3"], ["B0", "B1", "B2", "B3"]]
    assert communities(m.graph) == found
    assert communities(Graph()) == []


def test_shortest_path_through_relations_and_events() -> None:
    graph, n = small_war()
    steps = shortest_path(graph, "eloi dupre", "TOUNVILLE")  # alias, accents and case folded
    chain = [steps[0].source] + [s.target for s in steps]
    assert chain[0] == "General Éloi Dupré" and chain[-1] == "Townville"
    assert len(steps) == 4  # general → junta ← army ← battle → Townville
    first, second, third, last = steps
    assert (first.link, first.forward) == ("leaderOf", True)
    assert (second.link, second.forward) == ("partOf", False)
    assert (third.link, third.forward) == ("target", False)
    assert (last.link, last.forward) == ("hasPlace", True)
    # a role step shows the event's sentences that name the entity
    assert [e.sentence for e in third.evidence] == ["Rebels attacked soldiers in Townville."]
    assert [e.sentence for e in last.evidence] == ["Rebels attacked soldiers in Townville."]
    for step in steps:
        assert step.evidence and all(e.source_file == "report.txt" for e in step.evidence)
    assert shortest_path(graph, "Junta", "junta") == []


def test_shortest_path_errors() -> None:
    graph = island_graph()
    with pytest.raises(NoPathError, match="no path from 'Alpha Front' to 'Gamma Town'") as caught:
        shortest_path(graph, "Alpha Front", "Gamma Town")
    assert caught.value.exit_code == 1
    with pytest.raises(UsageError, match="Alpha Front") as unknown:
        shortest_path(graph, "Alpine Front", "Gamma Town")
    assert unknown.value.exit_code == 2
    with pytest.raises(UsageError, match="no close match"):
        find_node(graph, "Zzyzx")


def test_find_node_prefers_labels_and_reports_ambiguity() -> None:
    m = GraphMaker()
    army = m.entity("army", "StateForce", "Army", "the military")
    m.entity("navy", "StateForce", "Navy", "the military", "army boats")
    assert find_node(m.graph, "ARMY") == str(army)
    with pytest.raises(UsageError, match="names 2 entities or events"):
        find_node(m.graph, "The Military")


def test_blank_node_and_untyped_endpoints_do_not_break_the_view() -> None:
    graph, n = small_war()
    stranger = BNode("x1")
    graph.add((n["rebels"], KG.affiliatedWith, stranger))
    G = to_networkx(graph)
    assert G.nodes[str(stranger)]["class"] == ""
    assert rank_actors(G, top=None)  # the untyped node is not an actor, and nothing fails
