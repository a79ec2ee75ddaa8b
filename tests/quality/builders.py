"""Hand-built graphs and gold dicts shared by the tests of kgbuild.quality."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from kgbuild.ontology import ID_IRI, KG, RDF, RDFS, SKOS


def node(name: str) -> URIRef:
    return URIRef(ID_IRI + name)


def add_entity(graph: Graph, name: str, cls: str, label: str, *alt: str) -> URIRef:
    subject = node(name)
    graph.add((subject, RDF.type, KG[cls]))
    graph.add((subject, RDFS.label, Literal(label)))
    for text in alt:
        graph.add((subject, SKOS.altLabel, Literal(text)))
    return subject


def gold_of(*entities: dict, noise=(), relations=(), events=()) -> dict:
    return {
        "entities": list(entities),
        "noise": list(noise),
        "relations": list(relations),
        "events": list(events),
    }


def ent(id_: str, type_: str, *aliases: str, core: bool = True) -> dict:
    return {"id": id_, "type": type_, "aliases": list(aliases), "core": core}


WAGNER = ent("wagner", "ArmedGroup", "Wagner", "Wagner Group", "Russian mercenaries")
FAMA = ent("fama", "StateForce", "Malian army", "the army", "FAMa")
GOITA = ent("goita", "Person", "Assimi Goita", "Goita")
JUNTA = ent("junta", "Government", "Malian junta", "junta")
MALI = ent("mali", "Country", "Mali")
KIDAL = ent("kidal", "Place", "Kidal")
TINZ = ent("tinz", "Place", "Tinzaouaten", "Tin-Zaouatene")
CSP = ent("csp", "ArmedGroup", "CSP-DPA", "CSP")
