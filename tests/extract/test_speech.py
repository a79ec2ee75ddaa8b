"""Pronouns and role descriptions that report speech, tied to the speaker (real pipeline, own text)."""

from __future__ import annotations

import pytest

from kgbuild.knowledge import load_knowledge
from kgbuild.resolve import ResolveRules, resolve_entities
from kgbuild.types import Mention

from .test_facts import read


def mentions_of(nlp, text: str, doc_id: str = "d1") -> list[Mention]:
    doc = nlp.make_doc(text)
    doc.user_data["kg_doc_id"] = doc_id
    return list(nlp(doc)._.kg_mentions)


def pronouns(found: list[Mention]) -> list[Mention]:
    return [m for m in found if m.kind == "pronoun"]


def antecedent_text(found: list[Mention], pronoun: Mention) -> str:
    start = int(pronoun.anchor)
    return next(m.text for m in found if m.provenance.char_start == start and m.kind != "pronoun")


def test_he_added_refers_to_the_named_speaker(nlp) -> None:
    text = (
        "\u201cWe hold the market and the airstrip,\u201d said Amadou Ag Ibrahim, a spokesman for the rebels.\n"
        "\u201cThe soldiers have fled towards the river,\u201d he added.\n"
    )
    found = mentions_of(nlp, text)
    [he] = pronouns(found)
    assert he.text == "he" and he.entity_class == "Person"
    assert text[he.provenance.char_start:he.provenance.char_end] == "he"
    assert antecedent_text(found, he) == "Amadou Ag Ibrahim"


def test_an_unnamed_speaker_in_between_takes_the_pronoun(nlp) -> None:
    text = (
        "\u201cWe hold the market,\u201d said Amadou Ag Ibrahim, a spokesman for the rebels.\n"
        "\u201cThe town is empty,\u201d a local official told reporters.\n"
        "\u201cEveryone has left,\u201d he added.\n"
    )
    assert pronouns(mentions_of(nlp, text)) == []


def test_the_spokesman_said_refers_to_the_person_introduced_as_spokesman(nlp) -> None:
    text = (
        "Amadou Ag Ibrahim, a spokesman for the rebels, said the convoy was hit at dawn.\n"
        "Residents of the town described heavy gunfire through the morning.\n"
        "The spokesman said three vehicles were destroyed.\n"
    )
    found = mentions_of(nlp, text)
    [spokesman] = pronouns(found)
    assert spokesman.text == "The spokesman"
    assert antecedent_text(found, spokesman) == "Amadou Ag Ibrahim"


def test_it_said_refers_to_the_organisation_that_spoke(nlp) -> None:
    text = (
        "The Malian army said it had repelled an attack on its base.\n"
        "\u201cThe situation is under control,\u201d it said in a statement.\n"
    )
    found = mentions_of(nlp, text)
    [it] = [m for m in pronouns(found) if m.text == "it"]
    assert it.entity_class == "StateForce"
    assert antecedent_text(found, it) == "Malian army"


def test_a_pronoun_becomes_evidence_of_the_entity_but_not_one_of_its_names(nlp) -> None:
    text = (
        "\u201cWe hold the market,\u201d said Amadou Ag Ibrahim, a spokesman for the rebels.\n"
        "\u201cThe soldiers have fled,\u201d he added.\n"
    )
    knowledge = load_knowledge()
    rules = ResolveRules.of(knowledge.registry, knowledge.lexicon)
    entities = resolve_entities(mentions_of(nlp, text), rules)
    [person] = [e for e in entities if e.label == "Amadou Ag Ibrahim"]
    assert "he" in [m.text for m in person.mentions]
    assert "he" not in person.alt_labels


@pytest.mark.parametrize("text", [
    "\u201cWe attacked and seized Gao on Sunday,\u201d said Amadou Ag Ibrahim, a spokesman for the Free Front.\n",
    "\u201cWe attacked and seized Gao on Sunday,\u201d a spokesman for the Free Front told reporters.\n",
    "\u201cWe attacked and seized Gao on Sunday,\u201d Free Front spokesman Amadou Ag Ibrahim said.\n",
])
def test_we_in_a_spokesmans_words_is_the_body_he_speaks_for(nlp, text: str) -> None:
    x = read(nlp, text)
    [we] = [m for m in x.mentions if m.text == "We"]
    assert (we.kind, antecedent_text(list(x.mentions), we)) == ("pronoun", "Free Front")
    [attack] = [e for e in x.events if e.event_class == "Attack"]
    assert attack.attackers == (we.provenance.char_start,)
    free_front = next(m for m in x.mentions if m.text == "Free Front").provenance.char_start
    assert any((r.subject, r.predicate) == (free_front, "controls") for r in x.relations), x.relations


@pytest.mark.parametrize("text", [
    "\u201cWe heard gunfire all night,\u201d said Amadou Ag Ibrahim, a trader in Gao.\n",
    "\u201cWe heard gunfire all night,\u201d a resident told reporters.\n",
])
def test_we_of_a_speaker_who_speaks_for_no_named_body_stays_unresolved(nlp, text: str) -> None:
    x = read(nlp, text)
    assert not [m for m in x.mentions if m.text == "We"]
