"""The ontology file, the term list in ``kgbuild.ontology`` and the code must agree.

* ``ontologies/kgbuild.ttl`` and ``ontologies/shapes.ttl`` parse with rdflib and pyoxigraph;
* every term in ``CLASSES`` / ``PROPERTIES`` is declared with the right kind of type, one
  ``rdfs:label`` and one ``rdfs:comment``, and the file declares no ``kg:`` term the list lacks;
* every ``kg:`` term the code under ``kgbuild/`` uses is declared in the ontology file.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, ClosedNamespace

from kgbuild.ontology import (
    CLASS_PRIORITY,
    CLASSES,
    ENTITY_CLASSES,
    EVENT_CLASSES,
    EVENT_ROLES,
    IMPLIED_ROLES,
    KG_IRI,
    PROPERTIES,
    SYMMETRIC_PROPERTIES,
    most_specific_class,
)

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = ROOT / "kgbuild"
ONTOLOGY_PATH = ROOT / "ontologies" / "kgbuild.ttl"
SHAPES_PATH = ROOT / "ontologies" / "shapes.ttl"

SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"

PROPERTY_TYPES = {
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.SymmetricProperty,
}
CLASS_TYPES = {OWL.Class}

# Names under which a module may refer to the closed namespace object.
KG_NAMES = {"KG"}
# Names under which a module may refer to the namespace IRI string.
KG_IRI_NAMES = {"KG_IRI"}

_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")


def kg(name: str) -> URIRef:
    return URIRef(KG_IRI + name)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def declared_terms(graph: Graph) -> set[str]:
    """Local names of every kg: IRI that occurs anywhere in ``graph``."""
    names: set[str] = set()
    for triple in graph:
        for node in triple:
            if isinstance(node, URIRef) and str(node).startswith(KG_IRI):
                names.add(str(node)[len(KG_IRI):])
    return names


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize("path", [ONTOLOGY_PATH, SHAPES_PATH], ids=lambda p: p.name)
def test_parses_with_rdflib_and_pyoxigraph(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 0
    quads = list(pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.TURTLE))
    assert quads
    # Both parsers read the same number of distinct triples.
    assert len({(q.subject, q.predicate, q.object) for q in quads}) == len(graph)


def test_ontology_header(ontology: Graph) -> None:
    ontologies = list(ontology.subjects(RDF.type, OWL.Ontology))
    assert len(ontologies) == 1
    assert (ontologies[0], RDFS.label, None) in ontology
    assert (ontologies[0], RDFS.comment, None) in ontology


# --------------------------------------------------------------------------- term list vs file


def test_term_list_has_no_duplicates() -> None:
    terms = list(CLASSES) + list(PROPERTIES)
    assert len(terms) == len(set(terms)), sorted({t for t in terms if terms.count(t) > 1})


@pytest.mark.parametrize("name", CLASSES)
def test_class_declared(ontology: Graph, name: str) -> None:
    types = set(ontology.objects(kg(name), RDF.type))
    assert types & CLASS_TYPES, f"kg:{name} is not declared as an owl:Class"
    assert not types & PROPERTY_TYPES, f"kg:{name} is a class but typed as a property"
    _check_label_and_comment(ontology, name)


@pytest.mark.parametrize("name", PROPERTIES)
def test_property_declared(ontology: Graph, name: str) -> None:
    types = set(ontology.objects(kg(name), RDF.type))
    assert types & PROPERTY_TYPES, f"kg:{name} is not declared as a property"
    assert not types & CLASS_TYPES, f"kg:{name} is a property but typed as a class"
    assert not {OWL.ObjectProperty, OWL.DatatypeProperty} <= types, (
        f"kg:{name} is both an object and a datatype property"
    )
    _check_label_and_comment(ontology, name)


def _check_label_and_comment(ontology: Graph, name: str) -> None:
    for predicate in (RDFS.label, RDFS.comment):
        values = list(ontology.objects(kg(name), predicate))
        assert len(values) == 1, f"kg:{name} has {len(values)} {predicate.n3(ontology.namespace_manager)}"
        value = values[0]
        assert isinstance(value, Literal) and value.language == "en", (
            f"kg:{name}: {predicate} must be an English literal"
        )
        assert str(value).strip(), f"kg:{name}: empty {predicate}"


def test_no_undeclared_drift(ontology: Graph) -> None:
    """Every kg: term in the file is in the list, and every listed term is in the file."""
    listed = set(CLASSES) | set(PROPERTIES)
    in_file = declared_terms(ontology)
    assert not in_file - listed, f"in ontology file but not in kgbuild.ontology: {sorted(in_file - listed)}"
    assert not listed - in_file, f"in kgbuild.ontology but not in ontology file: {sorted(listed - in_file)}"
    typed = {str(s)[len(KG_IRI):] for s in ontology.subjects(RDF.type, None) if str(s).startswith(KG_IRI)}
    assert in_file == typed, f"kg: terms used but not declared with a type: {sorted(in_file - typed)}"


# --------------------------------------------------------------------------- hierarchy from VOCABULARY.md

SUBCLASS_AXIOMS = [
    ("Actor", SEM + "Actor"),
    ("Person", KG_IRI + "Actor"),
    ("Person", SCHEMA + "Person"),
    ("ArmedGroup", KG_IRI + "Actor"),
    ("StateForce", KG_IRI + "Actor"),
    ("Government", KG_IRI + "Actor"),
    ("Organization", KG_IRI + "Actor"),
    ("EthnicGroup", KG_IRI + "Actor"),
    ("Place", SEM + "Place"),
    ("Country", KG_IRI + "Place"),
    ("Country", KG_IRI + "Actor"),
    ("Event", SEM + "Event"),
    ("Document", PROV + "Entity"),
    ("Document", SCHEMA + "NewsArticle"),
    ("Evidence", PROV + "Entity"),
    ("Claim", PROV + "Entity"),
    ("Extractor", PROV + "SoftwareAgent"),
] + [(name, KG_IRI + "Event") for name in CLASSES if name in {
    "Battle", "Attack", "AirStrike", "Capture", "Withdrawal", "Coup", "Crash", "Arrest",
    "Resignation", "Deployment", "ViolenceAgainstCivilians",
}]


@pytest.mark.parametrize("sub,sup", SUBCLASS_AXIOMS, ids=lambda v: str(v).rsplit("/", 1)[-1])
def test_subclass_axioms(ontology: Graph, sub: str, sup: str) -> None:
    assert (kg(sub), RDFS.subClassOf, URIRef(sup)) in ontology


@pytest.mark.parametrize("name", ["attacker", "target"])
def test_sides_are_sem_has_actor(ontology: Graph, name: str) -> None:
    assert (kg(name), RDFS.subPropertyOf, URIRef(SEM + "hasActor")) in ontology


@pytest.mark.parametrize("name", ["allyOf", "enemyOf", "near"])
def test_symmetric(ontology: Graph, name: str) -> None:
    assert (kg(name), RDF.type, OWL.SymmetricProperty) in ontology


# --------------------------------------------------------------------------- what the code reads from it


def test_symmetric_properties_are_the_files(ontology: Graph) -> None:
    in_file = {str(s)[len(KG_IRI):] for s in ontology.subjects(RDF.type, OWL.SymmetricProperty)
               if str(s).startswith(KG_IRI)}
    assert SYMMETRIC_PROPERTIES == in_file


def test_implied_roles_are_the_files_sub_properties(ontology: Graph) -> None:
    iri = dict(EVENT_ROLES)
    declared = {
        (role, other)
        for role, role_iri in EVENT_ROLES
        for other, other_iri in EVENT_ROLES
        if (URIRef(role_iri), RDFS.subPropertyOf, URIRef(other_iri)) in ontology
    }
    assert declared == set(IMPLIED_ROLES.items())
    assert set(iri) == {"attacker", "target", "hasActor", "hasPlace"}


def _superclasses(ontology: Graph, name: str) -> set[str]:
    found = {str(o)[len(KG_IRI):] for o in ontology.transitive_objects(kg(name), RDFS.subClassOf)
             if str(o).startswith(KG_IRI)}
    return found - {name}


def test_class_priority_puts_every_class_before_its_superclasses(ontology: Graph) -> None:
    assert sorted(CLASS_PRIORITY) == sorted(ENTITY_CLASSES)
    for name in CLASS_PRIORITY:
        for sup in _superclasses(ontology, name):
            assert CLASS_PRIORITY.index(name) < CLASS_PRIORITY.index(sup), f"kg:{name} after kg:{sup}"
        # a node typed with a class and all its superclasses is shown with that class
        assert most_specific_class({name} | _superclasses(ontology, name)) == name


def test_most_specific_class() -> None:
    assert most_specific_class(["Place", "Country", "Actor"]) == "Country"
    assert most_specific_class({"Event", "Battle"}) == "Battle"
    assert most_specific_class({"Event"}) == "Event"
    assert most_specific_class({"Event", "Person"}) == "Person"
    assert most_specific_class(set()) == ""
    for name in EVENT_CLASSES:
        assert most_specific_class({"Event", name}) == name


# --------------------------------------------------------------------------- code scan


@dataclass(frozen=True)
class TermUse:
    file: str
    line: int
    term: str
    shadowed: bool = False
    """``KG.<term>`` where ``<term>`` is also a method of ClosedNamespace/str (``KG.count`` is
    ``str.count``, not the IRI): the code must write ``KG["<term>"]`` instead."""

    def __str__(self) -> str:
        if self.shadowed:
            return (
                f"{self.file}:{self.line}: KG.{self.term} is the method ClosedNamespace.{self.term}, "
                f'not kg:{self.term}; write KG["{self.term}"]'
            )
        return f"{self.file}:{self.line}: kg:{self.term}"


def _local_names_in_string(text: str) -> list[str]:
    """Local names of every full kg: IRI written inside ``text``."""
    names = []
    start = text.find(KG_IRI)
    while start != -1:
        match = _LOCAL_NAME.match(text, start + len(KG_IRI))
        if match:
            names.append(match.group())
        start = text.find(KG_IRI, start + len(KG_IRI))
    return names


def scan_source(source: str, filename: str = "<string>") -> list[TermUse]:
    """Every kg: term that ``source`` uses.

    Finds ``KG.name``, ``KG["name"]``, string literals holding a full kg: IRI, and
    ``KG_IRI + "name"`` / ``f"{KG_IRI}name"``. Aliases such as
    ``from kgbuild.ontology import KG as K`` are followed.
    """
    tree = ast.parse(source, filename=filename)
    kg_names = set(KG_NAMES)
    iri_names = set(KG_IRI_NAMES)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[-1] == "ontology":
            for alias in node.names:
                if alias.name == "KG":
                    kg_names.add(alias.asname or alias.name)
                elif alias.name == "KG_IRI":
                    iri_names.add(alias.asname or alias.name)

    def is_name(node: ast.AST, names: set[str]) -> bool:
        if isinstance(node, ast.Name):
            return node.id in names
        # e.g. ontology.KG after ``from kgbuild import ontology``
        return isinstance(node, ast.Attribute) and node.attr in names

    def leading_name(node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = _LOCAL_NAME.match(node.value)
            return match.group() if match else None
        return None

    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    uses: list[TermUse] = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Attribute) and is_name(node.value, kg_names):
            if hasattr(ClosedNamespace, node.attr):
                # A real attribute of the namespace object, never a term.
                if node.attr in declared_names():
                    uses.append(TermUse(filename, line, node.attr, shadowed=True))
                elif id(node) not in called:
                    uses.append(TermUse(filename, line, node.attr))
                # else: a method call such as KG.term(name), which is not a static term use.
            else:
                uses.append(TermUse(filename, line, node.attr))
        elif isinstance(node, ast.Subscript) and is_name(node.value, kg_names):
            key = node.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                uses.append(TermUse(filename, line, key.value))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for name in _local_names_in_string(node.value):
                uses.append(TermUse(filename, line, name))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and is_name(node.left, iri_names):
            name = leading_name(node.right)
            if name:
                uses.append(TermUse(filename, line, name))
        elif isinstance(node, ast.JoinedStr):
            parts = node.values
            for before, after in zip(parts, parts[1:]):
                if isinstance(before, ast.FormattedValue) and is_name(before.value, iri_names):
                    name = leading_name(after)
                    if name:
                        uses.append(TermUse(filename, line, name))
    return uses


def declared_names() -> set[str]:
    return set(CLASSES) | set(PROPERTIES)


def undeclared_uses(uses: list[TermUse], declared: set[str]) -> list[TermUse]:
    """The uses that name no declared term, or that reach a term through a shadowing attribute."""
    return [use for use in uses if use.term not in declared or use.shadowed]


def test_scan_catches_undeclared_term() -> None:
    source = (
        "from kgbuild.ontology import KG, KG_IRI\n"
        "a = KG.Battle\n"
        "b = KG.NotATerm\n"
        "c = KG['AlsoNotATerm']\n"
        f"d = '{KG_IRI}StringNotATerm'\n"
        "e = KG_IRI + 'ConcatNotATerm'\n"
        "f = f'{KG_IRI}FStringNotATerm'\n"
    )
    declared = set(CLASSES) | set(PROPERTIES)
    found = undeclared_uses(scan_source(source, "example.py"), declared)
    assert [(u.line, u.term) for u in found] == [
        (3, "NotATerm"),
        (4, "AlsoNotATerm"),
        (5, "StringNotATerm"),
        (6, "ConcatNotATerm"),
        (7, "FStringNotATerm"),
    ]
    assert str(found[0]) == "example.py:3: kg:NotATerm"


def test_scan_catches_shadowed_attribute() -> None:
    source = "from kgbuild.ontology import KG\nx = KG.count\ny = KG['count']\nz = KG.term('Battle')\n"
    found = undeclared_uses(scan_source(source), declared_names())
    assert [(u.line, u.term, u.shadowed) for u in found] == [(2, "count", True)]


def test_scan_follows_aliases() -> None:
    source = "from kgbuild.ontology import KG as K\nx = K.NotATerm\n"
    found = undeclared_uses(scan_source(source), set(CLASSES) | set(PROPERTIES))
    assert [u.term for u in found] == ["NotATerm"]


def test_code_uses_only_declared_terms(ontology: Graph) -> None:
    declared = declared_terms(ontology)
    files = sorted(PACKAGE_DIR.rglob("*.py"))
    assert files, f"no Python files under {PACKAGE_DIR}"
    problems: list[TermUse] = []
    for path in files:
        relative = path.relative_to(ROOT).as_posix()
        problems += undeclared_uses(scan_source(path.read_text(encoding="utf-8"), relative), declared)
    assert not problems, "kg: terms used in code but not declared in ontologies/kgbuild.ttl:\n" + "\n".join(
        str(p) for p in problems
    )
