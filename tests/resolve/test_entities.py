"""Tests of kgbuild.resolve.entities on hand-built mention records and the shipped registry.

No spaCy here: every Mention is written out by hand, with the provenance extract/ would give it.
Invented people, towns and groups stand for the ones the registry does not know.
"""

from __future__ import annotations

import random
from itertools import count

import pytest

from kgbuild.knowledge import load_knowledge
from kgbuild.resolve import ResolveRules, resolve_entities
from kgbuild.types import Entity, FoundBy, Mention, Provenance

_offsets = count(0, 20)


@pytest.fixture(scope="module")
def rules() -> ResolveRules:
    k = load_knowledge()
    return ResolveRules.of(k.registry, k.lexicon)


def mention(
    text: str,
    entity_class: str,
    kind: str = "name",
    *,
    doc: str = "doc-1",
    found_by: FoundBy = FoundBy.NER,
    registry_key: str | None = None,
    anchor: str | None = None,
    anchor_kind: str | None = None,
    descriptors: tuple[str, ...] = (),
    plural: bool = False,
) -> Mention:
    """A mention as extract/ makes it; offsets advance so every mention has its own place."""
    start = next(_offsets)
    return Mention(
        text=text,
        entity_class=entity_class,
        kind=kind,
        provenance=Provenance(
            doc_id=doc,
            char_start=start,
            char_end=start + len(text),
            sentence=f"... {text} ...",
            extractor="kgbuild.entities.v1",
            confidence=found_by.confidence,
        ),
        found_by=found_by,
        registry_key=registry_key,
        anchor=anchor,
        anchor_kind=anchor_kind,
        descriptors=descriptors,
        plural=plural,
    )


def entity_with(entities: list[Entity], m: Mention) -> Entity | None:
    """The entity that holds mention ``m`` (None when it was left unresolved)."""
    holders = [e for e in entities if m in e.mentions]
    assert len(holders) <= 1, f"{m.text!r} is in {len(holders)} entities"
    return holders[0] if holders else None


def summary(entities: list[Entity]) -> list[tuple]:
    return [(e.key, e.entity_class, sorted({m.text for m in e.mentions})) for e in entities]


def test_every_mention_lands_in_at_most_one_entity(rules):
    ms = [
        mention("Wagner", "ArmedGroup", found_by=FoundBy.REGISTRY, registry_key="armedgroup/wagner-group"),
        mention("Kidal", "Place", found_by=FoundBy.REGISTRY, registry_key="place/kidal"),
        mention("army", "StateForce", "nominal", found_by=FoundBy.NOMINAL, descriptors=("army",)),
    ]
    entities = resolve_entities(ms, rules)
    for m in ms:
        entity_with(entities, m)
    assert sum(len(e.mentions) for e in entities) <= len(ms)


# --- spelling variants ----------------------------------------------------------------------------

def test_registered_town_spelling_variants_are_one_entity(rules):
    ms = [
        mention("Tinzawaten", "Place", found_by=FoundBy.CONTEXT),
        mention("Tinzawatene", "Place", found_by=FoundBy.CONTEXT),
        mention("Tinzahuaten", "Place", found_by=FoundBy.NER),
    ]
    entities = resolve_entities(ms, rules)
    assert len(entities) == 1, summary(entities)
    [town] = entities
    assert town.key == "place/tinzaouaten"
    assert town.label == "Tinzaouaten"
    assert town.entity_class == "Place"
    assert {"Tinzawaten", "Tinzawatene", "Tinzahuaten"} <= set(town.alt_labels)


def test_unregistered_town_spelling_variants_are_one_entity(rules):
    ms = [
        mention("Tessaouatene", "Place", found_by=FoundBy.CONTEXT),
        mention("Tessawaten", "Place", found_by=FoundBy.CONTEXT),
        mention("Tessaouatene", "Place", found_by=FoundBy.CONTEXT),
    ]
    entities = resolve_entities(ms, rules)
    assert len(entities) == 1, summary(entities)
    [town] = entities
    assert town.entity_class == "Place"
    assert town.key.startswith("place/")
    assert len(town.mentions) == 3


def test_different_short_names_do_not_merge_as_variants(rules):
    entities = resolve_entities([mention("Ber", "Place", found_by=FoundBy.CONTEXT), mention("Bir", "Place", found_by=FoundBy.CONTEXT)], rules)
    assert len(entities) == 2, summary(entities)


