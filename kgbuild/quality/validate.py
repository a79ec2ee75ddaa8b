"""Quality stage: SHACL validation of a graph against ontologies/shapes.ttl (``kgbuild validate``).

The data graph is every triple of SOURCE (a graph file or a ``build --store`` directory, named
graphs merged), copied into a plain rdflib graph: pySHACL's SPARQL-based constraints run on
rdflib's engine, and literals come out of Oxigraph typed ``xsd:string`` where rdflib writes plain
literals, which ``sh:in`` would tell apart. The ontology (``ontologies/kgbuild.ttl``) is mixed in
as pySHACL's ontology graph so that class targets reach the instances of subclasses (a
``kg:Battle`` is checked as a ``kg:Event``); no inference is run, since the subclass triples are
all the shapes need and RDFS inference doubles the time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from kgbuild.config import ONTOLOGIES_DIR
from kgbuild.errors import QueryError, UsageError
from kgbuild.graph.formats import FORMATS_BY_SUFFIX
from kgbuild.graph.store import open_source
from kgbuild.ontology import ONTOLOGY_FILE, PREFIXES

__all__ = ["SHAPES_FILE", "GraphNotValid", "Violation", "ValidationReport", "validate_graph", "format_report"]

SHAPES_FILE = ONTOLOGIES_DIR / "shapes.ttl"
"""The shapes ``kgbuild validate`` checks by default."""

SHAPES_PREFIXES = {**PREFIXES, "kgsh": "https://w3id.org/kgbuild/shapes#", "sh": str(SH)}
"""Prefixes used to shorten IRIs in a report (kgbuild's, plus the shapes' own)."""



class GraphNotValid(QueryError):
    """The graph breaks the shapes (exit 1); the report lists how."""


_SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass(frozen=True, slots=True)
class Violation:
    """One result of the SHACL report, with IRIs shortened by kgbuild's prefixes."""

    focus: str
    path: str
    message: str
    value: str
    severity: str
    shape: str

    def line(self) -> str:
        """``FOCUS PATH: MESSAGE [value: VALUE]``: the node, the property, and the rule broken."""
        where = f"{self.focus} {self.path}" if self.path else self.focus
        text = f"{where}: {self.message}"
        if self.value and self.value not in self.message:
            text += f" [value: {self.value}]"
        if self.severity != "violation":
            text = f"{self.severity}: {text}"
        return text


@dataclass(frozen=True, slots=True, kw_only=True)
class ValidationReport:
    """What ``validate_graph`` found: ``conforms`` is true when no result has severity violation."""

    source: Path
    shapes: Path
    conforms: bool
    nodes_checked: int
    triples: int
    seconds: float
    violations: tuple[Violation, ...]


def validate_graph(source: Path, shapes: Path | None = None) -> ValidationReport:
    """Validate SOURCE (graph file or store directory) against ``shapes`` (default:
    ``ontologies/shapes.ttl``) with pySHACL, the ontology mixed in, no inference."""
    import pyshacl

    started = time.perf_counter()
    shapes_path = Path(shapes) if shapes is not None else SHAPES_FILE
    shapes_graph = _read_shapes(shapes_path)
    data = _data_graph(Path(source))
    triples = len(data)
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    try:
        # inplace: the data graph is a private copy, and staying a _PreparedQueryGraph keeps
        # SPARQL-based constraints from being parsed again for every focus node.
        conforms, results, _text = pyshacl.validate(
            data,
            shacl_graph=shapes_graph,
            ont_graph=ontology,
            inference="none",
            allow_warnings=True,
            inplace=True,
        )
    except Exception as exc:  # pySHACL reports bad shapes with its own exception types
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"cannot validate with shapes '{shapes_path}': {message} (fix the shapes file)") from exc
    # Two constraints of one property can fail alike (datatype and range): one line each.
    violations = tuple(sorted(set(_results(results)), key=lambda v: (v.focus, v.path, v.message, v.value)))
    return ValidationReport(
        source=Path(source),
        shapes=shapes_path,
        conforms=bool(conforms) and not any(v.severity == "violation" for v in violations),
        violations=violations,
        nodes_checked=len(_focus_nodes(shapes_graph, data)),  # the ontology is mixed in now
        triples=triples,
        seconds=time.perf_counter() - started,
    )


def format_report(report: ValidationReport) -> str:
    """One line per result, then a count; or ``conforms: N nodes checked``."""
    if report.conforms and not report.violations:
        return f"conforms: {report.nodes_checked} nodes checked ({report.triples} triples, {report.seconds:.2f} s)\n"
    lines = [v.line() for v in report.violations]
    errors = sum(1 for v in report.violations if v.severity == "violation")
    others = len(report.violations) - errors
    summary = f"{errors} violation(s)"
    if others:
        summary += f" and {others} warning(s)/info(s)"
    summary += f" in {report.source} ({report.nodes_checked} nodes checked against {report.shapes.name})"
    if report.conforms:
        summary = f"conforms: {report.nodes_checked} nodes checked; {others} warning(s)/info(s)"
    return "\n".join(lines + [summary]) + "\n"


