"""The constructions of ontologies/patterns/en/*.json, each on the test sentences it carries
(sentences the team wrote, about an invented group, the Free Front, in towns the registry knows): with every pattern the sentence gives the expected fact; without that one pattern it does
not, so each test shows what its pattern adds. The pinned list of pattern ids fails when a pattern
is removed (or added without a test)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgbuild.extract.constructions import compile_constructions, fill_event_roles, match_relations, trigger_tokens
from kgbuild.extract.events import extract_events
from kgbuild.extract.index import Sentences
from kgbuild.knowledge import load_knowledge

PATTERNS = Path(__file__).resolve().parents[2] / "ontologies" / "patterns" / "en"
PINNED = {
    "relations": {
        "control-of-facility-in-place",
        "at-war-with", "after-days-of-fighting-with",
        "person-commands-force", "person-leads-group",
        "hyphen-backed", "hyphen-linked", "linked-to", "affiliate-compound", "backed-by", "group-is-backed-by-group", "fighting-alongside",
        "helping-verb", "helping-restore-control", "helping-to-restore-control", "defending-against", "defending-against-threat-from", "formed-with-backing", "formed-with-the-backing-of", "hostile-verb", "clash-with", "fighting-between", "signed-pact",
        "leaders-signed-pact", "hostilities-with", "seized-place",
        "control-of-place", "held-by", "place-held-by-participle", "place-in-place", "place-comma-in-place", "capital-of",
        "possessive-capital", "possessive-capital-of", "possessive-member", "taken-from", "taken-from-the-place",
        "in-the-fight-against",
        "places-and-place-in-place", "possessive-region", "possessive-regions-coordinated", "after-years-of-fighting", "controlled-by",
        "offering-support-to", "offering-support-to-participle", "resistance-from", "resistance-from-participle",
        "in-support-of", "efforts-by-in-support-of", "joint-by", "show-of-solidarity-with",
        "faction-known-as", "faction-of-in-apposition", "region-town-of", "allied-with", "ally-of-in-apposition",
        "waged-against", "copular-town-in",
    },
    "events": {
        "place-noun-of-name", "nested-place-preposition", "claimed-responsibility", "attack-on-actor",
        "attack-targeted-place", "attacker-before-attack", "where-clause-place", "where-clause-verb-place",
        "attributed-to",
    },
}


def _entries(stem: str) -> list[dict]:
    return json.loads((PATTERNS / f"{stem}.json").read_text(encoding="utf-8"))["patterns"]


CASES = [(stem, entry["id"], test["text"], tuple(test["expect"]))
         for stem in sorted(PINNED) for entry in _entries(stem) for test in entry.get("tests", [])]


@pytest.fixture(scope="module")
def lexicon():
    return load_knowledge().lexicon


def _facts(nlp, lexicon, text: str, stem: str, without: str | None) -> set[tuple[str, str, str]]:
    """(predicate or event class, role or '', words) for the facts ``text`` gives with the
    constructions of ``stem`` (all but ``without``)."""
    doc = nlp.make_doc(text)
    doc.user_data["kg_doc_id"] = "d1"
    doc = nlp(doc)
    mentions = doc._.kg_mentions
    constructions = compile_constructions(e for e in _entries(stem) if e["id"] != without)
    words = {m.provenance.char_start: m.text for m in mentions}
    sentence_of = Sentences(doc).of
    if stem == "relations":
        found = match_relations(doc, mentions, (), constructions, sentence_of, lexicon.events["settlement_nouns"],
                                lexicon.events["intent_verbs"], lexicon.events["quantity_nouns"])
        return {(r.predicate, words.get(r.subject, ""), r.object_name or words.get(r.object, "")) for r in found}
    events, _ = extract_events(doc, mentions, (), (), lexicon, sentence_of)
    filled = fill_event_roles(doc, mentions, events, constructions, trigger_tokens(doc, events))
    out = set()
    for event in filled:
        for role in ("attackers", "targets", "actors"):
            out |= {(event.event_class, role, words.get(s, "")) for s in getattr(event, role)}
        if event.place is not None:
            out.add((event.event_class, "place", words.get(event.place, "")))
    return out


def _has(facts: set[tuple[str, str, str]], stem: str, expect: tuple[str, ...]) -> bool:
    if stem == "relations":
        predicate, subject, obj = expect
        return any(p == predicate and subject in s and obj in o for p, s, o in facts)
    cls, role, filler = expect
    return any(c == cls and r == role and filler in w for c, r, w in facts)


@pytest.mark.parametrize("stem,pattern_id,text,expect", CASES, ids=[f"{c[1]}:{c[2][:30]}" for c in CASES])
def test_each_pattern_yields_its_fact(nlp, lexicon, stem, pattern_id, text, expect) -> None:
    with_all = _facts(nlp, lexicon, text, stem, None)
    assert _has(with_all, stem, expect), f"{pattern_id}: {text!r} should give {expect}; got {sorted(with_all)}"
    without = _facts(nlp, lexicon, text, stem, pattern_id)
    assert not _has(without, stem, expect), f"{pattern_id} adds nothing on {text!r}: the other rules find {expect}"


@pytest.mark.parametrize("stem", sorted(PINNED))
def test_every_pattern_is_pinned_and_has_a_test(stem) -> None:
    entries = _entries(stem)
    assert {e["id"] for e in entries} == PINNED[stem]
    assert all(e.get("tests") for e in entries), [e["id"] for e in entries if not e.get("tests")]


def test_a_bad_pattern_is_named() -> None:
    with pytest.raises(ValueError, match="'broken'"):
        compile_constructions([{"id": "broken", "yields": {"relation": "allyOf", "subject": "x", "object": "y"},
                                "pattern": [{"RIGHT_ID": "x", "RIGHT_ATTRS": {}}]}])


def test_each_conjunct_of_the_subject_gets_the_relation(nlp, lexicon) -> None:
    text = "The Ruritanian army and its Wagner allies are battling the Free Front in the north."
    facts = _facts(nlp, lexicon, text, "relations", None)
    assert _has(facts, "relations", ("enemyOf", "Ruritanian army", "Free Front"))
    assert _has(facts, "relations", ("enemyOf", "Wagner", "Free Front"))


def test_an_object_coordinated_with_the_subject_is_not_a_second_subject(nlp, lexicon) -> None:
    text = "Months of fighting between the Ruritanian army and the Free Front have emptied Oldtown."
    facts = _facts(nlp, lexicon, text, "relations", None)
    assert _has(facts, "relations", ("enemyOf", "Ruritanian army", "Free Front"))
    assert not _has(facts, "relations", ("enemyOf", "Free Front", "Free Front"))


def test_a_verb_coordinated_with_another_shares_its_subject(nlp, lexicon) -> None:
    text = "The Free Front attacked and then seized Oldtown on Sunday."
    assert _has(_facts(nlp, lexicon, text, "relations", None), "relations", ("controls", "Free Front", "Oldtown"))


def test_a_coordinated_verb_does_not_take_a_subject_across_a_noun(nlp, lexicon) -> None:
    # the parse reads "the Free Front" as a second object of "attacked", leaving "took" without a subject
    text = "The army attacked Gao and the Free Front took control of Oldtown."
    assert not _has(_facts(nlp, lexicon, text, "relations", None), "relations", ("controls", "army", "Oldtown"))


def test_a_name_the_parse_reads_as_a_modifier_of_the_next_one_is_still_coordinated(nlp, lexicon) -> None:
    # "Chad" is parsed as a modifier (nmod) of "Faso", with the "and" under it
    text = "Officials reported efforts by Chad and Burkina Faso in support of the Free Front."
    facts = _facts(nlp, lexicon, text, "relations", None)
    assert _has(facts, "relations", ("allyOf", "Chad", "Free Front")), sorted(facts)
    assert _has(facts, "relations", ("allyOf", "Burkina Faso", "Free Front")), sorted(facts)


def test_every_pair_of_three_sides_gets_the_relation(nlp, lexicon) -> None:
    text = "The military leaders of Niger, Chad and Burkina Faso signed a joint defence pact in Oldtown."
    facts = _facts(nlp, lexicon, text, "relations", None)
    assert _has(facts, "relations", ("allyOf", "Chad", "Burkina Faso")), sorted(facts)
    assert _has(facts, "relations", ("allyOf", "Niger", "Burkina Faso")), sorted(facts)