@pytest.mark.parametrize("right, slip", [
    ("Tessalit Oumarou", "Tessalit Oumaoru"),  # two letters swapped
    ("Darul Kamaya", "Darual Kamaya"),       # one letter added
    ("Kourtiba", "Kourtba"),                 # one letter left out
    ("Amasrakad", "Amasrakaf"),              # one letter changed
    ("Cabo Delgado", "Cabo Degaldo"),        # the middle shuffled
])
def test_a_name_typed_once_with_a_slip_joins_the_name_spelt_right(rules, right, slip):
    ms = [mention(right, "Place", found_by=FoundBy.CONTEXT), mention(right, "Place"), mention(slip, "Organization")]
    entities = resolve_entities(ms, rules)
    assert len(entities) == 1, summary(entities)
    assert entities[0].label == right and entities[0].entity_class == "Place"


def test_a_mistyped_surname_joins_the_one_person_of_that_surname(rules):
    full = mention("Ibrahim Kourtiba", "Person", found_by=FoundBy.CONTEXT)
    slip = mention("Kourtbia", "Organization")
    entities = resolve_entities([full, mention("Kourtiba", "Person"), slip], rules)
    assert entity_with(entities, slip) is entity_with(entities, full)


@pytest.mark.parametrize("a, b", [("Nigel", "Niger"), ("Kidak", "Kidal"), ("Tessit", "Messit"), ("Kourtiba", "Kourtibara")])
def test_short_or_differently_begun_names_are_not_slips(rules, a, b):
    entities = resolve_entities([mention(a, "Place", found_by=FoundBy.CONTEXT), mention(b, "Place", found_by=FoundBy.CONTEXT)], rules)
    assert len(entities) == 2, summary(entities)


def test_names_both_typed_by_their_context_as_different_kinds_are_not_slips(rules):
    town = mention("Kourtiba", "Place", found_by=FoundBy.CONTEXT)
    person = mention("Kourtbia", "Person", found_by=FoundBy.CONTEXT)
    entities = resolve_entities([town, person], rules)
    assert entity_with(entities, town) is not entity_with(entities, person)


# --- people ---------------------------------------------------------------------------------------

def test_partial_person_name_joins_the_full_name(rules):
    full = mention("Amadou Ag Ibrahim", "Person")
    short = mention("Ag Ibrahim", "Person")
    entities = resolve_entities([full, short, mention("Ag Ibrahim", "Person")], rules)
    assert len(entities) == 1, summary(entities)
    [person] = entities
    assert person.label == "Amadou Ag Ibrahim"
    assert person.entity_class == "Person"
    assert "Ag Ibrahim" in person.alt_labels


def test_partial_name_shared_by_two_people_joins_neither(rules):
    amadou = mention("Amadou Ag Ibrahim", "Person")
    moussa = mention("Moussa Ag Ibrahim", "Person")
    short = mention("Ag Ibrahim", "Person")
    entities = resolve_entities([amadou, moussa, short], rules)
    assert entity_with(entities, amadou) is not entity_with(entities, moussa)
    holder = entity_with(entities, short)
    assert holder is not None
    assert holder is not entity_with(entities, amadou)
    assert holder is not entity_with(entities, moussa)


def test_title_anchor_is_kept_as_an_alternative_label(rules):
    m = mention("Amadou Ag Ibrahim", "Person", anchor="Colonel Amadou Ag Ibrahim", anchor_kind="title")
    [person] = resolve_entities([m], rules)
    assert "Colonel Amadou Ag Ibrahim" in person.alt_labels


# --- groups ---------------------------------------------------------------------------------------

def test_acronym_joins_its_expansion(rules):
    long = mention("Tamesna Liberation Front", "ArmedGroup")
    short = mention("TLF", "ArmedGroup")
    entities = resolve_entities([long, short, mention("TLF", "ArmedGroup")], rules)
    assert len(entities) == 1, summary(entities)
    [group] = entities
    assert group.label == "Tamesna Liberation Front"
    assert "TLF" in group.alt_labels


def test_an_organisation_named_by_its_first_word_joins_the_full_name(rules):
    full = mention("Tamesna International", "Organization")
    short = mention("Tamesna", "Organization")
    entities = resolve_entities([full, short, mention("Tamesna", "Organization")], rules)
    assert len(entities) == 1, summary(entities)
    assert entities[0].label == "Tamesna International"


@pytest.mark.parametrize("full", ["France's Foreign Ministry", "French Foreign Ministry", "Mali\u2019s Foreign Ministry"])
def test_a_state_body_named_without_its_country_joins_the_one_named_with_it(rules, full):
    named = mention(full, "Government")
    entities = resolve_entities([named, mention("Foreign Ministry", "Government")], rules)
    assert len(entities) == 1, summary(entities)
    assert entities[0].label == full


