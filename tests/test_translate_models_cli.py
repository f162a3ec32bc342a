"""`artnorm models`: list, install from a file, install from a package index
served on 127.0.0.1, ensure online and offline."""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import threading
import time
import zipfile
from functools import partial

import pytest
from click.testing import CliRunner

from pipeline.cli_models import models
from translate_fixtures import argos_dir, built_archive  # noqa: F401


def invoke(*args: str):
    return CliRunner().invoke(models, list(args), catch_exceptions=False)


@pytest.fixture
def package_index(tmp_path):
    """An Argos-style index (index.json + package) served over HTTP locally."""
    served = tmp_path / "index"
    served.mkdir()
    archive = built_archive("nl", "en")
    shutil.copy(archive, served / archive.name)
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    entries = [{"code": "translate-nl_en", "type": "translate", "package_version": version, "argos_version": "1.9",
                "from_code": "nl", "to_code": "en", "links": [base + name]}
               for version, name in (("0.9", "missing.argosmodel"), ("1.0", archive.name))]
    (served / "index.json").write_text(json.dumps(entries), encoding="utf-8")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base
    server.shutdown()


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def test_install_from_file_then_list(argos_dir):
    result = invoke("install", "nl", "en", "--file", str(built_archive("nl", "en")))
    assert "installed translate-nl_en 1.0 (nl→en)" in result.output
    listing = json.loads(invoke("list", "--json").output)
    assert {"engine": "argos", "pair": "nl→en", "package": "translate-nl_en", "version": "1.0",
            "path": str(argos_dir / "translate-nl_en-1_0")} in listing["pairs"]
    assert "nl→en" in invoke("list").output


def test_install_rejects_a_file_for_another_pair(argos_dir):
    result = CliRunner().invoke(models, ["install", "de", "en", "--file", str(built_archive("nl", "en"))])
    assert result.exit_code != 0 and "translates nl→en, not de→en" in result.output
    assert not any(argos_dir.iterdir())


def test_install_refuses_unsafe_archives(argos_dir, tmp_path):
    evil = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("pkg/metadata.json", json.dumps({"from_code": "nl", "to_code": "en"}))
        archive.writestr("../outside.txt", "x")
    result = CliRunner().invoke(models, ["install", "nl", "en", "--file", str(evil)])
    assert result.exit_code != 0 and "unsafe entry" in result.output
    assert not (tmp_path / "outside.txt").exists()


def test_install_from_index_served_locally(argos_dir, package_index):
    result = invoke("install", "nl", "en", "--index", package_index)
    assert "installed translate-nl_en 1.0" in result.output  # the newest version in the index
    assert (argos_dir / "translate-nl_en-1_0" / "model" / "model.bin").is_file()


def test_install_from_unreachable_index_fails_fast(argos_dir):
    started = time.monotonic()
    result = CliRunner().invoke(models, ["install", "nl", "en", "--index", closed_port_url(), "--timeout", "5"])
    assert result.exit_code == 1 and "could not fetch" in result.output
    assert time.monotonic() - started < 5


def write_config(tmp_path, languages=("nl",)):
    config = tmp_path / "config.yaml"
    config.write_text("input: .\nstages:\n  translate:\n    ensure_languages: [%s]\n" % ", ".join(languages))
    return config


def test_ensure_offline_says_so_and_exits_zero(argos_dir, tmp_path):
    config = write_config(tmp_path)
    result = CliRunner().invoke(models, ["ensure", "-c", str(config), "--index", closed_port_url()])
    assert result.exit_code == 0
    assert "[offline]" in result.output and "artnorm models install nl en" in result.output
    strict = CliRunner().invoke(models, ["ensure", "-c", str(config), "--index", closed_port_url(), "--strict"])
    assert strict.exit_code == 1


def test_ensure_online_installs_then_finds_it_present(argos_dir, tmp_path, package_index):
    config = write_config(tmp_path)
    first = invoke("ensure", "-c", str(config), "--index", package_index)
    assert "[installed]" in first.output and "translate-nl_en 1.0" in first.output
    again = invoke("ensure", "-c", str(config), "--index", closed_port_url())
    assert "[present]" in again.output and "argos:translate-nl_en" in again.output


def test_every_models_command_has_help():
    for name, command in models.commands.items():
        assert command.help, name
        assert invoke(name, "--help").exit_code == 0


def test_ensure_offline_quotes_the_language_code_in_its_prose(argos_dir, tmp_path):
    """Found in use: "Runs keep it text untranslated" for Italian; a bare code
    such as "it" or "no" reads as an English word."""
    config = write_config(tmp_path, languages=("it", "'no'"))  # quoted for YAML: bare `no` is false
    result = CliRunner().invoke(models, ["ensure", "-c", str(config), "--index", closed_port_url()])
    assert result.exit_code == 0
    assert "Runs keep text in language 'it' untranslated" in result.output
    assert "Runs keep text in language 'no' untranslated" in result.output
    assert "keep it text" not in result.output and "keep no text" not in result.output
