"""The Python layout of large graphs: deterministic, finite, spread out, components apart."""

from __future__ import annotations

import math
import random

from kgbuild.export.view.layout import EDGE_LENGTH, compute_layout


def random_graph(n: int, seed: int = 1) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    edges = [(i, rng.randrange(i)) for i in range(1, n)]
    return edges + [(rng.randrange(n), rng.randrange(n)) for _ in range(n // 3)]


def test_empty_single_and_pair() -> None:
    assert compute_layout(0, []) == []
    assert compute_layout(1, []) == [(0.0, 0.0)]
    (ax, ay), (bx, by) = compute_layout(2, [(0, 1)])
    assert math.isclose(math.dist((ax, ay), (bx, by)), EDGE_LENGTH, rel_tol=0.01)


def test_layout_is_deterministic_and_finite() -> None:
    edges = random_graph(600)
    first = compute_layout(600, edges)
    assert compute_layout(600, edges) == first
    assert len(first) == 600
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in first)
    assert len(set(first)) == 600, "no two nodes at one place"


def test_neighbours_are_closer_than_strangers() -> None:
    edges = random_graph(800, seed=3)
    pos = compute_layout(800, edges)
    linked = sorted(math.dist(pos[a], pos[b]) for a, b in edges)
    rng = random.Random(5)
    strangers = sorted(math.dist(pos[rng.randrange(800)], pos[rng.randrange(800)]) for _ in range(2000))
    assert linked[len(linked) // 2] < strangers[len(strangers) // 2] / 2


def test_nodes_do_not_pile_up() -> None:
    # A star: PivotMDS alone would put every leaf on one point.
    pos = compute_layout(200, [(0, i) for i in range(1, 200)])
    closest = min(math.dist(pos[i], pos[j]) for i in range(1, 200) for j in range(i + 1, 200))
    assert closest > EDGE_LENGTH / 10


def test_components_are_packed_apart() -> None:
    # Two triangles and an isolated node.
    pos = compute_layout(7, [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)])
    first = [pos[i] for i in (0, 1, 2)]
    second = [pos[i] for i in (3, 4, 5)]
    gap = min(math.dist(p, q) for p in first for q in second)
    assert gap >= EDGE_LENGTH / 2
    assert min(math.dist(pos[6], p) for p in first + second) >= EDGE_LENGTH / 2
