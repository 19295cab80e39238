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
from pathlib import Path
from xml.sax.saxutils import escape

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from tourmap.errors import TourError
from tourmap.files import write_atomic
from tourmap.formats._common import Draft, Imported, build_tour, iso_day, listing, route_lines, without_gc
from tourmap.loader import read_limited
from tourmap.model import Stop, Tour
from tourmap.topics import topic_sort_key

NAME = "kml"
EXTENSIONS = (".kml",)


@without_gc
def write(tour: Tour, path: str | os.PathLike[str]) -> list[str]:
    write_atomic(Path(path), dumps(tour))
    items = tour.agenda_count()
    warnings = [f"KML keeps agenda items only as description text: {items} items will not come back on import"] if items else []
    return [*warnings, "KML does not carry the tour's sources"]


def dumps(tour: Tour) -> bytes:
    """The document as text, written out directly: ElementTree's serializer took seconds
    for a tour of 10,000 stops. Every value goes through :func:`_text` (XML-escaped)."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n',
        f"<name>{escape(tour.title)}</name>\n",
    ]
    if tour.summary:
        out.append(f"<description>{escape(html.escape(tour.summary, quote=False))}</description>\n")
    out.append('<Style id="route"><LineStyle><color>ff2f6fd8</color><width>3</width></LineStyle></Style>\n<Folder>\n<name>Stops</name>\n')
    for number, stop in enumerate(tour.stops, 1):
        out.append(f"<Placemark>\n<name>{escape(stop.name)}</name>\n")
        out.append(f"<description>{escape(html.escape(_description(stop), quote=False))}</description>\n")
        if stop.arrive or stop.depart:
            begin = f"<begin>{stop.arrive.isoformat()}</begin>" if stop.arrive else ""
            end = f"<end>{stop.depart.isoformat()}</end>" if stop.depart else ""
            out.append(f"<TimeSpan>{begin}{end}</TimeSpan>\n")
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
        data = "".join(f'<Data name="{key}"><value>{escape(value)}</value></Data>' for key, value in values.items() if value is not None)
        out.append(f"<ExtendedData>{data}</ExtendedData>\n<Point><coordinates>{stop.lon!r},{stop.lat!r}</coordinates></Point>\n</Placemark>\n")
    out.append("</Folder>\n")
    lines = route_lines(tour.stops)
    if lines:
        strings = "".join(
            "<LineString><tessellate>1</tessellate><coordinates>" + " ".join(f"{lon},{lat}" for lon, lat in line) + "</coordinates></LineString>\n"
            for line in lines
        )
        geometry = f"<MultiGeometry>\n{strings}</MultiGeometry>\n" if len(lines) > 1 else strings
        out.append(f'<Placemark id="route">\n<name>Route</name>\n<styleUrl>#route</styleUrl>\n{geometry}</Placemark>\n')
    out.append("</Document>\n</kml>\n")
    return "".join(out).encode("utf-8")


def _description(stop: Stop) -> str:
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


# -- reading -----------------------------------------------------------------------------


def read(path: str | os.PathLike[str]) -> Tour:
    return load(path).tour


@without_gc
def load(path: str | os.PathLike[str]) -> Imported:
    path = Path(path)
    root = parse_xml(read_limited(path), path)
    namespace, _, name = root.tag.rpartition("}")
    if name != "kml":
        raise TourError(path, "", f"not KML: the document is <{name}>, not <kml>")
    tags = _Tags(namespace + "}" if namespace else "")
    document = next(root.iter(tags.Document), None)
    if document is None:
        document = next(root.iter(tags.Folder), None)
    drafts: list[Draft] = []
    others: list[str] = []
    for index, placemark in enumerate(root.iter(tags.Placemark), 1):
        where = f"Placemark {index}"
        point = placemark.find(f".//{tags.Point}")
        if point is None:
            if placemark.get("id") != "route":  # our own route: drawn from the stops again
                others.append(where)
            continue
        lon, lat = _coordinates(point.findtext(tags.coordinates), path, where)
        data = tags.extended(placemark)
        description = _stripped(placemark.findtext(tags.description))
        drafts.append(
            Draft(
                where=where,
                lat=lat,
                lon=lon,
                name=placemark.findtext(tags.name),
                id=data.get("id") or placemark.get("id"),  # GDAL writes a feature's id as the Placemark's
                city=data.get("city"),
                country=data.get("country"),
                venue=data.get("venue"),
                arrive=iso_day(data.get("arrive") or placemark.findtext(tags.begin) or placemark.findtext(tags.when)),
                depart=iso_day(data.get("depart") or placemark.findtext(tags.end)),
                # Ours (or GDAL's from our GeoJSON; a stop number in the data): the summary
                # is in the data, the description is made from it. Another tool's: the
                # description, as the text it is.
                summary=data.get("summary") if "number" in data else description,
            )
        )
    warnings = [f"left out, not points: {listing(others)}"] if others else []
    title = summary = None
    if document is not None:
        title = document.findtext(tags.name)
        summary = _stripped(document.findtext(tags.description))
    return build_tour(path, drafts, title=title, summary=html.unescape(summary) if summary else None, warnings=warnings)


class _Tags:
    """KML's element names in the document's own namespace (2.2, or Google's older ones),
    as ElementTree's find and iter take them."""

    def __init__(self, namespace: str) -> None:
        for name in ("Document", "Folder", "Placemark", "Point", "coordinates", "name", "description", "ExtendedData", "Data", "value", "SimpleData"):
            setattr(self, name, namespace + name)
        self.begin = f"{namespace}TimeSpan/{namespace}begin"
        self.end = f"{namespace}TimeSpan/{namespace}end"
        self.when = f"{namespace}TimeStamp/{namespace}when"

    Document: str
    Folder: str
    Placemark: str
    Point: str
    coordinates: str
    name: str
    description: str
    ExtendedData: str
    Data: str
    value: str
    SimpleData: str

    def extended(self, placemark: ET.Element) -> dict[str, str]:
        """ExtendedData as name -> text: ``<Data name><value>`` and ``<SimpleData name>``."""
        data: dict[str, str] = {}
        extended = placemark.find(self.ExtendedData)
        if extended is None:
            return data
        for element in extended.iter(self.Data):
            value = _stripped(element.findtext(self.value))
            if element.get("name") and value is not None:
                data[element.get("name", "")] = value
        for element in extended.iter(self.SimpleData):
            value = _stripped(element.text)
            if element.get("name") and value is not None:
                data[element.get("name", "")] = value
        return data


def _stripped(text: str | None) -> str | None:
    return text.strip() or None if text else None


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


def _coordinates(text: str | None, path: Path, where: str) -> tuple[object, object]:
    """KML's "lon,lat[,alt]" as numbers; TourError when it is not that."""
    parts = (text or "").split()
    values = parts[0].split(",") if parts else []
    try:
        lon, lat = float(values[0]), float(values[1])
    except (IndexError, ValueError):
        raise TourError(path, f"{where}, coordinates", f"a Point's coordinates are 'longitude,latitude', not {(text or '')[:40]!r}") from None
    return lon, lat
