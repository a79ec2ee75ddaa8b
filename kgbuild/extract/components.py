"""spaCy components of kgbuild: every factory is registered here, and only calls rule functions.

Also exposed as ``spacy_factories`` entry points, so ``nlp.add_pipe("kgbuild_mentions", config=...)``
works in a user's own pipeline once kgbuild is installed.
"""

from __future__ import annotations

import pickle
from typing import Any

import srsly

from spacy.language import Language
from spacy.tokens import Doc

from kgbuild.extract.facts import extract_facts
from kgbuild.extract.furniture import find_furniture
from kgbuild.extract.mentions import MentionRules, extract_mentions

__all__ = ["make_sentence_breaks", "make_furniture", "make_mentions", "make_facts"]

def _encode_record(obj: Any, chain: Any = None) -> Any:
    """msgpack encoder for kgbuild's records, so Docs carrying them can travel between the worker
    processes of ``nlp.pipe(n_process=...)``: they are pickled (only our own processes read them)."""
    if type(obj).__module__ == "kgbuild.types":
        return {"__kgbuild_record__": pickle.dumps(obj)}
    return obj if chain is None else chain(obj)


def _decode_record(obj: Any, chain: Any = None) -> Any:
    if isinstance(obj, dict) and "__kgbuild_record__" in obj:
        return pickle.loads(obj["__kgbuild_record__"])
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("kgbuild_records", func=_encode_record)
srsly.msgpack_decoders.register("kgbuild_records", func=_decode_record)

for _name, _default in (("kg_furniture", None), ("kg_mentions", None), ("kg_extraction", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


class SentenceBreaks:
    """Starts a sentence at every line start: scraped text keeps one paragraph or widget per line,
    and a sentence must never run from a promo line into the story."""

    def __call__(self, doc: Doc) -> Doc:
        for i in range(1, len(doc)):
            prev = doc[i - 1]
            if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                if not doc[i].is_space:
                    doc[i].is_sent_start = True
        return doc


@Language.factory(
    "kgbuild_sentence_breaks",
    assigns=["token.is_sent_start"],
    default_config={},
)
def make_sentence_breaks(nlp: Language, name: str) -> SentenceBreaks:
    return SentenceBreaks()


class Furniture:
    """Marks page-furniture and sidebar lines in ``doc._.kg_furniture`` (character offsets)."""

    def __init__(self, rules: dict[str, Any]):
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_furniture = find_furniture(doc, self.rules)
        return doc


@Language.factory(
    "kgbuild_furniture",
    requires=["token.pos", "doc.ents"],
    assigns=["doc._.kg_furniture"],
    default_config={"rules": {}},
)
def make_furniture(nlp: Language, name: str, rules: dict[str, Any]) -> Furniture:
    return Furniture(rules)


class Mentions:
    """Stores the actor and place mentions of a Doc in ``doc._.kg_mentions``."""

    def __init__(self, rules: MentionRules):
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_mentions = extract_mentions(doc, self.rules, doc._.kg_furniture or ())
        return doc


@Language.factory(
    "kgbuild_mentions",
    requires=["token.dep", "token.lemma", "doc.ents", "doc.sents"],
    assigns=["doc._.kg_mentions"],
    default_config={"lexicon": {}, "demonyms": {}, "regions": [], "countries": {}},
)
def make_mentions(
    nlp: Language,
    name: str,
    lexicon: dict[str, Any],
    demonyms: dict[str, str],
    regions: list[str],
    countries: dict[str, str],
) -> Mentions:
    return Mentions(
        MentionRules(lexicon=lexicon, demonyms=demonyms, regions=frozenset(regions), countries=countries)
    )


class Facts:
    """Stores the claims, figures, relations and events of a Doc in ``doc._.kg_extraction``."""

    def __init__(self, lexicon: dict[str, Any]):
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_extraction = extract_facts(doc, doc._.kg_mentions or (), self.lexicon, doc._.kg_furniture or ())
        return doc


@Language.factory(
    "kgbuild_facts",
    requires=["doc._.kg_mentions", "token.dep", "doc.ents"],
    assigns=["doc._.kg_extraction"],
    default_config={"lexicon": {}},
)
def make_facts(nlp: Language, name: str, lexicon: dict[str, Any]) -> Facts:
    return Facts(lexicon)
