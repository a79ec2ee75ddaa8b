"""Tests of kgbuild.resolve.context: the one "country of the article", counted two ways."""

from __future__ import annotations

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
