"""The graph's vocabulary: one namespace constant and the terms of ``ontologies/kgbuild.ttl``.

``KG`` is a closed namespace: using a term that is not listed here raises at once, and
``tests/test_ontology.py`` checks that every listed term is declared in the ontology file and that
the code uses no other. The list is the contract of ../shared/design/VOCABULARY.md plus the few
helper terms the pipeline needs (documented in the ontology file).

What the ontology says about its terms and the code relies on lives here too, once, and is
checked against the file by the same tests: which relations are symmetric
(``owl:SymmetricProperty``), which event roles imply which (``rdfs:subPropertyOf``) and which class
of an entity is the most specific (``rdfs:subClassOf``), so that every reader of the graph (the
view, the network files, the analyses) names a node's class the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Namespace

from kgbuild.config import ONTOLOGIES_DIR
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, ClosedNamespace

__all__ = [
    "KG_IRI",
    "ID_IRI",
    "KG",
    "SEM",
    "SCHEMA",
    "GEO",
    "WD",
    "PROV",
    "SKOS",
    "RDF",
    "RDFS",
    "OWL",
    "XSD",
    "CLASSES",
    "PROPERTIES",
    "RELATION_PROPERTIES",
    "ENTITY_CLASSES",
    "EVENT_CLASSES",
    "CLASS_PRIORITY",
    "SYMMETRIC_PROPERTIES",
    "EVENT_ROLES",
    "IMPLIED_ROLES",
    "most_specific_class",
    "ONTOLOGY_FILE",
    "PREFIXES",
]

KG_IRI = "https://w3id.org/kgbuild/ns#"
"""The one namespace of kgbuild's own terms."""

ID_IRI = "https://w3id.org/kgbuild/id/"
"""Base of the IRIs minted for entities, events, documents and evidence."""

ONTOLOGY_FILE = ONTOLOGIES_DIR / "kgbuild.ttl"

ENTITY_CLASSES = (
    "Actor",
    "Person",
    "ArmedGroup",
    "StateForce",
    "Government",
    "Organization",
    "EthnicGroup",
    "Place",
    "Country",
)
EVENT_CLASSES = (
    "Event",
    "Battle",
    "Attack",
    "AirStrike",
    "Capture",
    "Withdrawal",
    "Coup",
    "Crash",
    "Arrest",
    "Resignation",
    "Deployment",
    "ViolenceAgainstCivilians",
)
CLASSES = ENTITY_CLASSES + EVENT_CLASSES + (
    "CasualtyFigure",
    "Document",
    "Evidence",
    "Claim",
    "Extractor",
)
RELATION_PROPERTIES = (
    "leaderOf",
    "spokespersonOf",
    "memberOf",
    "commanderOf",
    "allyOf",
    "enemyOf",
    "affiliatedWith",
    "partOf",
    "controls",
    "locatedIn",
    "near",
    "formerAllyOf",
)
"""Direct relations between entities (entity → entity triples)."""
PROPERTIES = RELATION_PROPERTIES + (
    # events
    "attacker",
    "target",
    "timePrecision",
    "casualties",
    # casualty figures
    "count",
    "minCount",
    "maxCount",
    "figureText",
    "qualifier",
    "category",
    "victimSide",
    "claimedBy",
    # documents, evidence, claims
    "sha256",
    "sentence",
    "charStart",
    "charEnd",
    "confidence",
    "sourceDescription",
    "statement",
    "about",
    "hedged",
    "negated",
    "geoPrecision",
    # helper terms of kgbuild (declared and documented in the ontology file)
    "evidence",
    "mentionText",
    "demonym",
    "descriptor",
    "sourceFile",
    "timeText",
    "fromClaim",
)

KG = ClosedNamespace(KG_IRI, list(CLASSES + PROPERTIES))
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "kg": KG_IRI,
    "kgid": ID_IRI,
    "sem": str(SEM),
    "prov": str(PROV),
    "skos": str(SKOS),
    "schema": str(SCHEMA),
    "geo": str(GEO),
    "wd": str(WD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}
"""Prefixes bound in every graph kgbuild writes and queries."""

SYMMETRIC_PROPERTIES: frozenset[str] = frozenset({"allyOf", "enemyOf", "near", "formerAllyOf"})
"""The relations that read the same both ways: the ``owl:SymmetricProperty`` terms of kgbuild.ttl
(one triple states them; the view draws them once, without an arrow)."""

_ROOT_CLASSES = ("Place", "Actor")
CLASS_PRIORITY: tuple[str, ...] = (
    ("Country",) + tuple(c for c in ENTITY_CLASSES if c not in _ROOT_CLASSES + ("Country",)) + _ROOT_CLASSES
)
"""Every entity class, most specific first: each comes before its superclasses in kgbuild.ttl
(kg:Country, a place that acts, before kg:Place and kg:Actor; the generic kg:Actor last)."""

EVENT_ROLES: tuple[tuple[str, str], ...] = (
    ("attacker", KG_IRI + "attacker"),
    ("target", KG_IRI + "target"),
    ("hasActor", str(SEM.hasActor)),
    ("hasPlace", str(SEM.hasPlace)),
)
"""How an entity takes part in an event, most specific first: (the property's local name, its IRI).
Every reader names a role by that local name."""

IMPLIED_ROLES: dict[str, str] = {"attacker": "hasActor", "target": "hasActor"}
"""Role → the role it implies (``rdfs:subPropertyOf`` in kgbuild.ttl): an attacker or target also
takes part, so a ``sem:hasActor`` next to ``kg:attacker`` or ``kg:target`` says nothing more."""

_ENTITY_RANK = {name: i for i, name in enumerate(CLASS_PRIORITY)}
_EVENT_SET = frozenset(EVENT_CLASSES)


def most_specific_class(classes: Iterable[str]) -> str:
    """The one class a node is shown and counted with, from the local names of its ``kg:`` classes.

    An entity class wins over an event class; among entity classes the first of
    ``CLASS_PRIORITY``; among event classes a specific one (the alphabetically first) over the
    generic kg:Event. A node with no known class gets ``""``.
    """
    names = set(classes)
    entity = [name for name in names if name in _ENTITY_RANK]
    if entity:
        return min(entity, key=_ENTITY_RANK.__getitem__)
    events = sorted(name for name in names if name in _EVENT_SET and name != "Event")
    if events:
        return events[0]
    return "Event" if "Event" in names else ""
