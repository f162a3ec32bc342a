"""Invariants of the boilerplate stage, checked on generated documents.

Documents are drawn from real material: article paragraphs from the
annotated evaluation pages (five languages) and chrome lines of the kinds
the stage removes.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.boilerplate.clean import clean_text
from pipeline.boilerplate.repair import GlueContext, repair_line

ROOT = Path(__file__).resolve().parents[1]
CHROME = [
    "Home » News » Local", "Share", "12", "0", "Leave a Comment", "Lees ook: Boeren vrezen voor hun land",
    "Deel dit artikel Facebook WhatsApp X Mail", "Advertisement", "Anzeige", "Publicidad", "Nieuwsbron",
    "You may also like", "We use cookies to improve your experience. Accept all cookies", "-", "#Tag, #Other",
    "Por Jordi Puig Ferrer", "14.03.2025, 06:00 Uhr", "Partager Facebook X Copier le lien", "Reacties (4)",
]
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=1)
def prose_paragraphs() -> tuple[str, ...]:
    """Main-text paragraphs of the evaluation pages (no glue in their gold form)."""
    spec = importlib.util.spec_from_file_location("bp_render", ROOT / "bench/boilerplate/render.py")
    render = importlib.util.module_from_spec(spec)
    sys.modules["bp_render"] = render  # dataclasses look their module up
    spec.loader.exec_module(render)
    paragraphs = []
    for page in sorted((ROOT / "bench/boilerplate/data/pages").glob("*.html")):
        for line in render.render(page.read_text(encoding="utf-8")):
            if line.label == "main" and len(line.gold.split()) >= 15 and line.gold == line.scraped:
                paragraphs.append(line.gold)
    return tuple(paragraphs)


def paragraphs(min_size: int = 2, max_size: int = 6):
    return st.lists(st.sampled_from(prose_paragraphs()), min_size=min_size, max_size=max_size, unique=True)


@SETTINGS
@given(paragraphs(), st.lists(st.sampled_from(CHROME), max_size=6), st.randoms(use_true_random=False))
def test_idempotent(body, chrome, rnd):
    lines = [*chrome[: len(chrome) // 2], *body, *chrome[len(chrome) // 2 :]]
    separator = rnd.choice(["\n", "\n\n"])
    once = clean_text(separator.join(lines) + "\n").text
    assert clean_text(once).text == once


@SETTINGS
@given(paragraphs(), st.sampled_from(["\n", "\n\n"]))
def test_clean_prose_is_untouched(body, separator):
    text = separator.join(body) + "\n"
    result = clean_text(text)
    assert result.removed == [] and result.repairs == []
    assert result.text == text


@SETTINGS
@given(paragraphs(min_size=3, max_size=5), st.lists(st.sampled_from(CHROME), min_size=1, max_size=5))
def test_chrome_around_prose_never_costs_a_paragraph(body, chrome):
    text = "\n".join([*chrome, *body, *chrome]) + "\n"
    kept = clean_text(text).text.splitlines()
    for paragraph in body:
        assert paragraph in kept


_URL = st.from_regex(r"https?://[a-z]{3,8}\.(com|nl|de)/[A-Za-z]{2,6}\.[A-Z][a-z]{2,5}", fullmatch=True)
_EMAIL = st.from_regex(r"[a-z]{2,6}\.[A-Z][a-z]{2,6}@[a-z]{3,8}\.(com|org)", fullmatch=True)
_DECIMAL = st.from_regex(r"[0-9]{1,4}[.,][0-9]{1,3}", fullmatch=True)
_WORD = st.sampled_from(["the", "report", "said", "McDonald", "iPhone", "prices.", "rose", "Today", "e.g.", "U.S."])


@SETTINGS
@given(st.lists(st.one_of(_URL, _EMAIL, _DECIMAL, _WORD), min_size=1, max_size=12))
def test_urls_emails_decimals_never_altered(tokens):
    line = " ".join(tokens)
    repaired, _ = repair_line(line, 1, GlueContext("en"))
    for token in tokens:
        if token not in ("prices.", "Today"):  # "prices. Today" may be glued text
            assert token in repaired.split(" ")


def test_idempotent_on_the_seeds_and_evaluation_texts():
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for path in sorted((ROOT / "bench/boilerplate/data/text").glob("*.txt")):
        texts.append("\n".join(line.partition("|")[2][1:] for line in path.read_text(encoding="utf-8").splitlines()))
    assert len(texts) >= 10
    for text in texts:
        once = clean_text(text).text
        assert clean_text(once).text == once
