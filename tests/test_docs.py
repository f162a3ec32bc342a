"""The README stays true: its config reference matches the models, and the
default config it describes is the one in config/."""

from __future__ import annotations

from conftest import REPO

from pipeline.configdoc import END, START, render


def test_readme_config_reference_is_current():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split(START, 1)[1].split(END, 1)[0].strip()
    assert block == render(), "stale: run `python -m pipeline.configdoc --write README.md`"


def test_readme_names_the_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "\nrun:" in makefile and "\ntest:" in makefile
