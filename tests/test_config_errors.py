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
        # Found by a smoke run: any string was taken, and no model ever matched it.
        ({"stages": {"translate": {"target": "english"}}}, "stages.translate.target: Value error, 'english' is not "
                                                           "a language code; accepted: two letters of ISO 639-1"),
        ({"stages": {"translate": {"target": "xx"}}}, "stages.translate.target: Value error, 'xx' is not"),
        ({"stages": {"translate": {"ensure_languages": ["nl", "dutch"]}}},
         "stages.translate.ensure_languages: Value error, 'dutch' is not a language code"),
        ({"stages": {"translate": {"engines_by_language": {"spanish": ["apertium"]}}}},
         "stages.translate.engines_by_language: Value error, 'spanish' is not a language code"),
        # YAML reads an unquoted `no` (Norwegian) as false: say so instead of a type error about a boolean
        ({"stages": {"translate": {"ensure_languages": ["nl", False]}}},
         "stages.translate.ensure_languages: Value error, YAML reads an unquoted no, yes, on or off as true/false"),
        ({"stages": {"translate": {"engines_by_language": {False: ["argos"]}}}},
         "stages.translate.engines_by_language: Value error, YAML reads an unquoted no"),
        ({"stages": {"ingest": {"text_extensions": ["tar.gz"]}}}, "stages.ingest.text_extensions: Value error, "
                                                                  "'tar.gz' is not a file suffix"),
        # Found in use: a suffix in both lists was silently read as HTML (compared after normalizing).
        ({"stages": {"ingest": {"text_extensions": [".txt", "HTM"]}}},
         "stages.ingest: Value error, stages.ingest.text_extensions and stages.ingest.html_extensions both list "
         "'.htm'"),
    ],
)
def test_bad_config_exits_2_naming_the_key(cli, write_config, seeds_copy, tmp_path, data, expected):
    result = cli("run", "-c", write_config(data))
    assert result.exit_code == 2
    assert expected in result.output
    assert not (tmp_path / "out").exists()


def test_translate_target_is_a_language_code_in_any_case(tmp_path, seeds_copy, write_config):
    from pipeline.config import load_config

    for given, kept in (("EN", "en"), ("zt", "zt"), ("ast", "ast")):
        config = load_config(write_config({"stages": {"translate": {"target": given}}}))
        assert config.stages.translate.target == kept
    sources = {"ensure_languages": ["NL", "zh-cn"], "engines_by_language": {"ES": ["apertium"]}}
    translate = load_config(write_config({"stages": {"translate": sources}})).stages.translate
    assert translate.ensure_languages == ["nl", "zh-cn"] and translate.engines_by_language == {"es": ["apertium"]}


def test_ingest_suffixes_without_dot_or_in_capitals_still_match(cli, write_config, seeds_copy, tmp_path):
    """Found by a smoke run: "txt" or ".TXT" matched no file, and the run had nothing to do."""
    from conftest import read_manifest
    from pipeline.config import load_config

    data = {"stages": {"ingest": {"text_extensions": ["TXT", ".Md", "txt"], "html_extensions": ["htm", ".HTML"]}}}
    ingest = load_config(write_config(data)).stages.ingest
    assert ingest.text_extensions == (".txt", ".md") and ingest.html_extensions == (".htm", ".html")
    assert cli("run", "-c", write_config(data), "--run-name", "r", "-q").exit_code in (0, 1)
    expected = sum(1 for p in seeds_copy.rglob("*") if p.suffix.lower() in (".txt", ".md", ".htm", ".html"))
    assert read_manifest(tmp_path / "out" / "r")["documents"]["total"] == expected > 0


