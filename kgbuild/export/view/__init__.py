"""Export stage: an offline, interactive HTML view of a graph (vis-network, as pyvis ships it).

The page is one self-contained file (``page``): the vis-network script and stylesheet that pyvis
ships are inlined, and the nodes, edges and everything the side panel shows are written as one
JSON document (``schema.PageData``, built by ``model``) into a ``<script type="application/json">``
element, with ``<``, ``>`` and ``&`` escaped. The page's script (``static/view.js``) builds every
piece of article text into the DOM with ``textContent``, never as markup, and the only links it
makes are Wikidata pages of validated Q-ids.

What the page offers:

* entities coloured and shaped by class (``styles``; a legend whose checkboxes filter by class),
  events as nodes of their own joining actors and place, sized by degree centrality in the
  entity–event network (networkx), edges labelled with the relation or the event role;
* a side panel for the clicked node or edge: names, class, Wikidata link, evidence sentences with
  their document, outlet and date; for an event its time, place, participants with roles and its
  casualty figures side by side with who gave each; for an edge its evidence and who claimed it;
* search over every name and alias (case-, accent- and punctuation-insensitive), filters by
  document and by date range, and a switch for facts that only claims support.

Large graphs (more than ``LARGE_GRAPH_NODES`` nodes) are laid out in Python beforehand
(``layout``) and drawn with physics off; smaller ones start from that layout and settle with a
bounded number of physics iterations. The same graph always gives the same bytes. Focused views
(``select``) draw one entity's neighbourhood or one event.

The page exposes the vis ``Network`` as ``window.network`` and its own API as ``window.kgbuild``;
it sets ``window.kgbuildDrawn = true`` after the first frame drawn with every node at its final
place and ``window.kgbuildStabilized = true`` once the layout has settled (at the same moment for
large graphs).
"""

from kgbuild.export.view.layout import LARGE_GRAPH_NODES
from kgbuild.export.view.page import render_html, write_html
from kgbuild.export.view.select import event_graph, find_entity, find_event, focus_graph
from kgbuild.export.view.styles import CLASS_STYLES, EVENT_STYLE, NodeStyle

__all__ = [
    "write_html",
    "render_html",
    "focus_graph",
    "event_graph",
    "find_entity",
    "find_event",
    "CLASS_STYLES",
    "EVENT_STYLE",
    "NodeStyle",
    "LARGE_GRAPH_NODES",
]
