"""A Dutch article through the whole pipeline (`artnorm run`), with the test
nl→en package installed by `artnorm models install`, and without it."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from pipeline.cli import main
from translate_fixtures import REPO, argos_dir, built_archive  # noqa: F401

CONFIG = """\
input: in
stages:
  translate:
    on_missing_model: keep
    guards: {max_decoding_length: 64}
"""


def run_pipeline(tmp_path, name: str) -> dict:
    source = tmp_path / "in"
    if not source.exists():
        source.mkdir()
        shutil.copy(next((REPO / "seeds").glob("003_*.txt")), source)
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "-c", str(config), "--input", str(source),
                                       "--output", str(tmp_path / "out"), "--run-name", name, "-q"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    [record] = (tmp_path / "out" / name / "docs").glob("*.json")
    data = json.loads(record.read_text(encoding="utf-8"))
    return next(stage for stage in data["stages"] if stage["stage"] == "translate")


def test_dutch_article_translated_with_installed_package(tmp_path, argos_dir):
    installed = CliRunner().invoke(main, ["models", "install", "nl", "en", "--file", str(built_archive("nl", "en"))])
    assert installed.exit_code == 0, installed.output
    translate = run_pipeline(tmp_path, "with-model")
    assert translate["changed"] is True
    detail = translate["detail"]
    assert detail["status"] == "translated" and detail["languages"]["nl"]["sentences"] > 10
    [model] = detail["models"][0]["models"]
    assert (model["package"], model["version"]) == ("translate-nl_en", "1.0")
    assert len(model["sha256"]["model/model.bin"]) == 64


def test_offline_run_completes_with_dutch_marked_untranslated(tmp_path, argos_dir):
    detail = run_pipeline(tmp_path, "without-model")["detail"]
    assert detail["status"] == "untranslated"
    assert detail["untranslated"]["nl"]["install"] == "artnorm models install nl en"
    assert "no nl→en translation model is installed" in detail["untranslated"]["nl"]["reason"]
