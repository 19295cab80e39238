"""Issue 16: a big tour to each format and back (by hand; no Qt).

    python bench/probe_formats.py [--stops 10000] [--items 10] [--repeat 3]

Makes the tour with bench/make_tour.py, loads it once, then for each format times
``write(tour, path)`` and ``load(path)`` (the median of ``--repeat`` runs) and prints
one line per format: seconds each way, file size, and what the format carried back.
Target: <= 2 s each way for 10,000 stops.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tourmap.formats import FORMATS  # noqa: E402
from tourmap.loader import load_tour  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tourmap-bench-") as folder:
        work = Path(folder)
        source = work / "tour.json"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "make_tour.py"), str(args.stops), "-o", str(source), "--items", str(args.items)], check=True
        )
        start = time.perf_counter()
        tour = load_tour(source)
        loaded = time.perf_counter() - start
        size = source.stat().st_size / 2**20
        print(f"{len(tour.stops):,} stops, {tour.agenda_count():,} agenda items ({size:.1f} MiB as a tour file, read in {loaded:.2f} s)")
        print(f"{'format':8} {'write s':>8} {'read s':>8} {'MiB':>7}  back")
        for name in ("geojson", "kml", "gpx", "csv"):
            fmt = FORMATS[name]
            path = work / f"tour{fmt.extensions[0]}"
            writes, reads = [], []
            for _ in range(args.repeat):
                start = time.perf_counter()
                fmt.write(tour, path)
                writes.append(time.perf_counter() - start)
                start = time.perf_counter()
                back = fmt.load(path).tour
                reads.append(time.perf_counter() - start)
            same = "the same tour" if back == tour else f"{len(back.stops):,} stops, {back.agenda_count():,} items"
            print(f"{name:8} {statistics.median(writes):8.2f} {statistics.median(reads):8.2f} {path.stat().st_size / 2**20:7.1f}  {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
