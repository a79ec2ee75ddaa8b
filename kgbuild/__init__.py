"""kgbuild: news reports about armed conflict in, a traceable RDF knowledge graph out."""

__version__ = "0.1.0"
__all__ = ["__version__"]
