"""Heavy and hostile shapes of a tour (issue 13), by hand: time to a usable window, peak
memory, the longest event-loop stall during a reload, and how fast bad files are refused.

    python bench/probe_heavy.py [--only NAME,...] [--keep DIR]

For each shape a file is generated, then ``probe_app.py FILE`` starts the real app on it
(time to an interactive map, peak RSS of the process tree) and, in a window of this
process, the heaviest stop is selected (time until its agenda is in the panel). The
10,000-stop tour is reloaded five times while a 5 ms timer measures the event loop's
longest stall. Refused shapes are read by ``tourmap validate`` (time, peak RSS).
Prints one JSON line per shape; figures go to bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "tests"))


def _tour(stops: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "tourmap/1", "title": "Heavy", "sources": [{"id": "src", "publisher": "P", "title": "T", "date": "2025-10-26"}], "stops": stops}


def _stop(n: int, agenda: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    place = {"city": "City", "country": "Country"}
    return {"id": f"s{n}", "name": f"Stop {n}", "place": place, "lat": 10.0 + n % 50, "lon": 20.0 + n % 100, "agenda": agenda or []}


def _items(count: int, topics: int) -> list[dict[str, Any]]:
    return [
        {"topic": f"topic {n % topics:06d}", "title": f"Item {n}", "detail": f"Detail of item {n}, long enough to wrap.", "status": "expected", "source": "src"}
        for n in range(count)
    ]


def make_shapes(folder: Path) -> dict[str, Path]:
    shapes: dict[str, Any] = {
        "one stop, 10,000 items": _tour([_stop(0), _stop(1, _items(10_000, 5))]),
        "3,000 topics": _tour([_stop(0), _stop(1, _items(3_000, 3_000))]),
        "100,000 topics": _tour([_stop(0), _stop(1, _items(100_000, 100_000))]),
        "big single stop (400,000 items)": _tour([_stop(0), _stop(1, _items(400_000, 5))]),
    }
    paths = {}
    for name, doc in shapes.items():
        path = folder / (name.split(" (")[0].replace(" ", "-").replace(",", "") + ".json")
        path.write_text(json.dumps(doc), encoding="utf-8")
        paths[name] = path
    paths["10,000 stops"] = folder / "tour-10k.json"
    subprocess.run([sys.executable, str(BENCH / "make_tour.py"), "10000", "-o", str(paths["10,000 stops"])], check=True)
    keys = _tour([{**_stop(0), **{f"k{n}": n for n in range(3_000_000)}}, _stop(1)])
    paths["3,000,000 unknown keys (refused)"] = folder / "unknown-keys.json"
    paths["3,000,000 unknown keys (refused)"].write_text(json.dumps(keys), encoding="utf-8")
    return paths


def _existing(folder: Path) -> dict[str, Path]:
    """The shapes a --keep folder holds already (generating them takes a minute)."""
    names = ["one stop, 10,000 items", "3,000 topics", "100,000 topics", "big single stop (400,000 items)", "10,000 stops", "3,000,000 unknown keys (refused)"]
    files = ["one-stop-10000-items", "3000-topics", "100000-topics", "big-single-stop", "tour-10k", "unknown-keys"]
    return {name: folder / f"{file}.json" for name, file in zip(names, files)}


def app_figures(path: Path) -> dict[str, Any]:
    env = {**os.environ, "BENCH_T0": str(time.time())}
    run = subprocess.run([sys.executable, str(BENCH / "probe_app.py"), str(path)], capture_output=True, text=True, timeout=900, env=env)
    line = next((x for x in run.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        return {"error": run.stderr.strip().splitlines()[-1:] or run.returncode}
    result = json.loads(line[6:])
    return {"ready_s": round(result["ready_s"], 2), "peak_rss_mib": result["peak_rss_mib"], "main_peak_rss_mib": result["main_peak_rss_mib"]}


def refusal_figures(path: Path) -> dict[str, Any]:
    code = (
        "import resource, sys, time; from tourmap.cli import main; t = time.perf_counter(); main(['validate', sys.argv[1]]);"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
    )
    run = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=900)
    seconds, kib = run.stderr.strip().splitlines()[-1].split()
    return {"refused_s": round(float(seconds), 2), "peak_rss_mib": round(int(kib) / 1024, 1), "message": run.stdout.strip()[:160]}


def window_figures(paths: dict[str, Path], only_reload: bool = False) -> dict[str, dict[str, Any]]:
    """Select each shape's heaviest stop; reload the 10,000-stop tour under a stall meter."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import conftest  # registers the scheme before the QApplication
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from tourmap.app import create_window

    window = create_window()
    window.resize(1400, 900)
    window.show()
    conftest.wait_map_ready(window)
    out: dict[str, dict[str, Any]] = {}
    for name, path in paths.items():
        if "refused" in name or (only_reload and name != "10,000 stops"):
            continue
        start = time.perf_counter()
        assert window.open_path(path)
        opened = time.perf_counter() - start
        heaviest = max(window.tour.stops, key=lambda s: len(s.agenda))
        start = time.perf_counter()
        window.select_stop(heaviest.id)
        app.processEvents()
        out[name] = {"open_in_window_s": round(opened, 2), "select_heaviest_stop_s": round(time.perf_counter() - start, 3)}
    # The longest stall while the 10,000-stop tour reloads.
    assert window.open_path(paths["10,000 stops"])
    conftest.wait_map_ready(window)
    clock, gaps = QElapsedTimer(), [0]
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps[0] = max(gaps[0], now - last[0])
        last[0] = now

    timer = QTimer(interval=5, timeout=tick)
    timer.start()
    worst, reloads = 0, []
    for _ in range(5):
        gaps[0], last[0] = 0, clock.elapsed()
        start = time.perf_counter()
        assert window.reload()
        conftest.wait_map_ready(window)
        reloads.append(time.perf_counter() - start)
        worst = max(worst, gaps[0])
    timer.stop()
    out["10,000 stops"].update({"reload_s": round(min(reloads), 2), "longest_stall_during_reload_ms": worst})
    out["window process peak RSS"] = {"mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="app,window,refused", help="comma-separated: app, window, refused, reload (the window's reload alone)")
    parser.add_argument("--keep", type=Path, help="write the shapes here and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="tourmap-heavy-"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = make_shapes(folder) if not (folder / "unknown-keys.json").exists() else _existing(folder)
    only = set(args.only.split(","))
    for name, path in paths.items():
        size = f"{path.stat().st_size / 2**20:.1f} MiB"
        if "refused" in name:
            if "refused" in only:
                print(json.dumps({"shape": name, "size": size, **refusal_figures(path)}), flush=True)
        elif "app" in only:
            print(json.dumps({"shape": name, "size": size, **app_figures(path)}), flush=True)
    if only & {"window", "reload"}:
        for name, figures in window_figures(paths, only_reload="window" not in only).items():
            print(json.dumps({"shape": name, **figures}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
