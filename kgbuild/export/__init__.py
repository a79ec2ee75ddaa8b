"""Export stage: graphs → Turtle and other RDF files, and the HTML view."""

from kgbuild.export.rdf import write_rdf, write_turtle

__all__ = ["write_rdf", "write_turtle"]
