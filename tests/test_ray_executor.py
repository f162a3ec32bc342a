"""`executor: ray` on a local Ray instance gives the same outputs as local."""

from __future__ import annotations

import pytest

ray = pytest.importorskip("ray", reason="optional extra: pip install '.[ray]'")


def _tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_ray_executor_matches_local(cli, write_config, seeds_copy, tmp_path):
    local = write_config(output=str(tmp_path / "local"))
    assert cli("run", "-c", local, "--run-name", "r", "-q").exit_code == 0
    on_ray = write_config({"executor": "ray", "workers": 2, "batch_size": 2,
                           "ray": {"num_cpus": 2}}, name="ray.yaml", output=str(tmp_path / "ray"))
    result = cli("run", "-c", on_ray, "--run-name", "r", "-q")
    assert result.exit_code == 0, result.output
    for folder in ("docs", "stages"):
        assert _tree(tmp_path / "local" / "r" / folder) == _tree(tmp_path / "ray" / "r" / folder)
    assert not ray.is_initialized(), "a Ray instance started by the run must be shut down"
