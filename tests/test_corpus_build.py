"""One graph from every kind of input at once: the shared article, the examples, a saved web page
and a JSON Lines export. Each real-world entity must be one node carrying all its names, and
nothing from page furniture may appear (checked with SPARQL)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from conftest import run_cli
from kgbuild.ontology import PREFIXES
from kgbuild.text import fold

ROOT = Path(__file__).resolve().parents[1]
INGEST = ROOT / "tests" / "data" / "ingest"

# names a reader of these articles knows to belong to one actor or place each
SAME_ENTITY = {
    "CSP-DPA": ["CSP-DPA", "CSP", "Azawad fighters", "Strategic Framework for the Defence of the People of Azawad"],
    "Wagner": ["Wagner", "Wagner Group", "Russian mercenaries", "Wagner fighters"],
    "Malian Armed Forces": ["Malian army", "Malian troops", "FAMa"],
    "Malian junta": ["Malian junta", "junta", "Malian authorities"],
    "Assimi Goita": ["Assimi Goita", "Assimi Goïta", "Colonel Assimi Goita", "Goita"],
    "Tinzaouaten": ["Tinzawatene", "Tinzawaten", "Tinzahuaten", "Tinzaouatene", "Tin Zaouatene"],
    "Kidal": ["Kidal", "Kidal region"],
    "Anefis": ["Anefis", "Anefif"],
}
# names that only occur in menus, adverts, sidebars and promos of the inputs
FURNITURE_NAMES = [
    "Trump", "Harris", "Ukraine", "Ukrainian Americans", "Kyivpost_official",            # shared article
    "Henrique Valadares", "Fortaleza", "Curitiba", "Ingrid Solberg", "Bergen", "Lisbon",  # web page
    "SkyFare Travel", "Northgate Bank", "Ousmane Koné",
    "Javier Lorente", "Martín Sosa", "Peñarol", "Montevideo", "Seville", "SahelDailyNews",  # scraped example
]

NAMES = """
SELECT ?entity ?name WHERE {
  ?entity a ?class .
  VALUES ?class { kg:Person kg:ArmedGroup kg:StateForce kg:Government kg:Organization kg:EthnicGroup
                  kg:Place kg:Country }
  { ?entity rdfs:label ?name } UNION { ?entity skos:altLabel ?name }
}
"""


@pytest.fixture(scope="module")
def corpus_graph(corpus_article: Path, tmp_path_factory: pytest.TempPathFactory) -> Graph:
    inputs = tmp_path_factory.mktemp("inputs")
    shutil.copy(corpus_article, inputs)
    shutil.copy(corpus_article.with_name(corpus_article.stem + ".meta.json"), inputs)
    shutil.copytree(ROOT / "examples", inputs / "examples")
    shutil.copy(INGEST / "news-page.html", inputs)
    shutil.copy(INGEST / "wire.jsonl", inputs)
    out = tmp_path_factory.mktemp("graph")
    result = run_cli("build", inputs, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    return Graph().parse(out / "graph.ttl", format="turtle")


def _names(graph: Graph) -> dict[str, set[str]]:
    """Folded name → the entities carrying it."""
    found: dict[str, set[str]] = {}
    for entity, name in graph.query(NAMES, initNs=PREFIXES):
        found.setdefault(fold(str(name)), set()).add(str(entity))
    return found


def test_every_kind_of_input_is_in_the_graph(corpus_graph: Graph) -> None:
    rows = corpus_graph.query("SELECT ?file WHERE { ?d a kg:Document ; kg:sourceFile ?file }", initNs=PREFIXES)
    files = sorted(str(f) for (f,) in rows)
    assert any(f.endswith(".html") for f in files)
    assert sum(1 for f in files if ".jsonl#L" in f) == 3
    assert "afp-kyivpost-tinzaouaten.txt" in files
    assert len(files) == 1 + 3 + 1 + 3


@pytest.mark.parametrize("actor", sorted(SAME_ENTITY))
def test_each_real_entity_is_one_node_with_all_its_names(corpus_graph: Graph, actor: str) -> None:
    names = _names(corpus_graph)
    carriers = {e for n in SAME_ENTITY[actor] for e in names.get(fold(n), set())}
    missing = [n for n in SAME_ENTITY[actor] if fold(n) not in names]
    assert not missing, f"{actor}: no entity is called {missing}"
    assert len(carriers) == 1, f"{actor}: split over {sorted(carriers)}"


def test_distinct_actors_stay_distinct(corpus_graph: Graph) -> None:
    names = _names(corpus_graph)
    nodes = [next(iter(names[fold(SAME_ENTITY[a][0])])) for a in SAME_ENTITY]
    assert len(set(nodes)) == len(nodes)


@pytest.mark.parametrize("name", FURNITURE_NAMES)
def test_nothing_from_page_furniture_appears(corpus_graph: Graph, name: str) -> None:
    assert fold(name) not in _names(corpus_graph)
    hits = corpus_graph.query(
        "ASK { ?ev a kg:Evidence ; kg:mentionText ?w . FILTER(CONTAINS(LCASE(STR(?w)), LCASE(?name))) }",
        initNs=PREFIXES,
        initBindings={"name": Literal(name)},
    )
    assert not hits.askAnswer


def test_furniture_lines_of_the_shared_article_give_no_evidence(corpus_graph: Graph) -> None:
    rows = corpus_graph.query(
        """SELECT ?sentence WHERE {
             ?ev a kg:Evidence ; kg:sentence ?sentence ; prov:wasDerivedFrom ?doc .
             ?doc kg:sourceFile "afp-kyivpost-tinzaouaten.txt" .
             FILTER(CONTAINS(?sentence, "Telegram") || CONTAINS(?sentence, "Other topics"))
           }""",
        initNs=PREFIXES,
    )
    assert list(rows) == []
