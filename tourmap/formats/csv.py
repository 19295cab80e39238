"""CSV: a spreadsheet of stops, in and out.

Written: one row per stop (number, id, name, city, country, lat, lon, arrive, depart, items)
or, asked for, one row per agenda item (the stop's columns, then the item's). UTF-8 with a
byte-order mark and CRLF, as spreadsheets expect; tabs between cells in a .tsv file.

Read in two steps, so that a window can show what will happen before it does:
:func:`open_sheet` finds the columns (names matched loosely: lat / latitude / y, lon / lng /
long / longitude / x, name / place / city, country, date / arrive / depart, ...), the
delimiter (comma, semicolon or tab) and the rows; :func:`resolve` looks up the rows that
have a place name and no coordinates in a gazetteer. A row whose name matches no place, or
more than one, is not guessed: it is listed (:class:`Unsettled`) for the person to settle
by picking a candidate or leaving the row out, and :func:`build` refuses while any is left.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from tourmap.errors import TourError
from tourmap.files import write_atomic
from tourmap.formats._common import Draft, Imported, build_tour, iso_day, without_gc
from tourmap.loader import read_limited
from tourmap.model import Tour

NAME = "csv"
EXTENSIONS = (".csv", ".tsv")

STOP_COLUMNS = ("number", "id", "name", "city", "country", "lat", "lon", "arrive", "depart", "items")
ITEM_COLUMNS = ("topic", "title", "status", "detail", "parties", "source", "cited", "figures", "quote")

#: Field -> the column names it is found under, first match wins (compared without case,
#: spaces or punctuation). A name column doubles as the city when there is no city column.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "lng", "long", "longitude", "x"),
    "name": ("name", "place", "city", "stop", "location"),
    "city": ("city", "town", "place"),
    "country": ("country", "countrycode", "countryname"),
    "venue": ("venue",),
    "id": ("id", "stopid"),
    "arrive": ("arrive", "arrival", "date", "start", "startdate"),
    "depart": ("depart", "departure", "end", "enddate", "until"),
    "summary": ("summary", "description", "notes", "note"),
}
#: Columns our own export writes that are worked out again, not read.
_DERIVED = {"number", "items"}


class Place(Protocol):
    """What the gazetteer gives (tourmap.places.Place has these and more)."""

    @property
    def name(self) -> str: ...
    @property
    def country_code(self) -> str: ...
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...


Lookup = Callable[[str], Sequence[Place]]


# -- writing -----------------------------------------------------------------------------


@without_gc
def write(tour: Tour, path: str | os.PathLike[str], *, agenda_rows: bool = False) -> list[str]:
    delimiter = "\t" if Path(path).suffix.lower() == ".tsv" else ","
    write_atomic(Path(path), dumps(tour, agenda_rows=agenda_rows, delimiter=delimiter).encode("utf-8-sig"))
    lost = ["summaries", "venues", "sources"]
    if not agenda_rows and tour.agenda_count():
        lost.insert(0, f"{tour.agenda_count()} agenda items (only their count; ask for one row per item)")
    return [f"CSV does not carry {', '.join(lost)}"]


def dumps(tour: Tour, *, agenda_rows: bool = False, delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(STOP_COLUMNS + ITEM_COLUMNS if agenda_rows else STOP_COLUMNS)
    for number, stop in enumerate(tour.stops, 1):
        row = [
            number,
            stop.id,
            stop.name,
            stop.place.city,
            stop.place.country,
            stop.lat,
            stop.lon,
            stop.arrive.isoformat() if stop.arrive else "",
            stop.depart.isoformat() if stop.depart else "",
            len(stop.agenda),
        ]
        if not agenda_rows:
            writer.writerow(row)
            continue
        if not stop.agenda:
            writer.writerow(row)  # the stop still has its row
        for item in stop.agenda:
            writer.writerow(
                row
                + [
                    item.topic,
                    item.title,
                    item.status.value,
                    item.detail or "",
                    "; ".join(item.parties),
                    item.source,
                    item.cited or "",
                    "; ".join(f"{f.label}: {f.display()}" for f in item.figures),
                    f"“{item.quote.text}” ({item.quote.by})" if item.quote else "",
                ]
            )
    return out.getvalue()


# -- reading -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One data row: its first line in the file and its cells by field (only those with text)."""

    line: int
    cells: dict[str, str]

    @property
    def has_coordinates(self) -> bool:
        return "lat" in self.cells or "lon" in self.cells

    @property
    def query(self) -> str:
        """What the gazetteer is asked for: the name, with the country when the row gives one."""
        name = self.cells.get("city") or self.cells.get("name", "")
        return f"{name}, {self.cells['country']}" if "country" in self.cells else name


