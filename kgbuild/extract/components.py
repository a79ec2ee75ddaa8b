"""Extract stage: kgbuild's spaCy components. Every factory is registered here; components only call
the rule functions (furniture, mentions, facts) and store what they return on Doc extensions.

The factories are also ``spacy_factories`` entry points, so once kgbuild is installed a user's own
pipeline can ``nlp.add_pipe("kgbuild_mentions")``. The components that run on kgbuild's knowledge
(lexicon and gazetteer facts) get it from a loader in spaCy's ``registry.misc``
(``kgbuild.knowledge.v1`` by default, a ``spacy_misc`` entry point): in ``initialize()``, or on the
first Doc when the pipeline was never initialised (a pretrained pipeline must not be). They save
what they loaded with ``nlp.to_disk``, so ``spacy.load`` restores them without the loader.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable

import srsly
from catalogue import RegistryError
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from kgbuild.errors import ModelError
from kgbuild.extract.facts import extract_facts
from kgbuild.extract.furniture import find_furniture
from kgbuild.extract.mentions import MentionRules, extract_mentions
from kgbuild.records import TAG, decode_tagged, encode_tagged, is_record

__all__ = [
    "KNOWLEDGE_LOADER", "Typography", "SentenceBreaks", "Furniture", "Mentions", "Facts",
    "make_typography", "make_sentence_breaks", "make_furniture", "make_mentions", "make_facts", "load_knowledge",
]

KNOWLEDGE_LOADER = "kgbuild.knowledge.v1"
"""Name in spaCy's ``registry.misc`` of the function that loads kgbuild's knowledge."""


def _encode_record(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    """msgpack encoder for kgbuild's records, so Docs carrying them (``nlp.pipe(n_process=...)``,
    ``DocBin``) serialise: as the JSON data of kgbuild/records.py, tagged with the record's class."""
    if is_record(obj):
        return encode_tagged(obj)
    return obj if chain is None else chain(obj)


def _decode_record(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    if isinstance(obj, dict) and TAG in obj:
        return decode_tagged(obj)
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("kgbuild_records", func=_encode_record)
srsly.msgpack_decoders.register("kgbuild_records", func=_decode_record)

for _name in ("kg_furniture", "kg_mentions", "kg_extraction"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def load_knowledge(loader: str, registries: Iterable[str] = (), component: str = "kgbuild") -> dict[str, Any]:
    """kgbuild's knowledge as the registered ``loader`` gives it (``lexicon``, ``demonyms``,
    ``regions``, ``countries``)."""
    try:
        load = registry.misc.get(loader)
    except RegistryError as exc:
        raise ModelError(
            f"{component}: no knowledge loader '{loader}' in spaCy's registry.misc (install kgbuild, "
            f"e.g. pip install -e ., so its entry points are registered, or call "
            f"nlp.get_pipe('{component}').initialize(knowledge=...))"
        ) from exc
    return load(registries=list(registries))


_STRAIGHT = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


class Typography:
    """Lets the statistical model read typographic apostrophes as the straight ones it was trained
    on: "Cameroon\u2019s Northwest region" is parsed as "Cameroon's Northwest region" (with "\u2019s"
    the small English model often takes "Cameroon" for a subject). The text is left as written;
    only the word features the model looks up (the lexeme's norm, prefix, suffix and shape) are
    those of the straight spelling. It must run before the model's first component."""

    def __init__(self, name: str = "kgbuild_typography"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) > 1 and (doc.has_annotation("TAG") or doc.has_annotation("DEP")):
            raise ModelError(
                f"{self.name} runs after the model has read the words: add it with "
                f'nlp.add_pipe("kgbuild_typography", first=True)'
            )
        vocab = doc.vocab
        for token in doc:
            text = token.text
            straight = text.translate(_STRAIGHT)
            if straight != text:
                lexeme, model = vocab[text], vocab[straight]
                if lexeme.shape_ != model.shape_ or lexeme.prefix_ != model.prefix_ or lexeme.suffix_ != model.suffix_:
                    lexeme.norm_, lexeme.prefix_, lexeme.suffix_, lexeme.shape_ = (
                        model.norm_, model.prefix_, model.suffix_, model.shape_)
        return doc


class SentenceBreaks:
    """Starts a sentence at every line start: scraped text keeps one paragraph or widget per line,
    and a sentence must never run from a promo line into the story. It must run before the parser,
    which respects the boundaries it finds set."""

    def __init__(self, name: str = "kgbuild_sentence_breaks"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) > 1 and doc.has_annotation("DEP"):  # (an empty Doc counts as parsed)
            raise ModelError(
                f"{self.name} runs after the parser, which has already split the sentences: add it "
                f'with nlp.add_pipe("kgbuild_sentence_breaks", before="parser")'
            )
        for i in range(1, len(doc)):
            prev = doc[i - 1]
            if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                if not doc[i].is_space:
                    doc[i].is_sent_start = True
        return doc


class _KnowledgeComponent:
    """A component that runs on part of kgbuild's knowledge, which it loads, keeps and saves."""

    FILE = "knowledge.json"

    def __init__(self, name: str, loader: str, registries: Iterable[str] = ()):
        self.name = name
        self.loader = loader
        self.registries = list(registries)
        self._data: dict[str, Any] | None = None
        self._rules: Any = None

    def select(self, knowledge: dict[str, Any]) -> dict[str, Any]:
        """The part of the loader's knowledge this component keeps (and saves)."""
        raise NotImplementedError

    def prepare(self, data: dict[str, Any]) -> Any:
        """What the rule function is given, made once from the kept data."""
        raise NotImplementedError

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None,
        knowledge: dict[str, Any] | None = None,
    ) -> None:
        """Take ``knowledge`` (the loader's output), or load it with the configured loader."""
        if knowledge is None:
            knowledge = load_knowledge(self.loader, self.registries, self.name)
        self._use(self.select(knowledge))

    @property
    def data(self) -> dict[str, Any]:
        if self._data is None:
            self.initialize()
        return self._data  # type: ignore[return-value]

    @property
    def rules(self) -> Any:
        """What the component hands its rule function (loaded on first use)."""
        if self._data is None:
            self.initialize()
        return self._rules

    def _use(self, data: dict[str, Any]) -> None:
        self._data = data
        self._rules = self.prepare(data)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self.data, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> _KnowledgeComponent:
        self._use(json.loads(data.decode("utf-8")))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / self.FILE).write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> _KnowledgeComponent:
        return self.from_bytes((Path(path) / self.FILE).read_bytes())


