"""The app's own URL scheme, ``tourmap://app/``, serving the generated page and resources.

A custom scheme instead of ``setHtml`` (capped at 2 MB) or ``file://`` (no ``fetch``):
pages of any size, one origin for the page and its data, nothing reachable outside the
resources folder. Qt requires the scheme to be registered before the ``QApplication``
exists, so importing this module registers it.
"""

from __future__ import annotations

import itertools
import mimetypes
from collections import OrderedDict
from pathlib import Path

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


def register_scheme() -> None:
    """Idempotent; must run before the QApplication is created."""
    if QWebEngineUrlScheme.schemeByName(SCHEME).name() == SCHEME:
        return
    scheme = QWebEngineUrlScheme(SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    Flag = QWebEngineUrlScheme.Flag
    scheme.setFlags(Flag.SecureScheme | Flag.LocalScheme | Flag.LocalAccessAllowed | Flag.CorsEnabled | Flag.FetchApiAllowed)
    QWebEngineUrlScheme.registerScheme(scheme)


register_scheme()


class AppSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves generated pages from memory and static files from ``resources/``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pages: OrderedDict[str, bytes] = OrderedDict()
        self._counter = itertools.count(1)
        self._root = resources_dir().resolve()
        self._cache: dict[str, tuple[bytes, bytes]] = {}

    def publish(self, html: str, stem: str = "map") -> QUrl:
        """Make ``html`` loadable and return its URL (unique, so reloads are never stale)."""
        name = f"{stem}-{next(self._counter)}.html"
        self._pages[name] = html.encode("utf-8")
        while len(self._pages) > _KEEP_PAGES:
            self._pages.popitem(last=False)
        return QUrl(BASE_URL + name)

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 (Qt name)
        url = job.requestUrl()
        if url.host() != HOST or job.requestMethod() not in (b"GET", QByteArray(b"GET")):
            job.fail(QWebEngineUrlRequestJob.Error.RequestDenied)
            return
        path = url.path().lstrip("/")
        found = self._lookup(path)
        if found is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        mime, data = found
        buffer = QBuffer(job)
        buffer.setData(data)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(mime, buffer)

    def _lookup(self, path: str) -> tuple[bytes, bytes] | None:
        if path in self._pages:
            return b"text/html; charset=utf-8", self._pages[path]
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
            mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if mime.startswith("text/") or mime in ("application/javascript", "application/json"):
                mime += "; charset=utf-8"
            found = (mime.encode(), target.read_bytes())
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
