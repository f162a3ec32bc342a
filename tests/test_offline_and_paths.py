"""Offline runs, safe ids and paths, determinism of ids, fuzzing of the stages."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys

import pytest
from conftest import read_manifest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.document import Document, SourceInfo
from pipeline.sources import make_doc_id
from pipeline.stages.base import StageError
from pipeline.stages.registry import stage_classes


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or resolve a name fails the test."""
    def refuse(*args, **kwargs):
        raise NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_full_run_with_the_network_unreachable(no_network, cli, write_config, seeds_copy, tmp_path):
    result = cli("run", "-c", write_config(), "--run-name", "offline", "-q")
    assert result.exit_code == 0, result.output
    manifest = read_manifest(tmp_path / "out" / "offline")
    assert manifest["documents"]["succeeded"] == 5
    assert "NetworkUsed" not in (tmp_path / "out" / "offline" / "documents.jsonl").read_text()


def _unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not _unshare_works(), reason="needs `unshare -n` (root or user namespaces)")
def test_full_run_in_a_network_namespace(write_config, seeds_copy, tmp_path):
    config = write_config()
    result = subprocess.run(["unshare", "-n", sys.executable, "-m", "pipeline", "run", "-c", str(config),
                             "--run-name", "netns", "-q"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert read_manifest(tmp_path / "out" / "netns")["documents"]["succeeded"] == 5


@given(st.text(min_size=1, max_size=200).map(lambda s: s.replace("\x00", "")).filter(bool))
@settings(max_examples=300)
def test_document_ids_are_safe_file_names(relpath):
    doc_id = make_doc_id(relpath)
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,80}-[0-9a-f]{8}", doc_id)


def test_document_ids_are_stable_and_distinct():
    assert make_doc_id("a/b c.txt") == make_doc_id("a/b c.txt")
    assert make_doc_id("x.txt") != make_doc_id("x.md") != make_doc_id("sub/x.txt")
    assert make_doc_id("../../etc/passwd").startswith("passwd-")


@pytest.mark.parametrize("name", ["../escape", "a/b", "latest", "", ".hidden", "x" * 200])
def test_run_names_cannot_escape_the_output_directory(cli, write_config, seeds_copy, tmp_path, name):
    result = cli("run", "-c", write_config(), "--run-name", name, "-q")
    assert result.exit_code == 2 and "run name" in result.output
    assert not (tmp_path / "escape").exists()


def test_oversized_config_is_refused(cli, tmp_path):
    config = tmp_path / "big.yaml"
    config.write_text("# padding\n" * 200_000 + "input: .\n")
    result = cli("run", "-c", config)
    assert result.exit_code == 2 and "larger than" in result.output


TEXT_STAGES = [cls for cls in stage_classes() if cls.name != "ingest"]


@pytest.mark.parametrize("stage_class", TEXT_STAGES, ids=lambda cls: cls.name)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=400))
def test_text_stages_survive_arbitrary_text(stage_class, text):
    stage = _stage(stage_class)
    doc = Document("d", text, SourceInfo("a.txt", "0" * 64, len(text)), annotations={})
    try:
        output = stage.process(doc)
    except StageError:
        return  # an expected, recorded failure is fine; a crash is not
    assert isinstance(output.text, str)


_STAGES: dict = {}


def _stage(stage_class):
    if stage_class not in _STAGES:
        _STAGES[stage_class] = stage_class()
    return _STAGES[stage_class]


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=2000))
def test_ingest_survives_arbitrary_bytes(data):
    from pipeline.stages.ingest import IngestStage

    doc = Document("d", "", SourceInfo("a.txt", "0" * 64, len(data)), raw=data)
    try:
        output = IngestStage().process(doc)
    except StageError:
        return
    assert isinstance(output.text, str) and "\x00" not in output.text


def test_output_inside_the_input_is_never_read_back(cli, write_config, seeds_copy, tmp_path):
    config = write_config(output=str(seeds_copy / "out"))
    assert cli("run", "-c", config, "--run-name", "one", "-q").exit_code == 0
    assert cli("run", "-c", config, "--run-name", "two", "-q").exit_code == 0
    assert read_manifest(seeds_copy / "out" / "two")["documents"]["total"] == 5
