"""Resolve stage: mentions → entities, descriptions → the entities they describe, facts between
them (no spaCy, no rdflib)."""

from kgbuild.resolve.clusters import ResolveRules
from kgbuild.resolve.entities import mentions_by_use, resolve_entities

__all__ = ["ResolveRules", "mentions_by_use", "resolve_entities"]
