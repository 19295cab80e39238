"""Shared pieces of the benchmark probes: clocks, memory of a process tree, Qt waiting.

Every probe is its own process; ``run.py`` sets ``BENCH_T0`` (time.time() just before it
starts the process), so "from launch" includes interpreter start-up and imports.
Nothing here imports Qt at module level: probes decide what (and when) to import.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LEAFLET = ROOT / "resources" / "web" / "vendor" / "leaflet"
#: Map area of the app's default window (1400x900, stop panel 380 px wide).
MAP_SIZE = (1020, 840)

#: Appended to pages the bench builds itself: "ready" two frames after the markers exist.
READY_SCRIPT = """
<script>
requestAnimationFrame(function () { requestAnimationFrame(function () {
  document.title = "bench-ready:" + document.querySelectorAll(".leaflet-marker-icon").length;
}); });
</script>
"""


def t0() -> float:
    """When run.py launched this process (or now, when run by hand)."""
    return float(os.environ.get("BENCH_T0") or time.time())


def after_import(name: str, hook: Callable[[Any], None]) -> None:
    """Call ``hook(module)`` right after the program imports module ``name`` (and before
    the importer goes on), without importing it here first."""
    import importlib.abc
    import importlib.util

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path, target=None):  # type: ignore[no-untyped-def]
            if fullname != name:
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(fullname)
            assert spec is not None and spec.loader is not None
            exec_module = spec.loader.exec_module

            def run(module):  # type: ignore[no-untyped-def]
                exec_module(module)
                hook(module)

            spec.loader.exec_module = run  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, Finder())


def emit(result: dict[str, Any]) -> None:
    """The one JSON line run.py reads."""
    sys.stdout.write("BENCH " + json.dumps(result) + "\n")
    sys.stdout.flush()


def chromium_flags() -> None:
    """The same Chromium flags the app sets (without importing tourmap)."""
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    wanted = ["--disable-background-networking", "--disable-component-update", "--log-level=3"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        wanted.append("--no-sandbox")
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join([flags, *[f for f in wanted if f not in flags]]).strip()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# -- memory -------------------------------------------------------------------------------


def _status(pid: int) -> dict[str, str]:
    out = {}
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                out[key] = value.strip()
    except OSError:
        pass
    return out


def _kib(value: str | None) -> int:
    return int(value.split()[0]) if value else 0


def rollup_kib(pid: int) -> dict[str, int]:
    out: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if key in ("Pss", "Private_Clean", "Private_Dirty"):
                    out[key] = int(value.split()[0])
    except OSError:
        pass
    return out


def descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def memory_tree(pid: int | None = None) -> dict[str, Any]:
    """Peak RSS (VmHWM) of a process and of each descendant, summed, in MiB.

    The sum counts pages shared between processes (libraries, Chromium's zygote) once per
    process, so it overstates what the machine loses, and it moves with the page cache
    (the kernel maps already-cached library pages around each fault, so the same process
    shows 100-200 MiB more RSS when Qt's libraries are hot in memory). ``pss_now_mib``
    (proportional set size) and ``uss_now_mib`` (private pages only), both taken now
    rather than at the peak, are the share-aware figures.
    """
    pid = pid or os.getpid()
    kids = descendants(pid)
    main = _kib(_status(pid).get("VmHWM"))
    children = {}
    for child in kids:
        status = _status(child)
        children[child] = (status.get("Name", "?"), _kib(status.get("VmHWM")))
    total = main + sum(hwm for _, hwm in children.values())
    rollups = [rollup_kib(p) for p in [pid, *kids]]
    pss = sum(r.get("Pss", 0) for r in rollups)
    uss = sum(r.get("Private_Clean", 0) + r.get("Private_Dirty", 0) for r in rollups)
    return {
        "peak_rss_mib": round(total / 1024, 1),
        "main_peak_rss_mib": round(main / 1024, 1),
        "children_peak_rss_mib": round((total - main) / 1024, 1),
        "children": len(children),
        "pss_now_mib": round(pss / 1024, 1),
        "uss_now_mib": round(uss / 1024, 1),
    }


def tree_rss_kib(pids: list[int]) -> int:
    """Summed RSS, now, of these processes (KiB)."""
    return sum(_kib(_status(p).get("VmRSS")) for p in pids)


# -- Qt helpers ----------------------------------------------------------------------------


def spin(predicate: Callable[[], Any], timeout: float = 60.0, interval_ms: int = 1, what: str = "condition") -> Any:
    """Run the Qt event loop until ``predicate`` is truthy; checks every ``interval_ms``."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(interval_ms)
    box: dict[str, Any] = {}

    def check() -> None:
        value = predicate()
        if value:
            box["value"] = value
            loop.quit()
        elif time.monotonic() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    value = predicate()
    if value:
        return value
    timer.start()
    loop.exec()
    timer.stop()
    if "value" not in box:
        raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
    return box["value"]


def run_js(page: Any, script: str, timeout: float = 30.0) -> Any:
    """Evaluate ``script`` (returning JSON text or a plain value) and return the result."""
    box: dict[str, Any] = {}
    page.runJavaScript(script, 0, lambda value: box.setdefault("v", value))
    spin(lambda: "v" in box, timeout, what=f"JavaScript {script[:50]!r}")
    value = box["v"]
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            raise ValueError(f"not JSON: {value[:200]!r}") from None
    return value


def sleep_qt(seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def leaflet_page(body_script: str, title: str = "bench") -> str:
    """A page on the vendored Leaflet (file:// URLs), ``body_script`` run after the map div."""
    css = (LEAFLET / "leaflet.css").as_uri()
    js = (LEAFLET / "leaflet.js").as_uri()
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="{css}"><script src="{js}"></script>
<style>html, body, #map {{ margin: 0; width: 100%; height: 100%; }}</style>
</head><body><div id="map"></div>
<script>{body_script}</script>
{READY_SCRIPT}
</body></html>
"""


def load_bare_page(page: Path, marks: dict[str, float], timeout: float, what: str) -> tuple[Any, int]:
    """Load ``page`` in a plain QWebEngineView until its script sets the title
    ``bench-ready:N``; records ``view_created``, ``load_finished`` and ``ready`` in ``marks``.
    Returns the view (keep it alive) and N."""
    from PySide6.QtCore import QUrl
    from PySide6.QtWebEngineWidgets import QWebEngineView

    view = QWebEngineView()
    view.resize(*MAP_SIZE)
    view.loadFinished.connect(lambda ok: marks.setdefault("load_finished", time.time()))
    view.titleChanged.connect(lambda title: marks.setdefault("ready", time.time()) if title.startswith("bench-ready:") else None)
    view.show()
    marks["view_created"] = time.time()
    view.load(QUrl.fromLocalFile(str(page)))
    spin(lambda: "ready" in marks, timeout, what=what)
    return view, int(view.title().split(":")[1])


def cpu_tree(pid: int | None = None) -> dict[str, float]:
    """CPU seconds (user + system) used so far by a process and by each descendant."""
    pid = pid or os.getpid()
    tick = os.sysconf("SC_CLK_TCK")
    out: dict[str, float] = {}
    for p in [pid, *descendants(pid)]:
        try:
            with open(f"/proc/{p}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat.rsplit(")", 1)[1].split()
        seconds = (int(fields[11]) + int(fields[12])) / tick
        key = "main" if p == pid else name
        out[key] = round(out.get(key, 0.0) + seconds, 3)
    return out
