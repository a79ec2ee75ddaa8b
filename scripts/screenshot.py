"""Screenshot of the HTML view for the docs: docs/seed-view.png, with Tinzaouaten's panel open.

Builds the seed article of ../shared/corpus (or takes a graph.html you give), opens the page in
Debian's headless Chromium with the network cut off, clicks the node named NAME at its place on
the canvas (so the side panel shows, as for a reader) and writes the PNG.

    python scripts/screenshot.py [GRAPH.html] [-o docs/seed-view.png] [--click Tinzaouaten]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "corpus" / "afp-kyivpost-tinzaouaten.txt"
CHROMIUM = Path(os.environ.get("KGBUILD_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def build_seed(out_dir: Path) -> Path:
    if not SEED.is_file():
        sys.exit(f"screenshot: the seed article is not at {SEED}; give a graph.html instead")
    result = subprocess.run([sys.executable, "-m", "kgbuild", "build", str(SEED), "-o", str(out_dir)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"screenshot: kgbuild build failed:\n{result.stderr}")
    return out_dir / "graph.html"


def screenshot(page_path: Path, target: Path, click: str, width: int, height: int) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            user_data_dir=profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height}, device_scale_factor=1, offline=True,
        )
        try:
            blocked: list[str] = []
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
                ("file:", "data:", "about:", "blob:")) else (blocked.append(route.request.url), route.abort()))
            page = context.new_page()
            page.goto(page_path.resolve().as_uri(), wait_until="load")
            page.wait_for_function("window.kgbuildStabilized === true", timeout=60_000)
            node_id = page.evaluate(
                "(name) => kgbuild.data.nodes.filter(n => kgbuild.data.info[n.id].name === name).map(n => n.id)[0] || null",
                click,
            )
            if node_id is None:
                sys.exit(f"screenshot: no node named {click!r} in {page_path}")
            # Click where the node is drawn, as a reader would.
            point = page.evaluate(
                "(id) => { const p = network.canvasToDOM(network.getPositions([id])[id]);"
                " const r = document.querySelector('#graph canvas').getBoundingClientRect();"
                " return {x: r.left + p.x, y: r.top + p.y}; }",
                node_id,
            )
            page.mouse.click(point["x"], point["y"])
            page.wait_for_selector("#panel:not([hidden])", timeout=5_000)
            # Move the pointer off the canvas (no tooltip) and show the whole graph beside the panel.
            page.mouse.move(5, 5)
            page.evaluate("kgbuild.fitVisible()")
            page.wait_for_timeout(400)
            target.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(target))
            if blocked:
                sys.exit(f"screenshot: the page tried to reach the network: {blocked}")
        finally:
            context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", nargs="?", type=Path, help="a graph.html (default: build the seed article)")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "seed-view.png")
    parser.add_argument("--click", default="Tinzaouaten", help="canonical name of the node to click first")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"screenshot: no Chromium at {CHROMIUM} (install Debian's chromium, or set KGBUILD_CHROMIUM)")
    with tempfile.TemporaryDirectory() as tmp:
        page = args.page or build_seed(Path(tmp))
        screenshot(page, args.output, args.click, args.width, args.height)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