def test_a_state_body_named_without_its_country_joins_neither_of_two_countries(rules):
    a, b = mention("France's Foreign Ministry", "Government"), mention("Mali's Foreign Ministry", "Government")
    entities = resolve_entities([a, b, mention("Foreign Ministry", "Government")], rules)
    assert len(entities) == 3, summary(entities)


def test_first_word_shared_by_two_organisations_joins_neither(rules):
    a, b = mention("Tamesna International", "Organization"), mention("Tamesna Watch", "Organization")
    short = mention("Tamesna", "Organization")
    entities = resolve_entities([a, b, short], rules)
    assert len(entities) == 3, summary(entities)


def test_acronym_with_two_expansions_joins_neither(rules):
    a = mention("Tamesna Liberation Front", "ArmedGroup")
    b = mention("Timetrine Liberation Front", "ArmedGroup")
    short = mention("TLF", "ArmedGroup")
    entities = resolve_entities([a, b, short], rules)
    assert len(entities) == 3, summary(entities)


def test_registry_alias_joins_the_registry_entry(rules):
    ms = [
        mention("Wagner", "ArmedGroup", found_by=FoundBy.REGISTRY, registry_key="armedgroup/wagner-group"),
        mention("Wagner Group", "Organization"),
        mention("PMC Wagner", "Organization"),
    ]
    entities = resolve_entities(ms, rules)
    assert [e.key for e in entities] == ["armedgroup/wagner-group"], summary(entities)
    assert entities[0].entity_class == "ArmedGroup"
    assert entities[0].label == "Wagner Group"


# --- class gating ---------------------------------------------------------------------------------

def test_person_named_like_a_town_never_merges_with_the_town(rules):
    town = mention("Kidal", "Place", found_by=FoundBy.REGISTRY, registry_key="place/kidal")
    person = mention("Kidal Intalla", "Person")
    person_short = mention("Kidal", "Person", found_by=FoundBy.CONTEXT)  # "Kidal, a spokesman for ..."
    entities = resolve_entities([town, person, person_short], rules)
    town_entity = entity_with(entities, town)
    assert town_entity is not None and town_entity.key == "place/kidal"
    for m in (person, person_short):
        holder = entity_with(entities, m)
        assert holder is not None and holder is not town_entity, summary(entities)
        assert holder.entity_class == "Person"
    assert {m.entity_class for m in town_entity.mentions} == {"Place"}


def test_army_and_junta_never_merge(rules):
    army = mention("Malian army", "StateForce", found_by=FoundBy.REGISTRY, registry_key="stateforce/malian-armed-forces")
    junta = mention("Malian junta", "Government", found_by=FoundBy.REGISTRY, registry_key="government/malian-junta")
    army_2 = mention("FAMa", "StateForce", found_by=FoundBy.REGISTRY, registry_key="stateforce/malian-armed-forces", doc="doc-2")
    junta_2 = mention("Malian authorities", "Government", found_by=FoundBy.REGISTRY, registry_key="government/malian-junta", doc="doc-2")
    entities = resolve_entities([army, junta, army_2, junta_2], rules)
    assert sorted(e.key for e in entities) == ["government/malian-junta", "stateforce/malian-armed-forces"]
    by_key = {e.key: e for e in entities}
    assert {m.entity_class for m in by_key["stateforce/malian-armed-forces"].mentions} == {"StateForce"}
    assert {m.entity_class for m in by_key["government/malian-junta"].mentions} == {"Government"}


@pytest.mark.parametrize("country", ["country/niger", "country/mali"])  # without and with a registered army
def test_a_country_s_gendarmerie_or_guard_is_a_force_of_its_own_beside_its_army(rules, country):
    def force(text: str, doc: str, *descriptors: str) -> Mention:
        return mention(text, "StateForce", "nominal", doc=doc, found_by=FoundBy.NOMINAL, anchor=country,
                       anchor_kind="country", descriptors=descriptors)

    army, gendarmes, guard = force("Ruritania's army", "doc-1", "army"), \
        force("Ruritania's gendarmerie", "doc-1", "gendarmerie", "police"), \
        force("Ruritania's presidential guard", "doc-1", "presidential guard", "guard")
    gendarmes_2, army_2 = force("the gendarmerie", "doc-2", "gendarmerie", "police"), force("troops", "doc-2", "army")
    entities = resolve_entities([army, gendarmes, guard, gendarmes_2, army_2], rules)
    assert len({entity_with(entities, m).key for m in (army, gendarmes, guard)}) == 3, summary(entities)
    assert entity_with(entities, gendarmes_2) is entity_with(entities, gendarmes), summary(entities)
    assert entity_with(entities, army_2) is entity_with(entities, army), summary(entities)


