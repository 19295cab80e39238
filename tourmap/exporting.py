"""What an export is asked to do, checked before any rendering starts (no Qt here).

A request that fails these checks never starts Qt and never touches OUT.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tourmap.errors import TourError

if TYPE_CHECKING:
    from tourmap.model import Tour

FORMATS: dict[str, str] = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".pdf": "pdf", ".svg": "svg"}
DEFAULT_SIZE = (1600, 1000)
#: CSS pixels per inch: a map laid out at W x H CSS pixels prints at W/96 x H/96 inches.
CSS_DPI = 96
#: Chromium's compositor refuses larger surfaces; keep well inside it.
MAX_PIXELS_PER_SIDE = 12_000
#: Width of the agenda column beside the map in a briefing image, in CSS pixels.
BRIEFING_PANEL_WIDTH = 440
#: A briefing longer than this many pages is refused on the command line and needs a
#: confirmation in the window (at ten pages a second, a thousand pages take two minutes).
BRIEFING_PAGE_LIMIT = 1000


def briefing_pages(tour: Tour) -> int:
    """A cover, then a page per stop."""
    return len(tour.stops) + 1

What = Literal["map", "briefing"]


@dataclass(frozen=True)
class Paper:
    """A sheet: its name as Qt's QPageSize knows it and its size in millimetres, as printed."""

    name: Literal["A4", "Letter"]
    width_mm: float
    height_mm: float

    @property
    def label(self) -> str:
        shape = "landscape" if self.width_mm > self.height_mm else "portrait"
        return f"{self.name} {shape} ({self.width_mm:g} × {self.height_mm:g} mm)"

    def pixels(self, dpi: int) -> tuple[int, int]:
        return round(self.width_mm / 25.4 * dpi), round(self.height_mm / 25.4 * dpi)


@dataclass(frozen=True)
class Preset:
    """A named output size: screen presets in CSS pixels, print presets on paper at a resolution."""

    name: str
    size: tuple[int, int]  # CSS pixels the map is laid out at
    scale: int = 1
    dpi: int | None = None  # None: 96 per CSS pixel (the screen's)
    paper: Paper | None = None

    @property
    def label(self) -> str:
        if self.paper:
            return f"{self.name}: {self.paper.label}, {self.dpi} dpi"
        return f"{self.name}: {self.size[0]} × {self.size[1]}"


def _print_preset(name: str, paper: Paper, dpi: int = 300, scale: int = 3) -> Preset:
    """Laid out at the CSS size that, ``scale`` times sharper, covers the sheet at ``dpi``
    (the few pixels over are cropped): type and markers print at the size they have on screen."""
    w, h = paper.pixels(dpi)
    return Preset(name, (-(-w // scale), -(-h // scale)), scale, dpi, paper)


A4_LANDSCAPE = Paper("A4", 297, 210)
LETTER_LANDSCAPE = Paper("Letter", 279.4, 215.9)
PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("social", (1200, 675)),
        Preset("slide", (1920, 1080)),
        _print_preset("a4-landscape", A4_LANDSCAPE),
        _print_preset("a4-portrait", Paper("A4", 210, 297)),
        _print_preset("letter-landscape", LETTER_LANDSCAPE),
        _print_preset("letter-portrait", Paper("Letter", 215.9, 279.4)),
    )
}


@dataclass(frozen=True)
class ExportRequest:
    output: Path
    size: tuple[int, int] = DEFAULT_SIZE
    scale: int = 1
    stop: str | None = None
    what: What | None = None  # None: a briefing for PDF, the map for images
    title: str | None = None
    #: Print presets: the sheet a PDF page has and an image covers exactly at ``dpi``.
    paper: Paper | None = None
    dpi: int | None = None  # None: 96 per CSS pixel
    labels: bool = True
    inset: bool = False
    #: The window's view as its page reports it (JSON text: bounds, layers, selection,
    #: filter); None frames the whole tour, or ``stop``.
    view: str | None = None

    @classmethod
    def from_preset(cls, output: Path, preset: Preset, **fields: object) -> ExportRequest:
        return cls(output=output, size=preset.size, scale=preset.scale, paper=preset.paper, dpi=preset.dpi, **fields)  # type: ignore[arg-type]

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
        if self.paper:
            return self.paper.pixels(self.resolution)
        return self.size[0] * self.scale, self.size[1] * self.scale

    @property
    def resolution(self) -> int:
        """Dots per inch an image records (PNG pHYs, JPEG density)."""
        return self.dpi or CSS_DPI * self.scale


def check_request(tour: Tour, request: ExportRequest) -> ExportRequest:
    """Every way the request can be wrong, as a TourError naming the culprit."""
    out = request.output
    if out.suffix.lower() not in FORMATS:
        shown = out.suffix or "no extension"
        raise TourError(out, "", f"unknown image format {shown!r}; use .png, .jpg, .jpeg, .svg or .pdf")
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
    if request.format == "svg" and request.kind == "briefing":
        raise TourError(out, "", "a briefing is a PDF or an image (.pdf, .png, .jpg); an SVG holds the map only")
    if request.stop is not None and request.stop not in tour.stop_index:
        known = ", ".join(s.id for s in tour.stops[:12]) + (", …" if len(tour.stops) > 12 else "")
        raise TourError("--stop", "", f"no stop with id {request.stop!r} in this tour (stops: {known})")
    title = request.title.strip() if request.title else None
    return replace(request, title=title or None)
