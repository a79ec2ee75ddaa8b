"""Analysis stage: the RDF graph → a networkx network → central actors, communities and paths.

The network (``kgbuild.graph.network``) keeps what the measures need and what a reader needs to
trust them: every node is an entity or an event, every edge a relation triple or an event
participation carrying the ids of the kg:Evidence nodes that back it. The measures:

- ``rank_actors`` (:mod:`~kgbuild.analysis.centrality`): who is central, by evidence-weighted
  degree and betweenness;
- ``communities`` and ``co_participation`` (:mod:`~kgbuild.analysis.communities`): groups of
  actors that the reporting ties together, and which actors take part in the same events;
- ``shortest_path`` (:mod:`~kgbuild.analysis.paths`): how two named things are connected, each
  step with its evidence sentences.

Every function takes the rdflib graph, or the networkx view of it from ``to_networkx`` so that
several measures share one conversion. Results are deterministic: nodes and edges are added in
sorted order, the community algorithm has no randomness, and every list has a total order.
"""

from kgbuild.analysis.centrality import BETWEENNESS_SAMPLE, EXACT_BETWEENNESS_MAX_NODES, ActorRank, rank_actors
from kgbuild.analysis.common import ACTOR_CLASSES, ROLES, to_networkx
from kgbuild.analysis.communities import CoParticipation, co_participation, communities
from kgbuild.analysis.paths import MAX_PATHS_COMPARED, NoPathError, PathStep, find_node, shortest_path
from kgbuild.graph.network import EvidenceRef

__all__ = [
    "ACTOR_CLASSES",
    "BETWEENNESS_SAMPLE",
    "EXACT_BETWEENNESS_MAX_NODES",
    "MAX_PATHS_COMPARED",
    "ROLES",
    "ActorRank",
    "CoParticipation",
    "EvidenceRef",
    "NoPathError",
    "PathStep",
    "co_participation",
    "communities",
    "find_node",
    "rank_actors",
    "shortest_path",
    "to_networkx",
]
