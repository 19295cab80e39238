"""Geodesic distances for a long tour: geographiclib (pure Python) against pyproj's Geod (PROJ, in C).

    .venv/bin/python bench/probe_geodesic.py [--legs 10000] [--repeat 7]

Both solve Karney's inverse problem on WGS-84; the probe times the distances of
``--legs`` consecutive legs of a synthetic world tour (bench/make_tour.py), the import of
each library, and the largest difference between the two. Prints one ``BENCH {json}`` line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_tour import make_tour


def _import_ms(module: str) -> float:
    """Importing ``module`` in a fresh interpreter (what start-up would pay), median of 5."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout) for _ in range(5)]
    return round(statistics.median(runs) * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--legs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    stops = make_tour(args.legs + 1)["stops"]
    lats = [s["lat"] for s in stops]
    lons = [s["lon"] for s in stops]

    from geographiclib.geodesic import Geodesic
    from pyproj import Geod

    karney = Geodesic.WGS84
    geod = Geod(ellps="WGS84")

    def with_geographiclib() -> list[float]:
        return [karney.Inverse(lats[i], lons[i], lats[i + 1], lons[i + 1], Geodesic.DISTANCE)["s12"] for i in range(len(lats) - 1)]

    def with_pyproj() -> list[float]:
        return list(geod.inv(lons[:-1], lats[:-1], lons[1:], lats[1:], return_back_azimuth=False)[2])

    result: dict[str, object] = {"legs": args.legs}
    for name, run in (("geographiclib", with_geographiclib), ("pyproj", with_pyproj)):
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            run()
            times.append(time.perf_counter() - t)
        result[f"{name}_ms"] = round(statistics.median(times) * 1000, 2)
    result["max_difference_mm"] = round(max(abs(a - b) for a, b in zip(with_geographiclib(), with_pyproj())) * 1000, 6)
    result["import_geographiclib_ms"] = _import_ms("geographiclib.geodesic")
    result["import_pyproj_geod_ms"] = _import_ms("pyproj")
    print("BENCH " + json.dumps(result))


if __name__ == "__main__":
    main()
