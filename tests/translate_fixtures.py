"""Fixtures for the translate tests: small Argos packages built from the seed
articles (random weights, real layout), installed into a temporary
ARGOS_PACKAGES_DIR, and documents carrying the language stage's annotations.

Test modules import what they use from here (`from translate_fixtures import
...`); packages are built once per session and copied per test.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import zlib
from functools import lru_cache
from pathlib import Path

import pytest

from pipeline.document import Document, SourceInfo
from pipeline.text.paragraphs import split_paragraphs
from pipeline.translate.install import install_from_file
from pipeline.translate.synthetic import build_package, pack_argosmodel

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

DUTCH = (
    "De stap was bedoeld om de samenwerking te stroomlijnen. Het bedrijf heeft ook zijn team geherstructureerd.\n"
    "\n"
    "This paragraph is already in English and must not change.\n"
    "  AI heeft dit jaar een grote focus gehad bij TikTok Shop, zei een van de stafmedewerkers.\n"
    "\n"
    "Managers zullen rapporteren aan directeur Zhang Heng. Volgens de memo gaat het om de groep.\n"
)
DUTCH_LANGS = ["nl", "en", "nl", "nl"]


def seed_lines() -> list[str]:
    return [line for path in sorted(SEEDS.glob("*.txt"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


_BUILD_ROOT = Path(tempfile.mkdtemp(prefix="artnorm-translate-fixtures-"))
atexit.register(shutil.rmtree, _BUILD_ROOT, True)


@lru_cache(maxsize=None)
def built_archive(from_code: str = "nl", to_code: str = "en", eos_bias: float = 1.0,
                  version: str = "1.0") -> Path:
    """An .argosmodel built once per session for these arguments. eos_bias
    1.0 gives outputs of varied length that end; 0.0 gives runaway loops."""
    out = _BUILD_ROOT / f"{from_code}_{to_code}_{eos_bias}_{version}"
    package = build_package(out, from_code, to_code, seed_lines(), vocab_size=800,
                            seed=zlib.crc32(f"{from_code}{to_code}".encode()) % 1000, version=version,
                            eos_bias=eos_bias)
    return pack_argosmodel(package, out / f"{package.name}.argosmodel")


@pytest.fixture
def argos_dir(tmp_path, monkeypatch) -> Path:
    """An empty ARGOS_PACKAGES_DIR for this test."""
    directory = tmp_path / "argos-packages"
    directory.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(directory))
    return directory


@pytest.fixture
def nl_en_installed(argos_dir) -> Path:
    """The Dutch→English test package, installed through the real installer."""
    install_from_file(built_archive("nl", "en"), argos_dir)
    return argos_dir


def make_document(text: str, paragraph_langs: list[str], doc_lang: str = "nl", doc_id: str = "doc") -> Document:
    """A document as the language stage leaves it."""
    paragraphs = split_paragraphs(text)
    assert len(paragraphs) == len(paragraph_langs)
    annotation = {"lang": doc_lang, "prob": 0.99, "paragraphs": [
        {"index": p.index, "lang": lang, "prob": 0.99, "how": "detected"}
        for p, lang in zip(paragraphs, paragraph_langs)]}
    return Document(doc_id, text, SourceInfo(f"{doc_id}.txt", "0" * 64, len(text.encode())),
                    annotations={"language": annotation})
