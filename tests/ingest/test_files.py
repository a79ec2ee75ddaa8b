"""Tests of kgbuild.ingest.files: which inputs are read, how, and in what order."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from kgbuild.errors import InputError, UsageError
from kgbuild.ingest import SUPPORTED_SUFFIXES, DocumentMetadata, find_article_files, read_documents

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
JSONL_LINE = '{"text": "Soldiers patrolled the road to Gao on Tuesday.", "title": "Patrol", "published": "2024-05-07T06:00:00Z"}\n'


class Warnings(list):
    def __call__(self, message: str) -> None:
        self.append(message)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder of mixed inputs: every supported suffix, sidecars, hidden and unsupported files."""
    root = tmp_path / "inbox"
    (root / "b-web").mkdir(parents=True)
    (root / "a-notes").mkdir()
    (root / ".cache").mkdir()
    (root / "a-notes" / "clash.txt").write_text("Fighters clashed near Kidal on Friday.\n", encoding="utf-8")
    (root / "a-notes" / "clash.meta.json").write_text('{"outlet": "Field notes"}', encoding="utf-8")
    (root / "a-notes" / "brief.md").write_text("# Brief\nThe army patrolled near Menaka.\n", encoding="utf-8")
    shutil.copy(DATA / "news-page.html", root / "b-web" / "page.html")
    (root / "wire.jsonl").write_text(JSONL_LINE, encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "data.json").write_text('{"text": "not an input"}', encoding="utf-8")
    (root / ".hidden.txt").write_text("Hidden text about Timbuktu.\n", encoding="utf-8")
    (root / ".cache" / "old.txt").write_text("Cached text about Gao.\n", encoding="utf-8")
    return root


def test_directory_recursion_picks_every_supported_suffix(tree: Path) -> None:
    files = [p.relative_to(tree).as_posix() for p in find_article_files(tree)]
    assert files == ["a-notes/brief.md", "a-notes/clash.txt", "b-web/page.html", "wire.jsonl"]


def test_directory_is_read_in_sorted_order_with_sidecars(tree: Path) -> None:
    docs = read_documents([str(tree)])
    assert [Path(d.source.split("#")[0]).name for d in docs] == ["brief.md", "clash.txt", "page.html", "wire.jsonl"]
    assert docs[1].outlet == "Field notes"
    assert docs[2].outlet == "Sahel Monitor"
    assert docs[3].source.endswith("wire.jsonl#L1") and docs[3].published == "2024-05-07"
    assert not any("Timbuktu" in d.text or "Cached" in d.text for d in docs)


def test_several_inputs_make_one_list(tree: Path) -> None:
    stdin = io.StringIO("Stdin text about Mopti.\n")
    docs = read_documents([str(DATA / "wire.jsonl"), str(tree / "a-notes"), "-"], stdin=stdin)
    assert len(docs) == 3 + 2 + 1
    assert docs[-1].source == "<stdin>"


def test_same_text_in_two_files_is_kept_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Same report about Kidal.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("Same report about Kidal.\n", encoding="utf-8")
    docs = read_documents([str(tmp_path)])
    assert [Path(d.source).name for d in docs] == ["a.txt"]


def test_text_file_sidecar_and_flags(tmp_path: Path) -> None:
    article = tmp_path / "clash.txt"
    article.write_text("Fighters clashed near Kidal on Friday.\n", encoding="utf-8")
    (tmp_path / "clash.meta.json").write_text('{"title": "Sidecar", "outlet": "Sidecar outlet"}', encoding="utf-8")
    doc = read_documents([str(article)], DocumentMetadata(title="Flag"))[0]
    assert (doc.title, doc.outlet) == ("Flag", "Sidecar outlet")


def test_unknown_suffix_names_every_format_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(InputError) as info:
        read_documents([str(path)])
    message = str(info.value)
    assert str(path) in message and "use --format to force one" in message
    assert all(suffix in message for suffix in SUPPORTED_SUFFIXES)


@pytest.mark.parametrize(
    ("input_format", "content", "expected_source"),
    [
        ("text", "Fighters clashed near Kidal.\n", "feed.dat"),
        ("jsonl", JSONL_LINE, "feed.dat#L1"),
        ("html", (DATA / "news-page.html").read_text(encoding="utf-8"), "feed.dat"),
    ],
)
def test_forced_format_for_an_unknown_suffix(tmp_path: Path, input_format: str, content: str, expected_source: str) -> None:
    path = tmp_path / "feed.dat"
    path.write_text(content, encoding="utf-8")
    doc = read_documents([str(path)], input_format=input_format)[0]
    assert Path(doc.source).name == expected_source


def test_known_suffix_wins_over_forced_format(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text('{"text": "looks like JSON"}\n', encoding="utf-8")
    doc = read_documents([str(path)], input_format="jsonl")[0]
    assert doc.source == str(path) and doc.text.startswith('{"text"')


def test_forced_format_does_not_widen_a_directory_search(tmp_path: Path) -> None:
    (tmp_path / "feed.dat").write_text("Fighters clashed near Kidal.\n", encoding="utf-8")
    with pytest.raises(InputError, match="no article files"):
        read_documents([str(tmp_path)], input_format="text")


def test_stdin_is_text_by_default() -> None:
    doc = read_documents(["-"], stdin=io.StringIO(JSONL_LINE))[0]
    assert doc.source == "<stdin>" and doc.text == JSONL_LINE


def test_stdin_as_jsonl() -> None:
    warnings = Warnings()
    stdin = io.StringIO(JSONL_LINE + "not json\n")
    docs = read_documents(["-"], DocumentMetadata(outlet="Flag outlet"), stdin=stdin, input_format="jsonl", warn=warnings)
    assert [d.source for d in docs] == ["<stdin>#L1"]
    assert (docs[0].title, docs[0].outlet, docs[0].published) == ("Patrol", "Flag outlet", "2024-05-07")
    assert warnings and warnings[0].startswith("kgbuild: warning: skipped '<stdin>' line 2: invalid JSON")


def test_stdin_as_html() -> None:
    stdin = io.StringIO((DATA / "news-page.html").read_text(encoding="utf-8"))
    doc = read_documents(["-"], stdin=stdin, input_format="html")[0]
    assert doc.source == "<stdin>" and doc.outlet == "Sahel Monitor" and "Kidal" in doc.text


def test_stdin_html_without_article_is_skipped_then_an_error() -> None:
    stdin = io.StringIO((DATA / "empty-page.html").read_text(encoding="utf-8"))
    warnings = Warnings()
    with pytest.raises(InputError, match="every input was skipped"):
        read_documents(["-"], stdin=stdin, input_format="html", warn=warnings)
    assert warnings == [
        "kgbuild: warning: skipped '<stdin>': no article text found in the page (is it a saved news article?)"
    ]


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="use text, html or jsonl"):
        read_documents(["-"], stdin=io.StringIO("x"), input_format="pdf")


def test_no_inputs_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no input given"):
        read_documents([])


def test_default_warnings_go_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    docs = read_documents([str(DATA / "broken.jsonl")])
    assert len(docs) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3 and all(line.startswith("kgbuild: warning: skipped ") for line in err)