@dataclass(frozen=True)
class Sheet:
    """A CSV file read, not yet a tour: the columns found and the rows."""

    path: Path
    delimiter: str
    headers: tuple[str, ...]
    #: field -> index of the column it is read from
    mapping: dict[str, int]
    rows: tuple[Row, ...]
    #: columns read for nothing (reported)
    unused: tuple[str, ...] = ()

    def needing_places(self) -> list[Row]:
        return [row for row in self.rows if not row.has_coordinates]


@dataclass(frozen=True)
class Unsettled:
    """A row without coordinates whose name the gazetteer does not settle."""

    line: int
    query: str
    candidates: tuple[Place, ...] = ()

    def reason(self) -> str:
        if not self.candidates:
            return f"no coordinates, and {self.query!r} is not in the gazetteer: give lat and lon"
        shown = "; ".join(f"{_label(c)} ({c.lat:.2f}, {c.lon:.2f})" for c in self.candidates[:4])
        more = f"; and {len(self.candidates) - 4} more" if len(self.candidates) > 4 else ""
        return f"no coordinates, and {self.query!r} could be {len(self.candidates)} places ({shown}{more}): give lat and lon"


@dataclass(frozen=True)
class Resolution:
    found: dict[int, Place] = field(default_factory=dict)
    unsettled: tuple[Unsettled, ...] = ()


class UnsettledRows(TourError):
    """Rows left to settle; ``str()`` names the first, :meth:`lines` each one."""

    def __init__(self, path: Path, rows: Sequence[Unsettled]) -> None:
        self.rows = tuple(rows)
        first, *rest = self.rows
        more = [(f"line {row.line}", f"line {row.line}", row.reason()) for row in rest]
        super().__init__(path, f"line {first.line}", first.reason(), more=more)


def read(path: str | os.PathLike[str]) -> Tour:
    return load(path).tour


@without_gc
def load(path: str | os.PathLike[str], *, lookup: Lookup | None = None) -> Imported:
    """The file as a tour, rows without coordinates looked up (the offline gazetteer unless
    ``lookup`` is given); UnsettledRows when any row is not settled."""
    sheet = open_sheet(path)
    resolution = resolve(sheet, lookup or default_lookup)
    if resolution.unsettled:
        raise UnsettledRows(sheet.path, resolution.unsettled)
    return build(sheet, places=resolution.found)


def default_lookup(query: str) -> Sequence[Place]:
    """The offline gazetteer (built in the cache folder on its first use)."""
    from tourmap.places import search

    found: Sequence[Place] = search(query, limit=10)
    return found


def open_sheet(path: str | os.PathLike[str]) -> Sheet:
    path = Path(path)
    text = _decode(read_limited(path), path)
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        raise TourError(path, "line 1", "the file is empty")
    delimiter = max(",;\t", key=lambda d: _count_outside_quotes(first, d))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(row for row in reader if any(cell.strip() for cell in row))
        mapping = _match_columns(headers)
        if "name" not in mapping and "lat" not in mapping:
            found = ", ".join(repr(h) for h in headers[:8])
            raise TourError(path, f"line {reader.line_num}", f"no column of names or coordinates (name, city, lat, lon...); found {found}")
        if ("lat" in mapping) != ("lon" in mapping):
            raise TourError(path, f"line {reader.line_num}", "a latitude column needs a longitude column, and the other way round")
        rows = []
        start = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append(_row(cells, headers, mapping, start, path))
            start = reader.line_num + 1
    except csv.Error as error:
        raise TourError(path, f"line {reader.line_num}", f"invalid CSV: {error}") from None
    used = set(mapping.values())
    unused = tuple(h for i, h in enumerate(headers) if i not in used and _key(h) not in _DERIVED and h.strip())
    return Sheet(path, delimiter, tuple(headers), mapping, tuple(rows), unused)


def resolve(sheet: Sheet, lookup: Lookup) -> Resolution:
    """Rows without coordinates, each settled by exactly one gazetteer place of its name."""
    found: dict[int, Place] = {}
    unsettled: list[Unsettled] = []
    answers: dict[str, tuple[Place, ...]] = {}
    for row in sheet.needing_places():
        query = row.query
        if not query:
            unsettled.append(Unsettled(row.line, "", ()))
            continue
        if query not in answers:
            answers[query] = tuple(lookup(query))
        candidates = answers[query]
        wanted = _fold(row.cells.get("city") or row.cells.get("name", ""))
        exact = [c for c in candidates if wanted in (_fold(c.name), _fold(getattr(c, "ascii_name", c.name)))]
        if len(exact) == 1:
            found[row.line] = exact[0]
        else:
            unsettled.append(Unsettled(row.line, query, tuple(exact or candidates)))
    return Resolution(found, tuple(unsettled))


