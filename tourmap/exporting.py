"""What an export is asked to do, checked before any rendering starts (no Qt here).

A request that fails these checks never starts Qt and never touches OUT.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from tourmap.errors import TourError
from tourmap.model import Tour

FORMATS: dict[str, str] = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".pdf": "pdf"}
DEFAULT_SIZE = (1600, 1000)
#: Chromium's compositor refuses larger surfaces; keep well inside it.
MAX_PIXELS_PER_SIDE = 12_000
#: Width of the agenda column beside the map in a briefing image, in CSS pixels.
BRIEFING_PANEL_WIDTH = 440

What = Literal["map", "briefing"]


@dataclass(frozen=True)
class ExportRequest:
    output: Path
    size: tuple[int, int] = DEFAULT_SIZE
    scale: int = 1
    stop: str | None = None
    what: What | None = None  # None: a briefing for PDF, the map for images
    title: str | None = None

    @property
    def format(self) -> str:
        return FORMATS[self.output.suffix.lower()]

    @property
    def kind(self) -> What:
        if self.what:
            return self.what
        return "briefing" if self.format == "pdf" else "map"

    @property
    def pixel_size(self) -> tuple[int, int]:
        return self.size[0] * self.scale, self.size[1] * self.scale


def check_request(tour: Tour, request: ExportRequest) -> ExportRequest:
    """Every way the request can be wrong, as a TourError naming the culprit."""
    out = request.output
    if out.suffix.lower() not in FORMATS:
        shown = out.suffix or "no extension"
        raise TourError(out, "", f"unknown image format {shown!r}; use .png, .jpg, .jpeg or .pdf")
    if out.is_dir():
        raise TourError(out, "", "is a directory; give a file name")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise TourError(out, "", f"folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise TourError(out, "", f"folder {str(folder)!r} is not writable")
    if out.exists() and not os.access(out, os.W_OK):
        raise TourError(out, "", "exists and is not writable")
    if request.scale not in (1, 2, 3):
        raise TourError("--scale", "", f"scale must be 1, 2 or 3, got {request.scale}")
    w, h = request.pixel_size
    if max(w, h) > MAX_PIXELS_PER_SIDE:
        raise TourError("--size", "", f"{w}x{h} pixels at scale {request.scale} is larger than {MAX_PIXELS_PER_SIDE} pixels a side")
    if request.kind == "briefing" and request.format != "pdf" and request.size[0] < BRIEFING_PANEL_WIDTH + 300:
        raise TourError("--size", "", f"a briefing image needs a width of at least {BRIEFING_PANEL_WIDTH + 300} pixels")
    if request.stop is not None and request.stop not in tour.stop_index:
        known = ", ".join(s.id for s in tour.stops[:12]) + (", …" if len(tour.stops) > 12 else "")
        raise TourError("--stop", "", f"no stop with id {request.stop!r} in this tour (stops: {known})")
    title = request.title.strip() if request.title else None
    return replace(request, title=title or None)
