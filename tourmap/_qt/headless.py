"""``tourmap export``: render without a window, without a display, without a network."""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable

from tourmap.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from tourmap.exporting import ExportRequest
from tourmap.files import write_atomic
from tourmap.model import Tour

#: Writing the output fails for these because of the path the user gave (exit 2).
_PATH_ERRORS = {errno.EACCES, errno.EPERM, errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EROFS, errno.ENAMETOOLONG}


def run_export(tour: Tour, request: ExportRequest, source: str = "") -> int:
    from tourmap._qt.environment import prepare_webengine, quiet_qt_messages, use_offscreen_for_export

    use_offscreen_for_export()
    prepare_webengine()
    quiet_qt_messages()
    from PySide6.QtWidgets import QApplication

    from tourmap._qt import scheme  # noqa: F401  (before the QApplication)
    from tourmap._qt.export import ExportError, MapRenderer

    app = QApplication.instance() or QApplication(["tourmap"])
    renderer = MapRenderer()
    try:
        data = renderer.export_bytes(tour, request, source, _progress_on_stderr(request))
        write_atomic(request.output, data)
    except ExportError as error:
        print(f"{request.output}: export failed: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except OSError as error:
        print(f"{request.output}: cannot write: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE if error.errno in _PATH_ERRORS else EXIT_FAILURE
    finally:
        renderer.close()
        app.processEvents()
    w, h = request.pixel_size
    if request.format == "pdf":
        shape = f"{len(tour.stops) + 1:,} pages" if request.kind == "briefing" else "1 page"
    else:
        shape = f"{request.size[0]}x{request.size[1]}" if request.format == "svg" else f"{w}x{h}"
    print(f"wrote {request.output} ({request.format}, {shape})")
    return EXIT_OK


def _progress_on_stderr(request: ExportRequest) -> Callable[[int, int], bool]:
    """A briefing's pages as they are made: one line rewritten on a terminal, else a line
    at every tenth of the way (a log stays short)."""
    tty = sys.stderr.isatty()
    shown = [-1]

    def report(done: int, total: int) -> bool:
        tenth = done * 10 // total
        if tty:
            end = "\n" if done == total else ""
            print(f"\r{request.output.name}: page {done:,} of {total:,}", end=end, file=sys.stderr, flush=True)
        elif tenth != shown[0]:
            shown[0] = tenth
            print(f"{request.output.name}: page {done:,} of {total:,}", file=sys.stderr, flush=True)
        return True

    return report
