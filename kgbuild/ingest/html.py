"""Ingest stage: a saved web page becomes a Document: its main text and metadata, via trafilatura.

trafilatura finds the article body and drops navigation, cookie banners, ad slots, share bars,
"related stories" blocks and footers; it runs with ``favor_precision`` because a line of page
furniture that slips into the text becomes a false actor in the graph, while a lost paragraph only
costs recall. (Its balanced mode, for instance, returns the navigation menu of a page that has no
article at all.) The text keeps one paragraph per line, as kgbuild's furniture rules read it.

Metadata read from the page (headline, ``og:site_name``, ``article:published_time``, canonical URL,
``<html lang>``) is the weakest source: a ``NAME.meta.json`` sidecar overrides it, and command-line
values override both (the caller merges those two and passes them as ``overrides``).

Nothing is fetched: trafilatura only ever gets the page's bytes or text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kgbuild.errors import InputError
from kgbuild.ingest.metadata import DocumentMetadata, make_document, normalize_date
from kgbuild.types import Document

__all__ = ["NO_ARTICLE_TEXT", "WebPage", "extract_web_page", "read_web_page"]

NO_ARTICLE_TEXT = "no article text found in the page (is it a saved news article?)"
_LANGUAGE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")
# Only exact dates written in the page's metadata: htmldate's "extensive search" guesses a date
# from any text or link on the page, e.g. the URL of a related story.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True, slots=True)
class WebPage:
    """The main text of a web page (one paragraph per line) and what the page says about itself."""

    text: str
    metadata: DocumentMetadata


def extract_web_page(markup: str | bytes, url: str | None = None) -> WebPage | None:
    """The article in ``markup``, or ``None`` when the page holds no main text.

    ``markup`` may be bytes, so that trafilatura honours the page's declared encoding. ``url`` is
    only a fallback address for the metadata when the page names none; nothing is downloaded.
    """
    import trafilatura  # heavy: imported only when a web page is read

    # Parse once: the tree gives <html lang>, which trafilatura's metadata does not report.
    tree = trafilatura.load_html(markup)
    if tree is None:
        return None
    language = _page_language(tree.getroottree().getroot().get("lang"))
    result = trafilatura.bare_extraction(
        tree,
        url=url,
        output_format="python",
        with_metadata=True,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        date_extraction_params=dict(_DATE_PARAMS),
    )
    if result is None:
        return None
    text = _paragraph_lines(result.text or "")
    if not text:
        return None
    metadata = DocumentMetadata(
        title=_clean(result.title),
        outlet=_clean(result.sitename),
        published=normalize_date(result.date),
        url=_absolute_url(result.url),
        language=language,
    )
    return WebPage(text=text, metadata=metadata)


def read_web_page(
    markup: str | bytes,
    source: str,
    overrides: DocumentMetadata,
    *,
    strict: bool,
    warn: Callable[[str], None],
) -> list[Document]:
    """The one Document of a web page, or none (with a warning) when it has no main text.

    ``overrides`` (sidecar merged with command-line values) win over what the page says. In
    ``strict`` mode a page without text is an InputError instead of a warning.
    """
    page = extract_web_page(markup, url=overrides.url)
    if page is None:
        if strict:
            raise InputError(
                f"cannot read '{source}': no article text found in the page (is it a saved news article? "
                "give the page of one article, or leave out --strict to skip it)"
            )
        warn(f"kgbuild: warning: skipped '{source}': {NO_ARTICLE_TEXT}")
        return []
    return [make_document(page.text, source, page.metadata.overridden_by(overrides))]


def _paragraph_lines(text: str) -> str:
    """One paragraph per line, no blank lines, ending with a newline ("" when there is no text)."""
    lines = (line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    kept = [line for line in lines if line]
    return "\n".join(kept) + "\n" if kept else ""


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(value.split())
    return value or None


def _absolute_url(value: str | None) -> str | None:
    """The page's own address, only when it is absolute (a relative canonical link names nothing)."""
    value = _clean(value)
    if value and re.match(r"^https?://[^\s/]+", value, re.IGNORECASE):
        return value
    return None


def _page_language(value: str | None) -> str | None:
    """The primary language subtag of ``<html lang>``: ``en-GB`` gives ``en``."""
    match = _LANGUAGE.match((value or "").strip())
    return match.group(1).lower() if match else None
