"""Load the knowledge kgbuild runs on (registry, gazetteers, trigger words) from ``ontologies/``.

This is data loading, not a pipeline stage: it turns the shipped files (and the user's
``--registry`` files) into plain records that extract/ and resolve/ receive as arguments.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeAlias

import pyoxigraph

from kgbuild.config import ONTOLOGIES_DIR
from kgbuild.errors import InputError
from kgbuild.ontology import ENTITY_CLASSES, GEO, ID_IRI, KG_IRI, OWL, RDF, RDFS, SKOS, WD
from kgbuild.ids import entity_key
from kgbuild.text import fold
from kgbuild.types import Lexicon, Registry, RegistryEntry

__all__ = ["Knowledge", "load_knowledge", "load_registry", "load_lexicon", "load_constructions"]


@dataclass(frozen=True, slots=True)
class Knowledge:
    """Everything the rules know that is not in the text."""

    registry: Registry
    lexicon: Lexicon
    demonyms: dict[str, str] = field(default_factory=dict)
    """Folded demonym ("malian") → registry key of its country."""
    regions: frozenset[str] = frozenset()
    """Folded names and demonyms of supranational regions ("west african"): never a country."""


def load_knowledge(extra_registries: tuple[Path, ...] = (), directory: Path = ONTOLOGIES_DIR) -> Knowledge:
    """The shipped registry, gazetteers and lexicon, plus any user registry files."""
    lexicon = load_lexicon(directory / "lexicon.json")
    lexicon = replace(lexicon, constructions=load_constructions(directory / "patterns" / "en"))
    registry = load_registry(
        directory / "countries.tsv", (directory / "registry.ttl",) + tuple(extra_registries)
    )
    demonyms: dict[str, str] = {}
    for entry in registry.entries:
        for demonym in entry.demonyms:
            demonyms.setdefault(demonym.lower(), entry.key)
    regions: set[str] = set()
    regions_file = directory / "regions.tsv"
    if regions_file.exists():
        for row in _read_tsv(regions_file):
            regions.add(row["name"].lower())
            regions.update(d.lower() for d in _split(row.get("demonyms")))
            regions.update(a.lower() for a in _split(row.get("aliases")))
    return Knowledge(registry=registry, lexicon=lexicon, demonyms=demonyms, regions=frozenset(regions))


def load_lexicon(path: Path) -> Lexicon:
    """Trigger words and word lists (``ontologies/lexicon.json``), checked section by section."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read lexicon '{path}': {exc} (restore it from the repository)") from exc
    if not isinstance(data, dict):
        raise InputError(f"cannot read lexicon '{path}': not a JSON object (restore it from the repository)")
    for section in Lexicon.sections():
        if section not in data:
            raise InputError(
                f"cannot read lexicon '{path}': section '{section}' is missing (restore it from the repository)"
            )
        expected = list if Lexicon.is_word_list(section) else dict
        if not isinstance(data[section], expected):
            raise InputError(
                f"cannot read lexicon '{path}': section '{section}' must be a JSON "
                f"{'list of words' if expected is list else 'object'} (restore it from the repository)"
            )
    return Lexicon.from_config(data)


def load_constructions(directory: Path) -> dict[str, list[dict[str, Any]]]:
    """Every pattern file of ``directory`` (``relations.json``, ``events.json`` ...): file stem →
    its patterns, without their test sentences. A broken file is a one-line error naming it."""
    files: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(directory.glob("*.json")) if directory.is_dir() else []:
        try:
            patterns = json.loads(path.read_text(encoding="utf-8"))["patterns"]
        except (OSError, json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"cannot read pattern file '{path}': {exc} (it needs a \"patterns\" list; "
                             "restore it from the repository)") from exc
        for entry in patterns:
            if not isinstance(entry, dict) or not entry.get("id") or not isinstance(entry.get("pattern"), list) \
                    or not isinstance(entry.get("yields"), dict):
                raise InputError(f"pattern file '{path}': every pattern needs an \"id\", a \"pattern\" list and "
                                 f"a \"yields\" object (see ontologies/README.md); check {entry!r:.60}")
        files[path.stem] = [{k: v for k, v in entry.items() if k != "tests"} for entry in patterns]
    return files


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def load_registry(countries_file: Path, registry_files: tuple[Path, ...]) -> Registry:
    """Countries from the gazetteer, then every registry file in order (later files add and override)."""
    entries: dict[str, RegistryEntry] = {}
    if countries_file.exists():
        for row in _read_tsv(countries_file):
            name = row["name"].strip()
            key = entity_key("Country", name)
            entries[key] = RegistryEntry(
                key=key,
                label=name,
                entity_class="Country",
                aliases=tuple(_split(row.get("aliases"))),
                demonyms=tuple(_split(row.get("demonyms"))),
                geo_precision="country",
            )
        _add_capitals(_read_tsv(countries_file), entries)
    for path in registry_files:
        _merge_registry_file(path, entries)
    return Registry(entries=tuple(entries[k] for k in sorted(entries)))


