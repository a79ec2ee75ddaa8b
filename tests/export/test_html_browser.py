"""The HTML view in a real headless Chromium with the network cut off: it must draw by itself."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest
from rdflib import Graph, Literal, URIRef

from kgbuild.export.html import write_html
from kgbuild.ontology import ENTITY_CLASSES, ID_IRI, KG, RDF, RDFS, SEM, SKOS

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
def offline_page(tmp_path: Path, page_path: Path) -> Iterator[tuple[Any, list[str], list[str]]]:
    """Open ``page_path`` in headless Chromium with a fresh profile and the network cut off; yields
    the page once vis-network has drawn and settled, with the lists of attempted network requests
    and of console errors (checked by the caller after the block)."""
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