class Furniture(_KnowledgeComponent):
    """Marks page-furniture and sidebar lines in ``doc._.kg_furniture`` (character offsets)."""

    def select(self, knowledge: dict[str, Any]) -> dict[str, Any]:
        return {"rules": knowledge["lexicon"]["furniture"]}

    def prepare(self, data: dict[str, Any]) -> dict[str, Any]:
        return data["rules"]

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_furniture = find_furniture(doc, self.rules)
        return doc


class Mentions(_KnowledgeComponent):
    """Stores the actor and place mentions of a Doc in ``doc._.kg_mentions``."""

    def select(self, knowledge: dict[str, Any]) -> dict[str, Any]:
        return {k: knowledge[k] for k in ("lexicon", "demonyms", "regions", "countries")}

    def prepare(self, data: dict[str, Any]) -> MentionRules:
        return MentionRules(
            lexicon=data["lexicon"], demonyms=data["demonyms"], regions=frozenset(data["regions"]),
            countries=data["countries"],
        )

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_mentions = extract_mentions(doc, self.rules, doc._.kg_furniture or ())
        return doc


class Facts(_KnowledgeComponent):
    """Stores the claims, figures, relations and events of a Doc in ``doc._.kg_extraction``."""

    def select(self, knowledge: dict[str, Any]) -> dict[str, Any]:
        return {"lexicon": knowledge["lexicon"]}

    def prepare(self, data: dict[str, Any]) -> dict[str, Any]:
        return data["lexicon"]

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_extraction = extract_facts(doc, doc._.kg_mentions or (), self.rules, doc._.kg_furniture or ())
        return doc


@Language.factory("kgbuild_typography", assigns=[], default_config={})
def make_typography(nlp: Language, name: str) -> Typography:
    """Typographic apostrophes read as straight ones; add it with ``first=True``."""
    return Typography(name)


@Language.factory("kgbuild_sentence_breaks", assigns=["token.is_sent_start"], default_config={})
def make_sentence_breaks(nlp: Language, name: str) -> SentenceBreaks:
    """Sentence starts at line starts; add it with ``before="parser"``."""
    return SentenceBreaks(name)


@Language.factory(
    "kgbuild_furniture",
    requires=["token.pos", "doc.ents"],
    assigns=["doc._.kg_furniture"],
    default_config={"loader": KNOWLEDGE_LOADER},
)
def make_furniture(nlp: Language, name: str, loader: str) -> Furniture:
    """Page furniture and sidebars (rule set ``kgbuild.furniture``)."""
    return Furniture(name, loader)


@Language.factory(
    "kgbuild_mentions",
    requires=["token.dep", "token.lemma", "doc.ents", "doc.sents"],
    assigns=["doc._.kg_mentions"],
    default_config={"loader": KNOWLEDGE_LOADER, "registries": []},
)
def make_mentions(nlp: Language, name: str, loader: str, registries: list[str]) -> Mentions:
    """Actor and place mentions; ``registries`` are extra registry files (Turtle) for the loader."""
    return Mentions(name, loader, registries)


@Language.factory(
    "kgbuild_facts",
    requires=["doc._.kg_mentions", "token.dep", "doc.ents"],
    assigns=["doc._.kg_extraction"],
    default_config={"loader": KNOWLEDGE_LOADER},
)
def make_facts(nlp: Language, name: str, loader: str) -> Facts:
    """Claims, figures, relations and events of the mentions."""
    return Facts(name, loader)
