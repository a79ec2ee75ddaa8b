"""The HTML view in a real headless Chromium with the network cut off: it must draw by itself."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest
from rdflib import Graph, Literal, URIRef

from kgbuild.export.view import write_html
from kgbuild.ontology import ENTITY_CLASSES, ID_IRI, KG, OWL, PROV, RDF, RDFS, SCHEMA, SEM, SKOS

CHROMIUM = Path(os.environ.get("KGBUILD_CHROMIUM", "/usr/bin/chromium"))

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"no Chromium at {CHROMIUM} (install Debian's 'chromium' package; `make` does in CI)",
)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def browser_graph() -> tuple[Graph, int]:
    """A graph of a few dozen entities of every class, relations and events; returns node count."""
    graph = Graph()
    entities: list[URIRef] = []
    for i in range(45):
        cls = ENTITY_CLASSES[i % len(ENTITY_CLASSES)]
        entity = URIRef(f"{ID_IRI}{cls.lower()}/{i}")
        entities.append(entity)
        graph.add((entity, RDF.type, KG[cls]))
        label = f"{cls} {i}" if i != 3 else '<b>"quotes" & ampersand</b>'
        graph.add((entity, RDFS.label, Literal(label)))
        graph.add((entity, SKOS.altLabel, Literal(f"alias {i}")))
        for j in range(i % 4):
            graph.add((entity, KG.evidence, URIRef(f"{ID_IRI}evidence/{i}-{j}")))
    for i in range(0, 40, 2):
        graph.add((entities[i], KG.allyOf, entities[i + 3]))
        graph.add((entities[i + 1], KG.partOf, entities[(i * 7) % 45]))
    events = 0
    for i in range(5):
        event = URIRef(f"{ID_IRI}event/{i}")
        graph.add((event, RDF.type, KG.Attack if i % 2 else KG.Battle))
        graph.add((event, SEM.hasTimeStamp, Literal(f"2024-07-{20 + i}")))
        graph.add((event, KG.attacker, entities[i]))
        graph.add((event, KG.target, entities[i + 10]))
        graph.add((event, SEM.hasPlace, entities[7 + i * 9]))
        events += 1
    return graph, len(entities) + events


@contextmanager
def offline_page(
    tmp_path: Path, page_path: Path, dialogs: list[str] | None = None
) -> Iterator[tuple[Any, list[str], list[str]]]:
    """Open ``page_path`` in headless Chromium with a fresh profile and the network cut off; yields
    the page once vis-network has drawn and settled, with the lists of attempted network requests
    and of console errors (checked by the caller after the block). Dialogs (alert, confirm,
    prompt) the page opens are dismissed and their messages added to ``dialogs``."""
    sync_api = pytest.importorskip("playwright.sync_api")
    attempted: list[str] = []
    console_errors: list[str] = []

    def is_local(url: str) -> bool:
        return url.startswith(("file:", "data:", "about:", "blob:"))

    def record(request: Any) -> None:
        if not is_local(request.url):
            attempted.append(request.url)

    def block_network(route: Any) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort()

    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path / "chromium-profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 860},
            offline=True,
        )
        try:
            context.set_offline(True)
            context.route("**/*", block_network)
            context.on("request", record)
            page = context.new_page()

            def on_dialog(dialog: Any) -> None:
                if dialogs is not None:
                    dialogs.append(f"{dialog.type}: {dialog.message}")
                dialog.dismiss()

            page.on("dialog", on_dialog)
            page.on("pageerror", lambda exc: console_errors.append(str(exc)))
            page.on(
                "console",
                lambda msg: console_errors.append(msg.text) if msg.type == "error" else None,
            )
            page.goto(page_path.as_uri(), wait_until="load")
            page.wait_for_function(
                "window.network && window.network.body.data.nodes.length > 0", timeout=20_000
            )
            page.wait_for_function("window.kgbuildStabilized === true", timeout=60_000)
            yield page, attempted, console_errors
        finally:
            context.close()


def _canvas_pixels(page: Any) -> dict[str, int]:
    return page.evaluate(
        """() => {
            const canvas = document.querySelector('#graph canvas');
            const ctx = canvas.getContext('2d');
            const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            const colours = new Set();
            for (let i = 0; i < data.length; i += 4) {
                if (data[i + 3] > 0) {
                    painted++;
                    if (colours.size < 64) colours.add(data[i] << 16 | data[i + 1] << 8 | data[i + 2]);
                }
            }
            return {width: canvas.width, height: canvas.height, painted, colours: colours.size};
        }"""
    )


def test_page_draws_offline_in_chromium(tmp_path: Path) -> None:
    graph, expected_nodes = browser_graph()
    page_path = tmp_path / "graph.html"
    assert write_html(graph, page_path, title="Browser test") == expected_nodes

    with offline_page(tmp_path, page_path) as (page, attempted, console_errors):
        assert page.evaluate("network.body.data.nodes.length") == expected_nodes
        assert page.evaluate("window.network === network")
        assert page.evaluate("network.body.data.edges.length") > 0
        labels = page.evaluate("network.body.data.nodes.get().map(n => n.label)")
        assert '<b>"quotes" & ampersand</b>' in labels
        assert page.locator("h1").inner_text() == "Browser test"
        assert page.locator("#legend li").count() == len(ENTITY_CLASSES) + 1

        assert page.locator("#graph canvas").count() == 1
        pixels = _canvas_pixels(page)
        assert pixels["width"] > 300 and pixels["height"] > 300, pixels
        assert pixels["painted"] > 1000, pixels
        assert pixels["colours"] > 5, pixels

        screenshot = tmp_path / "graph.png"
        page.screenshot(path=str(screenshot))
        assert len(set(_sample_png_colours(page, screenshot))) > 5
        if os.environ.get("KGBUILD_SCREENSHOT"):
            page.screenshot(path=os.environ["KGBUILD_SCREENSHOT"])

    assert attempted == [], f"the page tried to reach the network: {attempted}"
    assert console_errors == [], console_errors


def test_built_graph_of_the_seed_article_draws_offline(tmp_path: Path, seed_graph: Path) -> None:
    """The graph.html that `kgbuild build` wrote for the real article draws every entity."""
    ttl = Graph().parse(seed_graph / "graph.ttl", format="turtle")
    entities = {s for cls in ENTITY_CLASSES for s in ttl.subjects(RDF.type, KG[cls])}
    events = set(ttl.subjects(RDF.type, KG.Event))
    labels = {str(ttl.value(e, RDFS.label)) for e in entities}
    assert len(entities) >= 10 and events

    with offline_page(tmp_path, seed_graph / "graph.html") as (page, attempted, console_errors):
        assert page.evaluate("network.body.data.nodes.length") == len(entities) + len(events)
        drawn = set(page.evaluate("network.body.data.nodes.get().map(n => n.label)"))
        assert labels <= drawn
        assert page.evaluate("network.body.data.edges.length") > 0
        positions = page.evaluate("Object.values(network.getPositions())")
        assert len(positions) == len(entities) + len(events)
        pixels = _canvas_pixels(page)
        assert pixels["painted"] > 1000 and pixels["colours"] > 5, pixels

    assert attempted == [], f"the page tried to reach the network: {attempted}"
    assert console_errors == [], console_errors


def _sample_png_colours(page: Any, screenshot: Path) -> list[str]:
    """Colours at a grid of points of the screenshot, decoded by the browser itself."""
    import base64

    encoded = base64.b64encode(screenshot.read_bytes()).decode("ascii")
    return page.evaluate(
        """async (src) => {
            const img = new Image();
            img.src = 'data:image/png;base64,' + src;
            await img.decode();
            const c = document.createElement('canvas');
            c.width = img.width; c.height = img.height;
            const ctx = c.getContext('2d');
            ctx.drawImage(img, 0, 0);
            const out = [];
            for (let y = 0; y < img.height; y += 8)
                for (let x = 0; x < img.width; x += 8) {
                    const d = ctx.getImageData(x, y, 1, 1).data;
                    out.push(d[0] + ',' + d[1] + ',' + d[2]);
                }
            return out;
        }""",
        encoded,
    )


# --- the side panel, search and filters on the seed article's page ----------------------------------

SEED_NODES = ("Tinzaouaten", "CSP-DPA", "Wagner Group", "Malian Armed Forces")


def node_id(page: Any, name: str) -> str:
    """The id of the node whose canonical name is ``name`` (or starts with it)."""
    found = page.evaluate(
        """(name) => { const info = kgbuild.data.info;
            const ids = kgbuild.data.nodes.map(n => n.id);
            return ids.find(id => info[id].name === name) || ids.find(id => info[id].name.startsWith(name)) || null; }""",
        name,
    )
    assert found, f"no node named {name!r}"
    return found


def click_node(page: Any, node: str) -> None:
    """A real mouse click on ``node``: the view is centred on it first, clear of the legend, once
    any animation of the view (the page's own focusing) has ended."""
    page.wait_for_function(
        """() => new Promise(done => { const a = network.getViewPosition();
            setTimeout(() => { const b = network.getViewPosition(); done(a.x === b.x && a.y === b.y); }, 120); })"""
    )
    page.evaluate("(id) => network.moveTo({position: network.getPositions([id])[id], scale: 1.2})", node)
    point = page.evaluate(
        """(id) => { const p = network.canvasToDOM(network.getPositions([id])[id]);
            const r = document.querySelector('#graph canvas').getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y}; }""",
        node,
    )
    page.mouse.click(point["x"], point["y"])


def select_node(page: Any, node: str) -> None:
    """Select ``node`` and run the handler a click on the canvas runs."""
    page.evaluate("(id) => { network.selectNodes([id]); kgbuild.onClick({nodes: [id], edges: []}); }", node)


def select_edge(page: Any, edge: str) -> None:
    page.evaluate("(id) => { network.selectEdges([id]); kgbuild.onClick({nodes: [], edges: [id]}); }", edge)


def hidden(page: Any, node: str) -> bool:
    return bool(page.evaluate("(id) => !!kgbuild.nodes.get(id).hidden", node))


def seed_sparql(seed_graph: Path, query: str) -> list[tuple[str, ...]]:
    from kgbuild.ontology import PREFIXES

    graph = Graph().parse(seed_graph / "graph.ttl", format="turtle")
    prefixes = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    return [tuple(str(v) if v is not None else "" for v in row) for row in graph.query(prefixes + query)]


def test_seed_page_holds_the_expected_nodes_and_legend(tmp_path: Path, seed_graph: Path) -> None:
    with offline_page(tmp_path, seed_graph / "graph.html") as (page, attempted, console_errors):
        names = page.evaluate("kgbuild.nodes.get().map(n => kgbuild.data.info[n.id].name)")
        for name in SEED_NODES:
            assert name in names
        assert any(n.startswith("Battle at Tinzaouaten") for n in names), names
        battle = page.evaluate("(id) => kgbuild.nodes.get(id)", node_id(page, "Battle at Tinzaouaten"))
        assert battle["group"] == "Event" and battle["label"].startswith("Battle at Tinzaouaten\n2024-07-25")
        assert page.locator("#legend li").count() == len(ENTITY_CLASSES) + 1
        assert page.locator("#legend input.class-filter:checked").count() == len(ENTITY_CLASSES) + 1
        edge_labels = set(page.evaluate("kgbuild.edges.get().map(e => e.label)"))
        assert {"place", "participant", "allyOf"} <= edge_labels
        # Sized by centrality: the army is bigger than a node with one link.
        sizes = page.evaluate("kgbuild.nodes.get().map(n => [kgbuild.data.info[n.id].name, n.size])")
        size = dict(sizes)
        assert size["Malian Armed Forces"] > min(size.values())
    assert attempted == [] and console_errors == []


def test_clicking_tinzaouaten_shows_its_names_and_evidence(tmp_path: Path, seed_graph: Path) -> None:
    sentences = {row[0] for row in seed_sparql(seed_graph, """
        SELECT ?s WHERE { ?p rdfs:label "Tinzaouaten" ; kg:evidence ?e . ?e kg:sentence ?s }""")}
    assert len(sentences) >= 3
    with offline_page(tmp_path, seed_graph / "graph.html") as (page, attempted, console_errors):
        assert page.locator("#panel").is_hidden()
        tinza = node_id(page, "Tinzaouaten")
        click_node(page, tinza)
        page.wait_for_selector("#panel:not([hidden])", timeout=5_000)
        assert page.evaluate("network.getSelectedNodes()") == [tinza]
        panel = page.locator("#panel")
        assert panel.locator("h2").inner_text() == "Tinzaouaten"
        assert "PLACE" in panel.locator(".kind").inner_text().upper()
        names = panel.locator("ul.names li").all_inner_texts()
        for spelling in ("Tinzawatene", "Tinzawaten", "Tinzahuaten"):
            assert spelling in names
        shown = panel.locator("ol.evidence blockquote").all_inner_texts()
        assert set(shown) == sentences
        marks = set(panel.locator("ol.evidence mark").all_inner_texts())
        assert {"Tinzawatene", "Tinzawaten", "Tinzahuaten"} <= marks
        sources = panel.locator("ol.evidence .source").all_inner_texts()
        assert all("afp-kyivpost-tinzaouaten.txt" in s and "Kyiv Post (AFP dispatch)" in s and "2024-07-28" in s
                   for s in sources), sources
        # Clicking empty canvas closes the panel.
        page.evaluate("kgbuild.onClick({nodes: [], edges: []})")
        assert panel.is_hidden()
    assert attempted == [] and console_errors == []


def test_clicking_the_battle_shows_the_casualty_figures_with_their_sources(tmp_path: Path, seed_graph: Path) -> None:
    expected = set(seed_sparql(seed_graph, """
        SELECT ?text ?category ?source WHERE {
          ?ev a kg:Battle ; rdfs:label ?l ; kg:casualties ?f . FILTER(CONTAINS(?l, "Tinzaouaten"))
          ?f kg:figureText ?text ; kg:category ?category .
          OPTIONAL { ?f kg:claimedBy/rdfs:label ?by } OPTIONAL { ?f kg:sourceDescription ?desc }
          BIND(COALESCE(?by, ?desc) AS ?source) }"""))
    assert len(expected) == 3
    with offline_page(tmp_path, seed_graph / "graph.html") as (page, attempted, console_errors):
        select_node(page, node_id(page, "Battle at Tinzaouaten"))
        panel = page.locator("#panel")
        assert panel.is_visible()
        assert panel.locator("h2").inner_text().startswith("Battle at Tinzaouaten")
        assert "2024-07-25 – 2024-07-27" in panel.inner_text()
        rows = page.evaluate("""() => Array.from(document.querySelectorAll('#panel table.figures tbody tr'))
            .filter(tr => tr.children.length === 4).map(tr => Array.from(tr.children).map(td => td.innerText.trim()))""")
        assert {(r[0], r[1], r[3]) for r in rows} == expected
        assert page.locator("#panel table.figures th").all_inner_texts() == ["Figure", "Category", "Victims", "Given by"]
        participants = panel.locator("ul.plain li").all_inner_texts()
        assert any("Wagner Group" in p for p in participants)
        assert panel.locator("ol.evidence li").count() >= 1
    assert attempted == [] and console_errors == []


def test_clicking_an_edge_shows_its_evidence_and_who_claimed_it(tmp_path: Path, seed_graph: Path) -> None:
    rows = seed_sparql(seed_graph, """
        SELECT ?sl ?p ?ol ?sentence ?who WHERE {
          ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:sentence ?sentence ; kg:fromClaim ?c .
          ?c kg:claimedBy/rdfs:label ?who . ?s rdfs:label ?sl . ?o rdfs:label ?ol } ORDER BY ?sl ?p ?ol""")
    assert rows, "the seed graph has a relation read from a named speaker's claim"
    subject, predicate, obj, sentence, who = rows[0]
    name = predicate.rsplit("#", 1)[1]
    with offline_page(tmp_path, seed_graph / "graph.html") as (page, attempted, console_errors):
        edge = page.evaluate(
            """([s, o, name]) => kgbuild.edges.get().find(e => e.label.split(', ').includes(name) &&
                 ((e.from === s && e.to === o) || (e.from === o && e.to === s))).id""",
            [node_id(page, subject), node_id(page, obj), name],
        )
        select_edge(page, edge)
        panel = page.locator("#panel")
        assert panel.is_visible()
        text = panel.inner_text()
        assert subject in text and obj in text and f"kg:{name}" in text
        assert "Claimed by" in text and who in text
        assert sentence in panel.locator("ol.evidence blockquote").all_inner_texts()
        # The endpoints are buttons that open their own panels.
        panel.locator("p button.link", has_text=obj).first.click()
        assert page.locator("#panel h2").inner_text() == obj
    assert attempted == [] and console_errors == []


def test_search_finds_names_and_aliases_ignoring_case_and_accents(tmp_path: Path, seed_graph: Path) -> None:
    with offline_page(tmp_path, seed_graph / "graph.html") as (page, attempted, console_errors):
        wagner = node_id(page, "Wagner Group")
        page.fill("#search", "Wagner")
        results = page.locator("#search-results button")
        assert results.first.inner_text().startswith("Wagner Group")
        page.press("#search", "Enter")
        assert page.evaluate("network.getSelectedNodes()") == [wagner]
        assert page.locator("#panel h2").inner_text() == "Wagner Group"
        assert page.locator("#search-results").is_hidden()

        page.fill("#search", "russian MERCENARIES")
        first = results.first.inner_text()
        assert first.startswith("Wagner Group") and "also called Russian mercenaries" in first
        results.first.click()
        assert page.evaluate("network.getSelectedNodes()") == [wagner]

        page.fill("#search", "GOITA")
        assert results.first.inner_text().startswith("Assimi Goïta")
        page.fill("#search", "tinzawatene")
        assert results.first.inner_text().startswith("Tinzaouaten")
        page.fill("#search", "csp dpa")
        assert results.first.inner_text().startswith("CSP-DPA")
        page.fill("#search", "no such name at all")
        assert page.locator("#search-results").inner_text() == "no name matches"
        # Focusing moves the view onto the node.
        page.fill("#search", "Tinzaouaten")
        page.press("#search", "Enter")
        page.wait_for_timeout(500)
        centre = page.evaluate("(id) => network.canvasToDOM(network.getPositions([id])[id])", node_id(page, "Tinzaouaten"))
        width = page.evaluate("document.getElementById('graph').clientWidth - document.getElementById('panel').offsetWidth")
        assert 0 < centre["x"] < width
    assert attempted == [] and console_errors == []


def test_class_date_and_claim_filters_hide_nodes(tmp_path: Path, seed_graph: Path) -> None:
    with offline_page(tmp_path, seed_graph / "graph.html") as (page, attempted, console_errors):
        total = page.evaluate("kgbuild.data.nodes.length")
        places = page.evaluate("kgbuild.data.nodes.filter(n => n.group === 'Place').map(n => n.id)")
        assert node_id(page, "Tinzaouaten") in places
        page.uncheck("input.class-filter[value=Place]")
        assert all(hidden(page, p) for p in places)
        assert not hidden(page, node_id(page, "Wagner Group"))
        # Links to hidden nodes are hidden too.
        assert page.evaluate("""(ids) => kgbuild.edges.get().filter(e => ids.includes(e.from) || ids.includes(e.to))
            .every(e => e.hidden)""", places)
        assert f"showing {total - len(places)} of {total} nodes" in page.locator("#status").inner_text()
        page.check("input.class-filter[value=Place]")
        assert not any(hidden(page, p) for p in places)

        battle = node_id(page, "Battle at Tinzaouaten")
        coup_2020 = node_id(page, "Coup at Mali (2020)")
        page.fill("#date-from", "2024-07-01")
        page.fill("#date-to", "2024-07-31")
        assert hidden(page, coup_2020) and not hidden(page, battle)
        undated = page.evaluate("kgbuild.data.nodes.filter(n => n.group === 'Event' && !kgbuild.data.info[n.id].range).map(n => n.id)")
        assert undated and not any(hidden(page, e) for e in undated)
        page.uncheck("#show-undated")
        assert all(hidden(page, e) for e in undated)
        page.fill("#date-to", "2024-07-24")
        assert hidden(page, battle)

        page.click("#reset")
        assert page.evaluate("kgbuild.nodes.get().every(n => !n.hidden)")
        claims_only = page.evaluate("kgbuild.edges.get().filter(e => kgbuild.data.info[e.id].co).map(e => e.id)")
        assert claims_only, "the seed has relations only claims support"
        page.uncheck("#show-claims")
        assert page.evaluate("(ids) => ids.every(id => kgbuild.edges.get(id).hidden)", claims_only)
        page.check("#show-claims")
        assert page.evaluate("(ids) => ids.every(id => !kgbuild.edges.get(id).hidden)", claims_only)
    assert attempted == [] and console_errors == []


def test_document_filter_and_wikidata_link(tmp_path: Path) -> None:
    from .test_view import GHALY, JNIM, MALI, sample_graph

    page_path = tmp_path / "graph.html"
    write_html(sample_graph(), page_path, title="Two documents")
    with offline_page(tmp_path, page_path) as (page, attempted, console_errors):
        options = page.locator("#doc-filter option").all_inner_texts()
        assert options == ["all documents", "2024-07-28 · Fighting in the north", "2024-07-29 · rfi.txt"]
        # rfi.txt: Iyad Ag Ghaly, the coup and one of the attack's casualty figures are read there.
        page.select_option("#doc-filter", "1")
        visible = page.evaluate("kgbuild.nodes.get().filter(n => !n.hidden).map(n => kgbuild.data.info[n.id].name)")
        assert sorted(visible) == ["Attack at Tinzaouaten (2024-07-27)", "Coup (2020)", "Iyad Ag Ghaly"]
        page.select_option("#doc-filter", "")
        assert page.evaluate("kgbuild.nodes.get().every(n => !n.hidden)")

        select_node(page, str(MALI))
        link = page.locator("#panel a")
        assert link.count() == 1
        assert link.get_attribute("href") == "https://www.wikidata.org/wiki/Q912"
        assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
        assert link.inner_text() == "wd:Q912"
        select_node(page, str(JNIM))
        assert page.locator("#panel a").count() == 0
        select_node(page, str(GHALY))
        assert page.locator("#panel a").get_attribute("href") == "https://www.wikidata.org/wiki/Q1502419"
    # The link is only followed on a click: nothing was fetched.
    assert attempted == [] and console_errors == []


def test_large_graph_draws_from_python_positions_without_physics(tmp_path: Path) -> None:
    from .test_view import large_graph

    page_path = tmp_path / "big.html"
    count = write_html(large_graph(400), page_path, title="Large")
    assert count > 400
    with offline_page(tmp_path, page_path) as (page, attempted, console_errors):
        assert page.evaluate("window.kgbuildDrawn === true && kgbuild.data.physics === false")
        # getPositions() gives whole canvas units.
        moved = page.evaluate("""() => { const pos = network.getPositions();
            return kgbuild.data.nodes.filter(n => Math.abs(pos[n.id].x - n.x) >= 1 || Math.abs(pos[n.id].y - n.y) >= 1).length; }""")
        assert moved == 0
        assert page.evaluate("Object.keys(network.getPositions()).length") == count
        pixels = _canvas_pixels(page)
        assert pixels["painted"] > 1000, pixels
    assert attempted == [] and console_errors == []


# --- a hostile article ---------------------------------------------------------------------------

HOSTILE_ARTICLE = """\
Fighting in <img src=x onerror="window.__pwned=2"> as rebels claim control

BAMAKO, July 28, 2024 (AFP) - Heavy fighting broke out on Thursday between Malian troops and \
separatists near Tinzaouaten, near the Algerian border, the army said.

"We control <img src=x onerror="window.__pwned=2"> and the road to javascript:alert(1)," said \
Ahmed <script>window.__pwned=1</script> Ag Bakar, a spokesman for the CSP-DPA.

Colonel <script>window.__pwned=1</script> Traore, a commander of the Malian army, denied the claim.

At least 12 soldiers were killed in the fighting near Tinzaouaten, a local official told AFP, \
while the rebels claimed that "dozens" of Wagner fighters had been killed. Residents fled towards \
the town of Javascript:alert(1) on Friday.

The Evil Front, an armed group, attacked the army near Tinzaouaten on Saturday.
"""

HOSTILE_META = {
    "title": '<script>window.__pwned=1</script> Fighting <img src=x onerror="window.__pwned=2">',
    "outlet": '<b onmouseover="window.__pwned=3">Evil Wire</b>',
    "published": "2024-07-28",
    "url": "javascript:alert(1)",
    "language": "en",
}

# A registry entry whose canonical name is a script element and whose identifiers are not ids.
HOSTILE_REGISTRY = """\
@base <https://w3id.org/kgbuild/id/> .
@prefix kg:   <https://w3id.org/kgbuild/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .

<armedgroup/evil-front> a kg:ArmedGroup ;
    rdfs:label "<script>window.__pwned=1</script>" ;
    skos:altLabel "Evil Front", "<img src=x onerror=\\"window.__pwned=2\\">" ;
    owl:sameAs <javascript:alert(1)> , <http://www.wikidata.org/entity/javascript:alert(2)> .
"""


def hostile_graph() -> Graph:
    """Hostile strings in every field the panel shows: names, aliases, sentences, documents,
    claims, figures, identifiers."""
    script, img, link = "<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=2">', "javascript:alert(1)"
    i = lambda name: URIRef(f"{ID_IRI}{name}")  # noqa: E731
    person, town, event, figure, doc, claim = (i("person/evil"), i("place/evil"), i("event/evil"),
                                               i("figure/evil"), i("document/evil"), i("claim/evil"))
    graph = Graph()
    add = graph.add
    add((person, RDF.type, KG.Person))
    add((person, RDFS.label, Literal(script)))
    add((person, SKOS.altLabel, Literal(link)))
    add((person, SKOS.altLabel, Literal('"><svg onload="window.__pwned=5">')))
    add((person, OWL.sameAs, URIRef("http://www.wikidata.org/entity/javascript:alert(3)")))
    add((town, RDF.type, KG.Place))
    add((town, RDFS.label, Literal(f"Town {img}")))
    add((person, KG.controls, town))
    add((event, RDF.type, KG.Battle))
    add((event, RDFS.label, Literal(f"Battle at {img} ({script})")))
    add((event, KG.attacker, person))
    add((event, SEM.hasPlace, town))
    add((event, KG.timeText, Literal(script)))
    add((event, KG.casualties, figure))
    add((figure, RDF.type, KG.CasualtyFigure))
    add((figure, KG.figureText, Literal(img)))
    add((figure, KG.category, Literal(script)))
    add((figure, KG.sourceDescription, Literal(link)))
    for n, subject in enumerate((person, event, figure)):
        ev = i(f"evidence/evil-{n}")
        add((subject, KG.evidence, ev))
        add((ev, KG.sentence, Literal(f"{script} met {img} at {link}.")))
        add((ev, KG.mentionText, Literal(img)))
        add((ev, PROV.wasDerivedFrom, doc))
        add((ev, KG.fromClaim, claim))
    rel = i("evidence/evil-rel")
    add((rel, RDF.subject, person))
    add((rel, RDF.predicate, KG.controls))
    add((rel, RDF.object, town))
    add((rel, KG.sentence, Literal(f"{script} controls {img}.")))
    add((rel, KG.fromClaim, claim))
    add((claim, KG.sourceDescription, Literal(img)))
    add((claim, KG.statement, Literal(script)))
    add((doc, RDF.type, KG.Document))
    add((doc, KG.sourceFile, Literal(f"{img}.txt")))
    add((doc, SCHEMA.headline, Literal(script)))
    add((doc, SCHEMA.publisher, Literal(img)))
    add((doc, SCHEMA.url, Literal(link)))
    return graph


def poke_everything(page: Any) -> int:
    """Open the panel of every node and edge (real clicks on the nodes, the click handler for the
    edges), follow every button in the panels, and search for the hostile names."""
    nodes = page.evaluate("kgbuild.data.nodes.map(n => n.id)")
    for node in nodes:
        click_node(page, node)
        page.wait_for_selector("#panel:not([hidden])", timeout=5_000)
        select_node(page, node)
        for button in page.locator("#panel button.link").all()[:10]:
            if button.is_visible():
                button.click()
    for edge in page.evaluate("kgbuild.data.edges.map(e => e.id)"):
        select_edge(page, edge)
    for query in ("<script", "img src", "javascript", "svg"):
        page.fill("#search", query)
        for result in page.locator("#search-results button").all():
            result.hover()
        if page.locator("#search-results button").count():
            page.locator("#search-results button").first.click()
    page.mouse.move(10, 10)
    page.wait_for_timeout(300)
    return len(nodes)


def assert_unharmed(page: Any) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # Every link on the page is a Wikidata page of a valid id (there is none here).
    hrefs = page.evaluate("Array.from(document.querySelectorAll('[href], [src]')).map(e => e.href || e.src)")
    assert all(h.startswith("https://www.wikidata.org/wiki/Q") for h in hrefs), hrefs
    assert page.locator("#panel img, #panel script, #panel svg, #search-results img, header img").count() == 0


def test_hostile_article_cannot_run_script_or_load_anything(tmp_path: Path) -> None:
    """An article (and its metadata, and a registry entry) full of markup and javascript: URLs,
    built by the real CLI: clicking every node and edge and searching runs none of it."""
    import json

    from conftest import run_cli

    article = tmp_path / "evil.txt"
    article.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    (tmp_path / "evil.meta.json").write_text(json.dumps(HOSTILE_META), encoding="utf-8")
    registry = tmp_path / "evil-registry.ttl"
    registry.write_text(HOSTILE_REGISTRY, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", article, "--registry", registry, "-o", out)
    assert result.returncode == 0, result.stderr
    page_text = (out / "graph.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in page_text and "<img src=x" not in page_text

    dialogs: list[str] = []
    with offline_page(tmp_path, out / "graph.html", dialogs) as (page, attempted, console_errors):
        names = page.evaluate("kgbuild.data.nodes.map(n => kgbuild.data.info[n.id].name)")
        assert "<script>window.__pwned=1</script>" in names, names  # the registry's name, as text
        assert poke_everything(page) == len(names)
        select_node(page, node_id(page, "<script>window.__pwned=1</script>"))
        panel = page.locator("#panel").inner_text()
        assert "<script>window.__pwned=1</script>" in panel
        assert "wd:javascript:alert(2)" in panel  # an identifier that is not an id stays text
        assert_unharmed(page)
        sentences = page.evaluate("kgbuild.data.sentences")
        assert any("<script>window.__pwned=1</script>" in s for s in sentences)
        assert any('<img src=x onerror="window.__pwned=2">' in s for s in sentences)
        docs = page.evaluate("kgbuild.data.docs")
        assert docs[0]["title"] == HOSTILE_META["title"] and docs[0]["url"] == "javascript:alert(1)"
    assert dialogs == []
    assert attempted == [], f"the page tried to reach the network: {attempted}"
    assert console_errors == [], console_errors


def test_hostile_strings_in_every_panel_field_stay_text(tmp_path: Path) -> None:
    page_path = tmp_path / "graph.html"
    write_html(hostile_graph(), page_path, title='<script>window.__pwned=6</script>')
    dialogs: list[str] = []
    with offline_page(tmp_path, page_path, dialogs) as (page, attempted, console_errors):
        assert page.locator("h1").inner_text() == "<script>window.__pwned=6</script>"
        assert poke_everything(page) == 3
        battle = node_id(page, "Battle at")
        select_node(page, battle)
        panel = page.locator("#panel").inner_text()
        for text in ("<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=2">', "javascript:alert(1)"):
            assert text in panel
        select_node(page, node_id(page, "<script>"))
        panel = page.locator("#panel").inner_text()
        assert '"><svg onload="window.__pwned=5">' in panel and "wd:javascript:alert(3)" in panel
        assert page.locator("#panel mark").count() >= 1
        assert_unharmed(page)
    assert dialogs == []
    assert attempted == [], f"the page tried to reach the network: {attempted}"
    assert console_errors == [], console_errors


# --- kgbuild view --------------------------------------------------------------------------------


def test_view_focus_writes_the_neighbourhood(tmp_path: Path, seed_graph: Path) -> None:
    from conftest import run_cli

    target = tmp_path / "goita.html"
    result = run_cli("view", seed_graph / "graph.ttl", "-o", target, "--focus", "Assimi Goita", "--depth", "1")
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stdout and str(target.name) in result.stdout
    with offline_page(tmp_path, target) as (page, attempted, console_errors):
        names = set(page.evaluate("kgbuild.data.nodes.map(n => kgbuild.data.info[n.id].name)"))
        assert {"Assimi Goïta", "Malian junta"} <= names
        assert "Wagner Group" not in names and "Tinzaouaten" not in names
        # The page opens on the focused entity.
        page.wait_for_selector("#panel:not([hidden])", timeout=5_000)
        assert page.locator("#panel h2").inner_text() == "Assimi Goïta"
        assert "Assimi Goita" in page.locator("#panel ul.names").inner_text()
        assert page.locator("#panel a").get_attribute("href") == "https://www.wikidata.org/wiki/Q98497406"
        assert "Assimi Goïta" in page.locator("h1").inner_text()
    assert attempted == [] and console_errors == []


def test_view_event_writes_the_event_with_its_figures(tmp_path: Path, seed_graph: Path) -> None:
    from conftest import run_cli

    target = tmp_path / "battle.html"
    result = run_cli("view", seed_graph / "graph.ttl", "-o", target, "--event", "Tinzaouaten")
    assert result.returncode == 0, result.stderr
    with offline_page(tmp_path, target) as (page, attempted, console_errors):
        names = set(page.evaluate("kgbuild.data.nodes.map(n => kgbuild.data.info[n.id].name)"))
        assert {"Tinzaouaten", "CSP-DPA", "Wagner Group", "Malian Armed Forces"} <= names
        assert any(n.startswith("Battle at Tinzaouaten") for n in names)
        assert "Assimi Goïta" not in names
        page.wait_for_selector("#panel:not([hidden])", timeout=5_000)
        assert page.locator("#panel table.figures td.figure").all_inner_texts() == ["at least 17", "at least 15", "dozens"]
        assert "Mossa Ag Inzoma" in page.locator("#panel table.figures").inner_text()
    assert attempted == [] and console_errors == []
