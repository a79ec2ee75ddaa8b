"""Tests of kgbuild.ingest.html: a saved web page gives its article text and metadata, nothing else.

``tests/data/ingest/news-page.html`` is a whole saved page written for these tests: a cookie banner,
navigation, ad slots, share bars, a "Related stories" aside naming other people and places, a
newsletter box and a footer around one article. ``empty-page.html`` has the furniture and no article.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kgbuild.errors import InputError
from kgbuild.ingest import DocumentMetadata, extract_web_page, read_documents

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
NEWS_PAGE = DATA / "news-page.html"
EMPTY_PAGE = DATA / "empty-page.html"
URL = "https://www.sahelmonitor.example/africa/2024/07/30/mali-separatists-tinzawatene-wagner"

ARTICLE_SENTENCES = [
    "Tuareg-led rebels of the CSP-DPA said on Monday",
    "the Permanent Strategic Framework for the Defence of the People of Azawad",
    "the general staff of the Malian army acknowledged",
    "A Telegram channel close to Wagner described the fighting",
    "The transitional government of Colonel Assimi Goïta has leaned on Moscow",
    "retook the northern town of Kidal from the separatists in November 2023",
    "Residents of Tinzawatene reached by satellite phone",
]
FURNITURE = [
    # cookie banner, navigation, ads, share bars, related stories, newsletter, footer
    "cookies", "Manage cookie preferences", "World news", "Business and markets", "Subscribe today",
    "Sign in", "Advertisement", "SkyFare", "Lisbon", "Teranga", "Dakar", "Northgate", "Share on",
    "WhatsApp", "Copy link", "Related stories", "Henrique Valadares", "Fortaleza", "Curitiba",
    "Ingrid Solberg", "Bergen", "morning briefing", "newsletter", "About us", "Contact the newsroom",
    "Terms of use", "Privacy policy", "Careers", "All rights reserved", "Media Group",
]


class Warnings(list):
    """A ``warn`` callback that keeps the messages."""

    def __call__(self, message: str) -> None:
        self.append(message)


@pytest.fixture(scope="module")
def page_doc():
    docs = read_documents([str(NEWS_PAGE)])
    assert len(docs) == 1
    return docs[0]


def test_main_text_has_every_article_paragraph(page_doc) -> None:
    for sentence in ARTICLE_SENTENCES:
        assert sentence in page_doc.text


@pytest.mark.parametrize("furniture", FURNITURE)
def test_main_text_has_no_page_furniture(page_doc, furniture: str) -> None:
    assert furniture.lower() not in page_doc.text.lower()


def test_one_paragraph_per_line(page_doc) -> None:
    lines = page_doc.text.split("\n")
    assert lines[-1] == "", "the text ends with a newline"
    lines = lines[:-1]
    assert len(lines) == len(ARTICLE_SENTENCES)
    for line, sentence in zip(lines, ARTICLE_SENTENCES):
        assert sentence in line
        assert line == line.strip() and "  " not in line


def test_metadata_is_read_from_the_page(page_doc) -> None:
    assert page_doc.title == "Separatists say they routed Malian troops and Wagner fighters near Tinzawatene"
    assert page_doc.outlet == "Sahel Monitor"
    assert page_doc.published == "2024-07-30"
    assert page_doc.url == URL
    assert page_doc.language == "en"
    assert page_doc.source == str(NEWS_PAGE)


def test_no_date_is_guessed_from_links_or_copyright() -> None:
    # Without its own date the page has none, even though related links carry dates in their URLs.
    markup = NEWS_PAGE.read_text(encoding="utf-8")
    markup = markup.replace('<meta property="article:published_time" content="2024-07-30T08:15:00+00:00">', "")
    markup = markup.replace('<time class="published" datetime="2024-07-30T08:15:00+00:00">30 July 2024</time>', "")
    markup = markup.replace("/2024/07/30/", "/")
    page = extract_web_page(markup)
    assert page is not None
    assert page.metadata.published is None


def test_bytes_in_a_declared_legacy_encoding() -> None:
    markup = NEWS_PAGE.read_text(encoding="utf-8").replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    page = extract_web_page(markup.encode("cp1252"))
    assert page is not None and "Assimi Goïta" in page.text


def test_relative_canonical_link_is_no_url() -> None:
    markup = NEWS_PAGE.read_text(encoding="utf-8").replace(URL, "/africa/mali-story")
    page = extract_web_page(markup)
    assert page is not None and page.metadata.url is None


def test_sidecar_overrides_the_page_and_flags_override_both(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    shutil.copy(NEWS_PAGE, page)
    (tmp_path / "story.meta.json").write_text(
        '{"title": "Edited headline", "outlet": "Sahel Monitor (print)", "published": "2024-07-31"}', encoding="utf-8"
    )
    doc = read_documents([str(page)])[0]
    assert (doc.title, doc.outlet, doc.published, doc.url) == (
        "Edited headline", "Sahel Monitor (print)", "2024-07-31", URL
    )
    doc = read_documents([str(page)], DocumentMetadata(outlet="Analyst copy", url="https://example.org/x"))[0]
    assert (doc.title, doc.outlet, doc.published, doc.url) == (
        "Edited headline", "Analyst copy", "2024-07-31", "https://example.org/x"
    )


def test_page_without_article_is_skipped_with_a_warning() -> None:
    warnings = Warnings()
    docs = read_documents([str(EMPTY_PAGE), str(NEWS_PAGE)], warn=warnings)
    assert [d.source for d in docs] == [str(NEWS_PAGE)]
    assert warnings == [
        f"kgbuild: warning: skipped '{EMPTY_PAGE}': no article text found in the page (is it a saved news article?)"
    ]


def test_page_without_article_is_fatal_in_strict_mode() -> None:
    with pytest.raises(InputError) as info:
        read_documents([str(NEWS_PAGE), str(EMPTY_PAGE)], strict=True, warn=Warnings())
    message = str(info.value)
    assert str(EMPTY_PAGE) in message and "no article text" in message and "--strict" in message
    assert "\n" not in message


def test_only_an_empty_page_is_an_error_after_the_warning() -> None:
    warnings = Warnings()
    with pytest.raises(InputError) as info:
        read_documents([str(EMPTY_PAGE)], warn=warnings)
    assert len(warnings) == 1
    assert str(EMPTY_PAGE) in str(info.value) and "skipped" in str(info.value)


@pytest.mark.parametrize("content", [b"", b"   \n", b"<html><body></body></html>", b"just words, no markup"])
def test_degenerate_pages_are_skipped(tmp_path: Path, content: bytes) -> None:
    page = tmp_path / "odd.html"
    page.write_bytes(content)
    warnings = Warnings()
    with pytest.raises(InputError):
        read_documents([str(page)], warn=warnings)
    assert len(warnings) == 1 and str(page) in warnings[0]


def test_binary_html_file_is_an_error(tmp_path: Path) -> None:
    page = tmp_path / "photo.html"
    page.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary"):
        read_documents([str(page)])


def test_htm_suffix_and_upper_case(tmp_path: Path) -> None:
    page = tmp_path / "STORY.HTM"
    shutil.copy(NEWS_PAGE, page)
    assert read_documents([str(page)])[0].outlet == "Sahel Monitor"
