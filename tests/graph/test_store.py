"""`kgbuild build --store DIR`: adding documents build by build gives the graph of one build of all."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from conftest import run_cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _graph(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def _explain(a: Graph, b: Graph) -> str:
    _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
    lines = [f"- {t}" for t in sorted(only_a)[:10]] + [f"+ {t}" for t in sorted(only_b)[:10]]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def incremental_and_whole(corpus_article: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("store")
    store = tmp / "store"
    first = run_cli("build", corpus_article, "--store", store, "-o", tmp / "a")
    assert first.returncode == 0, first.stderr
    second = run_cli("build", EXAMPLES, "--store", store, "-o", tmp / "ab")
    assert second.returncode == 0, second.stderr
    whole = run_cli("build", corpus_article, EXAMPLES, "-o", tmp / "whole")
    assert whole.returncode == 0, whole.stderr
    return {"tmp": tmp, "store": store, "a": tmp / "a", "ab": tmp / "ab", "whole": tmp / "whole",
            "second_stdout": second.stdout}


def test_adding_documents_equals_building_them_together(incremental_and_whole: dict) -> None:
    added = _graph(incremental_and_whole["ab"] / "graph.ttl")
    whole = _graph(incremental_and_whole["whole"] / "graph.ttl")
    assert len(added) > len(_graph(incremental_and_whole["a"] / "graph.ttl"))
    assert isomorphic(added, whole), _explain(added, whole)
    # IRIs are deterministic, so the files are even the same bytes
    assert (incremental_and_whole["ab"] / "graph.ttl").read_bytes() == (
        incremental_and_whole["whole"] / "graph.ttl"
    ).read_bytes()


def test_the_summary_counts_new_and_known_documents(incremental_and_whole: dict) -> None:
    text = incremental_and_whole["second_stdout"]
    assert "already in store" in text
    examples = len(list(EXAMPLES.glob("*.txt")))
    assert any(line.split("│")[1].strip() == "new" and line.split("│")[2].strip() == str(examples)
               for line in text.splitlines() if line.count("│") >= 3)


def test_documents_already_in_the_store_are_skipped(incremental_and_whole: dict, corpus_article: Path) -> None:
    tmp = incremental_and_whole["tmp"]
    store = tmp / "store-copy"
    shutil.copytree(incremental_and_whole["store"], store)
    again = run_cli("build", corpus_article, EXAMPLES, "--store", store, "-o", tmp / "again", "--model", "no_such_model")
    # nothing new to read: the model is not even loaded, and the graph is unchanged
    assert again.returncode == 0, again.stderr
    assert (tmp / "again" / "graph.ttl").read_bytes() == (incremental_and_whole["whole"] / "graph.ttl").read_bytes()
    manifest = json.loads((store / "kgbuild-store.json").read_text())
    assert manifest["documents"] == 1 + len(list(EXAMPLES.glob("*.txt")))


def test_the_store_holds_the_graph_for_querying(incremental_and_whole: dict) -> None:
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store.read_only(str(incremental_and_whole["store"] / "oxigraph"))
    assert len(store) == len(_graph(incremental_and_whole["whole"] / "graph.ttl"))


def test_a_foreign_directory_is_not_used_as_a_store(tmp_path: Path, corpus_article: Path) -> None:
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "todo.txt").write_text("keep me\n")
    result = run_cli("build", corpus_article, "--store", foreign, "-o", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.startswith("kgbuild: ") and str(foreign) in result.stderr
    assert "Traceback" not in result.stderr
    assert (foreign / "todo.txt").read_text() == "keep me\n"


def test_damaged_records_are_a_clear_error(incremental_and_whole: dict, corpus_article: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(incremental_and_whole["store"], store)
    (store / "records" / "extractions.jsonl").write_text("{not json\n")
    result = run_cli("build", corpus_article, "--store", store, "-o", tmp_path / "out")
    assert result.returncode == 1
    assert "damaged" in result.stderr and str(store) in result.stderr
    assert "Traceback" not in result.stderr


def _records() -> tuple[list, list]:
    from kgbuild.types import FoundBy, Document, Extraction, Mention, Provenance

    doc = Document(doc_id="ab12", text="Wagner fighters left.", source="a.txt", published="2024-07-27")
    provenance = Provenance("ab12", 0, 6, "Wagner fighters left.", "kgbuild.entities.v1", 0.9)
    mention = Mention(text="Wagner", entity_class="ArmedGroup", kind="name", provenance=provenance, found_by=FoundBy.NER, descriptors=("fighter",))
    return [doc], [Extraction("ab12", mentions=(mention,))]


def test_the_store_gives_back_the_records_it_was_given(tmp_path: Path) -> None:
    from kgbuild.graph.store import new_graph, read_store, write_store

    documents, extractions = _records()
    write_store(tmp_path / "s", documents, extractions, new_graph())
    assert read_store(tmp_path / "s") == (documents, extractions)


def test_a_store_of_an_earlier_format_asks_for_a_rebuild(tmp_path: Path) -> None:
    from kgbuild.errors import StoreError
    from kgbuild.graph.store import STORE_FORMAT, read_store

    store = tmp_path / "old"
    (store / "records").mkdir(parents=True)
    (store / "kgbuild-store.json").write_text(json.dumps({"format": STORE_FORMAT - 1, "documents": 1}))
    (store / "records" / "documents.jsonl").write_text("")
    with pytest.raises(StoreError) as caught:
        read_store(store)
    message = str(caught.value)
    assert f"format {STORE_FORMAT - 1}" in message and "rebuild it" in message and "\n" not in message


def test_records_of_another_version_ask_for_a_rebuild(tmp_path: Path) -> None:
    from kgbuild.errors import StoreError
    from kgbuild.graph.store import new_graph, read_store, write_store

    documents, extractions = _records()
    write_store(tmp_path / "s", documents, extractions, new_graph())
    path = tmp_path / "s" / "records" / "documents.jsonl"
    path.write_text(path.read_text().replace('"doc_id"', '"colour": "red", "doc_id"'))
    with pytest.raises(StoreError) as caught:
        read_store(tmp_path / "s")
    message = str(caught.value)
    assert "no field 'colour'" in message and "rebuild it" in message and "\n" not in message
