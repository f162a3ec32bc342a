"""Stage details as bounded JSON, embedded in the page and drawn as a
key/value tree by the page's script when a reader opens a provenance record.

This is how the report shows details it does not know (or no longer
recognises), and the raw record beside every special view, so it must accept
anything JSON can hold and never fail. Long strings and lists are cut, with
a note of what was left out, so that one odd record cannot make the page huge;
the records are drawn only when opened, which keeps a page of hundreds of
documents quick to load.
"""

from __future__ import annotations

import json
import math
from typing import Any

from markupsafe import Markup

MAX_DEPTH = 8
MAX_ITEMS = 60
MAX_CHARS = 1_500


def bounded(value: Any, depth: int = 0) -> Any:
    """A JSON-safe copy of `value` with depth, items and characters capped."""
    if isinstance(value, dict):
        if depth >= MAX_DEPTH:
            return f"{{… {len(value)} keys}}"
        items = list(value.items())
        out = {str(k): bounded(v, depth + 1) for k, v in items[:MAX_ITEMS]}
        if len(items) > MAX_ITEMS:
            out["…"] = f"{len(items) - MAX_ITEMS} more keys"
        return out
    if isinstance(value, (list, tuple)):
        if depth >= MAX_DEPTH:
            return f"[… {len(value)} items]"
        out_list = [bounded(v, depth + 1) for v in value[:MAX_ITEMS]]
        if len(value) > MAX_ITEMS:
            out_list.append(f"… {len(value) - MAX_ITEMS} more items")
        return out_list
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)  # NaN and infinities are not JSON
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= MAX_CHARS else f"{text[:MAX_CHARS]}… ({len(text) - MAX_CHARS} more characters)"


def script_json(value: Any) -> Markup:
    """JSON for a <script type="application/json"> block. '<', '>' and '&' are
    written as \\u escapes: a document containing '</script>' cannot end the
    block, and JSON.parse restores the characters."""
    text = json.dumps(bounded(value), ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