def test_every_error_is_reported_in_one_pass(cli, tmp_path, seeds_copy):
    """Found by a smoke run: errors under stages.* came first, the others only
    once those were fixed; now one run names every bad key."""
    path = tmp_path / "many.yaml"
    path.write_text(f"input: {seeds_copy}\noutput: {seeds_copy}\nwokers: 2\nbatch_size: 0\nstages:\n"
                    "  language:\n    treshold: 0.5\n  translate:\n    target: english\n"
                    "  ingest:\n    enabled: false\n  despin:\n    extra_lexicons: [nope.yaml]\n"
                    "memo: true\nmemo: false\n", encoding="utf-8")
    result = cli("run", "-c", path)
    assert result.exit_code == 2
    for expected in ("memo: duplicate key at line 15", "wokers: unknown key", "batch_size: Input should be",
                     "stages.language.treshold: unknown key", "stages.translate.target: Value error",
                     "output: the same directory as the input"):
        assert expected in result.output, (expected, result.output)
    assert result.output.count("invalid configuration") == 1
    assert not any(p.is_dir() for p in seeds_copy.iterdir())
    # stage-level checks that need valid stage parameters, with the rest
    path.write_text(f"input: {seeds_copy}\nwokers: 2\noutput: {tmp_path / 'out'}\nstages:\n  ingest:\n"
                    "    enabled: false\n  despin:\n    extra_lexicons: [nope.yaml]\n", encoding="utf-8")
    result = cli("run", "-c", path)
    assert result.exit_code == 2
    for expected in ("wokers: unknown key", "stages.ingest.enabled: the ingest stage",
                     "stages.despin.extra_lexicons: no such file: nope.yaml"):
        assert expected in result.output, (expected, result.output)
    assert not (tmp_path / "out").exists()


def test_malformed_yaml(cli, tmp_path, seeds_copy):
    path = tmp_path / "bad.yaml"
    path.write_text("input: [unclosed\n")
    result = cli("run", "-c", path)
    assert result.exit_code == 2 and "not valid YAML" in result.output


def test_duplicate_keys_exit_2_naming_each_key_and_line(cli, tmp_path, seeds_copy):
    """Found by a smoke run: YAML kept the last of two equal keys silently."""
    path = tmp_path / "dup.yaml"
    path.write_text(f"input: {seeds_copy}\noutput: {tmp_path / 'out'}\nworkers: 1\nstages:\n  language:\n"
                    "    threshold: 0.5\n    threshold: 0.7\nworkers: 2\n", encoding="utf-8")
    result = cli("run", "-c", path)
    assert result.exit_code == 2
    assert "stages.language.threshold: duplicate key at line 7 (first at line 6)" in result.output
    assert "workers: duplicate key at line 8 (first at line 3)" in result.output
    assert not (tmp_path / "out").exists()


def test_same_key_in_different_mappings_and_merge_keys_are_fine(tmp_path):
    from pipeline.yamlkeys import load_checked

    text = "a: &d {x: 1, y: 2}\nb:\n  <<: *d\n  x: 3\nc: [{x: 1}, {x: 2}]\n"
    assert load_checked(text) == ({"a": {"x": 1, "y": 2}, "b": {"x": 3, "y": 2}, "c": [{"x": 1}, {"x": 2}]}, [])
    assert load_checked("") == (None, [])


