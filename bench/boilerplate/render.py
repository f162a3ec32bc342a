"""Plain-text renderings of the annotated HTML pages, as a naive scraper makes them.

A page marks its main text with `data-gold="main"` (and `data-gold="title"`
for the headline, `data-gold="chrome"` for chrome nested inside the main
text). Two renderings come out of one page:

* the *scraped* rendering: one line per block element, text nodes joined
  exactly as they stand in the DOM, so adjacent links glue ("Larry
  EllisonMichael Dell") and `<br>` between sentences glues them
  ("advancements.The"), as text extracted with `element.text_content()` does;
* the *gold* rendering: the same blocks, with a space at every element
  boundary, keeping only the main text.

The gold labels are attributes of the page, so they never reach trafilatura:
`strip_gold` removes them before extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

BLOCKS = frozenset(
    "address article aside blockquote body dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header li main nav ol p pre section table tbody thead tfoot tr ul".split()
)
SKIP = frozenset("script style noscript template head svg iframe select option button input textarea".split())
_GOLD_ATTR = re.compile(r'\sdata-gold="[^"]*"')


@dataclass(frozen=True)
class RenderedLine:
    scraped: str
    gold: str
    label: str  # "main", "title" or "chrome"


def _label(el, inherited: str) -> str:
    return el.get("data-gold", inherited)


def _inline_text(el, scraped: list[str], gold: list[str]) -> None:
    """Text of an inline subtree: scraped joins nodes as they are; gold adds a
    space at each element boundary (browsers lay out links and <br> apart)."""
    if el.tag in SKIP or not isinstance(el.tag, str):
        return
    gold.append(" ")
    if el.text:
        scraped.append(el.text)
        gold.append(el.text)
    for child in el:
        _inline_text(child, scraped, gold)
        if child.tail:
            scraped.append(child.tail)
            gold.append(child.tail)
    gold.append(" ")


def _flush(scraped: list[str], gold: list[str], label: str, out: list[RenderedLine]) -> None:
    s, g = " ".join("".join(scraped).split()), " ".join("".join(gold).split())
    if s:
        out.append(RenderedLine(s, g, label))
    scraped.clear()
    gold.clear()


def _walk(el, label: str, out: list[RenderedLine]) -> None:
    """Blocks become lines; inline runs between blocks are one line each."""
    label = _label(el, label)
    scraped: list[str] = []
    gold: list[str] = []
    if el.text:
        scraped.append(el.text)
        gold.append(el.text)
    for child in el:
        if not isinstance(child.tag, str) or child.tag in SKIP:
            pass
        elif child.tag in BLOCKS:
            _flush(scraped, gold, label, out)
            _walk(child, label, out)
        elif child.tag in ("td", "th"):
            cell_s: list[str] = []
            cell_g: list[str] = []
            _inline_text(child, cell_s, cell_g)
            scraped.append(" " + "".join(cell_s) + " ")
            gold.append(" " + "".join(cell_g) + " ")
        else:
            _inline_text(child, scraped, gold)
        if child.tail:
            scraped.append(child.tail)
            gold.append(child.tail)
    _flush(scraped, gold, label, out)


def render(html: str) -> list[RenderedLine]:
    root = lxml.html.document_fromstring(html)
    body = root.find("body")
    out: list[RenderedLine] = []
    _walk(body if body is not None else root, "chrome", out)
    return out


def scraped_text(lines: list[RenderedLine], blank_between: bool) -> str:
    sep = "\n\n" if blank_between else "\n"
    return sep.join(line.scraped for line in lines) + "\n"


def strip_gold(html: str) -> str:
    return _GOLD_ATTR.sub("", html)


def wants_blank_lines(html: str) -> bool:
    """Pages choose how their scrape separates blocks (seeds do both)."""
    return 'data-render="blank-lines"' in html