def test_bare_junta_and_army_join_their_own_registry_entries(rules):
    army = mention("Malian army", "StateForce", found_by=FoundBy.REGISTRY, registry_key="stateforce/malian-armed-forces")
    junta = mention("Malian junta", "Government", found_by=FoundBy.REGISTRY, registry_key="government/malian-junta")
    the_junta = mention("junta", "Government", "nominal", found_by=FoundBy.NOMINAL, descriptors=("junta",))
    the_army = mention("army", "StateForce", "nominal", found_by=FoundBy.NOMINAL, descriptors=("army",))
    entities = resolve_entities([army, junta, the_junta, the_army], rules)
    assert entity_with(entities, the_junta).key == "government/malian-junta"
    assert entity_with(entities, the_army).key == "stateforce/malian-armed-forces"


# --- descriptions ---------------------------------------------------------------------------------

def test_bare_army_joins_the_one_state_force_of_the_document(rules):
    force = mention("Tamesna Defence Forces", "StateForce")
    town = mention("Tessaouatene", "Place", found_by=FoundBy.CONTEXT)
    the_army = mention("army", "StateForce", "nominal", found_by=FoundBy.NOMINAL, descriptors=("army",))
    entities = resolve_entities([force, town, the_army], rules)
    holder = entity_with(entities, the_army)
    assert holder is not None and holder is entity_with(entities, force), summary(entities)
    assert len(entities) == 2


def test_demonym_troops_join_the_registry_army_known_only_by_description(rules):
    troops = mention(
        "Malian troops", "StateForce", "nominal", found_by=FoundBy.NOMINAL,
        anchor="country/mali", anchor_kind="country", descriptors=("troop", "army"), plural=True,
    )
    town = mention("Tessaouatene", "Place", found_by=FoundBy.CONTEXT)
    entities = resolve_entities([troops, town], rules)
    holder = entity_with(entities, troops)
    assert holder is not None, summary(entities)
    assert holder.key == "stateforce/malian-armed-forces"
    assert holder.label == "Malian Armed Forces"
    assert holder.entity_class == "StateForce"


def test_militants_are_the_local_affiliate_rather_than_the_network_it_belongs_to(rules):
    network = mention("al-Qaeda", "ArmedGroup", found_by=FoundBy.REGISTRY, registry_key="armedgroup/al-qaeda")
    affiliate = mention("JNIM", "ArmedGroup", found_by=FoundBy.REGISTRY, registry_key="armedgroup/jnim")
    militants = mention("militants", "ArmedGroup", "nominal", found_by=FoundBy.NOMINAL, descriptors=("militant", "jihadist"),
                        plural=True)
    entities = resolve_entities([network, affiliate, militants], rules)
    holder = entity_with(entities, militants)
    assert holder is not None and holder.key == "armedgroup/jnim", summary(entities)


def test_militants_between_two_unrelated_groups_of_their_kind_join_neither(rules):
    a = mention("JNIM", "ArmedGroup", found_by=FoundBy.REGISTRY, registry_key="armedgroup/jnim")
    b = mention("Islamic State Sahel Province", "ArmedGroup", found_by=FoundBy.REGISTRY,
                registry_key="armedgroup/islamic-state-sahel")
    militants = mention("militants", "ArmedGroup", "nominal", found_by=FoundBy.NOMINAL, descriptors=("militant", "jihadist"),
                        plural=True)
    entities = resolve_entities([a, b, militants], rules)
    holder = entity_with(entities, militants)
    assert holder is None or holder.key not in ("armedgroup/jnim", "armedgroup/islamic-state-sahel"), summary(entities)


def test_peacekeepers_join_the_peacekeeping_mission_of_the_article(rules):
    mission = mention("Minusma", "Organization", found_by=FoundBy.REGISTRY, registry_key="organization/minusma")
    un = mention("United Nations", "Organization", found_by=FoundBy.REGISTRY, registry_key="organization/united-nations")
    peacekeepers = mention("peacekeepers", "Organization", "nominal", found_by=FoundBy.NOMINAL,
                           descriptors=("peacekeeper", "peacekeeping"), plural=True)
    entities = resolve_entities([un, un, mission, peacekeepers], rules)
    holder = entity_with(entities, peacekeepers)
    assert holder is not None and holder.key == "organization/minusma", summary(entities)


