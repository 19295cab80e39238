"""tourmap's benchmark harness: runs the probes, prints a table, writes bench/results.json.

    python bench/run.py [--runs 5] [--scale-runs 3] [--only startup,click,export,scale,interact]
                        [--sizes 100,1000,10000] [--quick] [--out bench/results.json]

Every measurement is a probe script under bench/ run as its own process (fresh process
where a figure says so); each prints one ``BENCH {json}`` line. Figures are medians with
min and max over the runs. ``make bench`` runs this with the defaults. See bench/README.md.
Time figures never go into the test suite: they depend on the machine.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PY = sys.executable

TARGETS = {
    "startup_ratio": ("startup / floor", "<=", 1.5),
    "click_to_panel_ms": ("click to panel, median (ms)", "<", 30.0),
    "scale_10000_speedup": ("10,000 stops: naive folium / tourmap", ">=", 8.0),
    "scale_10000_peak_mib": ("10,000 stops: peak memory, each process's peak RSS summed (MiB)", "<", 600.0),
    "scale_10000_pss_at_ready_mib": ("10,000 stops: memory when interactive, PSS summed (MiB)", "<", 600.0),
    "scale_10000_peak_pss_mib": ("10,000 stops: peak memory, PSS summed (sampled every 0.25 s, and at ready) (MiB)", "<", 600.0),
}


class Runner:
    def __init__(self, workdir: Path, verbose: bool) -> None:
        self.workdir = workdir
        self.verbose = verbose
        self.env = dict(os.environ)
        self.env.setdefault("QT_QPA_PLATFORM", "offscreen")
        self.env["XDG_CONFIG_HOME"] = str(workdir / "config")  # never the user's settings
        self.env["TOURMAP_CACHE_DIR"] = str(workdir / "cache")
        self.env["TOURMAP_STATE_DIR"] = str(workdir / "state")  # nor its recovery journals
        self.env.pop("BENCH_T0", None)
        self.errors: list[str] = []

    def probe(self, script: str, *args: str, timeout: float = 600, env: dict[str, str] | None = None, sample: bool = False) -> dict[str, Any] | None:
        """Run bench/<script> as a fresh process; its BENCH line as a dict (None on failure).

        ``sample``: also watch the memory of the process and its children from outside,
        every 50 ms, and add the highest sum seen (``sampled_peak_rss_mib``)."""
        run_env = dict(self.env, **(env or {}))
        command = [PY, str(BENCH / script), *args]
        run_env["BENCH_T0"] = repr(time.time())
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=run_env, cwd=ROOT)
        watcher = MemoryWatcher(process.pid) if sample else None
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            self.fail(f"{script} {' '.join(args)}: timed out after {timeout:.0f} s")
            return None
        finally:
            if watcher:
                watcher.stop()
        done = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
        lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH ")]
        if not lines:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            self.fail(f"{script} {' '.join(args)}: exit {done.returncode}, no result: {' | '.join(tail)}")
            return None
        result = json.loads(lines[-1][len("BENCH ") :])
        if watcher:
            result.update(watcher.peaks())
        if done.returncode != 0 or result.get("ok") is False:
            self.fail(f"{script} {' '.join(args)}: exit {done.returncode}, ok={result.get('ok')}")
        if self.verbose:
            print(f"  {script} {' '.join(Path(a).name for a in args)}: {short(result)}", file=sys.stderr)
        return result

    def timed(self, command: list[str], timeout: float = 300) -> float | None:
        """Wall-clock seconds of a fresh process, launch to exit."""
        t0 = time.perf_counter()
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=self.env, cwd=ROOT)
        except subprocess.TimeoutExpired:
            self.fail(f"{' '.join(command)}: timed out")
            return None
        elapsed = time.perf_counter() - t0
        if done.returncode != 0:
            self.fail(f"{' '.join(command[2:])}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
            return None
        return elapsed

    def fail(self, message: str) -> None:
        self.errors.append(message)
        print(f"  ! {message}", file=sys.stderr)


class MemoryWatcher:
    """Samples a process tree's summed RSS on a thread, every 50 ms, and its summed PSS
    every 0.25 s; keeps the highest sums.

    Summing each process's own peak RSS (VmHWM, what the probes report) adds peaks that
    happened at different times; these are the highest the tree reached at one moment.
    RSS comes from /proc/PID/status (cheap); the tree is listed again every 0.1 s. PSS
    (each shared page divided among the processes that map it: what the tree costs the
    machine) needs /proc/PID/smaps_rollup, which walks the process's page tables under
    its memory lock, so it is read five times less often (reading full smaps every 50 ms
    slowed the measured process by 20 %).
    """

    def __init__(self, pid: int, interval: float = 0.05, pss_every: int = 5) -> None:
        self.pid, self.interval, self.pss_every = pid, interval, pss_every
        self.rss = 0
        self.pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        tick, pids = 0, [self.pid]
        while not self._stop.is_set():
            if tick % 2 == 0:  # Chromium's processes appear within the first 0.3 s
                pids = [self.pid, *c.descendants(self.pid)]
            self.rss = max(self.rss, c.tree_rss_kib(pids))
            if tick % self.pss_every == 0:
                self.pss = max(self.pss, sum(c.rollup_kib(pid).get("Pss", 0) for pid in pids))
            tick += 1
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def peaks(self) -> dict[str, float]:
        return {"sampled_peak_rss_mib": round(self.rss / 1024, 1), "sampled_peak_pss_mib": round(self.pss / 1024, 1)}


def short(result: dict[str, Any]) -> str:
    keys = ("ready_s", "median_ms", "peak_rss_mib", "first_in_window_s")
    return ", ".join(f"{k}={result[k]:.3f}" if isinstance(result[k], float) else f"{k}={result[k]}" for k in keys if k in result)


def stats(values: list[float], unit: str, scale: float = 1.0, digits: int = 3) -> dict[str, Any]:
    values = [v * scale for v in values if v is not None]
    if not values:
        return {"median": None, "min": None, "max": None, "n": 0, "unit": unit}
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "n": len(values),
        "unit": unit,
    }


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
        info["cpu"] = model
        mem = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        info["memory_gib"] = round(int(mem) / 2**20, 1)
    except (OSError, StopIteration):
        pass
    try:
        versions = "import PySide6, PySide6.QtCore as c, folium; print(PySide6.__version__, c.qVersion(), folium.__version__)"
        out = subprocess.run([PY, "-c", versions], capture_output=True, text=True, timeout=60)
        info["pyside6"], info["qt"], info["folium"] = out.stdout.split()
    except (ValueError, subprocess.SubprocessError):
        pass
    info["qpa"] = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    return info


# -- sections ---------------------------------------------------------------------------------


def startup(r: Runner, runs: int, figures: dict, raw: dict) -> None:
    print("startup: floor and app, interleaved", file=sys.stderr)
    r.probe("probe_floor.py")  # warm-ups: file cache, page skeleton cache
    r.probe("probe_app.py")
    floor, app = [], []
    for _ in range(runs):
        floor.append(r.probe("probe_floor.py"))
        app.append(r.probe("probe_app.py"))
    floor = [f for f in floor if f]
    app = [a for a in app if a and a.get("ok")]
    raw["startup_floor"], raw["startup_app"] = floor, app
    figures["startup_floor_s"] = stats([f["ready_s"] for f in floor], "s")
    figures["startup_app_s"] = stats([a["ready_s"] for a in app], "s")
    for phase in ("set_tour", "load_finished", "map_ready"):
        figures[f"startup_app_{phase}_s"] = stats([a["phases_s"].get(phase) for a in app], "s")
    figures["startup_floor_peak_mib"] = stats([f["peak_rss_mib"] for f in floor], "MiB", digits=1)
    figures["startup_app_peak_mib"] = stats([a["peak_rss_mib"] for a in app], "MiB", digits=1)
    first = []
    for n in range(max(2, runs // 2)):  # first launch: no page skeleton cached yet
        result = r.probe("probe_app.py", env={"TOURMAP_CACHE_DIR": str(r.workdir / f"cold-cache-{n}")})
        if result and result.get("ok"):
            first.append(result)
    raw["startup_app_first_launch"] = first
    figures["startup_app_first_launch_s"] = stats([a["ready_s"] for a in first], "s")
    if floor and app:
        figures["startup_ratio"] = {"value": round(figures["startup_app_s"]["median"] / figures["startup_floor_s"]["median"], 2), "unit": "x"}


def click(r: Runner, clicks: int, figures: dict, raw: dict, tour: str | None = None, key: str = "click") -> None:
    print(f"click to panel: {tour or 'bundled tour'}", file=sys.stderr)
    result = r.probe("probe_click.py", *([tour] if tour else []), "--clicks", str(clicks))
    raw[key] = result
    if result:
        figures[f"{key}_to_panel_ms"] = stats(result["click_to_panel_s"], "ms", 1000, 2)
        figures[f"{key}_to_selection_ms"] = stats(result["click_to_selection_s"], "ms", 1000, 2)


def export(r: Runner, runs: int, figures: dict, raw: dict) -> None:
    print("export: cold CLI and warm in-window", file=sys.stderr)
    out = r.workdir / "export-cold.png"
    command = [PY, "-m", "tourmap", "export", "-o", str(out), "--size", "1600x1000"]
    r.timed(command)  # warm-up
    figures["export_cold_s"] = stats([r.timed(command) for _ in range(runs)], "s")
    warm = r.probe("probe_export.py", "--runs", str(max(runs, 5)))
    raw["export_warm"] = warm
    if warm:
        figures["export_first_in_window_s"] = {"value": round(warm["first_in_window_s"], 3), "unit": "s"}
        figures["export_warm_s"] = stats(warm["warm_s"], "s")
        figures["bare_page_load_warm_s"] = stats(warm["bare_page_load_warm_s"], "s")


def scale(r: Runner, sizes: list[int], runs: int, figures: dict, raw: dict) -> dict[int, Path]:
    tours = {}
    for n in sizes:
        path = r.workdir / f"tour-{n}.json"
        subprocess.run([PY, str(BENCH / "make_tour.py"), str(n), "-o", str(path), "--items", "10"], check=True, cwd=ROOT)
        tours[n] = path
    for n in sizes:
        print(f"scale: {n} stops, tourmap and naive folium", file=sys.stderr)
        app, naive = [], []
        for _ in range(runs):
            app.append(r.probe("probe_app.py", str(tours[n]), timeout=900, sample=True))
            naive.append(r.probe("probe_naive.py", str(tours[n]), timeout=1800, sample=True))
        app = [a for a in app if a and a.get("ok")]
        naive = [a for a in naive if a and a.get("ok")]
        raw[f"scale_{n}_app"], raw[f"scale_{n}_naive"] = app, naive
        figures[f"scale_{n}_app_s"] = stats([a["ready_s"] for a in app], "s")
        figures[f"scale_{n}_naive_s"] = stats([a["ready_s"] for a in naive], "s")
        figures[f"scale_{n}_app_peak_mib"] = stats([a["peak_rss_mib"] for a in app], "MiB", digits=1)
        figures[f"scale_{n}_naive_peak_mib"] = stats([a["peak_rss_mib"] for a in naive], "MiB", digits=1)
        figures[f"scale_{n}_app_pss_mib"] = stats([a["pss_now_mib"] for a in app], "MiB", digits=1)
        figures[f"scale_{n}_naive_pss_mib"] = stats([a["pss_now_mib"] for a in naive], "MiB", digits=1)
        for kind, results in (("app", app), ("naive", naive)):
            figures[f"scale_{n}_{kind}_sampled_peak_rss_mib"] = stats([a.get("sampled_peak_rss_mib") for a in results], "MiB", digits=1)
            # The samples stop when the probe exits, just after its map is ready, up to
            # 0.25 s after the last one: the PSS taken at ready is part of the peak too.
            peaks = [max(a.get("sampled_peak_pss_mib") or 0, a.get("pss_now_mib") or 0) for a in results]
            figures[f"scale_{n}_{kind}_peak_pss_mib"] = stats(peaks, "MiB", digits=1)
        figures[f"scale_{n}_app_set_tour_s"] = stats([a["phases_s"].get("set_tour") for a in app], "s")
        if app and naive:
            figures[f"scale_{n}_speedup"] = {"value": round(figures[f"scale_{n}_naive_s"]["median"] / figures[f"scale_{n}_app_s"]["median"], 2), "unit": "x"}
        if app:
            figures[f"scale_{n}_peak_mib"] = {"value": figures[f"scale_{n}_app_peak_mib"]["median"], "unit": "MiB"}
            figures[f"scale_{n}_pss_at_ready_mib"] = {"value": figures[f"scale_{n}_app_pss_mib"]["median"], "unit": "MiB"}
            figures[f"scale_{n}_peak_pss_mib"] = {"value": figures[f"scale_{n}_app_peak_pss_mib"]["median"], "unit": "MiB"}
    return tours


def interact(r: Runner, tour: Path, figures: dict, raw: dict, repeat: int) -> None:
    print(f"interact: {tour.name}", file=sys.stderr)
    result = r.probe("probe_interact.py", str(tour), "--repeat", str(repeat), timeout=900)
    raw["interact"] = result
    if not result:
        return
    for key, unit in (
        ("select_python_ms", "ms"),
        ("select_to_page_ms", "ms"),
        ("select_fly_max_frame_gap_ms", "ms"),
        ("pan_sync_ms", "ms"),
        ("pan_to_frame_ms", "ms"),
        ("zoom_sync_ms", "ms"),
        ("zoom_to_frame_ms", "ms"),
        ("drag_max_frame_gap_ms", "ms"),
        ("filter_keystroke_ms", "ms"),
        ("filter_last_key_to_filtered_ms", "ms"),
        ("filter_run_ms", "ms"),
    ):
        figures[f"interact_{key}"] = stats(result[key], unit, digits=1)
    figures["interact_peak_mib"] = {"value": result["peak_rss_mib"], "unit": "MiB"}


# -- report -----------------------------------------------------------------------------------


def verdicts(figures: dict) -> dict[str, Any]:
    out = {}
    for key, (label, op, limit) in TARGETS.items():
        figure = figures.get(key)
        value = None if figure is None else figure.get("value", figure.get("median"))
        passed = None if value is None else {"<=": value <= limit, "<": value < limit, ">=": value >= limit}[op]
        out[key] = {"label": label, "value": value, "target": f"{op} {limit:g}", "pass": passed}
    return out


def table(figures: dict, targets: dict) -> str:
    rows = [("figure", "median", "min", "max", "n", "unit")]
    for key, figure in figures.items():
        if "value" in figure:
            rows.append((key, fmt(figure["value"]), "", "", "", figure["unit"]))
        else:
            rows.append((key, fmt(figure["median"]), fmt(figure["min"]), fmt(figure["max"]), str(figure["n"]), figure["unit"]))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines.append("targets:")
    for v in targets.values():
        mark = "n/a " if v["pass"] is None else ("PASS" if v["pass"] else "FAIL")
        lines.append(f"  {mark}  {v['label']}: {fmt(v['value'])} (target {v['target']})")
    return "\n".join(lines)


def fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh-process runs per startup/export figure (default 7)")
    parser.add_argument("--scale-runs", type=int, default=3, help="runs per scale figure (default 3)")
    parser.add_argument("--clicks", type=int, default=40, help="marker clicks for click to panel (default 40)")
    parser.add_argument("--sizes", default="100,1000,10000", help="tour sizes for the scale figures")
    parser.add_argument("--only", default="startup,click,export,scale,interact", help="comma-separated sections")
    parser.add_argument("--quick", action="store_true", help="fewer runs (3/1/16) and sizes 100,1000: a smoke test, not figures")
    parser.add_argument("--out", type=Path, default=BENCH / "results.json")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.scale_runs, args.clicks, args.sizes = 3, 1, 16, "100,1000"
    sections = set(args.only.split(","))
    sizes = [int(s) for s in args.sizes.split(",") if s]

    # The app is measured as installed: pip compiles a package's bytecode when it installs
    # it (and the bundle ships it). A checkout installed in editable mode on a machine with
    # PYTHONDONTWRITEBYTECODE=1 (these machines) would compile every tourmap module from
    # source at every start instead, 25 ms the floor does not pay.
    compileall.compile_dir(ROOT / "tourmap", quiet=1)
    workdir = Path(tempfile.mkdtemp(prefix="tourmap-bench-"))
    runner = Runner(workdir, args.verbose)
    figures: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    started = time.time()
    if "startup" in sections:
        startup(runner, args.runs, figures, raw)
    if "click" in sections:
        click(runner, args.clicks, figures, raw)
    if "export" in sections:
        export(runner, args.runs, figures, raw)
    tours: dict[int, Path] = {}
    if "scale" in sections:
        tours = scale(runner, sizes, args.scale_runs, figures, raw)
    if "interact" in sections:
        big = max(sizes)
        if big not in tours:
            tours[big] = workdir / f"tour-{big}.json"
            subprocess.run([PY, str(BENCH / "make_tour.py"), str(big), "-o", str(tours[big])], check=True, cwd=ROOT)
        interact(runner, tours[big], figures, raw, repeat=8)
        click(runner, 16, figures, raw, tour=str(tours[big]), key=f"click_{big}")

    targets = verdicts(figures)
    report = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "duration_s": round(time.time() - started, 1),
        "machine": machine(),
        "settings": {"runs": args.runs, "scale_runs": args.scale_runs, "clicks": args.clicks, "sizes": sizes, "sections": sorted(sections)},
        "figures": figures,
        "targets": targets,
        "errors": runner.errors,
        "raw": raw,
    }
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(table(figures, targets))
    print(f"\nwrote {args.out}" + (f"; {len(runner.errors)} error(s)" if runner.errors else ""))
    return 1 if runner.errors else 0


if __name__ == "__main__":
    sys.exit(main())
