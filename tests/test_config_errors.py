"""A bad config exits 2, names the key, and writes nothing."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"wokers": 2}, "wokers: unknown key"),
        ({"stages": {"language": {"treshold": 0.5}}}, "stages.language.treshold: unknown key"),
        ({"stages": {"nosuchstage": {}}}, "stages.nosuchstage: unknown key"),
        ({"workers": "two"}, "workers:"),
        ({"stages": {"language": {"threshold": "high"}}}, "stages.language.threshold:"),
        ({"stages": {"encoding": {"normalization": "NFX"}}}, "stages.encoding.normalization:"),
        ({"input": "/definitely/not/here"}, "input: path does not exist"),
    ],
)
def test_bad_config_exits_2_naming_the_key(cli, write_config, seeds_copy, tmp_path, data, expected):
    result = cli("run", "-c", write_config(data))
    assert result.exit_code == 2
    assert expected in result.output
    assert not (tmp_path / "out").exists()


def test_malformed_yaml(cli, tmp_path, seeds_copy):
    path = tmp_path / "bad.yaml"
    path.write_text("input: [unclosed\n")
    result = cli("run", "-c", path)
    assert result.exit_code == 2 and "not valid YAML" in result.output


def test_config_must_be_a_mapping(cli, tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n")
    result = cli("run", "-c", path)
    assert result.exit_code == 2 and "mapping" in result.output


def test_missing_config_file(cli, tmp_path):
    result = cli("run", "-c", tmp_path / "nope.yaml")
    assert result.exit_code == 2 and "not found" in result.output


def test_only_and_from_together_is_a_usage_error(cli, write_config, seeds_copy):
    result = cli("run", "-c", write_config(), "--only", "language", "--from", "encoding")
    assert result.exit_code == 2


def test_only_unknown_stage(cli, write_config, seeds_copy):
    config = write_config()
    assert cli("run", "-c", config, "-q").exit_code == 0
    result = cli("run", "-c", config, "--only", "nosuch")
    assert result.exit_code == 2 and "not an enabled stage" in result.output


def test_default_config_is_valid():
    from conftest import REPO
    from pipeline.config import load_config

    config = load_config(REPO / "config" / "default.yaml")
    assert config.input == (REPO / "seeds").resolve()
