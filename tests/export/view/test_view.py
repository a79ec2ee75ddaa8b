"""Tests of the export stage's HTML view: content, panel data, offline-ness, determinism, escaping,
large-graph layout and the focused views (no browser here; see test_browser.py)."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import rdflib.namespace as ns
from rdflib import BNode, Graph, Literal, URIRef

from kgbuild.errors import UsageError
from kgbuild.export import view as html_export
from kgbuild.export.view import (
    CLASS_STYLES,
    EVENT_STYLE,
    LARGE_GRAPH_NODES,
    event_graph,
    find_entity,
    find_event,
    focus_graph,
    render_html,
    write_html,
)
from kgbuild.export.view.styles import CLAIM_EDGE_COLOUR
from kgbuild.ontology import (
    ENTITY_CLASSES,
    ID_IRI,
    KG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SEM,
    SKOS,
    WD,
)

NASTY = '<b>"quotes" & ampersand</b>'



def _id(name: str) -> URIRef:
    return URIRef(f"{ID_IRI}{name}")


GHALY, JNIM, MALI = _id("person/iyad-ag-ghaly"), _id("group/jnim"), _id("country/mali")
TINZA, FAMA, NASTY_ORG = _id("place/tinzaouaten"), _id("force/fama"), _id("org/nasty")
ATTACK, COUP, DOC, DOC2 = _id("event/attack-1"), _id("event/coup-2020"), _id("doc/1"), _id("doc/2")
CLAIM = _id("claim/1")


def sample_triples() -> list[tuple[Any, Any, Any]]:
    """Six entities of different classes, relations with reified evidence (one only from a claim),
    two events (one with casualty figures from two sources), evidence, two documents, a claim."""
    triples: list[tuple[Any, Any, Any]] = [
        (GHALY, RDF.type, KG.Person),
        (GHALY, RDFS.label, Literal("Iyad Ag Ghaly")),
        (GHALY, SKOS.altLabel, Literal("Ag Ghaly")),
        (GHALY, OWL.sameAs, WD.Q1502419),
        (JNIM, RDF.type, KG.ArmedGroup),
        (JNIM, RDFS.label, Literal("JNIM")),
        (JNIM, SKOS.altLabel, Literal("Jama'at Nusrat al-Islam wal-Muslimin")),
        (MALI, RDF.type, KG.Country),
        (MALI, RDF.type, KG.Place),
        (MALI, RDF.type, KG.Actor),
        (MALI, RDFS.label, Literal("Mali")),
        (MALI, OWL.sameAs, WD.Q912),
        (MALI, KG.demonym, Literal("Malian")),
        (TINZA, RDF.type, KG.Place),
        (TINZA, RDFS.label, Literal("Tinzaouaten")),
        (TINZA, SKOS.altLabel, Literal("Tinzawatene")),
        (TINZA, SKOS.altLabel, Literal("Tinzahuaten")),
        (FAMA, RDF.type, KG.StateForce),
        (FAMA, RDFS.label, Literal("Malian army")),
        (FAMA, SKOS.altLabel, Literal("Forces Armées Maliennes")),
        (NASTY_ORG, RDF.type, KG.Organization),
        (NASTY_ORG, RDFS.label, Literal(NASTY)),
        # relations
        (GHALY, KG.leaderOf, JNIM),
        (TINZA, KG.locatedIn, MALI),
        (FAMA, KG.partOf, MALI),
        (JNIM, KG.enemyOf, FAMA),
        (FAMA, KG.enemyOf, JNIM),  # symmetric: drawn once
        (JNIM, KG.controls, TINZA),
        # an event with figures from two sources
        (ATTACK, RDF.type, KG.Event),
        (ATTACK, RDF.type, KG.Attack),
        (ATTACK, RDFS.label, Literal("Attack at Tinzaouaten (2024-07-27)")),
        (ATTACK, SEM.hasTimeStamp, Literal("2024-07-27", datatype=ns.XSD.date)),
        (ATTACK, KG.attacker, JNIM),
        (ATTACK, SEM.hasActor, JNIM),  # implied by kg:attacker: not drawn twice
        (ATTACK, KG.target, FAMA),
        (ATTACK, SEM.hasActor, FAMA),
        (ATTACK, SEM.hasPlace, TINZA),
        (ATTACK, KG.casualties, _id("figure/1")),
        (_id("figure/1"), RDF.type, KG.CasualtyFigure),
        (_id("figure/1"), KG.figureText, Literal("at least 17")),
        (_id("figure/1"), KG.category, Literal("killed")),
        (_id("figure/1"), KG.sourceDescription, Literal("a local politician")),
        (ATTACK, KG.casualties, _id("figure/2")),
        (_id("figure/2"), RDF.type, KG.CasualtyFigure),
        (_id("figure/2"), KG.figureText, Literal("dozens")),
        (_id("figure/2"), KG.category, Literal("killed or captured")),
        (_id("figure/2"), KG.claimedBy, GHALY),
        (_id("figure/2"), KG.victimSide, FAMA),
        # an event only a claim reports, dated by year
        (COUP, RDF.type, KG.Event),
        (COUP, RDF.type, KG.Coup),
        (COUP, SEM.hasTimeStamp, Literal("2020", datatype=ns.XSD.gYear)),
        (COUP, SEM.hasActor, FAMA),
        (COUP, SEM.hasPlace, MALI),
        # documents and a claim
        (DOC, RDF.type, KG.Document),
        (DOC, KG.sourceFile, Literal("afp.txt")),
        (DOC, SCHEMA.headline, Literal("Fighting in the north")),
        (DOC, SCHEMA.publisher, Literal("AFP")),
        (DOC, SCHEMA.datePublished, Literal("2024-07-28", datatype=ns.XSD.date)),
        (DOC2, RDF.type, KG.Document),
        (DOC2, KG.sourceFile, Literal("rfi.txt")),
        (DOC2, SCHEMA.datePublished, Literal("2024-07-29", datatype=ns.XSD.date)),
        (CLAIM, RDF.type, KG.Claim),
        (CLAIM, KG.claimedBy, GHALY),
        (CLAIM, KG.statement, Literal("We control Tinzaouaten.")),
        (CLAIM, KG.hedged, Literal(False)),
        (CLAIM, KG.negated, Literal(False)),
    ]
    mentions = [
        (GHALY, "Iyad Ag Ghaly leads JNIM, AFP said.", "Iyad Ag Ghaly", DOC, 10),
        (GHALY, "Ag Ghaly was not seen.", "Ag Ghaly", DOC, 20),
        (GHALY, "Ghaly's men, Iyad Ag Ghaly said.", "Iyad Ag Ghaly", DOC2, 5),
        (JNIM, "Iyad Ag Ghaly leads JNIM, AFP said.", "JNIM", DOC, 25),
        (TINZA, "Fighters attacked the army in Tinzawatene.", "Tinzawatene", DOC, 40),
        (FAMA, "Fighters attacked the army in Tinzawatene.", "army", DOC, 30),
    ]
    for i, (entity, sentence, words, doc, start) in enumerate(mentions):
        evidence = _id(f"evidence/{i}")
        triples += [
            (entity, KG.evidence, evidence),
            (evidence, RDF.type, KG.Evidence),
            (evidence, RDF.subject, entity),
            (evidence, PROV.wasDerivedFrom, doc),
            (evidence, KG.sentence, Literal(sentence)),
            (evidence, KG.mentionText, Literal(words)),
            (evidence, KG.charStart, Literal(start, datatype=ns.XSD.integer)),
        ]
    facts = [
        # (subject, sentence, doc, claim, reified (predicate, object) or None)
        (ATTACK, "Fighters attacked the army in Tinzawatene.", DOC, None, None),
        (COUP, "The junta took power in 2020, Iyad Ag Ghaly said.", DOC2, CLAIM, None),
        (_id("figure/1"), "At least 17 died, a local politician said.", DOC, None, None),
        (_id("figure/2"), "Dozens were killed, Ag Ghaly claimed.", DOC2, CLAIM, None),
        (GHALY, "Iyad Ag Ghaly leads JNIM, AFP said.", DOC, None, (KG.leaderOf, JNIM)),
        (JNIM, "We control Tinzaouaten, Iyad Ag Ghaly said.", DOC, CLAIM, (KG.controls, TINZA)),
    ]
    for i, (subject, sentence, doc, claim, statement) in enumerate(facts):
        evidence = _id(f"evidence/fact-{i}")
        triples += [
            (evidence, RDF.type, KG.Evidence),
            (evidence, RDF.subject, subject),
            (evidence, PROV.wasDerivedFrom, doc),
            (evidence, KG.sentence, Literal(sentence)),
            (evidence, KG.charStart, Literal(100 + i, datatype=ns.XSD.integer)),
        ]
        if statement is None:
            triples.append((subject, KG.evidence, evidence))
        else:
            triples += [(evidence, RDF.predicate, statement[0]), (evidence, RDF.object, statement[1])]
        if claim is not None:
            triples.append((evidence, KG.fromClaim, claim))
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


def nodes_by_name(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {data["info"][node["id"]]["name"]: node for node in data["nodes"]}


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(sample_graph(), title="Mali & <friends>")


@pytest.fixture(scope="module")
def data(page: str) -> dict[str, Any]:
    return page_data(page)


def test_write_html_returns_node_count_and_writes_the_page(tmp_path: Path) -> None:
    target = tmp_path / "graph.html"
    count = write_html(sample_graph(), target, title="Mali")
    assert count == 8  # six entities and two events
    text = target.read_text(encoding="utf-8")
    assert text == render_html(sample_graph(), title="Mali")
    assert not [p for p in tmp_path.iterdir() if p.name != "graph.html"], "no temp files left"


def test_nodes_are_the_entities_and_events(data: dict[str, Any]) -> None:
    ids = sorted(node["id"] for node in data["nodes"])
    assert ids == sorted(str(t) for t in (GHALY, JNIM, MALI, TINZA, FAMA, NASTY_ORG, ATTACK, COUP))
    nodes = nodes_by_name(data)
    assert nodes["Mali"]["group"] == "Country"  # the most specific of Country, Place, Actor
    assert nodes["Iyad Ag Ghaly"]["group"] == "Person"
    attack = nodes["Attack at Tinzaouaten (2024-07-27)"]
    assert attack["group"] == "Event"
    assert attack["label"] == "Attack at Tinzaouaten\n2024-07-27"
    assert data["info"][attack["id"]]["cls"] == "Attack"
    # An event without a label is named by its class and date.
    assert data["info"][str(COUP)]["name"] == "Coup (2020)"


def test_node_styles_follow_the_class(data: dict[str, Any]) -> None:
    groups = data["options"]["groups"]
    for name, style in CLASS_STYLES.items():
        assert groups[name]["shape"] == style.shape
        assert groups[name]["color"]["background"] == style.colour
    assert groups["Event"]["shape"] == EVENT_STYLE.shape == "diamond"
    assert data["styles"]["Place"] == {"colour": CLASS_STYLES["Place"].colour, "shape": "dot"}


def test_node_size_follows_degree_centrality_and_is_bounded(data: dict[str, Any]) -> None:
    nodes = nodes_by_name(data)
    info = data["info"]
    degree = {name: info[node["id"]]["deg"] for name, node in nodes.items()}
    # JNIM: Iyad Ag Ghaly, Malian army, Tinzaouaten, the attack.
    assert degree["JNIM"] == 4 and degree[NASTY] == 0
    assert nodes["JNIM"]["size"] > nodes["Iyad Ag Ghaly"]["size"] > nodes[NASTY]["size"]
    assert all(10 <= n["size"] <= 40 for n in data["nodes"])
    assert max(n["size"] for n in data["nodes"]) == 40
    assert 0 <= info[nodes["JNIM"]["id"]]["btw"] <= 1


def test_entity_panel_data(data: dict[str, Any]) -> None:
    info = data["info"]
    ghaly = info[str(GHALY)]
    assert ghaly["name"] == "Iyad Ag Ghaly" and ghaly["cls"] == "Person"
    assert ghaly["alt"] == ["Ag Ghaly"]
    assert ghaly["wd"] == ["Q1502419"]
    sentences = [data["sentences"][data["evidence"][i][1]] for i in ghaly["ev"]]
    assert sentences == [
        "Iyad Ag Ghaly leads JNIM, AFP said.",
        "Ag Ghaly was not seen.",
        "Ghaly's men, Iyad Ag Ghaly said.",
    ]  # document order, then offsets
    docs = [data["docs"][data["evidence"][i][0]] for i in ghaly["ev"]]
    assert docs[0] == {"file": "afp.txt", "title": "Fighting in the north", "outlet": "AFP", "date": "2024-07-28"}
    assert docs[2] == {"file": "rfi.txt", "date": "2024-07-29"}
    assert ghaly["docs"] == [0, 1]
    assert sorted(info[str(TINZA)]["alt"]) == ["Tinzahuaten", "Tinzawatene"]


def test_event_panel_data_keeps_every_figure_with_its_source(data: dict[str, Any]) -> None:
    attack = data["info"][str(ATTACK)]
    assert attack["time"] == {"at": "2024-07-27"} and attack["range"] == ["2024-07-27", "2024-07-27"]
    assert attack["places"] == [str(TINZA)]
    assert attack["roles"] == [["attacker", str(JNIM)], ["target", str(FAMA)], ["place", str(TINZA)]]
    figures = {f["text"]: f for f in attack["figures"]}
    assert set(figures) == {"at least 17", "dozens"}
    assert figures["at least 17"]["source"] == "a local politician"
    assert figures["at least 17"]["category"] == "killed"
    assert figures["dozens"]["by"] == {"id": str(GHALY), "name": "Iyad Ag Ghaly"}
    assert figures["dozens"]["victims"] == {"id": str(FAMA), "name": "Malian army"}
    assert attack["co"] is False
    coup = data["info"][str(COUP)]
    assert coup["range"] == ["2020-01-01", "2020-12-31"]
    assert coup["co"] is True  # its only evidence was read inside a claim


def test_edges_are_kg_relations_and_event_roles(data: dict[str, Any]) -> None:
    names = {node["id"]: data["info"][node["id"]]["name"] for node in data["nodes"]}
    edges = sorted((names[e["from"]], e["label"], names[e["to"]]) for e in data["edges"])
    attack = "Attack at Tinzaouaten (2024-07-27)"
    enemies = sorted(("Malian army", "JNIM"), key=lambda n: [x["id"] for x in data["nodes"]].index(
        next(node["id"] for node in data["nodes"] if names[node["id"]] == n)))
    assert edges == sorted(
        [
            ("Iyad Ag Ghaly", "leaderOf", "JNIM"),
            ("Tinzaouaten", "locatedIn", "Mali"),
            ("Malian army", "partOf", "Mali"),
            (enemies[0], "enemyOf", enemies[1]),
            ("JNIM", "controls", "Tinzaouaten"),
            (attack, "attacker", "JNIM"),
            (attack, "target", "Malian army"),
            (attack, "place", "Tinzaouaten"),
            ("Coup (2020)", "participant", "Malian army"),
            ("Coup (2020)", "place", "Mali"),
        ]
    )
    arrows = {e["label"]: e.get("arrows") for e in data["edges"]}
    assert arrows["enemyOf"] is None and arrows["leaderOf"] == "to"
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])


def test_edge_panel_data_has_evidence_and_who_claimed_it(data: dict[str, Any]) -> None:
    by_label = {e["label"]: e for e in data["edges"] if e["id"].startswith("r")}
    controls = data["info"][by_label["controls"]["id"]]
    assert controls["preds"] == ["kg:controls"] and controls["co"] is True
    (evidence,) = [data["evidence"][i] for i in controls["ev"]]
    assert data["sentences"][evidence[1]] == "We control Tinzaouaten, Iyad Ag Ghaly said."
    (claim,) = [data["claims"][c] for c in evidence[3]]
    assert claim["by"] == {"id": str(GHALY), "name": "Iyad Ag Ghaly"}
    assert claim["statement"] == "We control Tinzaouaten."
    assert by_label["controls"]["color"]["color"] == CLAIM_EDGE_COLOUR
    leader = data["info"][by_label["leaderOf"]["id"]]
    assert leader["co"] is False and len(leader["ev"]) == 1
    # A role edge carries the event's sentences that also name the participant.
    role = next(e for e in data["edges"] if e["label"] == "place" and e["from"] == str(ATTACK))
    role_info = data["info"][role["id"]]
    assert [data["sentences"][data["evidence"][i][1]] for i in role_info["ev"]] == [
        "Fighters attacked the army in Tinzawatene."]
    assert role_info["preds"] == ["sem:hasPlace"] and role_info["evAll"] is False


def test_parallel_relations_share_one_edge() -> None:
    graph = sample_graph()
    graph.add((GHALY, KG.memberOf, JNIM))
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


def test_page_script_builds_text_as_text() -> None:
    """The page's own script never parses strings as markup, and links only to Wikidata."""
    script = resources.files("kgbuild.export.view").joinpath("static", "view.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "setAttribute(\"href", "srcdoc", "DOMParser", "createContextualFragment"):
        assert sink not in script, sink
    assert script.count(".href =") == 1
    assert "link.href = WIKIDATA + q;" in script and "if (!QID.test(q)) { return; }" in script
    assert 'var WIKIDATA = "https://www.wikidata.org/wiki/";' in script
    assert "textContent" in script


def test_page_has_heading_controls_legend_and_library(page: str) -> None:
    assert "<h1>Mali &amp; &lt;friends&gt;</h1>" in page
    assert "<title>Mali &amp; &lt;friends&gt;</title>" in page
    legend = page[page.index('<aside id="legend"') : page.index("</aside>")]
    for name in ENTITY_CLASSES:
        assert f'<span class="name">{name}</span>' in legend
        assert f'class="class-filter" value="{name}" checked' in legend
    assert '<span class="name">Event</span>' in legend
    for style in CLASS_STYLES.values():
        assert style.colour in legend
    for control in ('id="search"', 'id="doc-filter"', 'id="date-from"', 'id="date-to"',
                    'id="show-claims"', 'id="show-undated"', 'id="panel"', 'id="reset"'):
        assert control in page
    assert "vis-network" in page and "new vis.Network(" in page
    assert "window.network = network" in page
    assert "2 documents" in page


def test_labels_are_escaped(page: str) -> None:
    assert NASTY not in page
    assert '"quotes"' not in page.split('id="kgbuild-data"')[1].split("</script>")[0]
    assert nodes_by_name(page_data(page))[NASTY]["label"] == NASTY
    # No label, sentence or document field can close the data element early.
    graph = Graph()
    evil, ev, doc = _id("org/evil"), _id("evidence/evil"), _id("doc/evil")
    graph.add((evil, RDF.type, KG.Organization))
    graph.add((evil, RDFS.label, Literal("</script><script>alert(1)</script>\u2028")))
    graph.add((evil, KG.evidence, ev))
    graph.add((ev, KG.sentence, Literal("<!-- </SCRIPT ><script>alert(3)</script>")))
    graph.add((ev, PROV.wasDerivedFrom, doc))
    graph.add((doc, SCHEMA.headline, Literal("<img src=x onerror=alert(4)>")))
    evil_page = render_html(graph, title="</title><script>alert(2)</script>")
    for needle in ("alert(1)</script>", "<script>alert(2)", "</SCRIPT", "<img", "<!--"):
        assert needle not in evil_page, needle
    data = page_data(evil_page)
    assert data["nodes"][0]["label"] == "</script><script>alert(1)</script>\u2028"
    assert data["sentences"] == ["<!-- </SCRIPT ><script>alert(3)</script>"]
    assert data["docs"][0]["title"] == "<img src=x onerror=alert(4)>"


def test_only_valid_wikidata_ids_become_links() -> None:
    graph = sample_graph()
    graph.add((GHALY, OWL.sameAs, URIRef("http://www.wikidata.org/entity/javascript:alert(1)")))
    graph.add((GHALY, OWL.sameAs, URIRef("javascript:alert(2)")))
    graph.add((GHALY, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q0")))
    info = page_data(render_html(graph, title="t"))["info"][str(GHALY)]
    assert info["wd"] == ["Q1502419"]
    assert sorted(info["same"]) == ["javascript:alert(2)", "wd:Q0", "wd:javascript:alert(1)"]


def test_render_is_deterministic() -> None:
    first = render_html(sample_graph(), title="t")
    assert render_html(sample_graph(), title="t") == first
    assert render_html(sample_graph(reverse=True), title="t") == first
    assert render_html(sample_graph(store="Oxigraph"), title="t") == first
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-", page_data(first).__repr__())


def test_small_graphs_settle_with_bounded_physics(data: dict[str, Any]) -> None:
    physics = data["options"]["physics"]
    assert data["physics"] is True and physics["enabled"] is True
    assert physics["stabilization"]["enabled"] is True
    assert 0 < physics["stabilization"]["iterations"] <= 300
    # The physics starts from the Python layout: every node has a position already.
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])


def large_graph(entities: int) -> Graph:
    """A chain of entities with an event every fifth one; deterministic."""
    graph = Graph()
    nodes = [_id(f"place/p{i}") for i in range(entities)]
    for i, node in enumerate(nodes):
        graph.add((node, RDF.type, KG.Place))
        graph.add((node, RDFS.label, Literal(f"Place {i}")))
        if i:
            graph.add((node, KG.near, nodes[i // 2]))
        if i % 5 == 0:
            event = _id(f"event/e{i}")
            graph.add((event, RDF.type, KG.Battle))
            graph.add((event, SEM.hasPlace, node))
    return graph


def test_large_graphs_are_laid_out_in_python_with_physics_off() -> None:
    graph = large_graph(LARGE_GRAPH_NODES)
    data = page_data(render_html(graph, title="big"))
    assert len(data["nodes"]) > LARGE_GRAPH_NODES
    assert data["physics"] is False and data["options"]["physics"] == {"enabled": False}
    assert data["options"]["edges"]["smooth"] is False
    positions = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(positions) == len(data["nodes"]), "no two nodes at one place"
    assert "btw" not in data["info"][data["nodes"][0]["id"]]  # too costly at this size
    assert render_html(graph, title="big") == render_html(large_graph(LARGE_GRAPH_NODES), title="big")


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
    assert [e["label"] for e in data["edges"]] == ["place"]


def test_empty_graph(tmp_path: Path) -> None:
    assert write_html(Graph(), tmp_path / "empty.html") == 0
    text = (tmp_path / "empty.html").read_text(encoding="utf-8")
    assert "has no entities" in text
    assert page_data(text)["nodes"] == []


def test_selected_node_opens_with_the_page() -> None:
    assert page_data(render_html(sample_graph(), title="t", selected=str(JNIM)))["selected"] == str(JNIM)
    assert page_data(render_html(sample_graph(), title="t", selected="r1"))["selected"] is None
    assert page_data(render_html(sample_graph(), title="t"))["selected"] is None


def test_styles_cover_every_entity_class_with_distinct_colours() -> None:
    assert set(CLASS_STYLES) == set(ENTITY_CLASSES)
    colours = [s.colour for s in CLASS_STYLES.values()] + [EVENT_STYLE.colour]
    assert len(set(colours)) == len(colours)
    pairs = {(s.colour, s.shape) for s in CLASS_STYLES.values()}
    assert len(pairs) == len(CLASS_STYLES)


def test_module_shape() -> None:
    assert html_export.__doc__ and "export" in html_export.__doc__.lower()
    assert {"write_html", "render_html", "focus_graph", "event_graph"} <= set(html_export.__all__)


# --- focused views ---------------------------------------------------------------------------------


def _drawn(graph: Graph) -> set[str]:
    data = page_data(render_html(graph, title="t"))
    return {data["info"][n["id"]]["name"] for n in data["nodes"]}


def test_find_entity_by_label_alias_or_iri_ignoring_case_and_accents() -> None:
    graph = sample_graph()
    assert find_entity(graph, "iyad ag ghaly") == GHALY
    assert find_entity(graph, "AG GHALY") == GHALY
    assert find_entity(graph, "forces armees maliennes") == FAMA
    assert find_entity(graph, "Jama’at Nusrat al-Islam wal-Muslimin") == JNIM
    assert find_entity(graph, str(TINZA)) == TINZA
    assert find_entity(graph, "kgid:place/tinzaouaten") == TINZA
    assert find_entity(graph, "place/tinzaouaten") == TINZA


def test_spelling_variants_find_the_entity() -> None:
    graph = sample_graph()
    assert find_entity(graph, "Tinzawaten") == TINZA  # the variant key of Tinzaouaten and its aliases
    assert find_entity(graph, "Malian Army") == FAMA


def test_unknown_names_list_close_matches() -> None:
    graph = sample_graph()
    with pytest.raises(UsageError) as caught:
        find_entity(graph, "Tinzawatn")
    message = str(caught.value)
    assert "no entity called 'Tinzawatn'" in message and "Tinzawatene (Tinzaouaten)" in message
    assert "\n" not in message and caught.value.exit_code == 2
    with pytest.raises(UsageError, match="no close matches"):
        find_entity(graph, "Zorglub")
    with pytest.raises(UsageError, match="close matches: Attack at Tinzaouaten"):
        find_event(graph, "Atack")


def test_ambiguous_names_list_the_candidates() -> None:
    graph = sample_graph()
    graph.add((JNIM, SKOS.altLabel, Literal("The Group")))
    graph.add((NASTY_ORG, SKOS.altLabel, Literal("the group")))
    with pytest.raises(UsageError, match="names 2 entities: .*JNIM.*give the IRI"):
        find_entity(graph, "Group")
    graph.add((COUP, RDFS.label, Literal("Attack on the capital")))
    with pytest.raises(UsageError, match="matches 2 events"):
        find_event(graph, "attack")
    assert find_event(graph, "attack-1") == ATTACK  # the key always works


def test_focus_graph_keeps_the_neighbourhood_with_its_evidence() -> None:
    graph = sample_graph()
    zero = focus_graph(graph, "Iyad Ag Ghaly", 0)
    assert _drawn(zero) == {"Iyad Ag Ghaly"}
    one = focus_graph(graph, "Iyad Ag Ghaly", 1)
    assert _drawn(one) == {"Iyad Ag Ghaly", "JNIM"}
    two = focus_graph(graph, "Iyad Ag Ghaly", 2)
    # JNIM's relations and its event (with the event's participants and place).
    assert _drawn(two) == {"Iyad Ag Ghaly", "JNIM", "Malian army", "Tinzaouaten",
                           "Attack at Tinzaouaten (2024-07-27)"}
    assert set(two) <= set(graph), "a subset of the graph's own triples"
    data = page_data(render_html(two, title="t"))
    attack = data["info"][str(ATTACK)]
    assert {f["text"] for f in attack["figures"]} == {"at least 17", "dozens"}
    controls = next(e for e in data["edges"] if e["label"] == "controls")
    assert data["info"][controls["id"]]["co"] is True
    assert data["docs"] and data["claims"]
    # Triples to entities outside the view are left out: Tinzaouaten locatedIn Mali is not there.
    assert (TINZA, KG.locatedIn, MALI) not in two and (MALI, RDF.type, KG.Country) not in two
    with pytest.raises(UsageError, match="--depth"):
        focus_graph(graph, "JNIM", -1)


def test_event_graph_keeps_participants_place_and_figures() -> None:
    graph = sample_graph()
    sub = event_graph(graph, "tinzaouaten")
    assert _drawn(sub) == {"Attack at Tinzaouaten (2024-07-27)", "JNIM", "Malian army", "Tinzaouaten"}
    assert set(sub) <= set(graph)
    figures = page_data(render_html(sub, title="t"))["info"][str(ATTACK)]["figures"]
    dozens = next(f for f in figures if f["text"] == "dozens")
    # Who gave the figure is named although he is not drawn.
    assert dozens["by"] == {"name": "Iyad Ag Ghaly"}
    assert (GHALY, RDF.type, KG.Person) not in sub
