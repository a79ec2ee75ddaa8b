"""Ingest stage: files, directories and stdin become ``Document`` records."""

from kgbuild.ingest.files import SUPPORTED_SUFFIXES, DocumentMetadata, read_documents

__all__ = ["SUPPORTED_SUFFIXES", "DocumentMetadata", "read_documents"]