def build(sheet: Sheet, *, places: Mapping[int, Place] | None = None, skip: Collection[int] = ()) -> Imported:
    """The sheet as a tour: ``places`` settles rows without coordinates (by line), rows in
    ``skip`` are left out; UnsettledRows for a row without coordinates that neither covers."""
    places = places or {}
    missing = [Unsettled(row.line, row.query) for row in sheet.needing_places() if row.line not in places and row.line not in skip]
    if missing:
        raise UnsettledRows(sheet.path, missing)
    drafts = []
    for row in sheet.rows:
        if row.line in skip:
            continue
        cells = row.cells
        where = f"line {row.line}"
        place = places.get(row.line)
        if place is not None:
            lat: Any = place.lat
            lon: Any = place.lon
            country = cells.get("country") or getattr(place, "country", None) or place.country_code
        else:
            lat, lon = _number(cells.get("lat"), sheet.path, where, "lat"), _number(cells.get("lon"), sheet.path, where, "lon")
            country = cells.get("country")
        drafts.append(
            Draft(
                where=where,
                lat=lat,
                lon=lon,
                name=cells.get("name") or (place.name if place is not None else None),
                id=cells.get("id"),
                city=cells.get("city"),
                country=country,
                venue=cells.get("venue"),
                arrive=iso_day(cells.get("arrive")),
                depart=iso_day(cells.get("depart")),
                summary=cells.get("summary"),
            )
        )
    warnings = []
    if sheet.unused:
        warnings.append(f"columns not read: {', '.join(sheet.unused[:10])}")
    if skip:
        warnings.append(f"rows left out: {', '.join(f'line {n}' for n in sorted(skip)[:10])}")
    found = [f"line {line} ({p.name}, {p.country_code})" for line, p in sorted(places.items()) if line not in skip]
    if found:
        warnings.append(f"coordinates from the gazetteer: {', '.join(found[:10])}{' …' if len(found) > 10 else ''}")
    return build_tour(sheet.path, drafts, title=None, warnings=warnings)


def _label(place: Place) -> str:
    """The gazetteer's own label ("Paris, Texas, United States") where it has one."""
    label = getattr(place, "label", None)
    return str(label()) if callable(label) else f"{place.name}, {place.country_code}"


def _decode(data: bytes, path: Path) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # "Unicode text" from a spreadsheet
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise TourError(path, "", "not valid UTF-16") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise TourError(path, f"line {line}", "not valid UTF-8: save the sheet as 'CSV UTF-8'") from None


def _count_outside_quotes(line: str, char: str) -> int:
    return sum(part.count(char) for part in line.split('"')[::2])


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _fold(header))


def _fold(text: str) -> str:
    """Without accents or case: 'São Paulo' and 'sao paulo' are the same."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold().strip()


def _match_columns(headers: Sequence[str]) -> dict[str, int]:
    """Field -> column: a column named exactly as one of the field's names first, then one
    whose name starts or ends with it ("Stop name", "Latitude (deg)"; not for "x" or "id")."""
    keys = [_key(h) for h in headers]
    mapping: dict[str, int] = {}

    def loose(key: str, synonym: str) -> bool:
        return len(synonym) >= 3 and (key.startswith(synonym) or key.endswith(synonym))

    for matches in (str.__eq__, loose):
        for name, synonyms in COLUMN_NAMES.items():
            taken = set(mapping.values())
            found = next((i for synonym in synonyms for i, key in enumerate(keys) if name not in mapping and i not in taken and matches(key, synonym)), None)
            if found is not None:
                mapping[name] = found
    return mapping


def _row(cells: list[str], headers: Sequence[str], mapping: Mapping[str, int], line: int, path: Path) -> Row:
    extra = [c for c in cells[len(headers) :] if c.strip()]
    if extra:
        raise TourError(path, f"line {line}", f"{len(cells)} cells, but the header names {len(headers)} columns")
    # A cell with a line break in it (quoted) keeps it, as "\n" whatever the file's line ends.
    values = {
        name: cells[index].strip().replace("\r\n", "\n").replace("\r", "\n") for name, index in mapping.items() if index < len(cells) and cells[index].strip()
    }
    if ("lat" in values) != ("lon" in values):
        raise TourError(path, f"line {line}", "a latitude needs a longitude, and the other way round")
    return Row(line, values)


def _number(text: str | None, path: Path, where: str, name: str) -> float:
    value = (text or "").strip()
    if re.fullmatch(r"-?\d+,\d+", value):  # a decimal comma, as a European spreadsheet writes it
        value = value.replace(",", ".")
    try:
        return float(value)
    except ValueError:
        raise TourError(path, f"{where}, {name}", f"not a number: {value[:40]!r}") from None