def test_peacekeepers_without_a_mission_named_are_a_force_of_their_own(rules):
    amnesty = mention("Amnesty International", "Organization")
    peacekeepers = mention("UN peacekeepers", "Organization", "nominal", found_by=FoundBy.NOMINAL,
                           descriptors=("peacekeeper", "peacekeeping"), plural=True, anchor="UN", anchor_kind="name")
    entities = resolve_entities([amnesty, peacekeepers], rules)
    holder = entity_with(entities, peacekeepers)
    assert holder is not None and holder is not entity_with(entities, amnesty), summary(entities)
    assert holder.label == "UN peacekeepers" and holder.entity_class == "Organization"


def test_insurgents_join_the_one_jihadist_group_of_the_article(rules):
    group = mention("al-Shabaab", "ArmedGroup", found_by=FoundBy.REGISTRY, registry_key="armedgroup/al-shabaab")
    insurgents = mention("the insurgents", "ArmedGroup", "nominal", found_by=FoundBy.NOMINAL,
                         descriptors=("insurgent", "rebel"), plural=True)
    entities = resolve_entities([group, insurgents], rules)
    holder = entity_with(entities, insurgents)
    assert holder is not None and holder.key == "armedgroup/al-shabaab", summary(entities)


def test_groups_of_a_kind_are_several_groups_not_the_one_named(rules):
    group = mention("CSP-DPA", "ArmedGroup", found_by=FoundBy.REGISTRY, registry_key="armedgroup/csp-dpa")
    groups = mention("separatist groups", "ArmedGroup", "nominal", found_by=FoundBy.NOMINAL,
                     descriptors=("group", "separatist", "rebel"), plural=True)
    entities = resolve_entities([group, groups], rules)
    assert entity_with(entities, groups) is not entity_with(entities, group), summary(entities)


@pytest.mark.parametrize("former", ["the civilian government", "the ousted government", "Mali's former military junta"])
def test_a_government_out_of_power_is_not_the_one_in_power(rules, former):
    mali = mention("Mali", "Country", found_by=FoundBy.REGISTRY, registry_key="country/mali")
    junta = mention("the junta", "Government", "nominal", found_by=FoundBy.NOMINAL, descriptors=("junta",))
    old = mention(former, "Government", "nominal", found_by=FoundBy.NOMINAL, descriptors=("government",))
    later = mention("the government", "Government", "nominal", found_by=FoundBy.NOMINAL, descriptors=("government",))
    entities = resolve_entities([mali, junta, old, later], rules)
    assert entity_with(entities, old) is not None, summary(entities)
    assert entity_with(entities, old) is not entity_with(entities, junta), summary(entities)
    assert entity_with(entities, later) is entity_with(entities, junta), summary(entities)


def test_separatists_prefer_a_rebel_group_over_a_mercenary_group(rules):
    wagner = [
        mention("Wagner", "ArmedGroup", found_by=FoundBy.REGISTRY, registry_key="armedgroup/wagner-group") for _ in range(3)
    ]
    rebels = mention("Azawad Liberation Front", "ArmedGroup", found_by=FoundBy.REGISTRY, registry_key="armedgroup/fla")
    separatists = mention(
        "separatists", "ArmedGroup", "nominal", found_by=FoundBy.NOMINAL, descriptors=("separatist", "rebel"), plural=True
    )
    entities = resolve_entities([*wagner, rebels, separatists], rules)
    holder = entity_with(entities, separatists)
    assert holder is not None and holder.key == "armedgroup/fla", summary(entities)


def test_separatists_prefer_an_unregistered_rebel_group_described_in_the_text(rules):
    wagner = [
        mention("Wagner", "ArmedGroup", found_by=FoundBy.REGISTRY, registry_key="armedgroup/wagner-group") for _ in range(3)
    ]
    rebels = mention("Tamesna Liberation Front", "ArmedGroup", descriptors=("separatist", "coalition"))
    separatists = mention(
        "separatists", "ArmedGroup", "nominal", found_by=FoundBy.NOMINAL, descriptors=("separatist", "rebel"), plural=True
    )
    entities = resolve_entities([*wagner, rebels, separatists], rules)
    assert entity_with(entities, separatists) is entity_with(entities, rebels), summary(entities)


@pytest.mark.parametrize(
    "description",
    [
        mention("army", "StateForce", "nominal", found_by=FoundBy.NOMINAL, descriptors=("army",)),
        mention("junta", "Government", "nominal", found_by=FoundBy.NOMINAL, descriptors=("junta",)),
    ],
    ids=["army", "junta"],
)
def test_description_with_no_candidate_gives_no_entity(rules, description):
    person = mention("Amadou Ag Ibrahim", "Person")
    town = mention("Tessaouatene", "Place", found_by=FoundBy.CONTEXT)
    entities = resolve_entities([person, town, description], rules)
    assert entity_with(entities, description) is None, summary(entities)
    assert len(entities) == 2


