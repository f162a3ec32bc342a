"""Field-by-field differences of two documents' metadata, grouped for reading:
one group per stage record, one per other top-level key.

Lists are compared as multisets, not index by index: when a run removes
one more boilerplate line, the difference is that line, not every later
entry of the list shifted by one.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

MAX_VALUE_CHARS = 400
MISSING = object()
Change = tuple[str, Any, Any]


@dataclass
class FieldGroup:
    title: str
    fields: list[tuple[str, str, str]]  # (field path, value in A, value in B), shortened for display


def _key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def short(value: Any) -> str:
    text = "—" if value is MISSING or value is None else _key(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS - 1] + "…"


def _list_changes(a: list, b: list, path: str) -> list[Change]:
    if all(not isinstance(v, (dict, list)) for v in a + b) and len(a) + len(b) <= 40:
        return [(path, a, b)]  # short lists of plain values read best whole
    count_a, count_b = Counter(map(_key, a)), Counter(map(_key, b))
    only_a, only_b = count_a - count_b, count_b - count_a
    out: list[Change] = []
    for items, only, side in ((a, only_a, "−"), (b, only_b, "+")):
        for item in items:
            key = _key(item)
            if only[key] > 0:
                only[key] -= 1
                out.append((f"{path}[{side}]", item if side == "−" else MISSING, item if side == "+" else MISSING))
    return out or [(f"{path} (order)", a, b)]  # same items, another order


def changes(a: Any, b: Any, path: str) -> list[Change]:
    if a == b:
        return []
    if isinstance(a, dict) and isinstance(b, dict):
        keys = list(a) + [k for k in b if k not in a]
        return [c for k in keys for c in changes(a.get(k, MISSING), b.get(k, MISSING), f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list):
        return _list_changes(a, b, path)
    return [(path, a, b)]


def _stage_title(index: int, record_a: Any, record_b: Any) -> str:
    names = [str(r.get("stage")) for r in (record_a, record_b) if isinstance(r, dict) and r.get("stage")]
    return f"stage {index + 1}: {' → '.join(dict.fromkeys(names)) or '?'}"


def field_groups(meta_a: dict[str, Any], meta_b: dict[str, Any]) -> list[FieldGroup]:
    """Groups of changed fields; stage records are paired by position."""
    groups: list[FieldGroup] = []

    def add(title: str, found: list[Change]) -> None:
        if found:
            groups.append(FieldGroup(title, [(path, short(old), short(new)) for path, old, new in found]))

    keys = list(meta_a) + [k for k in meta_b if k not in meta_a]
    for key in keys:
        value_a, value_b = meta_a.get(key, MISSING), meta_b.get(key, MISSING)
        if key == "stages" and isinstance(value_a, list) and isinstance(value_b, list):
            for index, (ra, rb) in enumerate(zip_longest(value_a, value_b, fillvalue=MISSING)):
                add(_stage_title(index, ra, rb), changes(ra, rb, f"stages[{index}]"))
        else:
            add(key, changes(value_a, value_b, key))
    return groups
