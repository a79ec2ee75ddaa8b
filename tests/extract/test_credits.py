"""Bylines, wire credits, photo credits and copyright lines are furniture (own text)."""

from __future__ import annotations

from kgbuild.extract.furniture import find_furniture
from kgbuild.knowledge import load_knowledge

ARTICLE = (
    "By Awa Traore and Jean-Marc Dembele\n"
    "Rebels said on Monday they had shot down an army drone near Kidal.\n"
    "A soldier stands guard at a checkpoint in Gao. REUTERS/Idrissa Sangare/File Photo\n"
    "The army did not comment on the claim, which could not be verified.\n"
    "By the end of the day, residents said, the road to Anefis had reopened.\n"
    "(Reporting by Awa Traore; Writing by Lena Holm; Editing by Peter Graff)\n"
    "\u00a9 2024 Sahel Wire. All rights reserved.\n"
)


def test_credit_lines_are_furniture_and_story_lines_are_not(nlp) -> None:
    doc = nlp(ARTICLE)
    rules = load_knowledge().lexicon.furniture
    flagged = [ARTICLE[s:e] for s, e in find_furniture(doc, rules)]
    assert flagged == [
        "By Awa Traore and Jean-Marc Dembele",
        "A soldier stands guard at a checkpoint in Gao. REUTERS/Idrissa Sangare/File Photo",
        "(Reporting by Awa Traore; Writing by Lena Holm; Editing by Peter Graff)",
        "\u00a9 2024 Sahel Wire. All rights reserved.",
    ]
    names = {m.text for m in doc._.kg_mentions}
    assert not names & {"Awa Traore", "Idrissa Sangare", "Lena Holm", "Peter Graff", "Sahel Wire"}
    assert "Kidal" in names and "Anefis" in names
