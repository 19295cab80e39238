"""`pip install .` gives a working tourmap outside the source tree: resources ride in the wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)], check=True, capture_output=True, timeout=600)
    (wheel,) = out.glob("tourmap-*.whl")
    return wheel


def test_wheel_carries_the_resources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "tourmap/_data/tours/asia-2025-10.json",
        "tourmap/_data/schema/tour.schema.json",
        "tourmap/_data/web/tm/app.js",
        "tourmap/_data/web/vendor/leaflet/leaflet.js",
        "tourmap/_data/web/vendor/leaflet/LICENSE",
        "tourmap/_data/basemap/countries-50m.json",
        "tourmap/_data/basemap/land-50m.bin",
        "tourmap/_data/basemap/land-110m.bin",
        "tourmap/_data/basemap/LICENSE",
    ):
        assert needed in names


def test_installed_wheel_runs_info_outside_the_source_tree(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    # The test venv's packages are visible, so only tourmap itself is installed here.
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    python = env_dir / "bin" / "python"
    # This interpreter's own site-packages, whatever the folders above it are called.
    sites = dict.fromkeys(sysconfig.get_path(name) for name in ("purelib", "platlib"))
    pth = next((env_dir / "lib").glob("python3*/site-packages"))
    (pth / "test-deps.pth").write_text("".join(f"{site}\n" for site in sites))  # reuse installed dependencies
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)], check=True, timeout=300)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    result = subprocess.run([str(env_dir / "bin" / "tourmap"), "info", "--json"], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert [s["id"] for s in info["stops"]] == ["sepang", "tokyo", "seoul"]
    located = subprocess.run([str(python), "-c", "import tourmap.paths as p; print(p.resources_dir())"], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert str(env_dir) in located.stdout, "resources must come from the installed wheel"