def test_an_armed_group_known_only_by_description_is_one_actor(rules):
    """"armed anglophone separatists" ... "the separatists": one actor named by the fullest words;
    a described group of another kind ("jihadists") stays apart."""
    first = mention("Armed anglophone separatists", "ArmedGroup", "nominal", found_by=FoundBy.NOMINAL,
                    descriptors=("separatist", "rebel"))
    later = mention("the separatists", "ArmedGroup", "nominal", found_by=FoundBy.NOMINAL,
                    descriptors=("separatist", "rebel"))
    other = mention("jihadists", "ArmedGroup", "nominal", found_by=FoundBy.NOMINAL, descriptors=("jihadist",))
    entities = resolve_entities([first, later, other], rules)
    group = entity_with(entities, first)
    assert group is not None and group is entity_with(entities, later), summary(entities)
    assert group.label == "Armed anglophone separatists"
    assert entity_with(entities, other) is not group


def test_separatists_do_not_join_a_mercenary_group_alone(rules):
    wagner = mention("Wagner", "ArmedGroup", found_by=FoundBy.REGISTRY, registry_key="armedgroup/wagner-group")
    separatists = mention(
        "separatists", "ArmedGroup", "nominal", found_by=FoundBy.NOMINAL, descriptors=("separatist", "rebel"), plural=True
    )
    entities = resolve_entities([wagner, separatists], rules)
    holder = entity_with(entities, separatists)
    assert holder is None or holder.key != "armedgroup/wagner-group", summary(entities)


def test_member_mention_counts_for_the_group(rules):
    fighters = mention(
        "Wagner", "ArmedGroup", found_by=FoundBy.NOMINAL, registry_key="armedgroup/wagner-group",
        anchor="Wagner fighters", anchor_kind="member",
    )
    [group] = resolve_entities([fighters], rules)
    assert group.key == "armedgroup/wagner-group"
    assert "Wagner fighters" in group.alt_labels


# --- across documents -----------------------------------------------------------------------------

def test_two_documents_mentioning_a_registry_entity_give_one_entity(rules):
    one = mention("Wagner", "ArmedGroup", doc="doc-1", found_by=FoundBy.REGISTRY, registry_key="armedgroup/wagner-group")
    two = mention("Wagner Group", "ArmedGroup", doc="doc-2", found_by=FoundBy.REGISTRY, registry_key="armedgroup/wagner-group")
    entities = resolve_entities([one, two], rules)
    assert len(entities) == 1, summary(entities)
    [group] = entities
    assert {m.provenance.doc_id for m in group.mentions} == {"doc-1", "doc-2"}
    assert group.same_as == rules.registry.by_key["armedgroup/wagner-group"].wikidata


def test_two_documents_spelling_an_unregistered_town_differently_give_one_entity(rules):
    one = mention("Tessaouatene", "Place", doc="doc-1", found_by=FoundBy.CONTEXT)
    two = mention("Tessawaten", "Place", doc="doc-2", found_by=FoundBy.CONTEXT)
    entities = resolve_entities([one, two], rules)
    assert len(entities) == 1, summary(entities)
    assert {m.provenance.doc_id for m in entities[0].mentions} == {"doc-1", "doc-2"}


def test_descriptions_stay_in_their_own_document(rules):
    """'The army' of a document about another force must not join a force named elsewhere."""
    force = mention("Tamesna Defence Forces", "StateForce", doc="doc-1")
    the_army = mention("army", "StateForce", "nominal", doc="doc-2", found_by=FoundBy.NOMINAL, descriptors=("army",))
    entities = resolve_entities([force, the_army], rules)
    assert entity_with(entities, the_army) is None, summary(entities)


# --- determinism ----------------------------------------------------------------------------------

