"""The app's own URL scheme, ``tourmap://app/``, serving the generated page and resources.

A custom scheme instead of ``setHtml`` (capped at 2 MB) or ``file://`` (no ``fetch``):
pages of any size, one origin for the page and its data, nothing reachable outside the
resources folder. Qt requires the scheme to be registered before the ``QApplication``
exists, so importing this module registers it.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from pathlib import Path

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QFile, QIODevice, QObject, QUrl
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from tourmap.paths import resources_dir

SCHEME = b"tourmap"
HOST = "app"
BASE_URL = f"{SCHEME.decode()}://{HOST}/"

#: URL path prefix -> folder under resources/.
_ROOTS = {"vendor/": "web/vendor", "basemap/": "basemap", "": "web"}
_QWEBCHANNEL = ":/qtwebchannel/qwebchannel.js"
_KEEP_PAGES = 8
#: What the page loads from resources/ (the mimetypes module reads the system's tables
#: on first use, 8 ms of start-up on the thread that serves the page).
_MIME_TYPES = {
    ".html": b"text/html; charset=utf-8",
    ".js": b"application/javascript; charset=utf-8",
    ".css": b"text/css; charset=utf-8",
    ".json": b"application/json; charset=utf-8",
    ".svg": b"image/svg+xml",
    ".png": b"image/png",
}


def register_scheme() -> None:
    """Idempotent; must run before the QApplication is created."""
    if QWebEngineUrlScheme.schemeByName(SCHEME).name() == SCHEME:
        return
    scheme = QWebEngineUrlScheme(SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    flag = QWebEngineUrlScheme.Flag
    scheme.setFlags(flag.SecureScheme | flag.LocalScheme | flag.LocalAccessAllowed | flag.CorsEnabled | flag.FetchApiAllowed)
    QWebEngineUrlScheme.registerScheme(scheme)


register_scheme()


class AppSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves generated pages from memory and static files from ``resources/``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Generated documents by name: (mime, bytes), or (mime, None) while still being made.
        self._pages: OrderedDict[str, tuple[bytes, bytes | None]] = OrderedDict()
        self._waiting: dict[str, list[QWebEngineUrlRequestJob]] = {}
        self._counter = itertools.count(1)
        self._root = resources_dir().resolve()
        self._cache: dict[str, tuple[bytes, bytes]] = {}

    def publish(self, html: str, stem: str = "map") -> QUrl:
        """Make ``html`` loadable and return its URL (unique, so reloads are never stale)."""
        name = self._add(f"{stem}-{next(self._counter)}.html", b"text/html; charset=utf-8", html.encode("utf-8"))
        return QUrl(BASE_URL + name)

    def reserve(self, stem: str = "map") -> str:
        """A JSON document's name (relative URL) before its bytes exist.

        The page can ask for it at once; the request waits until :meth:`fulfil`. This is
        how the map page starts loading while the tour is still being read.
        """
        return self._add(f"{stem}-{next(self._counter)}.json", b"application/json; charset=utf-8", None)

    def fulfil(self, name: str, data: bytes) -> None:
        """Give a reserved name its bytes and answer the requests waiting for them."""
        if name not in self._pages:
            return  # dropped meanwhile: its page is long gone
        mime, _ = self._pages[name]
        self._pages[name] = (mime, data)
        for job in self._waiting.pop(name, []):
            if shiboken6.isValid(job):  # the page may have been closed while it waited
                self._reply(job, mime, data)

    def _add(self, name: str, mime: bytes, data: bytes | None) -> str:
        self._pages[name] = (mime, data)
        # The oldest documents go; a reserved one stays until it has its bytes (its page
        # may not have asked for it yet).
        done = [key for key, (_, body) in self._pages.items() if body is not None]
        for key in done[: max(0, len(self._pages) - _KEEP_PAGES)]:
            del self._pages[key]
        return name

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 (Qt name)
        url = job.requestUrl()
        if url.host() != HOST or job.requestMethod() not in (b"GET", QByteArray(b"GET")):
            job.fail(QWebEngineUrlRequestJob.Error.RequestDenied)
            return
        path = url.path().lstrip("/")
        if path in self._pages and self._pages[path][1] is None:
            self._waiting.setdefault(path, []).append(job)  # answered by fulfil()
            return
        found = self._lookup(path)
        if found is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        self._reply(job, *found)

    @staticmethod
    def _reply(job: QWebEngineUrlRequestJob, mime: bytes, data: bytes) -> None:
        buffer = QBuffer(job)
        buffer.setData(data)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(mime, buffer)

    def _lookup(self, path: str) -> tuple[bytes, bytes] | None:
        if path in self._pages:
            mime, data = self._pages[path]
            return (mime, data) if data is not None else None
        if path in self._cache:
            return self._cache[path]
        if path == "qwebchannel.js":
            file = QFile(_QWEBCHANNEL)
            if not file.open(QIODevice.OpenModeFlag.ReadOnly):
                return None
            found = (b"application/javascript", bytes(file.readAll().data()))
        else:
            target = self._resolve(path)
            if target is None:
                return None
            found = (_MIME_TYPES.get(target.suffix.lower(), b"application/octet-stream"), target.read_bytes())
        self._cache[path] = found
        return found

    def _resolve(self, path: str) -> Path | None:
        for prefix, folder in _ROOTS.items():
            if path.startswith(prefix):
                base = (self._root / folder).resolve()
                target = (base / path[len(prefix):]).resolve()
                # Nothing outside the resource folders, whatever the URL says.
                if target.is_relative_to(base) and target.is_file():
                    return target
                return None
        return None


_profile: QWebEngineProfile | None = None
_handler: AppSchemeHandler | None = None


def app_profile() -> tuple[QWebEngineProfile, AppSchemeHandler]:
    """One off-the-record profile for every view: no cache on disk, one scheme handler."""
    global _profile, _handler
    if _profile is None or _handler is None:
        app = QCoreApplication.instance()
        _profile = QWebEngineProfile(app)  # no storage name: off the record
        _handler = AppSchemeHandler(_profile)
        _profile.installUrlSchemeHandler(SCHEME, _handler)
    return _profile, _handler
