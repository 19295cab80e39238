"""The tour file itself (tourmap/1 JSON), so that every conversion has both ends here."""

from __future__ import annotations

import os

from tourmap.formats._common import Imported
from tourmap.loader import load_tour, save_tour
from tourmap.model import Tour

NAME = "tour"
EXTENSIONS = (".json",)


def read(path: str | os.PathLike[str]) -> Tour:
    return load_tour(path)


def load(path: str | os.PathLike[str]) -> Imported:
    return Imported(load_tour(path))


def write(tour: Tour, path: str | os.PathLike[str]) -> list[str]:
    save_tour(tour, path)
    return []
