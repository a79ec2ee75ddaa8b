"""Extract stage: spaCy lives only here. Text → Doc → mention records."""

from kgbuild.extract.pipeline import extract_documents, load_pipeline, resolve_model_name
from kgbuild.extract.patterns import registry_patterns

__all__ = ["extract_documents", "load_pipeline", "resolve_model_name", "registry_patterns"]
