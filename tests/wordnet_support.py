"""Despin tests need Debian's wordnet-base: skip without it, except in CI
(ARTNORM_REQUIRE_DEBIAN set), where a missing package must fail loudly."""

from __future__ import annotations

import os

import pytest


def require_wordnet() -> None:
    wordnet = pytest.importorskip("pipeline.despin.wordnet_data")
    try:
        wordnet.find_wordnet_dir()
    except wordnet.WordNetMissing:  # pragma: no cover - depends on the machine
        if os.environ.get("ARTNORM_REQUIRE_DEBIAN"):
            raise
        pytest.skip("Debian package wordnet-base is not installed", allow_module_level=True)
