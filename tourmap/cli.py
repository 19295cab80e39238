"""The ``tourmap`` command.

``validate`` and ``info`` never import Qt; ``export`` and the window import it lazily, so
checking a tour file costs a fraction of a second and works where Qt cannot load.

Exit codes: 0 success, 2 a bad tour file or a usage error, 1 anything the user cannot fix
by changing the command line (no display, Qt failed to start).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import tourmap
from tourmap import __version__
from tourmap.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, TourError, one_line
from tourmap.paths import bundled_tour
from tourmap.wording import count

if TYPE_CHECKING:
    from tourmap.model import Tour

# The loader (tourmap.load_tour, resolved on first use; it imports pydantic), the model and
# geography load when a command needs them: the window's start-up reads the tour in a
# child process while Qt is imported (see tourmap.reading).

COMMANDS = ("validate", "info", "export", "geocode", "convert")


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors already; keep its one-line message, drop the usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _file_arg(parser: argparse.ArgumentParser, nargs: str) -> None:
    parser.add_argument("file", nargs=nargs, type=Path, metavar="FILE", help="tour file (JSON); default: the bundled Asia tour")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tourmap",
        description="Put a diplomatic tour on a map. Without a command, open the window on FILE.",
        epilog="Commands: validate, info, export, geocode, convert. 'tourmap COMMAND --help' for each.",
    )
    parser.add_argument("--version", action="version", version=f"tourmap {__version__}")
    _file_arg(parser, "?")
    return parser


def build_command_parser() -> argparse.ArgumentParser:
    from tourmap.exporting import PRESETS  # not on the window's path: it never parses commands

    parser = _Parser(prog="tourmap", description="Put a diplomatic tour on a map.")
    parser.add_argument("--version", action="version", version=f"tourmap {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    validate = commands.add_parser("validate", help="check tour files", description="Check tour files; exit 0 when all are valid, 2 otherwise.")
    _file_arg(validate, "*")

    info = commands.add_parser("info", help="summarise a tour", description="Stops, dates, agenda counts and leg distances.")
    _file_arg(info, "?")
    info.add_argument("--json", action="store_true", help="machine-readable output")

    export = commands.add_parser(
        "export",
        help="render the map to PNG, JPEG, SVG or PDF",
        description=(
            "Render the map offscreen (no display or network needed). The format follows OUT's extension: "
            ".png, .jpg/.jpeg, .svg (vector) or .pdf (a briefing; with --what map, the map as vector)."
        ),
    )
    _file_arg(export, "?")
    export.add_argument("-o", "--output", required=True, type=Path, metavar="OUT", help="image or PDF to write")
    export.add_argument("--size", metavar="WxH", help="map size in CSS pixels (default 1600x1000)")
    export.add_argument("--scale", type=_scale, metavar="N", help="device pixel ratio: 1, 2 or 3 (default 1)")
    export.add_argument(
        "--preset",
        choices=tuple(PRESETS),
        metavar="NAME",
        help="a named size instead of --size/--scale: " + "; ".join(p.label for p in PRESETS.values()),
    )
    export.add_argument("--stop", type=_text, metavar="ID", help="centre on and highlight this stop")
    export.add_argument("--what", choices=("map", "briefing"), default=None, help="map image, or a briefing (PDF: cover plus a page per stop)")
    export.add_argument("--title", type=_text, metavar="TEXT", help="title line (default: the tour's title)")
    export.add_argument("--no-labels", dest="labels", action="store_false", help="leave the stops' name labels off the map")
    export.add_argument("--inset", action="store_true", help="add a small world map locating the frame (maps closer than a continent)")

    geocode = commands.add_parser(
        "geocode",
        help="find places by name",
        description="Candidates for a place name, best first, from the offline GeoNames index; with --online,"
        " from a Nominatim server (one request a second at most, answers cached). Exit 1 when nothing is found."
        " A comma narrows: 'Paris, Texas', 'Busan, KR'.",
    )
    geocode.add_argument("query", type=_text, metavar="QUERY", help="a place name")
    geocode.add_argument("--online", action="store_true", help="ask the online geocoder (Nominatim) instead of the offline index")
    geocode.add_argument("--server", metavar="URL", help="Nominatim server for --online (default: the OpenStreetMap Foundation's)")
    geocode.add_argument("--limit", type=_positive, default=10, metavar="N", help="at most N candidates (default 10)")
    geocode.add_argument("--json", action="store_true", help="machine-readable output")

    convert = commands.add_parser(
        "convert",
        help="convert between tour, GeoJSON, KML, GPX and CSV files",
        description="Read IN and write OUT, each in the format its extension names (.json tour, .geojson, .kml, .gpx, .csv/.tsv) "
        "unless --from or --to says. What OUT's format cannot carry is listed on stderr. Nothing is written when IN is refused.",
    )
    convert.add_argument("input", type=Path, metavar="IN", help="file to read")
    convert.add_argument("output", type=Path, metavar="OUT", help="file to write")
    convert.add_argument("--from", dest="source_format", metavar="FMT", help="format of IN: tour, geojson, kml, gpx or csv")
    convert.add_argument("--to", dest="target_format", metavar="FMT", help="format of OUT: tour, geojson, kml, gpx or csv")
    convert.add_argument("--agenda-rows", action="store_true", help="CSV: one row per agenda item instead of one per stop")
    return parser


def _text(text: str) -> str:
    """Text for the page or a query: bytes that are not UTF-8 come in as lone surrogates
    (Python's surrogateescape), which no encoder takes further."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(f"not valid UTF-8 text: {one_line(text)}") from None
    return text


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError(f"expected a number from 1 to 100, not {text!r}")
    return value


def _scale(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"scale must be 1, 2 or 3, not {text!r}") from None
    if value not in (1, 2, 3):
        raise argparse.ArgumentTypeError(f"scale must be 1, 2 or 3, not {value}")
    return value


def parse_size(text: str) -> tuple[int, int]:
    """'1600x1000' to (1600, 1000), within what a renderer can hold."""
    try:
        w, h = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise TourError("--size", "", f"expected WIDTHxHEIGHT such as 1600x1000, got {text!r}") from None
    if not (100 <= w <= 8000 and 100 <= h <= 8000):
        raise TourError("--size", "", f"width and height must be between 100 and 8000 pixels, got {text!r}")
    return w, h


def main(argv: Sequence[str] | None = None, *, error_dialog: bool = False) -> int:
    """``error_dialog``: a file the window cannot open is also reported in a dialog (for
    ``tourmap-gui``, whose stderr nobody reads)."""
    args = list(sys.argv[1:] if argv is None else argv)
    _tolerate_narrow_consoles()
    try:
        if args and args[0] in COMMANDS:
            status = _run_command(build_command_parser().parse_args(args))
            sys.stdout.flush()  # a full disk says so here, not in a traceback at exit
            return status
        options = build_parser().parse_args(args)
        return _run_gui(options.file, error_dialog=error_dialog)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `tourmap info | head`
        _drop_stdout()
        sys.stderr.close()
        return EXIT_OK
    except _OutputError as error:  # `tourmap validate x.json > /dev/full`
        _drop_stdout()
        _error(f"tourmap: cannot write the output: {error}")
        return EXIT_FAILURE


class _OutputError(Exception):
    """Standard output cannot be written (a full disk, a closed descriptor)."""


def _say(text: str) -> None:
    """Print to standard output; _OutputError when it cannot be written."""
    try:
        print(text)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _OutputError(error.strerror or str(error)) from error


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so the flush at exit fails no second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def gui_main(argv: Sequence[str] | None = None) -> int:
    """``tourmap-gui``, the desktop entry's command: as ``tourmap FILE``, and a file that
    cannot be opened is shown in a dialog too, as well as on stderr with exit status 2."""
    return main(argv, error_dialog=True)


def _tolerate_narrow_consoles() -> None:
    """A console that cannot show '→' or a city's name (cp1252, ASCII) gets an escape,
    not a UnicodeEncodeError traceback."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


def _run_command(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return cmd_validate(args.file)
    if args.command == "info":
        return cmd_info(args.file, as_json=args.json)
    if args.command == "geocode":
        return cmd_geocode(args)

    if args.command == "convert":
        return cmd_convert(args)
    return cmd_export(args)


def _error(message: str) -> None:
    print(message.replace("\n", " "), file=sys.stderr)


def cmd_validate(files: Sequence[Path]) -> int:
    """Every problem of every file, one line each, on stderr."""
    status = EXIT_OK
    for path in files or [bundled_tour()]:
        try:
            tour = tourmap.load_tour(path)
        except TourError as error:
            for line in error.lines():
                _error(line)
            status = EXIT_USAGE
            continue
        _say(f"ok: {one_line(str(path))}: {count(len(tour.stops), 'stop')}, {count(tour.agenda_count(), 'agenda item')}")
    return status


def info_dict(tour: Tour) -> dict[str, object]:
    """The ``info --json`` contract; keep its keys exactly."""
    from tourmap.geo import legs, total_km

    tour_legs = legs(tour)
    return {
        "title": tour.title,
        "stops": [{"id": s.id, "name": s.name, "lat": s.lat, "lon": s.lon, "agenda": s.topic_counts()} for s in tour.stops],
        "legs": [{"from": leg.start.id, "to": leg.end.id, "km": round(leg.km, 3)} for leg in tour_legs],
        "total_km": round(total_km(tour), 3),
    }


def info_text(tour: Tour) -> str:
    from tourmap.geo import legs, total_km

    lines = [tour.title]
    if span := tour.date_range_label():
        lines.append(span)
    lines.append("")
    width = len(str(len(tour.stops)))
    for number, stop in enumerate(tour.stops, 1):
        dates = stop.date_label() or "no date given"
        counts = ", ".join(f"{n:,} {topic}" for topic, n in stop.topic_counts().items()) or "no agenda items"
        lines.append(f"{number:>{width}}. {stop.name} ({stop.place.label()}) · {dates} · {counts}")
    tour_legs = legs(tour)
    if tour_legs:
        lines += ["", "Legs:"]
        lines += [f"  {leg.start.name} → {leg.end.name}: {leg.km:,.0f} km" for leg in tour_legs]
        lines.append(f"Total: {total_km(tour):,.0f} km")
    return "\n".join(lines)


def cmd_info(file: Path | None, *, as_json: bool) -> int:
    try:
        tour = tourmap.load_tour(file or bundled_tour())
    except TourError as error:
        _error(str(error))
        return EXIT_USAGE
    _say(json.dumps(info_dict(tour), ensure_ascii=False, indent=2) if as_json else info_text(tour))
    return EXIT_OK


def cmd_geocode(args: argparse.Namespace) -> int:
    import dataclasses

    from tourmap import places

    if args.server and not args.online:
        _error("tourmap geocode: --server needs --online")
        return EXIT_USAGE
    if args.online:
        from tourmap.places import online

        try:
            found = online.geocode(args.query, server=args.server or online.DEFAULT_SERVER, limit=args.limit)
        except online.GeocodingError as error:
            _error(str(error))
            return EXIT_FAILURE
    else:
        if places.index_needs_build():
            _error("Building the place index (once; a few seconds)...")
        try:
            found = places.search(args.query, limit=args.limit)
        except places.PlaceIndexError as error:
            _error(str(error))
            return EXIT_FAILURE
    if args.json:
        _say(json.dumps([dataclasses.asdict(place) for place in found], ensure_ascii=False, indent=2))
    for number, place in enumerate(found if not args.json else (), 1):
        population = f"population {place.population:,}" if place.population else "population unknown"
        _say(f"{number}. {place.label()} · {place.lat:.5f}, {place.lon:.5f} · {population} · {place.source}")
    if args.online and found:
        from tourmap.places.online import ATTRIBUTION

        print(ATTRIBUTION, file=sys.stderr)
    if not found:
        _error(f"No place found for {args.query!r}.")
        return EXIT_FAILURE
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from tourmap.exporting import BRIEFING_PAGE_LIMIT, PRESETS, ExportRequest, briefing_pages, check_request  # Qt-free checks first

    try:
        tour = tourmap.load_tour(args.file or bundled_tour())
        fields = {"stop": args.stop, "what": args.what, "title": args.title, "labels": args.labels, "inset": args.inset}
        if args.preset:
            if args.size or args.scale:
                raise TourError("--preset", "", "a preset sets the size and scale; leave out --size and --scale")
            request = ExportRequest.from_preset(args.output, PRESETS[args.preset], **fields)
        else:
            request = ExportRequest(output=args.output, size=parse_size(args.size or "1600x1000"), scale=args.scale or 1, **fields)
        request = check_request(tour, request)
        pages = briefing_pages(tour)
        if request.format == "pdf" and request.kind == "briefing" and pages > BRIEFING_PAGE_LIMIT:
            limit = f"over the limit of {BRIEFING_PAGE_LIMIT:,}"
            raise TourError(request.output, "", f"a briefing of {pages:,} pages is {limit}; export the map alone with --what map")
    except TourError as error:
        _error(str(error))
        return EXIT_USAGE
    from tourmap._qt.headless import run_export  # lazy: Qt only when we render

    return run_export(tour, request, source=str(args.file or bundled_tour()))


def cmd_convert(args: argparse.Namespace) -> int:
    from tourmap.formats import format_of
    from tourmap.formats.csv import UnsettledRows

    try:
        source = format_of(args.input, args.source_format)
        target = format_of(args.output, args.target_format)
        if args.agenda_rows and target.name != "csv":
            raise TourError(args.output, "", "--agenda-rows is for CSV output")
        imported = source.load(args.input)
        options = {"agenda_rows": True} if args.agenda_rows else {}
        for warning in imported.warnings:
            _error(f"{args.input}: note: {warning}")
        for warning in target.write(imported.tour, args.output, **options):
            _error(f"{args.output}: note: {warning}")
    except UnsettledRows as error:
        for line in error.lines():
            _error(line)
        return EXIT_USAGE
    except TourError as error:
        _error(str(error))
        return EXIT_USAGE
    except OSError as error:  # the output could not be written
        _error(f"{args.output}: {error.strerror or error}")
        return EXIT_FAILURE
    _say(f"ok: {one_line(str(args.output))}: {count(len(imported.tour.stops), 'stop')}, {count(imported.tour.agenda_count(), 'agenda item')}")
    return EXIT_OK


def _run_gui(file: Path | None, *, error_dialog: bool = False) -> int:
    import gc

    from tourmap.reading import TourReading

    # Start-up builds hundreds of thousands of long-lived objects (Qt's modules, the window)
    # and frees few: the cyclic collector ran fifty times over them, 8 ms on the path to
    # the first frame. tourmap.app.run turns it back on once the window is up.
    gc.disable()
    from tourmap.formats import is_import

    path = file or bundled_tour()
    # Before Qt is imported: see tourmap.reading. GeoJSON, KML, GPX and CSV files have no
    # tour to read ahead: the window imports them once it is up.
    reading = None if is_import(path) else TourReading.start(path, thread=False)
    from tourmap.app import run  # lazy: Qt only for the window

    return run(path, reading, error_dialog=error_dialog)