# --- inputs ---------------------------------------------------------------------------------------


def _read_shapes(path: Path) -> Graph:
    if not path.is_file():
        raise UsageError(f"cannot read shapes '{path}': no such file (give a SHACL Turtle file, or leave out --shapes)")
    fmt = FORMATS_BY_SUFFIX.get(path.suffix.lower(), "ox-turtle").removeprefix("ox-")
    fmt = {"ntriples": "nt", "xml": "xml", "jsonld": "json-ld"}.get(fmt, fmt)
    try:
        return Graph().parse(path, format=fmt)
    except Exception as exc:  # rdflib raises a parser-specific type per format
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"cannot read shapes '{path}': not valid RDF ({message}); fix the file") from exc


class _PreparedQueryGraph(Graph):
    """An in-memory graph that parses each distinct SPARQL text once. pySHACL runs a SPARQL-based
    constraint once per focus node with the same text (the node comes as a binding), and rdflib
    would parse it every time: parsing, not evaluating, was nine tenths of the validation time."""

    def __init__(self) -> None:
        super().__init__(bind_namespaces="none")
        self._prepared: dict[tuple[str, frozenset], object] = {}

    def query(self, query_object, processor="sparql", result="sparql", initNs=None, initBindings=None,  # noqa: N803
              use_store_provided=True, **kwargs):
        if isinstance(query_object, str):
            from rdflib.plugins.sparql import prepareQuery

            namespaces = dict(initNs) if initNs else dict(self.namespaces())
            key = (query_object, frozenset((k, str(v)) for k, v in namespaces.items()))
            if key not in self._prepared:
                self._prepared[key] = prepareQuery(query_object, initNs=namespaces)
            query_object = self._prepared[key]
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


def _data_graph(source: Path) -> Graph:
    """Every triple of SOURCE in an in-memory rdflib graph, literals as rdflib writes them."""
    store = open_source(source)
    graph = _PreparedQueryGraph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    graph.addN((_term(q.subject), _term(q.predicate), _term(q.object), graph) for q in store)
    return graph


_XSD_STRING = str(XSD.string)


def _term(term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal) -> Node:
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise QueryError(f"cannot validate a graph holding RDF-star triple terms ({term}); remove them")


# --- the report -----------------------------------------------------------------------------------


def _short(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, iri in sorted(SHAPES_PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if text.startswith(iri):
                return f"{prefix}:{text[len(iri):]}"
        return f"<{text}>"
    if isinstance(node, Literal):
        if node.language:
            return f'"{node}"@{node.language}'
        if node.datatype and node.datatype != XSD.string:
            return f'"{node}"^^{_short(node.datatype)}'
        return f'"{node}"'
    return f"_:{node}"


def _path(graph: Graph, node: Node | None) -> str:
    """A SHACL property path in SPARQL's syntax (``p``, ``^p``, ``p/q``, ``p|q``, ``p*``)."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return _short(node)
    if (node, RDF.first, None) in graph:
        return "/".join(_path(graph, n) for n in Collection(graph, node))
    for predicate, template in (
        (SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(node, predicate)
        if inner is not None:
            return template.format(_path(graph, inner))
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path(graph, n) for n in Collection(graph, alternatives)) + ")"
    return _short(node)


def _message(results: Graph, result: Node) -> str:
    messages = list(results.objects(result, SH.resultMessage))
    english = [m for m in messages if isinstance(m, Literal) and m.language in (None, "en")]
    chosen = english or messages
    if chosen:
        return sorted(str(m) for m in chosen)[0]
    component = results.value(result, SH.sourceConstraintComponent)
    return f"breaks {_short(component)}" if component is not None else "breaks a shape"


def _results(results: Graph) -> list[Violation]:
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        found.append(Violation(
            focus=_short(results.value(result, SH.focusNode)),
            path=_path(results, results.value(result, SH.resultPath)),
            message=_message(results, result),
            value=_short(results.value(result, SH.value)),
            severity=_SEVERITIES.get(results.value(result, SH.resultSeverity), "violation"),
            shape=_short(results.value(result, SH.sourceShape)) if isinstance(results.value(result, SH.sourceShape), URIRef) else "",
        ))
    return found


def _focus_nodes(shapes: Graph, data: Graph) -> set[Node]:
    """Every node some shape targets (explicit targets, and implicit class targets)."""
    nodes: set[Node] = set()

    def instances(cls: Node) -> set[Node]:
        classes = set(data.transitive_subjects(RDFS.subClassOf, cls))
        return {s for c in classes for s in data.subjects(RDF.type, c)}

    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
        for cls in shapes.objects(shape, SH.targetClass):
            nodes |= instances(cls)
        nodes |= set(shapes.objects(shape, SH.targetNode))
        for predicate in shapes.objects(shape, SH.targetSubjectsOf):
            nodes |= set(data.subjects(predicate, None))
        for predicate in shapes.objects(shape, SH.targetObjectsOf):
            nodes |= set(data.objects(None, predicate))
        if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes:
            nodes |= instances(shape)
    return nodes
