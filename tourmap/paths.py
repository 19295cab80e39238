"""Where the shipped data lives, in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The resources folder: ``tourmap/_data`` in a wheel, ``resources/`` in a checkout."""
    for candidate in (_PACKAGE / "_data", _PACKAGE.parent / "resources"):
        if (candidate / "tours").is_dir():
            return candidate
    raise FileNotFoundError("tourmap's resources are missing; reinstall the package")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def bundled_tour() -> Path:
    return resource("tours", "asia-2025-10.json")


def web_dir() -> Path:
    return resource("web")
