"""`python -m bench`: names are checked before any benchmark runs."""

from __future__ import annotations

import pytest

import bench.__main__ as bench_main


def test_a_flag_is_refused_before_anything_runs_and_says_where_it_goes(monkeypatch):
    ran = []
    monkeypatch.setattr(bench_main.importlib, "import_module", lambda name: ran.append(name))
    with pytest.raises(SystemExit, match=r"python -m bench\.boilerplate --no-speed"):
        bench_main.main(["boilerplate", "--no-speed"])
    with pytest.raises(SystemExit, match="unknown benchmark 'nope'"):
        bench_main.main(["language", "nope"])
    assert ran == []
