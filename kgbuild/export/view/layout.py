"""Export stage (HTML view): node positions, computed in Python so large graphs draw at once.

vis-network's physics simulation is fine for a few hundred nodes and far too slow for thousands
(pyvis users' first complaint), and networkx's force layouts are quadratic in the number of nodes
(``spring_layout`` needs scipy past 500 nodes, which kgbuild does not depend on;
``forceatlas2_layout`` takes about 17 s for 5,000 nodes).
This module lays a graph out in roughly linear time with numpy alone:

1. each connected component is placed by PivotMDS (Brandes & Pich, 2006): breadth-first distances
   from a few dozen well-spread pivot nodes, double-centred and projected on their two main axes,
   which gives the global shape;
2. a few dozen rounds of Fruchterman-Reingold in the original paper's grid variant (repulsion
   only between nodes closer than 1.5 ideal edge lengths, found through a grid of cells), with
   the attraction along edges weakened so that graphs with many long edges do not collapse into
   a ball, untangle the neighbourhoods that PivotMDS puts on top of one another (the leaves of
   one hub, for instance);
3. components are packed in rows, largest first.

Everything is deterministic: pivots are chosen by degree and distance with ties broken by node
order, the only randomness (the initial jitter) comes from a seeded generator, and the result is
rounded.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence

__all__ = ["compute_layout", "EDGE_LENGTH", "LARGE_GRAPH_NODES", "LAYOUT_SEED"]

EDGE_LENGTH = 120.0
"""The ideal edge length, in vis-network's canvas units (pixels at zoom 1)."""

LARGE_GRAPH_NODES = 300
"""Above this many nodes the layout is computed in Python and the browser's physics stays off;
smaller graphs start from it and settle with a bounded number of physics iterations."""

LAYOUT_SEED = 7
"""The seed of the layout's jitter (and of vis-network's, which the page never uses)."""

_PIVOTS = 40
_JITTER = 0.4
_CUTOFF = 1.5
_ATTRACTION = 0.3
_REFINE_ITERATIONS = 40


def compute_layout(
    count: int, edges: Sequence[tuple[int, int]], *, seed: int = 7, iterations: int = _REFINE_ITERATIONS
) -> list[tuple[float, float]]:
    """Positions of nodes ``0 .. count-1`` linked by ``edges`` (pairs of node numbers), in canvas
    units around the origin, rounded to one decimal."""
    import numpy as np

    if count == 0:
        return []
    adjacency: list[list[int]] = [[] for _ in range(count)]
    for a, b in edges:
        if a != b:
            adjacency[a].append(b)
            adjacency[b].append(a)
    adjacency = [sorted(set(n)) for n in adjacency]
    rng = np.random.default_rng(seed)

    placed: list[tuple[list[int], np.ndarray]] = []
    for component in _components(adjacency):
        placed.append((component, _layout_component(component, adjacency, rng, iterations)))
    positions = _pack(placed, count)
    return [(round(float(x), 1), round(float(y), 1)) for x, y in positions]


def _components(adjacency: list[list[int]]) -> list[list[int]]:
    """Connected components, largest first, each in node order (ties: lowest first node)."""
    seen = [False] * len(adjacency)
    found: list[list[int]] = []
    for start in range(len(adjacency)):
        if seen[start]:
            continue
        seen[start] = True
        members = [start]
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for other in adjacency[node]:
                if not seen[other]:
                    seen[other] = True
                    members.append(other)
                    queue.append(other)
        found.append(sorted(members))
    found.sort(key=lambda c: (-len(c), c[0]))
    return found


def _bfs(source: int, adjacency: list[list[int]], index: dict[int, int], size: int) -> list[int]:
    """Hop distances from ``source`` to every node of its component (numbered by ``index``)."""
    dist = [-1] * size
    dist[index[source]] = 0
    queue = deque([source])
    while queue:
        node = queue.popleft()
        d = dist[index[node]] + 1
        for other in adjacency[node]:
            j = index[other]
            if dist[j] < 0:
                dist[j] = d
                queue.append(other)
    return dist


def _layout_component(component: list[int], adjacency: list[list[int]], rng, iterations: int):
    """Positions (n × 2 array, ideal edge length 1) of one connected component."""
    import numpy as np

    n = len(component)
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    index = {node: i for i, node in enumerate(component)}

    # PivotMDS: the first pivot is the best-connected node, each next one the node farthest from
    # all pivots so far.
    k = min(_PIVOTS, n)
    first = max(component, key=lambda v: (len(adjacency[v]), -v))
    columns = []
    nearest = np.full(n, np.inf)
    pivot = first
    for _ in range(k):
        dist = np.asarray(_bfs(pivot, adjacency, index, n), dtype=float)
        columns.append(dist)
        nearest = np.minimum(nearest, dist)
        far = int(np.argmax(nearest))  # first of the farthest: deterministic
        if nearest[far] == 0:
            break
        pivot = component[far]
    d2 = np.stack(columns, axis=1) ** 2
    centred = d2 - d2.mean(axis=0, keepdims=True) - d2.mean(axis=1, keepdims=True) + d2.mean()
    centred *= -0.5
    u, s, _vt = np.linalg.svd(centred, full_matrices=False)
    pos = u[:, :2] * s[:2]
    if pos.shape[1] < 2:
        pos = np.hstack([pos, np.zeros((n, 1))])
    # An SVD's signs are arbitrary: fix them so the same graph always faces the same way.
    for axis in range(2):
        column = pos[:, axis]
        if column[int(np.argmax(np.abs(column)))] < 0:
            pos[:, axis] = -column
    # Scale so that an average edge has length 1, or more where that would crowd the nodes
    # (about one node per unit square), then separate coincident nodes a little.
    a, b = _edge_arrays(component, adjacency, index)
    if len(a):
        mean_edge = float(np.mean(np.linalg.norm(pos[a] - pos[b], axis=1)))
        if mean_edge > 1e-9:
            pos /= mean_edge
    spread = pos.max(axis=0) - pos.min(axis=0)
    area = max(float(spread[0]), 1.0) * max(float(spread[1]), 1.0)
    if area < n:
        pos *= math.sqrt(n / area)
    pos += rng.uniform(-_JITTER, _JITTER, size=pos.shape)
    return _refine(pos, a, b, iterations)


