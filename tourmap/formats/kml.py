"""KML 2.2, for Google Earth, Google My Maps, uMap and QGIS.

Written: the tour's title and summary on the Document; a folder "Stops" with a Placemark
per stop (its name, a description listing its agenda by topic, a TimeSpan from its dates,
and the stop's id and place as ExtendedData, which every reader above shows as a table),
and the route as a LineString of geodesic arcs (cut at the antimeridian). The description
is plain text, HTML-escaped, because Google Earth and My Maps read descriptions as HTML.
Agenda items cannot come back from a description: they are reported, not carried.

Read: every Placemark with a Point, at any depth of folders, with its name, description,
TimeSpan or TimeStamp and ExtendedData (``Data`` or GDAL's ``SchemaData``). The file is
parsed with defusedxml: a DTD's entities (billion laughs, external files) are refused
before anything they name is read.
"""

from __future__ import annotations

import html
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from tourmap.errors import TourError
from tourmap.files import write_atomic
from tourmap.formats._common import Draft, Imported, build_tour, iso_day, listing, route_lines
from tourmap.loader import read_limited
from tourmap.model import Stop, Tour
from tourmap.topics import topic_sort_key

NAME = "kml"
EXTENSIONS = (".kml",)

_NS = "http://www.opengis.net/kml/2.2"
#: ExtendedData written for each stop and read back (a file from another tool may hold any).
_FIELDS = ("id", "number", "city", "country", "venue", "arrive", "depart", "summary")


def write(tour: Tour, path: str | os.PathLike[str]) -> list[str]:
    write_atomic(Path(path), dumps(tour))
    items = tour.agenda_count()
    warnings = [f"KML keeps agenda items only as description text: {items} items will not come back on import"] if items else []
    return [*warnings, "KML does not carry the tour's sources"]


def dumps(tour: Tour) -> bytes:
    ET.register_namespace("", _NS)
    kml = ET.Element(_q("kml"))
    document = ET.SubElement(kml, _q("Document"))
    _sub(document, "name", tour.title)
    if tour.summary:
        _sub(document, "description", html.escape(tour.summary, quote=False))
    style = ET.SubElement(document, _q("Style"), id="route")
    line_style = ET.SubElement(style, _q("LineStyle"))
    _sub(line_style, "color", "ff2f6fd8")
    _sub(line_style, "width", "3")
    folder = ET.SubElement(document, _q("Folder"))
    _sub(folder, "name", "Stops")
    for number, stop in enumerate(tour.stops, 1):
        placemark = ET.SubElement(folder, _q("Placemark"))
        _sub(placemark, "name", stop.name)
        _sub(placemark, "description", html.escape(_description(tour, stop), quote=False))
        if stop.arrive or stop.depart:
            span = ET.SubElement(placemark, _q("TimeSpan"))
            if stop.arrive:
                _sub(span, "begin", stop.arrive.isoformat())
            if stop.depart:
                _sub(span, "end", stop.depart.isoformat())
        extended = ET.SubElement(placemark, _q("ExtendedData"))
        values = {
            "id": stop.id,
            "number": str(number),
            "city": stop.place.city,
            "country": stop.place.country,
            "venue": stop.place.venue,
            "arrive": stop.arrive.isoformat() if stop.arrive else None,
            "depart": stop.depart.isoformat() if stop.depart else None,
            "summary": stop.summary,
        }
        for key in _FIELDS:
            value = values[key]
            if value is not None:
                _sub(ET.SubElement(extended, _q("Data"), name=key), "value", value)
        point = ET.SubElement(placemark, _q("Point"))
        _sub(point, "coordinates", f"{stop.lon!r},{stop.lat!r}")
    lines = route_lines(tour.stops)
    if lines:
        route = ET.SubElement(document, _q("Placemark"), id="route")
        _sub(route, "name", "Route")
        _sub(route, "styleUrl", "#route")
        parent = ET.SubElement(route, _q("MultiGeometry")) if len(lines) > 1 else route
        for line in lines:
            string = ET.SubElement(parent, _q("LineString"))
            _sub(string, "tessellate", "1")
            _sub(string, "coordinates", " ".join(f"{lon},{lat}" for lon, lat in line))
    return ET.tostring(kml, encoding="utf-8", xml_declaration=True) + b"\n"


