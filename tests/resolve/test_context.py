"""Tests of kgbuild.resolve.context: the one "country of the article", counted two ways."""

from __future__ import annotations

from dataclasses import replace

from kgbuild.resolve.context import ArticleActor, CountMode, article_country, entity_actors
from kgbuild.types import Entity, FoundBy, Mention, Provenance


def mention(text: str, cls: str, doc: str = "d1", anchor: str | None = None) -> Mention:
    how = FoundBy.NOMINAL if anchor else FoundBy.REGISTRY
    return Mention(
        text=text, entity_class=cls, kind="nominal" if anchor else "name", found_by=how,
        provenance=Provenance(doc, 0, len(text), text, "test", how.confidence),
        anchor=anchor, anchor_kind="country" if anchor else None,
    )


def test_clusters_count_places_and_state_actors_but_not_foreign_groups() -> None:
    actors = [
        ArticleActor("Place", (mention("Gao", "Place"), mention("Gao", "Place")), frozenset({"country/mali"})),
        ArticleActor("ArmedGroup", tuple(mention("Russian mercenaries", "ArmedGroup", anchor="country/russia")
                                         for _ in range(3)), frozenset()),
    ]
    assert article_country(actors, CountMode.CLUSTERS) == "country/mali"
    assert article_country(actors, CountMode.MENTIONS) == "country/russia"  # every demonym counts


def test_mentions_count_countries_and_every_anchored_description() -> None:
    mali = Entity("country/mali", "Mali", "Country", (), (mention("Mali", "Country"),))
    niger = Entity("country/niger", "Niger", "Country", (), (mention("Niger", "Country", doc="d2"),) * 2)
    troops = Entity("stateforce/x", "X", "StateForce", (), (mention("Nigerien troops", "StateForce", anchor="country/niger"),))
    assert article_country(entity_actors("d1", [mali, niger, troops]), CountMode.MENTIONS) == "country/mali"  # a tie: the smaller key
    assert article_country(entity_actors("d2", [mali, niger, troops]), CountMode.MENTIONS) == "country/niger"


def test_nothing_to_count_is_no_country() -> None:
    assert article_country([], CountMode.CLUSTERS) is None


def test_the_demonym_of_a_description_read_as_its_country_counts_once() -> None:
    def at(m: Mention, start: int) -> Mention:
        return replace(m, provenance=replace(m.provenance, char_start=start, char_end=start + len(m.text)))

    troops = Entity("stateforce/x", "X", "StateForce", (), (at(mention("Russian troops", "StateForce", anchor="country/russia"), 0),))
    russia = Entity("country/russia", "Russia", "Country", (), (at(mention("Russian", "Country"), 0),))
    mali = Entity("country/mali", "Mali", "Country", (), (at(mention("Mali", "Country"), 30),))
    assert article_country(entity_actors("d1", [troops, russia, mali]), CountMode.MENTIONS) == "country/mali"  # 1 to 1: the smaller key
    elsewhere = Entity("country/russia", "Russia", "Country", (), (at(mention("Russia", "Country"), 50),))
    assert article_country(entity_actors("d1", [troops, elsewhere, mali]), CountMode.MENTIONS) == "country/russia"


def test_a_country_named_as_a_group_s_patron_does_not_count() -> None:
    def named(text: str, start: int, kind: str | None = None) -> Mention:
        m = mention(text, "Country")
        return replace(m, anchor_kind=kind, provenance=replace(m.provenance, char_start=start, char_end=start + len(text)))

    russia = Entity("country/russia", "Russia", "Country", (), (named("Russia", 0, "patron"), named("Russia", 40, "patron")))
    mali = Entity("country/mali", "Mali", "Country", (), (named("Mali", 80),))
    for mode in CountMode:
        assert article_country(entity_actors("d1", [russia, mali]), mode) == "country/mali"
