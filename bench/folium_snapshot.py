"""Folium's way to a PNG of a tour, for comparison with a cold ``tourmap export``.

    python bench/folium_snapshot.py TOUR OUT.png [--size 1600x1000] [--chromium PATH]

What someone without tourmap does: a folium map with a Marker (and tooltip) per stop and a
PolyLine per leg (as bench/probe_naive.py builds it, Leaflet from the vendored copy), saved
as HTML, then a screenshot by headless Chromium at the same size. No basemap (tiles=None):
the comparison flatters folium, as tourmap draws Natural Earth, labels and a legend too.
Timed from outside as a whole process (e.g. ``/usr/bin/time -v``), side by side with
``tourmap export TOUR -o OUT.png --size 1600x1000``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import probe_naive


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tour", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--size", default="1600x1000")
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    with tempfile.TemporaryDirectory(prefix="tourmap-bench-folium-") as folder:
        page = Path(folder) / "map.html"
        probe_naive.build(args.tour, page)
        command = [
            args.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--allow-file-access-from-files",
            f"--user-data-dir={folder}/profile", f"--window-size={width},{height}", f"--screenshot={args.output.resolve()}", page.as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, timeout=120, check=False)
    if done.returncode != 0 or not args.output.is_file():
        print(done.stderr.decode(errors="replace")[-2000:], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