def _edge_arrays(component: list[int], adjacency: list[list[int]], index: dict[int, int]):
    import numpy as np

    pairs = [(index[v], index[w]) for v in component for w in adjacency[v] if v < w]
    if not pairs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    arr = np.asarray(pairs, dtype=np.int64)
    return arr[:, 0], arr[:, 1]


def _refine(pos, a, b, iterations: int):
    """Fruchterman-Reingold, grid variant: ideal distance 1, repulsion only between nodes closer
    than ``_CUTOFF``, attraction along edges weakened by ``_ATTRACTION`` so that graphs with
    many long edges (PivotMDS spreads them by graph distance) do not collapse."""
    import numpy as np

    n = len(pos)
    temperature = 2.0
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = np.zeros_like(pos)
        i, j = _close_pairs(pos, _CUTOFF)
        if len(i):
            delta = pos[i] - pos[j]
            dist2 = np.maximum(np.einsum("ij,ij->i", delta, delta), 1e-4)
            # The cutoff must be a distance, not the cells: cells alone would push nodes towards
            # the grid lines (a node sees more of the cells on one side than on the other).
            near = dist2 < _CUTOFF**2
            i, j, delta, dist2 = i[near], j[near], delta[near], dist2[near]
            force = delta / dist2[:, None]  # 1/d along the unit vector, on i; its opposite on j
            for axis in (0, 1):
                disp[:, axis] += np.bincount(i, weights=force[:, axis], minlength=n)
                disp[:, axis] -= np.bincount(j, weights=force[:, axis], minlength=n)
        if len(a):
            delta = pos[a] - pos[b]
            dist = np.sqrt(np.maximum(np.einsum("ij,ij->i", delta, delta), 1e-8))
            force = (_ATTRACTION * dist)[:, None] * delta  # d² along the unit vector
            for axis in (0, 1):
                disp[:, axis] -= np.bincount(a, weights=force[:, axis], minlength=n)
                disp[:, axis] += np.bincount(b, weights=force[:, axis], minlength=n)
        length = np.sqrt(np.maximum(np.einsum("ij,ij->i", disp, disp), 1e-12))
        pos = pos + disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return pos - pos.mean(axis=0)


# Half of a cell's neighbourhood: with the cell itself (pairs i < j), each pair is found once.
_HALF_NEIGHBOURHOOD = ((0, 0), (0, 1), (1, -1), (1, 0), (1, 1))


def _close_pairs(pos, cell: float):
    """Unordered pairs (i, j), each once, of nodes in the same or neighbouring grid cells."""
    import numpy as np

    keys = np.floor(pos / cell).astype(np.int64)
    keys -= keys.min(axis=0)
    width = int(keys[:, 1].max()) + 3
    cid = (keys[:, 0] + 1) * width + (keys[:, 1] + 1)
    order = np.argsort(cid, kind="stable")
    cells, starts, counts = np.unique(cid[order], return_index=True, return_counts=True)
    left, right = [], []
    for dx, dy in _HALF_NEIGHBOURHOOD:
        wanted = cid + dx * width + dy
        slot = np.minimum(np.searchsorted(cells, wanted), len(cells) - 1)
        hit = cells[slot] == wanted
        src = np.nonzero(hit)[0]
        if not len(src):
            continue
        start, many = starts[slot[hit]], counts[slot[hit]]
        total = int(many.sum())
        offsets = np.arange(total) - np.repeat(np.cumsum(many) - many, many)
        i = np.repeat(src, many)
        j = order[np.repeat(start, many) + offsets]
        if dx == 0 and dy == 0:
            keep = i < j
            i, j = i[keep], j[keep]
        left.append(i)
        right.append(j)
    if not left:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(left), np.concatenate(right)


def _pack(placed, count: int):
    """Scale components to canvas units and pack them in rows, largest first, around the origin."""
    import numpy as np

    out = np.zeros((count, 2))
    boxes = []
    for nodes, pos in placed:
        pos = pos * EDGE_LENGTH
        low, high = pos.min(axis=0), pos.max(axis=0)
        boxes.append((nodes, pos - low, high - low + EDGE_LENGTH))
    total_area = sum(float(size[0] * size[1]) for _, _, size in boxes)
    row_width = max(math.sqrt(total_area) * 1.2, float(boxes[0][2][0]))
    x = y = row_height = 0.0
    for nodes, pos, size in boxes:
        if x > 0 and x + size[0] > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        out[nodes] = pos + np.array([x, y])
        x += float(size[0])
        row_height = max(row_height, float(size[1]))
    centre = (out.min(axis=0) + out.max(axis=0)) / 2
    return out - centre
