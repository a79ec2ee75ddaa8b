"""Resolve stage: mentions → entities (no spaCy, no rdflib)."""

from kgbuild.resolve.entities import ResolveRules, resolve_entities

__all__ = ["ResolveRules", "resolve_entities"]