def _corpus() -> list[Mention]:
    return [
        mention("Tinzawaten", "Place", found_by=FoundBy.CONTEXT),
        mention("Tinzahuaten", "Place", doc="doc-2", found_by=FoundBy.NER),
        mention("Tessaouatene", "Place", found_by=FoundBy.CONTEXT),
        mention("Tessawaten", "Place", doc="doc-2", found_by=FoundBy.CONTEXT),
        mention("Amadou Ag Ibrahim", "Person"),
        mention("Ag Ibrahim", "Person"),
        mention("Tamesna Liberation Front", "ArmedGroup", descriptors=("separatist",)),
        mention("TLF", "ArmedGroup"),
        mention("Wagner", "ArmedGroup", found_by=FoundBy.REGISTRY, registry_key="armedgroup/wagner-group"),
        mention("Wagner", "ArmedGroup", doc="doc-2", found_by=FoundBy.REGISTRY, registry_key="armedgroup/wagner-group"),
        mention("Malian troops", "StateForce", "nominal", found_by=FoundBy.NOMINAL, anchor="country/mali",
                anchor_kind="country", descriptors=("troop", "army"), plural=True),
        mention("army", "StateForce", "nominal", doc="doc-2", found_by=FoundBy.NOMINAL, descriptors=("army",)),
        mention("Malian junta", "Government", doc="doc-2", found_by=FoundBy.REGISTRY, registry_key="government/malian-junta"),
        mention("separatists", "ArmedGroup", "nominal", found_by=FoundBy.NOMINAL, descriptors=("separatist", "rebel"), plural=True),
        mention("Kidal", "Place", found_by=FoundBy.REGISTRY, registry_key="place/kidal"),
        mention("Kidal Intalla", "Person", doc="doc-2"),
        mention("Mali", "Country", found_by=FoundBy.REGISTRY, registry_key="country/mali"),
    ]


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_output_does_not_depend_on_input_order(rules, seed):
    ms = _corpus()
    expected = resolve_entities(ms, rules)
    shuffled = list(ms)
    random.Random(seed).shuffle(shuffled)
    assert resolve_entities(shuffled, rules) == expected


def test_output_is_sorted_by_key_with_unique_keys(rules):
    entities = resolve_entities(_corpus(), rules)
    keys = [e.key for e in entities]
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))
    for e in entities:
        assert e.label not in e.alt_labels
        assert list(e.alt_labels) == sorted(e.alt_labels)


def test_no_mentions_give_no_entities(rules):
    assert resolve_entities([], rules) == []


# --- known bugs -----------------------------------------------------------------------------------

def test_demonym_description_joins_the_named_unregistered_force_of_that_country(rules):
    named = mention("Sudanese Armed Forces", "StateForce")
    acronym = mention("SAF", "StateForce")
    described = mention(
        "Sudanese army", "StateForce", "nominal", found_by=FoundBy.NOMINAL,
        anchor="country/sudan", anchor_kind="country", descriptors=("army",),
    )
    entities = resolve_entities([named, acronym, described], rules)
    assert entity_with(entities, described) is entity_with(entities, named), summary(entities)
    assert [e.key for e in entities if e.entity_class != "Country"] == [entity_with(entities, named).key]
    assert [e.key for e in entities if e.entity_class == "Country"] == ["country/sudan"]  # the demonym's


def test_entity_keys_are_unique_when_a_name_equals_a_made_up_label(rules):
    named = mention("Armed forces of Sudan", "StateForce")
    described = mention(
        "Sudanese army", "StateForce", "nominal", found_by=FoundBy.NOMINAL,
        anchor="country/sudan", anchor_kind="country", descriptors=("army",),
    )
    keys = [e.key for e in resolve_entities([named, described], rules)]
    assert len(keys) == len(set(keys)), keys


def test_a_name_introduced_with_known_as_links_documents(rules: ResolveRules) -> None:
    full = mention("Oumar Ag Bakrine", "Person", doc="doc-a", found_by=FoundBy.CONTEXT)
    alias = mention("Tizgui", "Person", kind="alias", doc="doc-a",
                    anchor=str(full.provenance.char_start), anchor_kind="antecedent")
    later = mention("Tizgui", "Person", doc="doc-b")
    [person] = [e for e in resolve_entities([full, alias, later], rules) if e.entity_class == "Person"]
    assert person.label == "Oumar Ag Bakrine"
    assert person.alt_labels == ("Tizgui",)
    assert {m.provenance.doc_id for m in person.mentions} == {"doc-a", "doc-b"}


def test_a_full_name_links_documents_even_when_labels_differ(rules: ResolveRules) -> None:
    first = [mention("Front for the Liberation of Tessit", "ArmedGroup", doc="doc-a"),
             mention("FLT", "ArmedGroup", doc="doc-a")]
    second = [mention("Front for the Liberation of Tessit", "ArmedGroup", doc="doc-b")]
    groups = [e for e in resolve_entities(first + second, rules) if e.entity_class == "ArmedGroup"]
    assert len(groups) == 1
    assert {m.provenance.doc_id for m in groups[0].mentions} == {"doc-a", "doc-b"}


