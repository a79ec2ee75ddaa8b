"""The graph's vocabulary: one namespace constant and the terms of ``ontologies/kgbuild.ttl``.

``KG`` is a closed namespace: using a term that is not listed here raises at once, and
``tests/test_ontology.py`` checks that every listed term is declared in the ontology file and that
the code uses no other. The list is the contract of ../shared/design/VOCABULARY.md plus the few
helper terms the pipeline needs (documented in the ontology file).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Namespace
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
    "ONTOLOGY_FILE",
    "PREFIXES",
]

KG_IRI = "https://w3id.org/kgbuild/ns#"
"""The one namespace of kgbuild's own terms."""

ID_IRI = "https://w3id.org/kgbuild/id/"
"""Base of the IRIs minted for entities, events, documents and evidence."""

ONTOLOGY_FILE = Path(__file__).resolve().parent.parent / "ontologies" / "kgbuild.ttl"

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
