"""Tests of kgbuild.extract.furniture: page furniture and unrelated sidebars give no entities.

The fixtures in ``tests/data/furniture`` are whole scraped pages (NAME.txt) with the lines that
must be flagged and the story's names that must survive (NAME.expected.json). The unit tests run
:func:`find_furniture` on short texts parsed by the real model, because the sidebar rule reads the
model's proper nouns and entities.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from kgbuild.config import DEFAULT_MODEL
from kgbuild.extract import load_pipeline, registry_patterns
from kgbuild.extract.furniture import FurnitureWords, find_furniture, split_lines
from kgbuild.extract.mentions import extract_mentions
from kgbuild.knowledge import load_knowledge
from kgbuild.pipeline import _mention_config

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "furniture"
CASES = sorted(p.stem for p in FIXTURES.glob("*.txt"))


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge()


@pytest.fixture(scope="module")
def rules(knowledge) -> FurnitureWords:
    return knowledge.lexicon.furniture


@pytest.fixture(scope="module")
def nlp(knowledge) -> Language:
    return load_pipeline(
        DEFAULT_MODEL, registry_patterns(knowledge.registry.entries), knowledge.lexicon.to_config()["furniture"],
        _mention_config(knowledge),
    )


def flagged(doc: Doc, rules: FurnitureWords) -> list[str]:
    """The flagged lines as text, checking that the component stored what the rule returns."""
    lines = find_furniture(doc, rules)
    assert doc._.kg_furniture == lines
    return [doc.text[s:e] for s, e in lines]


def load_case(name: str) -> tuple[str, dict]:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return text, expected


def inside(start: int, end: int, lines: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in lines)


# --- the fixtures -------------------------------------------------------------------------------

def test_fixtures_exist():
    assert CASES, f"no furniture fixtures in {FIXTURES}"
    for name in CASES:
        assert (FIXTURES / f"{name}.expected.json").exists(), name


@pytest.mark.parametrize("name", CASES)
def test_fixture_flags_exactly_the_expected_lines(nlp, rules, name):
    text, expected = load_case(name)
    doc = nlp(text)
    got = flagged(doc, rules)
    missed = [line for line in expected["furniture_lines"] if line not in got]
    extra = [line for line in got if line not in expected["furniture_lines"]]
    assert not missed and not extra, f"{name}: furniture not flagged {missed!r}; story lines flagged {extra!r}"
    assert got == expected["furniture_lines"]


@pytest.mark.parametrize("name", CASES)
def test_fixture_story_names_survive_outside_furniture(nlp, name):
    """Every story name keeps at least one occurrence on a line that is not furniture."""
    text, expected = load_case(name)
    doc = nlp(text)
    for story_name in expected["story_names"]:
        spots = [(m.start(), m.end()) for m in re.finditer(re.escape(story_name), text)]
        assert spots, f"{name}: fixture names {story_name!r}, which is not in the text"
        kept = [spot for spot in spots if not inside(*spot, doc._.kg_furniture)]
        assert kept, f"{name}: every occurrence of story name {story_name!r} is on a furniture line"


@pytest.mark.parametrize("name", CASES)
def test_fixture_furniture_hides_no_story_mention(nlp, name):
    """Whatever the model finds of a story name without the furniture rule, it still finds with it."""
    text, expected = load_case(name)
    doc = nlp(text)
    mention_rules = nlp.get_pipe("kgbuild_mentions").rules
    unfiltered = extract_mentions(doc, mention_rules, ())
    filtered = doc._.kg_mentions
    for story_name in expected["story_names"]:
        before = [m for m in unfiltered if story_name in m.text or m.text in story_name]
        after = [m for m in filtered if story_name in m.text or m.text in story_name]
        if before:
            assert after, f"{name}: the furniture rule removed every mention of story name {story_name!r}"


@pytest.mark.parametrize("name", CASES)
def test_fixture_furniture_lines_are_whole_lines(nlp, name):
    text, _ = load_case(name)
    doc = nlp(text)
    lines = set(split_lines(text))
    for line in doc._.kg_furniture:
        assert line in lines


# --- split_lines ------------------------------------------------------------------------------

def test_split_lines_offsets_exclude_newlines_and_blank_lines():
    text = "\nFirst line\n\n   \nSecond line\nlast"
    lines = split_lines(text)
    assert [text[s:e] for s, e in lines] == ["First line", "Second line", "last"]
    assert lines[0] == (1, 11)


def test_split_lines_empty_and_blank_text():
    assert split_lines("") == []
    assert split_lines("\n\n  \n\t\n") == []


def test_split_lines_trailing_newline():
    assert split_lines("one\ntwo\n") == [(0, 3), (4, 7)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \t\n.é"), max_size=60))
def test_split_lines_property(text):
    lines = split_lines(text)
    expected = [part for part in text.split("\n") if part.strip()]
    assert [text[s:e] for s, e in lines] == expected
    for s, e in lines:
        assert "\n" not in text[s:e]
        assert s == 0 or text[s - 1] == "\n"
        assert e == len(text) or text[e] == "\n"
    assert lines == sorted(lines)


# --- calls to action and widgets ----------------------------------------------------------------

STORY = (
    "Soldiers of the Malian army clashed with separatist fighters near Anefis on Tuesday, "
    "a local official said.\n"
)


@pytest.mark.parametrize(
    "widget",
    [
        "Join us on Telegram for live updates",
        "Follow our coverage at @SahelDesk",
        "Subscribe to our newsletter",
        "Download our app",
        "Advertisement",
        "Sponsored content",
        "Share this article",
        "Read more at https://example.org/sahel",
        "ADVERTISEMENT - CONTINUE READING BELOW",
        "Share this article | Copy link",
    ],
)
def test_widget_line_is_furniture(nlp, rules, widget):
    doc = nlp(STORY + widget + "\nThe official said the fighting had stopped by nightfall.")
    assert flagged(doc, rules) == [widget]


def test_cookie_notice_ending_in_a_button_is_furniture(nlp, rules):
    notice = "This site uses cookies to improve your experience. Accept all cookies"
    doc = nlp(notice + "\n" + STORY)
    assert flagged(doc, rules) == [notice]


def test_story_paragraph_ending_in_a_button_keeps_its_names(nlp, rules):
    """A line cannot be cut in two: a paragraph with story names stays, trailing button and all."""
    line = "Fighting continued near Anefis on Monday, the army said. Follow our live coverage here"
    doc = nlp(STORY + line)
    assert flagged(doc, rules) == []
    assert any(m.text == "Anefis" and m.provenance.char_start > len(STORY) for m in doc._.kg_mentions)


@pytest.mark.parametrize(
    "story_line",
    [
        # "follow" and "join" as ordinary verbs inside story sentences
        "Analysts who follow the conflict say the separatists will join forces with other groups.",
        "Residents were told to follow the army's instructions and stay at home.",
        "Follow-up talks between the junta and the rebels are due to open in Algiers next week.",
        "Join forces or lose the north, a rebel commander warned his allies in Kidal on Sunday.",
        # a long story sentence that opens like a call to action ("support ... our")
        "Support for the junta among residents of the capital has fallen since the army's losses "
        "in the north last year, our correspondent says.",
        # quoted speech is not a widget, even when short
        '"Join us or leave," the fighters told villagers.',
        "“Follow us,” the gunmen ordered.",
        # "related" opening a story sentence is not a sidebar heading
        "Related to the clashes, the United Nations said hundreds of families had fled.",
    ],
)
def test_follow_and_join_in_story_sentences_are_not_furniture(nlp, rules, story_line):
    doc = nlp(STORY + story_line + "\nThe army said Anefis was calm again on Wednesday.")
    assert flagged(doc, rules) == []


# --- sidebars -----------------------------------------------------------------------------------

def test_sidebar_at_the_very_end_is_furniture(nlp, rules):
    sidebar = [
        "Most read",
        "Lisbon tram fares rise for the second time this year",
        "Portuguese dockworkers in Setubal vote to strike",
    ]
    text = STORY + "The army said Anefis was calm again on Wednesday.\n" + "\n".join(sidebar)
    doc = nlp(text)
    assert flagged(doc, rules) == sidebar
    assert not [m for m in doc._.kg_mentions if m.text in ("Lisbon", "Setubal")]
    assert any(m.text == "Anefis" for m in doc._.kg_mentions)


def test_sidebar_in_the_middle_ends_where_the_story_comes_back(nlp, rules):
    sidebar = [
        "Related stories",
        "Lisbon tram fares rise for the second time this year",
        "Portuguese dockworkers in Setubal vote to strike",
    ]
    after = "Residents of Anefis said the Malian army had set up checkpoints on the road to Kidal."
    text = STORY + "\n".join(sidebar) + "\n" + after + "\nFighting also spread to Kidal."
    doc = nlp(text)
    assert flagged(doc, rules) == sidebar
    assert any(m.text == "Anefis" and m.provenance.char_start > text.index(after) for m in doc._.kg_mentions)


def test_heading_followed_by_story_line_drops_only_the_heading(nlp, rules):
    """The line after the heading shares names with the story: it is the story, not a sidebar."""
    line = "In Anefis, residents said the Malian army had withdrawn towards Kidal."
    text = STORY + "Related stories\n" + line + "\nThe governor of Kidal said talks would resume."
    doc = nlp(text)
    assert flagged(doc, rules) == ["Related stories"]
    start = text.index(line)
    assert any(m.text == "Anefis" and m.provenance.char_start >= start for m in doc._.kg_mentions)


def test_story_subheading_is_not_a_sidebar(nlp, rules):
    """A subheading that is no sidebar heading ("Town under siege") keeps its block."""
    text = STORY + "Town under siege\nFood reaches Anefis only by convoy, residents said."
    doc = nlp(text)
    assert flagged(doc, rules) == []


def test_sidebar_is_at_most_max_lines_long(nlp, rules):
    from kgbuild.extract.furniture import MAX_SIDEBAR_LINES

    items = [f"Lisbon tram line {n} to close for repairs" for n in range(1, MAX_SIDEBAR_LINES + 3)]
    text = STORY + "Most read\n" + "\n".join(items)
    doc = nlp(text)
    got = flagged(doc, rules)
    assert got[0] == "Most read"
    assert len(got) <= MAX_SIDEBAR_LINES + 1


def test_article_without_furniture_flags_nothing(nlp, rules):
    text = STORY + "The army said Anefis was calm again on Wednesday.\nTalks are due in Algiers."
    doc = nlp(text)
    assert flagged(doc, rules) == []
    assert doc._.kg_furniture == []