def _description(tour: Tour, stop: Stop) -> str:
    """The stop's place, dates, summary and agenda by topic, as plain text."""
    parts = [stop.place.label()]
    if stop.date_label():
        parts.append(stop.date_label())
    if stop.summary:
        parts.append(stop.summary)
    for topic in sorted({item.topic for item in stop.agenda}, key=topic_sort_key):
        lines = [f"{topic.capitalize()}:"]
        for item in stop.agenda:
            if item.topic == topic:
                lines.append(f"- {item.title} ({item.status.value})")
                if item.detail:
                    lines.append(f"  {item.detail}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _q(tag: str) -> str:
    return f"{{{_NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _q(tag))
    element.text = text
    return element


# -- reading -----------------------------------------------------------------------------


def read(path: str | os.PathLike[str]) -> Tour:
    return load(path).tour


def load(path: str | os.PathLike[str]) -> Imported:
    path = Path(path)
    root = parse_xml(read_limited(path), path)
    if _local(root.tag) != "kml":
        raise TourError(path, "", f"not KML: the document is <{_local(root.tag)}>, not <kml>")
    document = next((e for e in root.iter() if _local(e.tag) in ("Document", "Folder")), root)
    drafts: list[Draft] = []
    others: list[str] = []
    for index, placemark in enumerate((e for e in root.iter() if _local(e.tag) == "Placemark"), 1):
        where = f"Placemark {index}"
        point = next((e for e in placemark.iter() if _local(e.tag) == "Point"), None)
        if point is None:
            if placemark.get("id") != "route":  # our own route: drawn from the stops again
                others.append(where)
            continue
        lon, lat = _coordinates(_text_of(point, "coordinates"), path, where)
        data = _extended(placemark)
        span = _child(placemark, "TimeSpan")
        stamp = _child(placemark, "TimeStamp")
        description = _text_of(placemark, "description")
        drafts.append(
            Draft(
                where=where,
                lat=lat,
                lon=lon,
                name=_text_of(placemark, "name"),
                id=data.get("id") or placemark.get("id"),  # GDAL writes a feature's id as the Placemark's
                city=data.get("city"),
                country=data.get("country"),
                venue=data.get("venue"),
                arrive=iso_day(data.get("arrive") or _text_in(span, "begin") or _text_in(stamp, "when")),
                depart=iso_day(data.get("depart") or _text_in(span, "end")),
                # Ours (or GDAL's from our GeoJSON; a stop number in the data): the summary
                # is in the data, the description is made from it. Another tool's: the
                # description, as the text it is.
                summary=data.get("summary") if "number" in data else description,
            )
        )
    warnings = [f"left out, not points: {listing(others)}"] if others else []
    return build_tour(path, drafts, title=_text_of(document, "name"), summary=_summary(document), warnings=warnings)


def _summary(document: ET.Element) -> str | None:
    text = _text_of(document, "description")
    return html.unescape(text) if text else None


def parse_xml(data: bytes, path: Path) -> ET.Element:
    """The document's root, or TourError: bad XML with its line, or any entity declared."""
    try:
        root: ET.Element = fromstring(data)
    except DefusedXmlException as error:
        raise TourError(path, "", f"refused: the XML declares entities ({type(error).__name__}); nothing they point to was read") from None
    except ET.ParseError as error:
        line, column = error.position
        raise TourError(path, f"{line}:{column + 1}", f"invalid XML: {str(error).split(':')[0]}") from None
    return root


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((e for e in element if _local(e.tag) == name), None)


def _children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (e for e in element.iter() if _local(e.tag) == name)


def _text_of(element: ET.Element, name: str) -> str | None:
    child = _child(element, name)
    return child.text.strip() if child is not None and child.text and child.text.strip() else None


def _text_in(element: ET.Element | None, name: str) -> str | None:
    return _text_of(element, name) if element is not None else None


def _extended(placemark: ET.Element) -> dict[str, str]:
    """ExtendedData as name -> text: ``<Data name><value>`` and ``<SimpleData name>``."""
    data: dict[str, str] = {}
    extended = _child(placemark, "ExtendedData")
    if extended is None:
        return data
    for element in _children(extended, "Data"):
        value = _text_of(element, "value")
        if element.get("name") and value is not None:
            data[element.get("name", "")] = value
    for element in _children(extended, "SimpleData"):
        if element.get("name") and element.text and element.text.strip():
            data[element.get("name", "")] = element.text.strip()
    return data


def _coordinates(text: str | None, path: Path, where: str) -> tuple[object, object]:
    """KML's "lon,lat[,alt]" as numbers; TourError when it is not that."""
    parts = (text or "").split()
    values = parts[0].split(",") if parts else []
    try:
        lon, lat = float(values[0]), float(values[1])
    except (IndexError, ValueError):
        raise TourError(path, f"{where}, coordinates", f"a Point's coordinates are 'longitude,latitude', not {(text or '')[:40]!r}") from None
    return lon, lat
