"""Desktop integration files validate with the distributions' own tools, when present."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT

LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.tourmap.Tourmap"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_entry_validates():
    result = subprocess.run(["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_metainfo_validates():
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_entry_opens_tour_files_with_the_app_icon():
    text = (LINUX / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert "Exec=tourmap-gui %f" in text  # a bad file is shown in a dialog, not only on stderr
    assert f"Icon={APP_ID}" in text
    assert "application/x-tourmap+json" in text
    for size in (16, 32, 48, 128, 256, 512):
        assert (ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()


def test_metainfo_names_the_release_of_this_version():
    from tourmap import __version__

    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    assert __version__ in [r.get("version") for r in root.iter("release")]
