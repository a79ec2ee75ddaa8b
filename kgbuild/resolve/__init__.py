"""Resolve stage: mentions → entities, descriptions → the entities they describe, facts between
them (no spaCy, no rdflib)."""

from kgbuild.resolve.clusters import ResolveRules
from kgbuild.resolve.entities import resolve_entities

__all__ = ["ResolveRules", "resolve_entities"]
