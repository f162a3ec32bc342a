"""HTML ingest: main text and the metadata recorded with it."""

from __future__ import annotations

from pipeline.stages.ingest import IngestParams, clean_author, extract_html

_BODY = "".join(
    f"<p>Paragraph {n} of the report says the council met on Tuesday and voted to repair the old bridge "
    f"before the winter, after residents had complained about it for years.</p>"
    for n in range(1, 5)
)


def _page(head: str, byline: str, footer: str) -> str:
    return (
        f"<html><head>{head}</head><body><article><h1>Council votes to repair bridge</h1>"
        f"{byline}{_BODY}</article><footer>{footer}</footer></body></html>"
    )


def test_an_undated_page_gets_no_date_from_its_copyright_line():
    page = _page("<title>Bridge</title>", "", "<p>© 2025 Northern Post. All rights reserved.</p>")
    text, info = extract_html(page, IngestParams())
    assert "Paragraph 1" in text
    assert "date" not in info


def test_a_stated_publication_date_is_kept():
    head = '<title>Bridge</title><meta property="article:published_time" content="2024-03-05T08:30:00Z">'
    _, info = extract_html(_page(head, "", "<p>© 2025 Northern Post.</p>"), IngestParams())
    assert info["date"] == "2024-03-05"


def test_the_author_drops_date_pieces_of_the_byline():
    byline = '<div class="byline">By <a href="/staff/ramirez">Elena Ramirez</a> | June 14, 2025, 8:30 a.m.</div>'
    _, info = extract_html(_page("<title>Bridge</title>", byline, ""), IngestParams())
    assert info["author"] == "Elena Ramirez"


def test_clean_author_keeps_names_that_begin_with_a_month():
    assert clean_author("June Carter; May Chen") == "June Carter; May Chen"
    assert clean_author("Ana Ruiz; Sept.; 8:30 a.m.") == "Ana Ruiz"
    assert clean_author("Updated") == ""
    assert clean_author("Par Léa Martin") == "Léa Martin" and clean_author("di Mario Rossi") == "Mario Rossi"
    assert clean_author("Di Maio; De Gaulle") == "Di Maio; De Gaulle"