def test_two_registry_entries_never_merge_across_documents(rules: ResolveRules) -> None:
    army = mention("Malian army", "StateForce", doc="doc-a", registry_key="stateforce/malian-armed-forces")
    junta = mention("Malian junta", "Government", doc="doc-b", registry_key="government/malian-junta")
    keys = sorted(e.key for e in resolve_entities([army, junta], rules))
    assert keys == ["government/malian-junta", "stateforce/malian-armed-forces"]


# --- the words around a name outvote the model ----------------------------------------------------

def test_one_context_reading_outvotes_the_model_repeating_itself(rules):
    """The model calls "Zamzara" a person four times; "the Zamzara camp" says it is a place."""
    ms = [mention("Zamzara", "Person") for _ in range(4)] + [mention("Zamzara", "Place", found_by=FoundBy.CONTEXT)]
    entities = resolve_entities(ms, rules)
    assert [(e.entity_class, len(e.mentions)) for e in entities] == [("Place", 5)], summary(entities)


def test_a_description_anchored_by_a_mistyped_name_retypes_it(rules):
    """"Q45" read as a place by the model; "Q45 rebels" says it is the armed group."""
    name = mention("Q45", "Place")
    rebels = mention("Q45 rebels", "ArmedGroup", "nominal", found_by=FoundBy.NOMINAL, anchor="Q45",
                     anchor_kind="name", descriptors=("rebel",))
    entities = resolve_entities([name, rebels], rules)
    group = entity_with(entities, name)
    assert group is entity_with(entities, rebels) and group.entity_class == "ArmedGroup", summary(entities)


def test_a_description_anchored_by_an_unknown_name_is_that_group_not_another(rules):
    """"Ruvo rebels" and "Kessa insurgents" in one article: two groups, each named by its name."""
    ruvo = mention("Ruvo rebels", "ArmedGroup", "nominal", found_by=FoundBy.NOMINAL, anchor="Ruvo",
                   anchor_kind="name", descriptors=("rebel",))
    kessa = mention("Kessa insurgents", "ArmedGroup", "nominal", found_by=FoundBy.NOMINAL, anchor="Kessa",
                    anchor_kind="name", descriptors=("insurgent", "rebel"))
    entities = resolve_entities([ruvo, kessa], rules)
    assert sorted(e.label for e in entities) == ["Kessa", "Ruvo"], summary(entities)
    assert all(e.entity_class == "ArmedGroup" for e in entities)


def test_a_surname_the_model_took_for_a_group_joins_the_full_name(rules):
    full = mention("Mohamed Ousmane Kare", "Person")
    short = mention("Kare", "Organization")
    entities = resolve_entities([full, short], rules)
    person = entity_with(entities, full)
    assert person is entity_with(entities, short) and person.entity_class == "Person", summary(entities)


def test_a_surname_that_the_words_around_it_call_a_place_stays_a_place(rules):
    full = mention("Mohamed Ousmane Kare", "Person")
    town = mention("Kare", "Place", found_by=FoundBy.CONTEXT)
    entities = resolve_entities([full, town], rules)
    assert entity_with(entities, full) is not entity_with(entities, town), summary(entities)


def test_one_preposition_of_place_does_not_settle_a_name_the_model_calls_a_group(rules):
    """"a researcher specialising in Qarhan": one "in" does not make the group a place; two do."""
    group = [mention("Qarhan", "ArmedGroup") for _ in range(4)]
    once = resolve_entities(group + [mention("Qarhan", "Place", found_by=FoundBy.PREPOSITION)], rules)
    assert [e.entity_class for e in once] == ["ArmedGroup"], summary(once)
    town = [mention("Qarhan", "Person") for _ in range(4)]
    twice = resolve_entities(town + [mention("Qarhan", "Place", found_by=FoundBy.PREPOSITION) for _ in range(2)], rules)
    assert [e.entity_class for e in twice] == ["Place"], summary(twice)


def test_a_name_the_model_took_for_an_organisation_is_a_place_where_an_event_happens(rules) -> None:
    from kgbuild.resolve import mentions_by_use
    from kgbuild.types import EventMention, Extraction

    village = mention("Kel Tadak", "Organization")
    group = mention("Free Front", "Organization")
    attack = EventMention(event_class="Attack", trigger="attack", place=village.provenance.char_start,
                          provenance=village.provenance)
    used = mentions_by_use([Extraction("doc-1", mentions=(village, group), events=(attack,))])
    assert [(m.text, m.entity_class) for m in used] == [("Kel Tadak", "Place"), ("Free Front", "Organization")]
    places = [e.label for e in resolve_entities(used, rules) if e.entity_class == "Place"]
    assert places == ["Kel Tadak"]