def _add_capitals(rows: list[dict[str, str]], entries: dict[str, RegistryEntry]) -> None:
    """Each country's capital as a known place of that country; not where the capital's name is
    also a country's name ("Djibouti"), so that the name keeps meaning the country."""
    country_names = {fold(n) for e in entries.values() for n in (e.label, *e.aliases)}
    for row in rows:
        capital = (row.get("capital") or "").strip()
        if not capital or fold(capital) in country_names:
            continue
        key = entity_key("Place", capital)
        entries.setdefault(key, RegistryEntry(
            key=key, label=capital, entity_class="Place",
            part_of=(entity_key("Country", row["name"].strip()),), geo_precision="town",
        ))


Properties: TypeAlias = "dict[str, list[pyoxigraph.Term]]"
"""Predicate IRI → the objects one registry subject has for it."""


def _merge_registry_file(path: Path, entries: dict[str, RegistryEntry]) -> None:
    """Add the entries of one registry file to ``entries``; an entry already there is extended
    (names, links) and overridden (label, class, coordinates)."""
    by_subject = _properties_by_subject(_read_turtle(path))
    for iri in sorted(by_subject):
        key = iri[len(ID_IRI):]
        entries[key] = _registry_entry(path, iri, by_subject[iri], entries.get(key))


def _read_turtle(path: Path) -> pyoxigraph.Store:
    if not path.exists():
        raise InputError(f"cannot read registry '{path}': no such file (check the --registry path)")
    try:
        store = pyoxigraph.Store()
        with path.open("rb") as handle:
            store.load(handle, format=pyoxigraph.RdfFormat.TURTLE, base_iri=ID_IRI)
    except (OSError, SyntaxError, ValueError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(
            f"cannot read registry '{path}': not valid Turtle ({message}); fix the file or leave it out"
        ) from exc
    return store


def _properties_by_subject(store: pyoxigraph.Store) -> dict[str, Properties]:
    """The properties of every subject in the id namespace."""
    by_subject: dict[str, Properties] = {}
    for quad in store:
        subject = quad.subject
        if not isinstance(subject, pyoxigraph.NamedNode) or not subject.value.startswith(ID_IRI):
            continue
        by_subject.setdefault(subject.value, {}).setdefault(quad.predicate.value, []).append(quad.object)
    return by_subject


def _texts(props: Properties, iri: str) -> list[str]:
    return sorted(t.value for t in props.get(iri, []) if isinstance(t, pyoxigraph.Literal))


def _local_names(props: Properties, iri: str, namespace: str) -> list[str]:
    """The objects of ``iri`` that are IRIs in ``namespace``, without it, in the order read."""
    return [
        t.value[len(namespace):] for t in props.get(iri, [])
        if isinstance(t, pyoxigraph.NamedNode) and t.value.startswith(namespace)
    ]


def _registry_classes(path: Path, iri: str, props: Properties, old: RegistryEntry | None) -> tuple[list[str], list[str]]:
    """The kg: classes and labels of a subject, checked: known classes, and both for a new entry."""
    classes = _local_names(props, str(RDF.type), KG_IRI)
    labels = _texts(props, str(RDFS.label))
    unknown = [c for c in classes if c not in ENTITY_CLASSES]
    if unknown:
        raise InputError(
            f"cannot read registry '{path}' line {_line_of(path, unknown[0])}: unknown class kg:{unknown[0]} "
            f"for <{iri}> (valid classes: {', '.join('kg:' + c for c in ENTITY_CLASSES)})"
        )
    if old is None and (not classes or not labels):
        raise InputError(
            f"cannot read registry '{path}': <{iri}> needs an rdf:type in the kg: namespace and an "
            "rdfs:label (see ontologies/README.md)"
        )
    return classes, labels


def _registry_entry(path: Path, iri: str, props: Properties, old: RegistryEntry | None) -> RegistryEntry:
    """The entry a subject's properties describe, over the ``old`` entry of the same key if any."""
    classes, labels = _registry_classes(path, iri, props, old)
    lat = _texts(props, str(GEO.lat))
    long = _texts(props, str(GEO.long))
    precision = _texts(props, KG_IRI + "geoPrecision")
    base = old or RegistryEntry(key=iri[len(ID_IRI):], label=labels[0], entity_class=classes[0])
    links = [sorted(_local_names(props, KG_IRI + name, ID_IRI)) for name in ("partOf", "affiliatedWith", "locatedIn")]
    return replace(
        base,
        label=labels[0] if labels else base.label,
        entity_class=sorted(classes)[0] if classes else base.entity_class,
        aliases=_union(base.aliases, _texts(props, str(SKOS.altLabel))),
        demonyms=_union(base.demonyms, _texts(props, KG_IRI + "demonym")),
        descriptors=_union(base.descriptors, _texts(props, KG_IRI + "descriptor")),
        part_of=_union(base.part_of, [k for keys in links for k in keys]),
        wikidata=_union(base.wikidata, _local_names(props, str(OWL.sameAs), str(WD))),
        latitude=float(lat[0]) if lat else base.latitude,
        longitude=float(long[0]) if long else base.longitude,
        geo_precision=precision[0] if precision else base.geo_precision,
    )


def _line_of(path: Path, local_name: str) -> int | str:
    """The first line of ``path`` that names the term (the parser does not report lines of triples)."""
    pattern = re.compile(rf"(kg:|{re.escape(KG_IRI)}){re.escape(local_name)}\b")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if pattern.search(line):
            return number
    return "?"


def _union(old: tuple[str, ...], new: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(list(old) + list(new)))
