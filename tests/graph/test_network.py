"""The one RDF → networkx network and the index it reads: nodes, classes, relations, roles."""

from __future__ import annotations

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef

from kgbuild.graph.index import Lit, TripleIndex, event_roles, label_of
from kgbuild.graph.network import to_networkx, to_undirected
from kgbuild.ontology import ID_IRI, KG, RDF, RDFS, SEM

A, B, E = URIRef(ID_IRI + "group/a"), URIRef(ID_IRI + "group/b"), URIRef(ID_IRI + "event/e")


def small_graph() -> Graph:
    graph = Graph()
    for node, cls, label in ((A, KG.ArmedGroup, "Alpha"), (B, KG.StateForce, "Bravo")):
        graph.add((node, RDF.type, cls))
        graph.add((node, RDFS.label, Literal(label)))
    graph.add((A, RDF.type, KG.Actor))
    graph.add((A, KG.allyOf, B))
    graph.add((B, KG.allyOf, A))
    graph.add((A, KG.affiliatedWith, BNode("x1")))
    for cls in (KG.Event, KG.Attack):
        graph.add((E, RDF.type, cls))
    graph.add((E, KG.attacker, A))
    graph.add((E, SEM.hasActor, A))
    graph.add((E, SEM.hasActor, B))
    graph.add((E, KG.evidence, URIRef(ID_IRI + "evidence/1")))
    return graph


def test_nodes_carry_label_class_and_kind() -> None:
    G = to_networkx(small_graph())
    assert G.nodes[str(A)]["class"] == "ArmedGroup" and G.nodes[str(A)]["kind"] == "entity"
    assert G.nodes[str(E)]["class"] == "Attack" and G.nodes[str(E)]["kind"] == "event"
    assert G.nodes[str(E)]["mentions"] == 1
    assert G.nodes["x1"] == {"label": "x1", "class": "", "kind": "entity", "aliases": (), "mentions": 0}


def test_an_implied_role_is_left_out() -> None:
    G = to_networkx(small_graph())
    assert sorted(d["role"] for _, _, d in G.out_edges(str(E), data=True)) == ["attacker", "hasActor"]
    assert [(role, obj) for role, _p, obj in event_roles(TripleIndex.of_graph(small_graph()), str(E))] == [
        ("attacker", str(A)), ("hasActor", str(B))]


def test_the_undirected_view_keeps_both_directions() -> None:
    G = to_undirected(to_networkx(small_graph()))
    allies = [d for d in G.get_edge_data(str(A), str(B)).values() if d["link"] == "allyOf"]
    assert sorted((d["subject"], d["object"]) for d in allies) == [(str(A), str(B)), (str(B), str(A))]


def test_a_store_index_merges_named_graphs_without_duplicates() -> None:
    store = pyoxigraph.Store()
    s, p = pyoxigraph.NamedNode(str(A)), pyoxigraph.NamedNode(str(RDFS.label))
    for name in ("urn:g1", "urn:g2"):
        store.add(pyoxigraph.Quad(s, p, pyoxigraph.Literal("Alpha"), pyoxigraph.NamedNode(name)))
    store.add(pyoxigraph.Quad(s, p, pyoxigraph.Literal("Aleph", language="en"), pyoxigraph.NamedNode("urn:g1")))
    index = TripleIndex.of_store(store)
    assert index.objects(str(A), str(RDFS.label)) == [Lit("Aleph", None, "en"), Lit("Alpha", None, None)]
    assert label_of(index, str(A)) == "Aleph"
    assert label_of(index, "_:b7") == "b7"
