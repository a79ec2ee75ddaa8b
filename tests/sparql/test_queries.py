"""The canned queries of ontologies/queries/, run through the real CLI on the seed article's graph.

Each expectation is what a reader of the seed article knows (who fought at Tinzaouaten and when,
who gave which casualty figure, who leads and allies with whom), not a copy of kgbuild's output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable

import pytest

from kgbuild.sparql.query import QUERIES_DIR

from conftest import run_cli

SEED_FILE = "afp-kyivpost-tinzaouaten.txt"

NEW_QUERIES = (
    "who-fought-whom",
    "casualty-figures",
    "alliances-and-leaders",
    "timeline",
    "provenance-of-facts",
    "claims",
)
ALL_QUERY_FILES = sorted(QUERIES_DIR.glob("*.rq"))

Rows = list[dict[str, str]]


def split(cell: str) -> set[str]:
    """The items of a GROUP_CONCAT cell ("a; b")."""
    return {part.strip() for part in cell.split(";") if part.strip()}


def sparql_json_rows(text: str) -> Rows:
    """The rows of SPARQL 1.1 JSON results as {variable: value} ('' where unbound)."""
    data = json.loads(text)
    variables = data["head"]["vars"]
    return [
        {var: binding[var]["value"] if var in binding else "" for var in variables}
        for binding in data["results"]["bindings"]
    ]


@pytest.fixture(scope="module")
def query_rows(seed_graph: Path) -> Callable[[str], Rows]:
    """Run a canned query by name (once per module) and return its rows as dicts of strings."""
    cache: dict[str, Rows] = {}

    def run(name: str) -> Rows:
        if name not in cache:
            result = run_cli("query", seed_graph / "graph.ttl", "--name", name, "--format", "json")
            assert result.returncode == 0, f"{name} failed:\n{result.stdout}\n{result.stderr}"
            cache[name] = sparql_json_rows(result.stdout)
        return cache[name]

    return run


# --- every canned query ----------------------------------------------------------------------------


def test_the_new_queries_exist() -> None:
    names = {path.stem for path in ALL_QUERY_FILES}
    assert set(NEW_QUERIES) <= names


@pytest.mark.parametrize("path", ALL_QUERY_FILES, ids=lambda p: p.stem)
def test_query_file_has_title_and_runs(path: Path, seed_graph: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# title:"), f"{path.name} must start with '# title: ...'"
    assert first_line.split(":", 1)[1].strip(), f"{path.name} has an empty title"
    result = run_cli("query", seed_graph / "graph.ttl", path, "--format", "tsv")
    assert result.returncode == 0, f"{path.name} does not run:\n{result.stdout}\n{result.stderr}"
    header = result.stdout.splitlines()[0].split("\t")
    assert all(header), f"{path.name} has an unnamed column"


def test_queries_are_listed() -> None:
    result = run_cli("query", "--list")
    assert result.returncode == 0, result.stderr
    for name in NEW_QUERIES:
        assert name in result.stdout


@pytest.mark.parametrize("name", NEW_QUERIES)
def test_query_runs_by_name_and_answers(name: str, query_rows: Callable[[str], Rows]) -> None:
    rows = query_rows(name)
    assert rows, f"{name} printed no rows for the seed article"
    # Labels, not IRIs: no cell is a bare kgbuild identifier.
    for row in rows:
        for value in row.values():
            assert not value.startswith(("kgid:", "https://w3id.org/kgbuild/id")), (name, row)


def test_query_runs_as_table(seed_graph: Path) -> None:
    result = run_cli("query", seed_graph / "graph.ttl", "--name", "timeline")
    assert result.returncode == 0, result.stderr
    assert "row(s)" in result.stdout


# --- who fought whom -------------------------------------------------------------------------------


def events_of_class(rows: Rows, event_class: str) -> Rows:
    return [row for row in rows if event_class in split(row["class"])]


def test_who_fought_whom_battle_at_tinzaouaten(query_rows: Callable[[str], Rows]) -> None:
    rows = query_rows("who-fought-whom")
    battles = [row for row in events_of_class(rows, "Battle") if row["place"] == "Tinzaouaten"]
    assert len(battles) == 1, battles
    battle = battles[0]
    participants = split(battle["attackers"]) | split(battle["targets"]) | split(battle["otherParticipants"])
    assert {"CSP-DPA", "Malian Armed Forces", "Wagner Group"} <= participants
    assert battle["begin"] == "2024-07-25"
    assert battle["end"] == "2024-07-27"


def test_who_fought_whom_sides_are_not_repeated(query_rows: Callable[[str], Rows]) -> None:
    for row in query_rows("who-fought-whom"):
        others = split(row["otherParticipants"])
        assert not others & split(row["attackers"]), row
        assert not others & split(row["targets"]), row


def test_who_fought_whom_capture_of_kidal_and_coups(query_rows: Callable[[str], Rows]) -> None:
    rows = query_rows("who-fought-whom")
    captures = [row for row in events_of_class(rows, "Capture") if row["place"] == "Kidal"]
    assert [(row["begin"], row["end"]) for row in captures] == [("2023", "2023")]
    assert sorted(row["begin"] for row in events_of_class(rows, "Coup")) == ["2020", "2022"]


def test_who_fought_whom_every_event_has_a_class(query_rows: Callable[[str], Rows]) -> None:
    for row in query_rows("who-fought-whom"):
        assert row["event"] and row["class"], row


# --- casualty figures ------------------------------------------------------------------------------


def figure(rows: Rows, text: str) -> dict[str, str]:
    found = [row for row in rows if row["figure"] == text]
    assert len(found) == 1, f"expected one figure '{text}', got {found}"
    return found[0]


def test_casualty_figures_of_the_battle(query_rows: Callable[[str], Rows]) -> None:
    rows = query_rows("casualty-figures")
    battle_figures = {row["figure"] for row in rows if "Tinzaouaten" in row["event"]}
    assert {"at least 17", "at least 15", "dozens"} <= battle_figures

    seventeen = figure(rows, "at least 17")
    assert "local politician" in seventeen["source"]
    assert seventeen["qualifier"] == "at least"
    assert seventeen["minCount"] == "17"
    assert "killed" in seventeen["category"]

    fifteen = figure(rows, "at least 15")
    assert "UN mission official" in fifteen["source"]
    assert fifteen["victims"] == "Wagner Group"
    assert fifteen["minCount"] == "15"

    dozens = figure(rows, "dozens")
    assert dozens["source"] == "Mossa Ag Inzoma"
    assert dozens["count"] == dozens["minCount"] == dozens["maxCount"] == ""  # vague: no number made up


def test_casualty_figures_have_their_sentence(query_rows: Callable[[str], Rows]) -> None:
    rows = query_rows("casualty-figures")
    for text in ("at least 17", "at least 15", "dozens"):
        row = figure(rows, text)
        assert text in row["sentence"], row


# --- alliances and leaders -------------------------------------------------------------------------


def relation(rows: Rows, subject: str, predicate: str, obj: str) -> dict[str, str] | None:
    found = [r for r in rows if (r["subject"], r["relation"], r["object"]) == (subject, predicate, obj)]
    assert len(found) <= 1, found
    return found[0] if found else None


def test_leader_of_the_junta(query_rows: Callable[[str], Rows]) -> None:
    row = relation(query_rows("alliances-and-leaders"), "Assimi Goïta", "leaderOf", "Malian junta")
    assert row is not None
    assert row["onlyFromClaim"] == "false"  # the article says so in its own voice


def test_junta_allies_russia_and_left_france(query_rows: Callable[[str], Rows]) -> None:
    rows = query_rows("alliances-and-leaders")
    assert relation(rows, "Malian junta", "allyOf", "Russia") is not None
    assert relation(rows, "Malian junta", "formerAllyOf", "France") is not None
    assert relation(rows, "Malian junta", "allyOf", "France") is None  # the alliance was abandoned


def test_control_of_tinzaouaten_is_only_a_claim(query_rows: Callable[[str], Rows]) -> None:
    row = relation(query_rows("alliances-and-leaders"), "CSP-DPA", "controls", "Tinzaouaten")
    assert row is not None
    assert row["onlyFromClaim"] == "true"
    assert "Mohamed Elmaould Ramadan" in split(row["claimedBy"])


# --- timeline --------------------------------------------------------------------------------------


def test_timeline_order(query_rows: Callable[[str], Rows]) -> None:
    rows = query_rows("timeline")
    begins = [row["begin"] for row in rows]
    dated = [b for b in begins if b]
    assert begins[: len(dated)] == dated, "undated events must come last"
    assert dated == sorted(dated)
    for earlier, later in (("2020", "2022"), ("2022", "2023"), ("2023", "2024-07-25")):
        assert begins.index(earlier) < begins.index(later), begins


def test_timeline_classes_places_and_precision(query_rows: Callable[[str], Rows]) -> None:
    rows = query_rows("timeline")
    by_begin = {row["begin"]: row for row in rows if row["begin"]}
    assert by_begin["2020"]["class"] == "Coup" and by_begin["2020"]["precision"] == "year"
    assert by_begin["2023"]["class"] == "Capture" and by_begin["2023"]["place"] == "Kidal"
    battle = by_begin["2024-07-25"]
    assert (battle["class"], battle["place"], battle["end"], battle["precision"]) == (
        "Battle", "Tinzaouaten", "2024-07-27", "day",
    )


# --- provenance ------------------------------------------------------------------------------------


def test_provenance_of_the_leader(query_rows: Callable[[str], Rows]) -> None:
    rows = [row for row in query_rows("provenance-of-facts") if row["fact"] == "Assimi Goïta leaderOf Malian junta"]
    assert rows, "no provenance for the leaderOf fact"
    for row in rows:
        assert row["kind"] == "relation"
        assert "led by" in row["sentence"]
        assert row["file"] == SEED_FILE
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["published"]), row
        assert row["publisher"]
        assert row["extractor"]


def test_provenance_is_complete(query_rows: Callable[[str], Rows]) -> None:
    rows = query_rows("provenance-of-facts")
    for row in rows:
        assert row["sentence"] and row["file"] == SEED_FILE and row["extractor"], row
        start, end = int(row["start"]), int(row["end"])
        assert 0 <= start < end, row
        assert 0.0 <= float(row["confidence"]) <= 1.0, row
    # every event and every relation of the other queries has its provenance
    facts = {row["fact"] for row in rows}
    events = {row["event"] for row in query_rows("who-fought-whom")}
    assert events <= facts, events - facts
    relations = {f"{r['subject']} {r['relation']} {r['object']}" for r in query_rows("alliances-and-leaders")}
    assert relations <= facts, relations - facts


# --- claims ----------------------------------------------------------------------------------------


def test_claims_include_the_juntas_denial(query_rows: Callable[[str], Rows]) -> None:
    rows = query_rows("claims")
    denials = [row for row in rows if row["claimedBy"] == "Malian junta" and row["negated"] == "true"]
    assert denials, "the junta denied the accusations: a negated claim by the Malian junta"


def test_claims_name_their_source(query_rows: Callable[[str], Rows]) -> None:
    rows = query_rows("claims")
    for row in rows:
        assert row["claimedBy"] and row["statement"], row
        assert row["hedged"] in ("true", "false") and row["negated"] in ("true", "false"), row
    control = [
        row for row in rows
        if row["claimedBy"] == "Mohamed Elmaould Ramadan" and "Tinzaouaten" in split(row["about"])
    ]
    assert control, "the rebels' spokesman's claim that they control Tinzaouaten"
