"""Keys are stable: the recipes of kgbuild.ids give the keys every graph so far was built with."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kgbuild.ids import claim_key, document_key, entity_key, event_key, evidence_key, figure_key, key_label
from kgbuild.text import slugify


def test_entity_keys_are_class_and_slug() -> None:
    assert entity_key("Country", "Mali") == "country/mali"
    assert entity_key("Place", "Tinzaouatène") == "place/tinzaouatene"
    assert entity_key("ArmedGroup", "Front de Libération") == "armedgroup/front-de-liberation"


def test_event_keys_name_class_place_and_day() -> None:
    assert event_key("Battle", "place/tinzaouaten", "2024-07-27") == "event/battle-tinzaouaten-2024-07-27"
    assert event_key("Coup", None, None) == "event/coup-unplaced-undated"
    assert key_label("place/in-afaraq") == "In Afaraq"


def test_span_keys_are_short_hashes_of_document_and_span() -> None:
    assert claim_key("d", 1, 2).startswith("claim/") and len(claim_key("d", 1, 2)) == len("claim/") + 16
    assert figure_key("d", 1, 2)[len("figure/"):] == claim_key("d", 1, 2)[len("claim/"):]
    assert claim_key("d", 1, 2) != claim_key("d", 1, 3)
    assert document_key("ab" * 32) == "document/" + "ab" * 10
    assert evidence_key("s", None, "d", 1, 2, "x") != evidence_key("s", ("p", "o"), "d", 1, 2, "x")


@given(st.text(), st.sampled_from(["Person", "Place", "Country", "ArmedGroup"]))
def test_entity_keys_are_one_clean_iri_segment_after_the_class(label: str, cls: str) -> None:
    prefix, _, slug = entity_key(cls, label).partition("/")
    assert prefix == cls.lower() and slug == slugify(label) and "/" not in slug and slug
