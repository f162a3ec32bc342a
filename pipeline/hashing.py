"""Stable hashes of JSON-like values (sorted keys, no whitespace)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import orjson


def canonical_json_bytes(value: Any) -> bytes:
    # orjson first: hashing a document's state is done once per stage per
    # document, and orjson is several times faster than the json module.
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):  # lone surrogates, non-string keys
        return canonical_json(value).encode("utf-8", "surrogatepass")


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def stable_hash(value: Any) -> str:
    return hashlib.sha256(canonical_json_bytes(value)).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
