"""Tests of kgbuild.ingest.jsonl: one article per line, bad lines named and skipped (or fatal)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgbuild.errors import InputError
from kgbuild.ingest import DocumentMetadata, LineProblem, parse_jsonl_line, read_documents

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
WIRE = DATA / "wire.jsonl"
BROKEN = DATA / "broken.jsonl"


class Warnings(list):
    def __call__(self, message: str) -> None:
        self.append(message)


def test_good_lines_with_their_metadata_and_line_sources() -> None:
    docs = read_documents([str(WIRE)])
    assert [d.source for d in docs] == [f"{WIRE}#L1", f"{WIRE}#L2", f"{WIRE}#L3"]
    first, second, third = docs
    assert first.title == "Mali's junta signs new agreements with Russia"
    assert first.published == "2024-06-18"  # the date of the timestamp
    assert first.url == "https://wire.sahelmonitor.example/2024/06/18/mali-russia-agreements"
    assert (first.outlet, first.language) == ("Sahel Wire", "en")
    assert first.text.startswith("Mali's military government signed")
    assert "\n" in first.text.strip(), "the paragraphs of a line stay on lines of their own"
    assert (second.published, second.url, second.language) == ("2024-06-11", None, None)
    assert "Djibo" in second.text
    assert (third.title, third.published, third.outlet) == (None, None, None)
    assert "Tin Zaouatene" in third.text and "Wagner Group" in third.text


def test_broken_lines_are_skipped_with_warnings_naming_file_and_line() -> None:
    warnings = Warnings()
    docs = read_documents([str(BROKEN)], warn=warnings)
    assert [d.source for d in docs] == [f"{BROKEN}#L1", f"{BROKEN}#L5"]
    assert docs[1].published == "2024-05-03"
    assert len(warnings) == 3
    for number, message in zip((2, 3, 4), warnings):
        assert message.startswith(f"kgbuild: warning: skipped '{BROKEN}' line {number}: ")
        assert message.endswith("(fix the line or use --strict to stop on it)")
        assert "\n" not in message
    assert "invalid JSON" in warnings[0]
    assert 'no "text"' in warnings[1]
    assert '"text" must be a string, not a number' in warnings[2]


def test_strict_mode_stops_on_the_first_broken_line() -> None:
    warnings = Warnings()
    with pytest.raises(InputError) as info:
        read_documents([str(BROKEN)], strict=True, warn=warnings)
    message = str(info.value)
    assert f"'{BROKEN}' line 2" in message and "invalid JSON" in message and "--strict" in message
    assert warnings == []


def test_sidecar_under_lines_and_flags_over_both(tmp_path: Path) -> None:
    wire = tmp_path / "wire.jsonl"
    wire.write_text(
        '{"text": "Clashes near Gao.", "outlet": "Line outlet"}\n'
        '{"text": "Clashes near Mopti.", "title": "Line title"}\n',
        encoding="utf-8",
    )
    (tmp_path / "wire.meta.json").write_text(
        '{"outlet": "Sidecar outlet", "title": "Sidecar title", "language": "en"}', encoding="utf-8"
    )
    gao, mopti = read_documents([str(wire)])
    assert (gao.outlet, gao.title, gao.language) == ("Line outlet", "Sidecar title", "en")
    assert (mopti.outlet, mopti.title) == ("Sidecar outlet", "Line title")
    gao, mopti = read_documents([str(wire)], DocumentMetadata(title="Flag title"))
    assert (gao.title, mopti.title, gao.outlet) == ("Flag title", "Flag title", "Line outlet")


def test_blank_lines_count_but_are_not_articles(tmp_path: Path) -> None:
    wire = tmp_path / "gaps.jsonl"
    wire.write_text('\n{"text": "First."}\r\n   \n{"text": "Second."}\n\n', encoding="utf-8")
    docs = read_documents([str(wire)], warn=Warnings())
    assert [d.source for d in docs] == [f"{wire}#L2", f"{wire}#L4"]


def test_same_text_twice_is_kept_once(tmp_path: Path) -> None:
    wire = tmp_path / "dupes.jsonl"
    wire.write_text('{"text": "Same story."}\n{"text": "Same story.", "title": "Again"}\n', encoding="utf-8")
    docs = read_documents([str(wire), str(wire)])
    assert [d.source for d in docs] == [f"{wire}#L1"]


def test_file_without_a_usable_line_is_an_error(tmp_path: Path) -> None:
    wire = tmp_path / "useless.jsonl"
    wire.write_text('{"title": "no text"}\n[1, 2]\n', encoding="utf-8")
    warnings = Warnings()
    with pytest.raises(InputError) as info:
        read_documents([str(wire), str(WIRE)], warn=warnings)
    assert str(wire) in str(info.value) and "usable" in str(info.value)
    assert len(warnings) == 2


@pytest.mark.parametrize("content", [b"", b"\n  \n"], ids=["empty", "blank"])
def test_empty_jsonl_file_is_an_error(tmp_path: Path, content: bytes) -> None:
    wire = tmp_path / "empty.jsonl"
    wire.write_bytes(content)
    with pytest.raises(InputError, match="empty"):
        read_documents([str(wire)])


def test_non_utf8_jsonl_is_an_error(tmp_path: Path) -> None:
    wire = tmp_path / "latin1.jsonl"
    wire.write_bytes(b'{"text": "Caf\xe9 near Kidal."}\n')
    with pytest.raises(InputError, match="iconv"):
        read_documents([str(wire)])


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{'text': 'single quotes'}", "invalid JSON at column 2"),
        ('"just a string"', "expected a JSON object"),
        ("[]", "not an array"),
        ('{"text": "   "}', '"text" is empty'),
        ('{"text": null}', '"text" must be a string, not null'),
        ('{"text": ["a"]}', "not an array"),
        ('{"text": "ok", "title": 3}', '"title" must be a string or null, not a number'),
        ('{"text": "ok", "url": {"href": "x"}}', '"url" must be a string or null, not an object'),
        ('{"text": "ok", "published": "28/07/2024"}', "'28/07/2024' is not a date"),
        ('{"text": "ok", "published": "2024-02-30"}', "is not a date"),
        ('{"text": "ok", "published": true}', "not a boolean"),
    ],
)
def test_line_problems(line: str, problem: str) -> None:
    with pytest.raises(LineProblem) as info:
        parse_jsonl_line(line)
    assert problem in str(info.value)


@pytest.mark.parametrize(
    ("published", "day"),
    [("2024-07-28", "2024-07-28"), ("2024-07-28T10:00:00Z", "2024-07-28"), ("2024-07-28T23:30:00-05:00", "2024-07-28"),
     ("2024-07-28 10:00", "2024-07-28"), ("2024-07-28T10:00:00.123+0200", "2024-07-28"), ("", None)],
)
def test_published_keeps_the_date(published: str, day: str | None) -> None:
    _, meta = parse_jsonl_line(f'{{"text": "ok", "published": "{published}", "extra": [1, 2]}}')
    assert meta.published == day


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_line_parses_or_says_why(line: str) -> None:
    try:
        text, _ = parse_jsonl_line(line)
    except LineProblem as problem:
        assert str(problem) and "\n" not in str(problem)
    else:
        assert text.strip()