def test_config_must_be_a_mapping(cli, tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n")
    result = cli("run", "-c", path)
    assert result.exit_code == 2 and "mapping" in result.output


def test_missing_config_file(cli, tmp_path):
    result = cli("run", "-c", tmp_path / "nope.yaml")
    assert result.exit_code == 2 and "not found" in result.output


def test_a_suffix_in_both_ingest_lists_is_reported_with_the_other_errors(cli, write_config, seeds_copy, tmp_path):
    data = {"wokers": 2, "stages": {"ingest": {"text_extensions": ["txt", "html"], "html_extensions": ["html"]},
                                    "language": {"treshold": 0.5}}}
    result = cli("run", "-c", write_config(data))
    assert result.exit_code == 2 and result.output.count("invalid configuration") == 1
    for expected in ("text_extensions and stages.ingest.html_extensions both list '.html'", "wokers: unknown key",
                     "stages.language.treshold: unknown key"):
        assert expected in result.output, (expected, result.output)
    assert not (tmp_path / "out").exists()
    # either list alone, or the two without a common suffix, is fine
    from pipeline.config import load_config

    html_as_text = {"stages": {"ingest": {"text_extensions": ["txt", "htm"], "html_extensions": ["html"]}}}
    assert load_config(write_config(html_as_text)).stages.ingest.text_extensions == (".txt", ".htm")


def test_a_config_path_that_is_no_regular_file_says_so(cli, tmp_path, write_config, seeds_copy):
    """Found in use: `-c /dev/null` said "config file not found", though it exists."""
    import os

    fifo = tmp_path / "config.fifo"
    os.mkfifo(fifo)  # refused before it is opened: reading it would block
    for path, kind in (("/dev/null", "is a character device"), (fifo, "is a pipe")):
        for args in (("run", "-c", path), ("diff", "a", "b", "-c", path)):
            result = cli(*args)
            assert result.exit_code == 2, (args, result.output)
            assert f"config file {path} {kind}" in result.output and "not a regular file" in result.output
            assert "not found" not in result.output


def test_an_empty_config_file_says_it_is_empty(cli, tmp_path, seeds_copy):
    from pipeline.config import load_config

    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    result = cli("run", "-c", empty)
    assert result.exit_code == 2 and f"config file {empty} is empty" in result.output
    assert "--input" in result.output and "not found" not in result.output
    # with --input it is a config of defaults, as before
    config = load_config(empty, {"input": str(seeds_copy), "output": str(tmp_path / "out")})
    assert config.input == seeds_copy.resolve() and config.workers == 1


def test_only_and_from_together_is_a_usage_error(cli, write_config, seeds_copy):
    result = cli("run", "-c", write_config(), "--only", "language", "--from", "encoding")
    assert result.exit_code == 2


def test_only_unknown_stage(cli, write_config, seeds_copy):
    config = write_config()
    assert cli("run", "-c", config, "-q").exit_code == 0
    result = cli("run", "-c", config, "--only", "nosuch")
    assert result.exit_code == 2 and "not an enabled stage" in result.output


def test_input_may_come_from_the_command_line_only(cli, tmp_path, seeds_copy):
    """The config reference says every key except `input` has a default and
    --input wins; a config without `input:` was refused even with --input."""
    path = tmp_path / "no_input.yaml"
    path.write_text(f"output: {tmp_path / 'out'}\n", encoding="utf-8")
    result = cli("run", "-c", path, "--input", seeds_copy, "--run-name", "r", "-q")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "r" / "manifest.json").is_file()


def test_default_config_is_valid():
    from conftest import REPO
    from pipeline.config import load_config

    config = load_config(REPO / "config" / "default.yaml")
    assert config.input == (REPO / "seeds").resolve()


def test_paths_and_settings_that_cannot_work_exit_2_before_anything_is_written(cli, write_config, seeds_copy,
                                                                                 tmp_path):
    """Found by a smoke run: output equal to the input (each run would read the
    last one's results as articles), output naming a file, ingest turned off
    (a traceback before), a missing extra lexicon (every document failed)."""
    (tmp_path / "a_file").write_text("x")
    cases = [
        ({"output": str(seeds_copy)}, "output: the same directory as the input"),
        ({"output": str(tmp_path / "a_file")}, "is a file; it must be a directory"),
        ({"stages": {"ingest": {"enabled": False}}}, "stages.ingest.enabled: the ingest stage"),
        ({"stages": {"despin": {"extra_lexicons": ["no_such_lexicon.yaml"]}}},
         "stages.despin.extra_lexicons: no such file: no_such_lexicon.yaml"),
    ]
    for data, expected in cases:
        result = cli("run", "-c", write_config(data))
        assert result.exit_code == 2, (data, result.output)
        assert expected in result.output
        assert not (tmp_path / "out").exists()
    assert not any(p.is_dir() for p in seeds_copy.iterdir())


def test_an_extra_lexicon_is_found_next_to_the_config(cli, write_config, seeds_copy, tmp_path):
    (tmp_path / "mine.yaml").write_text("weak_phrases:\n  gross sales figures: sales figures\n", encoding="utf-8")
    result = cli("run", "-c", write_config({"stages": {"despin": {"extra_lexicons": ["mine.yaml"]}}}), "-q")
    assert result.exit_code == 0, result.output
