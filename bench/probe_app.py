"""Startup of the real app, from launch to an interactive map.

    python bench/probe_app.py [TOUR]        (prints one "BENCH {json}" line)

Runs the same path as ``python -m tourmap TOUR`` (tourmap.cli.main: load the tour, create
the QApplication and the main window, show it, run the event loop); a hook on
MainWindow.set_tour watches for the map. "Interactive" means: MapView.mapReady fired
(the QWebChannel bridge is connected and the page said it is ready), the page's
``data-ready`` is "true", the stop markers are in the DOM (in canvas mode, for tours above
the canvas threshold, the canvas is), and two animation frames have been painted since.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

T0 = c.t0()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Injected when the page's document is created: two frames after the page says it is
# ready (its markers are in the DOM), as the floor's page counts two frames after its
# marker is, the title says so. The app's own title comes before.
FRAMES = """
new MutationObserver(function (changes, observer) {
  if (!document.documentElement || document.documentElement.dataset.ready !== "true") return;
  observer.disconnect();
  requestAnimationFrame(function () { requestAnimationFrame(function () { document.title = "bench-ready"; }); });
}).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-ready"] }); // no <html> yet
"""

CHECK = """
(function () {
  var root = document.documentElement;
  var markers = document.querySelectorAll("[data-stop-id]").length;
  var canvas = document.querySelectorAll(".leaflet-pane canvas").length;
  return JSON.stringify({ ready: root.dataset.ready === "true", markers: markers, canvas: canvas });
})()
"""


def main() -> int:
    marks: dict[str, float] = {}
    info: dict[str, object] = {}
    tour_arg = sys.argv[1:2]

    # The hooks go on the map view when the app imports it: importing it here would
    # import Qt before the app starts reading the tour (see tourmap.reading).

    def on_ready(view) -> None:  # type: ignore[no-untyped-def]
        if "map_ready" in marks:
            return
        marks["map_ready"] = time.time()
        view.page().runJavaScript(CHECK, 0, lambda value: info.update(__import__("json").loads(value)))

    def begin(self):  # type: ignore[no-untyped-def]
        from PySide6.QtWebEngineCore import QWebEngineScript

        marks.setdefault("page_begin", time.time())
        script = QWebEngineScript()
        script.setName("bench-frames")
        script.setSourceCode(FRAMES)
        script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
        script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
        self.page().scripts().insert(script)
        self.titleChanged.connect(lambda title: marks.setdefault("painted", time.time()) if title == "bench-ready" else None)
        self.mapReady.connect(lambda: on_ready(self))
        self.loadFinished.connect(lambda ok: marks.setdefault("load_finished", time.time()))
        original_begin(self)

    def show_tour(self, tour, selected=None, data=None):  # type: ignore[no-untyped-def]
        marks.setdefault("set_tour", time.time())
        info["stops"] = len(tour.stops)
        original_show(self, tour, selected, data)
        marks.setdefault("set_tour_done", time.time())

        def poll() -> None:
            if "painted" in marks and "map_ready" in marks and "ready" in info:
                finish()
            else:
                single_shot(1, poll)

        single_shot(0, poll)

    def finish() -> None:
        memory = c.memory_tree()
        memory['cpu_s'] = c.cpu_tree()
        result = {
            "probe": "app",
            "tour": tour_arg[0] if tour_arg else "bundled",
            # Interactive: the bridge told Python it is ready, and two frames were painted
            # since the page was (whichever comes last).
            "ready_s": max(marks["painted"], marks["map_ready"]) - T0,
            "phases_s": {k: round(v - T0, 4) for k, v in sorted(marks.items(), key=lambda kv: kv[1])},
            **info,
            **memory,
        }
        ok = info.get("ready") and (info.get("markers") == info.get("stops") or info.get("canvas"))
        result["ok"] = bool(ok)
        c.emit(result)
        sys.stdout.flush()
        os._exit(0 if ok else 3)  # teardown is not what we measure

    def hook(module) -> None:  # type: ignore[no-untyped-def]
        nonlocal original_begin, original_show, single_shot
        from PySide6.QtCore import QTimer

        single_shot = QTimer.singleShot

        original_begin, original_show = module.MapView.begin, module.MapView.show_tour
        module.MapView.begin = begin
        module.MapView.show_tour = show_tour

    original_begin = original_show = single_shot = None
    c.after_import("tourmap._qt.map_view", hook)
    from tourmap.cli import main as cli_main

    return cli_main(tour_arg)


if __name__ == "__main__":
    sys.exit(main())
