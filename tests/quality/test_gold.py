"""Tests of kgbuild.quality.gold: the label folding of the matching rule, and reading gold files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgbuild.errors import InputError
from kgbuild.quality import load_gold, normalise_label

from .builders import WAGNER, gold_of


def test_normalise_label_folds_case_accents_punctuation_and_leading_the() -> None:
    assert normalise_label("Assimi Goïta") == normalise_label("ASSIMI GOITA") == "assimi goita"
    assert normalise_label("Ukrainian-Americans") == normalise_label("Ukrainian Americans")
    assert normalise_label("Tin-Zaouatene") == normalise_label("Tin  Zaouatene") == "tin zaouatene"
    assert normalise_label("CSP-DPA") == normalise_label("csp-dpa")
    assert normalise_label("The Army") == normalise_label("army") == "army"
    assert (
        normalise_label("Wagner\u2019s forces")
        == normalise_label("Wagner's forces")
        == "wagners forces"
    )
    assert normalise_label("\u201cthe regime\u201d") == "regime"
    assert normalise_label("Theodore") == "theodore"


def test_load_gold_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    with pytest.raises(InputError) as info:
        load_gold(path)
    message = str(info.value)
    assert str(path) in message and "not found" in message and "\n" not in message


def test_load_gold_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"entities": [', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_gold(path)
    assert str(path) in str(info.value) and "invalid JSON" in str(info.value)


def test_load_gold_missing_entities(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text('{"noise": []}', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_gold(path)
    assert str(path) in str(info.value) and '"entities"' in str(info.value)


@pytest.mark.parametrize(
    "entity",
    [
        {"type": "Person", "aliases": ["X"]},
        {"id": "x", "aliases": ["X"]},
        {"id": "x", "type": "Person"},
        {"id": "x", "type": "Person", "aliases": "X"},
    ],
)
def test_load_gold_incomplete_entity(tmp_path: Path, entity: dict) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"entities": [entity]}), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_gold(path)
    assert str(path) in str(info.value) and "entities[0]" in str(info.value)


def test_load_gold_relation_with_unknown_id(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(
        json.dumps(
            {"entities": [WAGNER], "relations": [{"s": "wagner", "p": "allyOf", "o": "ghost"}]}
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="ghost"):
        load_gold(path)


def test_load_gold_ok(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold_of(WAGNER)), encoding="utf-8")
    assert load_gold(path)["entities"][0]["id"] == "wagner"
