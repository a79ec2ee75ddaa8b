"""The shipped knowledge (registry, gazetteers, lexicon) is well formed, and users can extend it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph

from conftest import run_cli
from kgbuild.errors import InputError
from kgbuild.knowledge import load_knowledge, load_lexicon
from kgbuild.ontology import ENTITY_CLASSES, ID_IRI
from kgbuild.types import Lexicon

LEXICON = Path(__file__).resolve().parents[1] / "ontologies" / "lexicon.json"

USER_REGISTRY = """\
@base <https://w3id.org/kgbuild/id/> .
@prefix kg: <https://w3id.org/kgbuild/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<armedgroup/sand-brigade> a kg:ArmedGroup ;
    rdfs:label "Sand Brigade" ;
    skos:altLabel "Katibat al-Raml" ;
    kg:descriptor "militia" .
"""
ARTICLE = "Fighters of the Katibat al-Raml ambushed a supply convoy near Gao on Sunday, a local official said.\n"


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge()


def test_every_registry_entry_has_a_vocabulary_class_and_a_label(knowledge) -> None:
    for entry in knowledge.registry.entries:
        assert entry.entity_class in ENTITY_CLASSES, entry
        assert entry.label.strip(), entry


def test_registry_links_point_at_registry_entries(knowledge) -> None:
    keys = set(knowledge.registry.by_key)
    dangling = [(e.key, k) for e in knowledge.registry.entries for k in e.part_of if k not in keys]
    assert not dangling


def test_wikidata_ids_are_well_formed_and_few(knowledge) -> None:
    ids = [q for e in knowledge.registry.entries for q in e.wikidata]
    assert all(re.fullmatch(r"Q[1-9][0-9]*", q) for q in ids)
    # ids are only given where verified: a handful, not one per entry
    assert 0 < len(ids) < len(knowledge.registry.entries) / 4


def test_countries_and_demonyms_are_loaded(knowledge) -> None:
    assert knowledge.registry.by_key["country/mali"].entity_class == "Country"
    assert knowledge.demonyms["malian"] == "country/mali"
    assert "west african" in knowledge.regions
    assert len([e for e in knowledge.registry.entries if e.entity_class == "Country"]) >= 193


def test_registry_file_parses_with_rdflib() -> None:
    path = Path(__file__).resolve().parents[1] / "ontologies" / "registry.ttl"
    graph = Graph().parse(path, format="turtle")
    assert all(str(s).startswith(ID_IRI) for s in graph.subjects())


def test_a_user_registry_adds_an_actor(tmp_path: Path) -> None:
    registry = tmp_path / "mine.ttl"
    registry.write_text(USER_REGISTRY, encoding="utf-8")
    article = tmp_path / "convoy.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("build", article, "-o", tmp_path / "out", "--registry", registry, "--no-html")
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    rows = list(graph.query(
        "SELECT ?label ?alt WHERE { ?e a kg:ArmedGroup ; rdfs:label ?label ; skos:altLabel ?alt }",
        initNs={"kg": "https://w3id.org/kgbuild/ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                "skos": "http://www.w3.org/2004/02/skos/core#"},
    ))
    assert [(str(a), str(b)) for a, b in rows] == [("Sand Brigade", "Katibat al-Raml")]
    assert not (tmp_path / "out" / "graph.html").exists()


def test_a_broken_user_registry_is_a_clear_error(tmp_path: Path) -> None:
    registry = tmp_path / "broken.ttl"
    registry.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="broken.ttl"):
        load_knowledge((registry,))
    article = tmp_path / "convoy.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("build", article, "-o", tmp_path / "out", "--registry", registry)
    assert result.returncode == 1
    assert result.stderr.startswith("kgbuild: ") and "broken.ttl" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_registry_entry_without_class_is_refused(tmp_path: Path) -> None:
    registry = tmp_path / "classless.ttl"
    registry.write_text(
        '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
        '<https://w3id.org/kgbuild/id/armedgroup/x> rdfs:label "X" .\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="rdf:type"):
        load_knowledge((registry,))


def test_an_unknown_class_names_the_file_line_and_the_valid_classes(tmp_path: Path) -> None:
    registry = tmp_path / "classes.ttl"
    registry.write_text(
        "@base <https://w3id.org/kgbuild/id/> .\n"
        "@prefix kg: <https://w3id.org/kgbuild/ns#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "\n"
        "<armedgroup/x> a kg:Militia ;\n"
        '    rdfs:label "X" .\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_knowledge((registry,))
    message = str(caught.value)
    assert "classes.ttl' line 5" in message and "kg:Militia" in message
    assert all(f"kg:{cls}" in message for cls in ENTITY_CLASSES)
    assert "\n" not in message


def test_the_lexicon_is_a_record_with_one_attribute_per_section(knowledge) -> None:
    lexicon = knowledge.lexicon
    assert isinstance(lexicon, Lexicon)
    assert set(Lexicon.sections()) == {k for k in json.loads(LEXICON.read_text()) if not k.startswith("_")}
    assert lexicon.events["verbs"]["ambush"] == "Attack"
    assert "say" in lexicon.speech_verbs and isinstance(lexicon.speech_verbs, frozenset)
    assert "_about" not in lexicon.events  # comments are not data


def test_the_lexicon_survives_a_spacy_config(knowledge) -> None:
    config = knowledge.lexicon.to_config()
    assert json.loads(json.dumps(config)) == config  # plain JSON values
    assert Lexicon.from_config(config) == knowledge.lexicon
    assert set(config["constructions"]) == {"events", "relations"}  # the pattern files travel too


@pytest.mark.parametrize("section", ["events", "speech_verbs"])
def test_a_missing_lexicon_section_names_the_file_and_the_section(tmp_path: Path, section: str) -> None:
    data = json.loads(LEXICON.read_text())
    del data[section]
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_lexicon(path)
    message = str(caught.value)
    assert "lexicon.json" in message and f"'{section}'" in message and "\n" not in message


def test_a_lexicon_section_of_the_wrong_shape_is_refused(tmp_path: Path) -> None:
    data = json.loads(LEXICON.read_text())
    data["speech_verbs"] = {"say": True}
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="'speech_verbs' must be a JSON list of words"):
        load_lexicon(path)
