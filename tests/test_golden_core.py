"""Golden cases of the core stages, kept as data in tests/golden/."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from pipeline.document import Document, SourceInfo
from pipeline.stages.encoding import EncodingStage
from pipeline.stages.ingest import IngestStage
from pipeline.stages.language import LanguageStage

GOLDEN = Path(__file__).parent / "golden"


def cases(name: str):
    return [pytest.param(case, id=case["label"]) for case in json.loads((GOLDEN / name).read_text("utf-8"))]


def _doc(text: str = "", raw: bytes | None = None, path: str = "a.txt") -> Document:
    return Document(id="d", text=text, source=SourceInfo(path, "0" * 64, len(raw or b"")), raw=raw)


@pytest.mark.parametrize("case", cases("ingest.json"))
def test_ingest(case):
    spec, expected = case["input"], case["expected"]
    raw = bytes.fromhex(spec.get("bom", "")) + codecs.encode(spec["text"], spec["codec"])
    output = IngestStage().process(_doc(raw=raw, path="article" + spec["suffix"]))
    if "text" in expected:
        assert output.text == expected["text"]
    for fragment in expected.get("contains", []):
        assert fragment in output.text
    for fragment in expected.get("absent", []):
        assert fragment not in output.text
    if "encoding" in expected:
        assert output.annotations["encoding"] == expected["encoding"]
    if "format" in expected:
        assert output.annotations["format"] == expected["format"]


@pytest.mark.parametrize("case", cases("encoding.json"))
def test_encoding(case):
    output = EncodingStage().process(_doc(case["input"]))
    assert output.text == case["expected"]
    assert (output.detail["lines_changed"] > 0) == (case["input"] != case["expected"])


@pytest.mark.parametrize("case", cases("language.json"))
def test_language(case):
    output = LanguageStage().process(_doc(case["input"]))
    assert output.annotations["lang"] == case["expected"]
