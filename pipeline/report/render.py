"""Jinja2 rendering of the report pages, with the CSS and JavaScript inlined.

Documents are untrusted input: autoescaping is on for every template, no
document text is ever placed inside <script>, and the page's Content Security
Policy allows only the one script whose hash it names, and no network at all —
so even a mistake in escaping could not run a script or load anything.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

HERE = Path(__file__).resolve().parent


def _asset(name: str) -> str:
    return (HERE / "assets" / name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _csp(script: str, css: str) -> str:
    """Only our own script and style block, pinned by hash; nothing from the network."""
    return (f"default-src 'none'; img-src data:; style-src {_sha256(css)}; script-src {_sha256(script)}; "
            "base-uri 'none'; form-action 'none'")


def _percent(part: float, whole: float) -> str:
    return f"{100.0 * part / whole:.0f}%" if whole else "–"


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}" if value % 1 else f"{value:.0f}"
    return str(value)


MAX_SHOWN_CHARS = 200_000


def _clip(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """A whole text shown on the page, cut at `limit` characters with a note
    (the full text is in the run directory)."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\n… ({len(text) - limit} more characters: see the run's docs/ folder)"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["percent"] = _percent
    env.filters["number"] = _number
    env.filters["clip"] = _clip
    return env


def render_page(template: str, **context: Any) -> str:
    script, css = _asset("report.js"), _asset("report.css")
    page = environment().get_template(template)
    return page.render(css=Markup(css), script=Markup(script), csp=_csp(script, css), **context)


def write_html(out: Path, html: str) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out)  # a browser reloading the page never sees half of it
    return out
