"""Tests of the export stage's HTML view: content, offline-ness, determinism and escaping."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import rdflib.namespace as ns
from rdflib import BNode, Graph, Literal, URIRef

from kgbuild.export import html as html_export
from kgbuild.export.html import CLASS_STYLES, EVENT_STYLE, render_html, write_html
from kgbuild.ontology import (
    ENTITY_CLASSES,
    ID_IRI,
    KG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SEM,
    SKOS,
    WD,
)

NASTY = '<b>"quotes" & ampersand</b>'


def _id(name: str) -> URIRef:
    return URIRef(f"{ID_IRI}{name}")


def sample_triples() -> list[tuple[Any, Any, Any]]:
    """Six entities of different classes, relations, one event, evidence and a document."""
    ghaly, jnim, mali = _id("person/iyad-ag-ghaly"), _id("group/jnim"), _id("country/mali")
    tinza, fama, nasty = _id("place/tinzaouaten"), _id("force/fama"), _id("org/nasty")
    attack, doc = _id("event/attack-1"), _id("doc/1")
    triples: list[tuple[Any, Any, Any]] = [
        (ghaly, RDF.type, KG.Person),
        (ghaly, RDFS.label, Literal("Iyad Ag Ghaly")),
        (ghaly, SKOS.altLabel, Literal("Ag Ghaly")),
        (ghaly, OWL.sameAs, WD.Q1502419),
        (jnim, RDF.type, KG.ArmedGroup),
        (jnim, RDFS.label, Literal("JNIM")),
        (jnim, SKOS.altLabel, Literal("Jama'at Nusrat al-Islam wal-Muslimin")),
        (mali, RDF.type, KG.Country),
        (mali, RDF.type, KG.Place),
        (mali, RDF.type, KG.Actor),
        (mali, RDFS.label, Literal("Mali")),
        (mali, KG.demonym, Literal("Malian")),
        (tinza, RDF.type, KG.Place),
        (tinza, RDFS.label, Literal("Tinzaouaten")),
        (tinza, SKOS.altLabel, Literal("Tinzawatene")),
        (fama, RDF.type, KG.StateForce),
        (fama, RDFS.label, Literal("Malian army")),
        (nasty, RDF.type, KG.Organization),
        (nasty, RDFS.label, Literal(NASTY)),
        # relations
        (ghaly, KG.leaderOf, jnim),
        (tinza, KG.locatedIn, mali),
        (fama, KG.partOf, mali),
        (jnim, KG.enemyOf, fama),
        (fama, KG.enemyOf, jnim),  # symmetric: drawn once
        # an event
        (attack, RDF.type, KG.Attack),
        (attack, SEM.hasTimeStamp, Literal("2024-07-27", datatype=ns.XSD.date)),
        (attack, KG.attacker, jnim),
        (attack, SEM.hasActor, jnim),  # implied by kg:attacker: not drawn twice
        (attack, KG.target, fama),
        (attack, SEM.hasPlace, tinza),
        # provenance: not drawn
        (doc, RDF.type, KG.Document),
    ]
    for i, entity in enumerate([ghaly, ghaly, ghaly, jnim, tinza]):
        evidence = _id(f"evidence/{i}")
        triples += [
            (entity, KG.evidence, evidence),
            (evidence, RDF.type, KG.Evidence),
            (evidence, PROV.wasDerivedFrom, doc),
            (evidence, KG.sentence, Literal(f"sentence {i}")),
        ]
    return triples


def sample_graph(store: str = "default", reverse: bool = False) -> Graph:
    graph = Graph(store=store)
    triples = sample_triples()
    for triple in reversed(triples) if reverse else triples:
        graph.add(triple)
    return graph


def page_data(page: str) -> dict[str, Any]:
    match = re.search(
        r'<script id="kgbuild-data" type="application/json">(.*?)</script>', page, re.S
    )
    assert match, "the page carries its graph data"
    return json.loads(match.group(1))


def nodes_by_label(page: str) -> dict[str, dict[str, Any]]:
    return {node["label"]: node for node in page_data(page)["nodes"]}


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(sample_graph(), title="Mali & <friends>")


def test_write_html_returns_node_count_and_writes_the_page(tmp_path: Path) -> None:
    target = tmp_path / "graph.html"
    count = write_html(sample_graph(), target, title="Mali")
    assert count == 7  # six entities and one event
    text = target.read_text(encoding="utf-8")
    assert text == render_html(sample_graph(), title="Mali")
    assert not [p for p in tmp_path.iterdir() if p.name != "graph.html"], "no temp files left"


def test_nodes_are_the_entities_and_events(page: str) -> None:
    data = page_data(page)
    ids = sorted(node["id"] for node in data["nodes"])
    expected = sorted(
        f"{ID_IRI}{n}"
        for n in (
            "person/iyad-ag-ghaly",
            "group/jnim",
            "country/mali",
            "place/tinzaouaten",
            "force/fama",
            "org/nasty",
            "event/attack-1",
        )
    )
    assert ids == expected
    kinds = {node["label"]: node["kind"] for node in data["nodes"]}
    assert kinds["Mali"] == "Country"  # the most specific of Country, Place, Actor
    assert kinds["Iyad Ag Ghaly"] == "Person"
    assert kinds["Attack\n2024-07-27"] == "Event"


def test_node_styles_follow_the_class(page: str) -> None:
    nodes = nodes_by_label(page)
    assert nodes["JNIM"]["shape"] == CLASS_STYLES["ArmedGroup"].shape
    assert nodes["JNIM"]["color"]["background"] == CLASS_STYLES["ArmedGroup"].colour
    assert nodes["Tinzaouaten"]["color"]["background"] == CLASS_STYLES["Place"].colour
    event = nodes["Attack\n2024-07-27"]
    assert event["shape"] == EVENT_STYLE.shape == "diamond"
    assert event["size"] < nodes["Malian army"]["size"]


def test_node_size_grows_with_mentions_and_is_bounded(page: str) -> None:
    nodes = nodes_by_label(page)
    assert nodes["Iyad Ag Ghaly"]["mentions"] == 3
    assert nodes["Iyad Ag Ghaly"]["size"] > nodes["JNIM"]["size"] > nodes["Mali"]["size"]
    graph = sample_graph()
    many = _id("person/iyad-ag-ghaly")
    for i in range(500):
        graph.add((many, KG.evidence, _id(f"evidence/extra-{i}")))
    big = nodes_by_label(render_html(graph, title="t"))["Iyad Ag Ghaly"]
    assert big["mentions"] == 503
    assert big["size"] <= 40


def test_tooltips_name_class_aliases_ids_and_mentions(page: str) -> None:
    nodes = nodes_by_label(page)
    ghaly = nodes["Iyad Ag Ghaly"]["title"]
    assert ghaly.startswith("Person: Iyad Ag Ghaly")
    assert "Ag Ghaly" in ghaly.split("\n")[1]
    assert "wd:Q1502419" in ghaly
    assert "mentions: 3" in ghaly
    assert "Tinzawatene" in nodes["Tinzaouaten"]["title"]
    event = nodes["Attack\n2024-07-27"]["title"]
    assert event.startswith("Attack") and "2024-07-27" in event


def test_edges_are_kg_relations_and_event_roles(page: str) -> None:
    data = page_data(page)
    names = {node["id"]: node["label"] for node in data["nodes"]}
    edges = sorted((names[e["from"]], e["label"], names[e["to"]]) for e in data["edges"])
    event = "Attack\n2024-07-27"
    assert edges == sorted(
        [
            ("Iyad Ag Ghaly", "leaderOf", "JNIM"),
            ("Tinzaouaten", "locatedIn", "Mali"),
            ("Malian army", "partOf", "Mali"),
            ("Malian army", "enemyOf", "JNIM")
            if _id("force/fama") < _id("group/jnim")
            else ("JNIM", "enemyOf", "Malian army"),
            (event, "attacker", "JNIM"),
            (event, "target", "Malian army"),
            (event, "hasPlace", "Tinzaouaten"),
        ]
    )
    arrows = {e["label"]: e["arrows"]["to"]["enabled"] for e in data["edges"]}
    assert arrows["enemyOf"] is False and arrows["leaderOf"] is True
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])


def test_parallel_relations_share_one_edge() -> None:
    graph = sample_graph()
    graph.add((_id("person/iyad-ag-ghaly"), KG.memberOf, _id("group/jnim")))
    labels = [e["label"] for e in page_data(render_html(graph, title="t"))["edges"]]
    assert "leaderOf, memberOf" in labels


def test_no_external_references(page: str) -> None:
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"<(img|iframe|object|embed|source|video|audio)\b", page, re.I)
    assert not re.search(r"@import", page, re.I)
    assert not re.search(r"""\b(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    styles = "".join(re.findall(r"<style[^>]*>(.*?)</style>", page, re.S | re.I))
    styles += "".join(re.findall(r'\sstyle\s*=\s*"([^"]*)"', page, re.I))
    for url in re.findall(r"url\(\s*([^)]*)\)", styles, re.I):
        assert url.strip("'\" ").startswith("data:"), url
    assert "sourceMappingURL" not in page
    for host in ("cdnjs.cloudflare.com", "cdn.jsdelivr.net", "unpkg.com", "bootstrap"):
        assert host not in page.lower()


def test_page_has_heading_legend_and_library(page: str) -> None:
    assert "<h1>Mali &amp; &lt;friends&gt;</h1>" in page
    assert "<title>Mali &amp; &lt;friends&gt;</title>" in page
    legend = page[page.index('<aside id="legend"') : page.index("</aside>")]
    for name in ENTITY_CLASSES:
        assert f'<span class="name">{name}</span>' in legend
    assert '<span class="name">Event</span>' in legend
    for style in CLASS_STYLES.values():
        assert style.colour in legend
    assert "vis-network" in page and "new vis.Network(" in page
    assert "window.network = network" in page


def test_labels_are_escaped(page: str) -> None:
    assert NASTY not in page
    assert '"quotes"' not in page.split('id="kgbuild-data"')[1].split("</script>")[0]
    assert nodes_by_label(page)[NASTY]["title"].startswith(f"Organization: {NASTY}")
    # No label can close the data element early.
    graph = Graph()
    evil = _id("org/evil")
    graph.add((evil, RDF.type, KG.Organization))
    graph.add((evil, RDFS.label, Literal("</script><script>alert(1)</script>\u2028")))
    evil_page = render_html(graph, title="</title><script>alert(2)</script>")
    assert "alert(1)</script>" not in evil_page
    assert "<script>alert(2)" not in evil_page
    assert page_data(evil_page)["nodes"][0]["label"] == "</script><script>alert(1)</script>\u2028"


def test_render_is_deterministic() -> None:
    first = render_html(sample_graph(), title="t")
    assert render_html(sample_graph(), title="t") == first
    assert render_html(sample_graph(reverse=True), title="t") == first
    assert render_html(sample_graph(store="Oxigraph"), title="t") == first
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-", page_data(first).__repr__())


def test_events_without_known_actors_and_blank_nodes() -> None:
    graph = Graph()
    event, place = BNode("e1"), _id("place/gao")
    graph.add((place, RDF.type, KG.Place))
    graph.add((place, RDFS.label, Literal("Gao")))
    graph.add((event, RDF.type, KG.Event))
    graph.add((event, RDF.type, KG.Withdrawal))
    graph.add((event, SEM.hasPlace, place))
    graph.add((event, KG.attacker, _id("group/unknown")))  # not an entity: no edge
    data = page_data(render_html(graph, title="t"))
    assert sorted(n["label"] for n in data["nodes"]) == ["Gao", "Withdrawal"]
    assert [e["label"] for e in data["edges"]] == ["hasPlace"]


def test_empty_graph(tmp_path: Path) -> None:
    assert write_html(Graph(), tmp_path / "empty.html") == 0
    text = (tmp_path / "empty.html").read_text(encoding="utf-8")
    assert "has no entities" in text
    assert page_data(text)["nodes"] == []


def test_styles_cover_every_entity_class_with_distinct_colours() -> None:
    assert set(CLASS_STYLES) == set(ENTITY_CLASSES)
    colours = [s.colour for s in CLASS_STYLES.values()] + [EVENT_STYLE.colour]
    assert len(set(colours)) == len(colours)
    pairs = {(s.colour, s.shape) for s in CLASS_STYLES.values()}
    assert len(pairs) == len(CLASS_STYLES)


def test_module_shape() -> None:
    assert html_export.__doc__ and "export" in html_export.__doc__.lower()
    assert {"write_html", "render_html"} <= set(html_export.__all__)
