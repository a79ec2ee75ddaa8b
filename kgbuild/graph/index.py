"""Graph stage: every triple of a graph in one dictionary, and the readers of names, classes,
relations and event roles that the view, the network files and the analyses share.

Reading a graph node by node through rdflib costs a store call (and three new rdflib terms) per
lookup, which dominates the time on large graphs; one pass over the triples into
``subject → predicate → [objects]`` dictionaries does not. In the index IRIs are plain strings,
blank nodes are ``"_:" + id`` and literals are :class:`Lit`; every object list is sorted (IRIs and
blank nodes first, then literals by text) and free of duplicates, so every reader is deterministic.

The readers say once what the rest of kgbuild means by a node's name (``rdfs:label``, else the
last segment of its IRI), its class (:func:`kgbuild.ontology.most_specific_class`), a relation (a
triple of one of ``RELATION_PROPERTIES``) and an event role (``EVENT_ROLES``, the implied
``sem:hasActor`` left out).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, Union

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kgbuild.ontology import (
    ENTITY_CLASSES,
    EVENT_CLASSES,
    EVENT_ROLES,
    IMPLIED_ROLES,
    KG_IRI,
    PREFIXES,
    RDF,
    RDFS,
    RELATION_PROPERTIES,
    SKOS,
    most_specific_class,
)

__all__ = [
    "Lit",
    "Term",
    "TripleIndex",
    "term_key",
    "rdflib_term",
    "node_id",
    "local_name",
    "compact_iri",
    "label_of",
    "aliases_of",
    "entity_classes",
    "event_classes",
    "relation_triples",
    "event_roles",
    "LABEL",
    "ALT_LABEL",
]

LABEL = str(RDFS.label)
ALT_LABEL = str(SKOS.altLabel)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_TYPE = str(RDF.type)


class Lit:
    """A literal as the index holds it: its text, datatype IRI (None for a plain string) and
    language tag."""

    __slots__ = ("value", "datatype", "language")

    def __init__(self, value: str, datatype: str | None, language: str | None) -> None:
        self.value, self.datatype, self.language = value, datatype, language

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Lit({self.value!r}, {self.datatype!r}, {self.language!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lit) and (self.value, self.datatype, self.language) == (
            other.value, other.datatype, other.language)

    def __hash__(self) -> int:
        return hash((Lit, self.value, self.datatype, self.language))


Term = Union[str, Lit]
"""An index term: an IRI, ``"_:" + id`` for a blank node, or a :class:`Lit`."""


def term_key(term: Node) -> Term:
    """The index form of an rdflib term."""
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else None
        return Lit(str(term), None if datatype == _XSD_STRING else datatype, term.language)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def rdflib_term(key: Term) -> Node:
    """The rdflib term of an index term."""
    if isinstance(key, Lit):
        return Literal(key.value, lang=key.language, datatype=key.datatype)
    return BNode(key[2:]) if key.startswith("_:") else URIRef(key)


def node_id(key: str) -> str:
    """The id of a node as rdflib and SPARQL results spell it (``str(term)``): the IRI, or a blank
    node's id without ``_:``."""
    return key[2:] if key.startswith("_:") else key


def _sort_key(term: Term) -> tuple[int, str, str]:
    if isinstance(term, Lit):
        return (1, term.value, term.datatype or term.language or "")
    return (0, term, "")


def _ox_key(term: Any) -> Term:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    if isinstance(term, pyoxigraph.Literal):
        datatype = term.datatype.value if term.datatype is not None else None
        language = term.language
        return Lit(term.value, None if datatype == _XSD_STRING or language else datatype, language)
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _oxigraph_quads(graph: Graph) -> Iterable[Any] | None:
    """The quads of ``graph`` straight from its Oxigraph store, or None for another store.

    Going through rdflib would build three rdflib terms per triple (validating every IRI), which
    takes seconds for the few hundred thousand triples of a large graph."""
    import pyoxigraph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    store = getattr(graph.store, "_inner", None) or getattr(graph.store, "_store", None)
    if not isinstance(store, pyoxigraph.Store) or type(graph) is not Graph:
        return None
    identifier = graph.identifier
    if identifier == DATASET_DEFAULT_GRAPH_ID:
        name: Any = pyoxigraph.DefaultGraph()
    elif isinstance(identifier, BNode):
        name = pyoxigraph.BlankNode(str(identifier))
    elif isinstance(identifier, URIRef):
        name = pyoxigraph.NamedNode(str(identifier))
    else:
        return None
    return store.quads_for_pattern(None, None, None, name)


def _index_quads(quads: Iterable[Any]) -> dict[str, dict[str, list[Term]]]:
    import pyoxigraph

    out: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
    named = pyoxigraph.NamedNode
    for quad in quads:
        s, p, o = quad.subject, quad.predicate, quad.object
        out[s.value if isinstance(s, named) else _ox_key(s)][p.value].append(  # type: ignore[index]
            o.value if isinstance(o, named) else _ox_key(o))
    return out


