"""The basemap as the page draws it: Natural Earth land and borders, baked once.

world-atlas ships Natural Earth as TopoJSON. Turning that into lines costs the page a JSON
parse, a TopoJSON decode and a projection of every point each time it starts, on the
thread that paints the first frames. The bake does it here, once, into a small binary file
per level (``resources/basemap/land-110m.bin``, ``land-50m.bin``) that the page maps
straight into typed arrays. ``make basemap`` (``python -m tourmap.page.basemap``) writes
them; a test fails when they drift from the TopoJSON they come from.

File layout, little-endian: ``b"TMB1"``, then uint32 ``rings``, ``lines``, ``points``;
uint32 ``starts[rings + lines + 1]`` (offsets of each ring, then each border line, into
the points); float32 ``xy[2 * points]``: Web Mercator in world units (x and y in 0..1 over
the world, y down, as Leaflet's EPSG:3857 at zoom 0 divided by 256). Rings and lines are
continuous across the antimeridian: where Natural Earth steps from 180 to -180 degrees,
the points go on past 180 (x > 1) instead, and the page draws world copies.
"""

from __future__ import annotations

import json
import math
import struct
import sys
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

MAGIC = b"TMB1"
#: Level name -> (TopoJSON source, baked file), both under resources/basemap.
LEVELS = {"110m": ("countries-110m.json", "land-110m.bin"), "50m": ("countries-50m.json", "land-50m.bin")}

_MAX_LATITUDE = 85.0511287798  # Leaflet's SphericalMercator.MAX_LATITUDE

Point = tuple[float, float]


def bake(topology: dict[str, Any]) -> bytes:
    """The binary basemap of a world-atlas ``countries`` topology."""
    arcs = _decode_arcs(topology)
    rings = [_continuous(_stitch(arcs, ring)) for ring in _rings(topology["objects"]["land"])]
    borders = [_continuous(_stitch(arcs, [i])) for i in _shared_arcs(topology["objects"]["countries"])]
    lines = rings + borders
    starts = array("I", [0])
    xy = array("f")
    for line in lines:
        for lon, lat in line:
            xy.extend(_mercator(lon, lat))
        starts.append(len(xy) // 2)
    for part in (starts, xy):
        if sys.byteorder != "little":
            part.byteswap()
    return MAGIC + struct.pack("<III", len(rings), len(borders), len(xy) // 2) + starts.tobytes() + xy.tobytes()


def _decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Absolute coordinates of every arc (TopoJSON stores quantized deltas)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _stitch(arcs: list[list[Point]], indexes: Iterable[int]) -> list[Point]:
    """One ring or line from arc indexes; ``~i`` is arc ``i`` backwards (as topojson-client)."""
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        if points:
            points.pop()  # each arc starts where the one before ended
        points.extend(arc)
    return points


def _geometries(geometry: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if geometry.get("type") == "GeometryCollection":
        for child in geometry["geometries"]:
            yield from _geometries(child)
    else:
        yield geometry


def _polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    kind = geometry.get("type")
    return [geometry["arcs"]] if kind == "Polygon" else geometry["arcs"] if kind == "MultiPolygon" else []


def _rings(land: dict[str, Any]) -> Iterator[list[int]]:
    for geometry in _geometries(land):
        for polygon in _polygons(geometry):
            yield from polygon


def _shared_arcs(countries: dict[str, Any]) -> list[int]:
    """The arcs two different countries share: borders, not coasts (topojson-client's
    ``mesh(topology, countries, (a, b) => a !== b)``, each arc a line of its own)."""
    users: dict[int, list[tuple[int, int]]] = {}
    for number, geometry in enumerate(_geometries(countries)):
        for polygon in _polygons(geometry):
            for ring in polygon:
                for index in ring:
                    users.setdefault(index if index >= 0 else ~index, []).append((number, index))
    return [uses[0][1] for _, uses in sorted(users.items()) if uses[0][0] != uses[-1][0]]


def _continuous(points: list[Point]) -> list[Point]:
    """The same line, its longitudes unwrapped where it steps across the antimeridian."""
    out: list[Point] = []
    offset = 0.0
    for i, (lon, lat) in enumerate(points):
        if i:
            step = lon + offset - out[-1][0]
            if step > 180:
                offset -= 360
            elif step < -180:
                offset += 360
        out.append((lon + offset, lat))
    return out


def _mercator(lon: float, lat: float) -> Point:
    sin = math.sin(math.radians(max(-_MAX_LATITUDE, min(_MAX_LATITUDE, lat))))
    return lon / 360 + 0.5, 0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)


def bake_all(folder: Path) -> dict[Path, bytes]:
    """Every level's baked file (path -> contents) from the TopoJSON in ``folder``."""
    return {folder / target: bake(json.loads((folder / source).read_text(encoding="utf-8"))) for source, target in LEVELS.values()}


def main() -> int:
    from tourmap.files import write_atomic
    from tourmap.paths import resource

    for path, data in bake_all(resource("basemap")).items():
        write_atomic(path, data)
        print(f"{path}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
