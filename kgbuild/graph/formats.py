"""Graph stage: the RDF formats kgbuild reads and writes, named in one place.

pyoxigraph already knows which ``RdfFormat`` a file extension or a media type means
(``RdfFormat.from_extension``, ``RdfFormat.from_media_type``); this module adds only what is
kgbuild's own choice: which suffixes count as graph files, the names kgbuild's options and
``format=`` parameters take ("turtle", "nt", "jsonld", ...), the two media types pyoxigraph does not
know, and the oxrdflib plugin names that rdflib code passes around ("ox-turtle", ...).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph

__all__ = [
    "GRAPH_SUFFIXES",
    "FORMATS_BY_SUFFIX",
    "format_of_suffix",
    "format_of_path",
    "format_of_media_type",
    "format_named",
    "oxrdflib_name",
    "format_of_oxrdflib_name",
]

_F = pyoxigraph.RdfFormat

GRAPH_SUFFIXES = (".ttl", ".nt", ".nq", ".trig", ".rdf", ".xml", ".n3", ".jsonld")
"""Suffixes of the graph files kgbuild reads. pyoxigraph would also take ``.json`` and ``.txt``;
kgbuild does not, so that an article or a results file is never mistaken for a graph."""

_NAMES = {
    "turtle": _F.TURTLE,
    "ntriples": _F.N_TRIPLES,
    "n-triples": _F.N_TRIPLES,
    "nquads": _F.N_QUADS,
    "n-quads": _F.N_QUADS,
    "json-ld": _F.JSON_LD,
    "rdfxml": _F.RDF_XML,
    "rdf+xml": _F.RDF_XML,
}
"""Format names that are not also file extensions (those, such as ``ttl`` or ``nt``, pyoxigraph maps)."""

_MEDIA_TYPE_ALIASES = {
    "application/x-json+ld": _F.JSON_LD,
    "text/rdf+n3": _F.N3,
}
"""Media types some clients still send that pyoxigraph does not recognise."""

_OXRDFLIB_NAMES = {
    _F.TURTLE: "ox-turtle",
    _F.N_TRIPLES: "ox-ntriples",
    _F.N_QUADS: "ox-nquads",
    _F.TRIG: "ox-trig",
    _F.RDF_XML: "ox-xml",
    _F.N3: "ox-n3",
    _F.JSON_LD: "ox-jsonld",
}
"""The rdflib format name kgbuild uses for each format (oxrdflib's serialisers and parsers)."""

FORMATS_BY_SUFFIX = {suffix: _OXRDFLIB_NAMES[_F.from_extension(suffix[1:])] for suffix in GRAPH_SUFFIXES}
"""Graph files kgbuild reads, by suffix, as the rdflib format names of ``oxrdflib_name``."""


def format_of_suffix(suffix: str) -> pyoxigraph.RdfFormat | None:
    """The format of a graph file with ``suffix`` (``.ttl``, any case), or None when kgbuild does
    not read files of that suffix as graphs."""
    suffix = suffix.lower()
    if suffix not in GRAPH_SUFFIXES:
        return None
    return _F.from_extension(suffix[1:])


def format_of_path(path: Path | str) -> pyoxigraph.RdfFormat | None:
    """The format of the graph file ``path``, by its suffix (see ``format_of_suffix``)."""
    return format_of_suffix(Path(path).suffix)


def format_of_media_type(media_type: str) -> pyoxigraph.RdfFormat | None:
    """The format a media type (parameters such as ``charset`` allowed, any case) names, or None."""
    found = _F.from_media_type(media_type)
    if found is not None:
        return found
    return _MEDIA_TYPE_ALIASES.get(media_type.split(";")[0].strip().lower())


def format_named(name: str) -> pyoxigraph.RdfFormat | None:
    """The format a kgbuild name (``turtle``, ``nt``, ``jsonld``, ``trig``, ``rdf+xml`` ...) or a
    file extension (``ttl``, ``json``, ``rdf``) stands for, or None."""
    name = name.strip().lower()
    if name in _NAMES:
        return _NAMES[name]
    if name == "txt":
        return None  # pyoxigraph reads .txt as N-Triples; as a format name it says nothing
    return _F.from_extension(name)


def oxrdflib_name(fmt: pyoxigraph.RdfFormat) -> str:
    """The rdflib format name (``ox-turtle`` ...) of ``fmt``."""
    return _OXRDFLIB_NAMES[fmt]


def format_of_oxrdflib_name(name: str) -> pyoxigraph.RdfFormat | None:
    """The format an rdflib format name of ``oxrdflib_name`` stands for, or None for any other name."""
    return next((fmt for fmt, known in _OXRDFLIB_NAMES.items() if known == name), None)