class TripleIndex:
    """Every triple of a graph, read in one pass, by subject and predicate (``out``)."""

    def __init__(self, out: dict[str, dict[str, list[Term]]]) -> None:
        for props in out.values():
            for predicate, values in props.items():
                if len(values) > 1:
                    props[predicate] = sorted(set(values), key=_sort_key)
        self.out = out
        self._reified: dict[tuple[Term, str, Term], list[str]] | None = None

    @classmethod
    def of_graph(cls, graph: Graph) -> TripleIndex:
        """The index of an rdflib graph (read straight from its Oxigraph store when it has one)."""
        quads = _oxigraph_quads(graph)
        if quads is not None:
            return cls(_index_quads(quads))
        out: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        for s, p, o in graph:
            out[term_key(s)][str(p)].append(term_key(o))  # type: ignore[index]
        return cls(out)

    @classmethod
    def of_store(cls, store: Any) -> TripleIndex:
        """The index of a pyoxigraph store, every named graph merged into one."""
        return cls(_index_quads(store.quads_for_pattern(None, None, None, None)))

    def objects(self, subject: Term, predicate: str) -> list[Term]:
        props = self.out.get(subject)  # type: ignore[call-overload]
        return props.get(str(predicate), []) if props else []

    def texts(self, subject: Term, predicate: str) -> list[str]:
        return sorted({str(value) for value in self.objects(subject, predicate)})

    def first(self, subject: Term, predicate: str) -> str | None:
        values = self.objects(subject, predicate)
        return str(values[0]) if values else None

    def typed(self, names: Iterable[str]) -> dict[str, set[str]]:
        """Subjects typed with any of the kg: classes ``names``, with the names they carry."""
        wanted = {KG_IRI + name: name for name in names}
        found: dict[str, set[str]] = {}
        for subject, props in self.out.items():
            types = props.get(_RDF_TYPE)
            if types:
                names_here = {wanted[t] for t in types if isinstance(t, str) and t in wanted}
                if names_here:
                    found[subject] = names_here
        return found

    def reified(self) -> dict[tuple[Term, str, Term], list[str]]:
        """Evidence nodes of triples (``rdf:subject``, ``rdf:predicate``, ``rdf:object``), by the
        (subject, predicate, object) they support, in term order."""
        if self._reified is None:
            rdf_subject, rdf_predicate, rdf_object = str(RDF.subject), str(RDF.predicate), str(RDF.object)
            found: dict[tuple[Term, str, Term], list[str]] = defaultdict(list)
            for node, props in self.out.items():
                predicates = props.get(rdf_predicate)
                if not predicates:
                    continue
                for s in props.get(rdf_subject, []):
                    for p in predicates:
                        for o in props.get(rdf_object, []):
                            found[(s, str(p), o)].append(node)
            for supports in found.values():
                supports.sort()
            self._reified = found
        return self._reified


# --------------------------------------------------------------------------- names


def local_name(iri: str) -> str:
    """The last segment of an IRI (after the last ``/`` or ``#``), the name of a node without a
    label; the whole text when there is none."""
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


def compact_iri(iri: str) -> str:
    """``iri`` with the longest matching kgbuild prefix (``wd:Q90``), else unchanged."""
    matches = [(len(base), prefix) for prefix, base in PREFIXES.items() if iri.startswith(base)]
    if not matches:
        return iri
    _, prefix = max(matches)
    return f"{prefix}:{iri[len(PREFIXES[prefix]):]}"


def label_of(index: TripleIndex, term: Term) -> str:
    """A node's name: its (first) rdfs:label, else the last segment of its IRI (a blank node's id)."""
    return index.first(term, LABEL) or local_name(node_id(str(term)))


def aliases_of(index: TripleIndex, term: Term) -> list[str]:
    """A node's other names (skos:altLabel), sorted."""
    return index.texts(term, ALT_LABEL)


# --------------------------------------------------------------------------- classes


def entity_classes(index: TripleIndex) -> dict[str, str]:
    """Every entity (a node typed with a kg: entity class) with its most specific class."""
    return {subject: most_specific_class(names) for subject, names in index.typed(ENTITY_CLASSES).items()}


def event_classes(index: TripleIndex, entities: dict[str, str]) -> dict[str, str]:
    """Every event (typed with a kg: event class, and not an entity) with its most specific class."""
    return {subject: most_specific_class(names) for subject, names in index.typed(EVENT_CLASSES).items()
            if subject not in entities}


# --------------------------------------------------------------------------- relations and roles

_RELATIONS = {KG_IRI + name: name for name in RELATION_PROPERTIES}


def relation_triples(index: TripleIndex, subjects: Iterable[str] | None = None) -> Iterator[tuple[str, str, str]]:
    """(subject, relation name, object) for every relation triple between two nodes (no literal
    objects), of ``subjects`` in their order (every subject of the graph when None); objects of
    one subject and predicate come in term order."""
    out = index.out
    for subject in (out if subjects is None else subjects):
        for predicate, objects in out.get(subject, {}).items():
            name = _RELATIONS.get(predicate)
            if name is None:
                continue
            for obj in objects:
                if not isinstance(obj, Lit):
                    yield subject, name, obj


def event_roles(index: TripleIndex, event: str) -> list[tuple[str, str, str]]:
    """(role, property IRI, node) for how each node takes part in ``event``, roles in
    ``EVENT_ROLES`` order, nodes in term order; a role implied by another role of the same node
    (``sem:hasActor`` next to ``kg:attacker``) is left out."""
    found: list[tuple[str, str, str]] = []
    held: dict[str, set[str]] = defaultdict(set)
    for role, prop in EVENT_ROLES:
        for obj in index.objects(event, prop):
            if not isinstance(obj, Lit):
                held[obj].add(role)
                found.append((role, prop, obj))
    implied = {(IMPLIED_ROLES[r], obj) for obj, roles in held.items() for r in roles if r in IMPLIED_ROLES}
    return [(role, prop, obj) for role, prop, obj in found if (role, obj) not in implied]
