"""Bytes on disk to a :class:`~tourmap.model.Tour`, and back.

Every failure becomes one :class:`~tourmap.errors.TourError` naming the file, the place
(``line:column`` for JSON syntax, a JSON path such as ``stops[1].lat`` for content) and the
reason with the bad value. Nothing else escapes.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, TypeVar

from pydantic import TypeAdapter, ValidationError

from tourmap._perf import gc_paused, release_free_memory
from tourmap.errors import TourError
from tourmap.files import write_atomic

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

from tourmap.model import FORMAT, AgendaItem, Figure, Place, Quote, Source, Stop, Tour
from tourmap.writing import tour_bytes

_Record = TypeVar("_Record")

#: Larger files are refused before they are read.
MAX_BYTES = 64 * 1024 * 1024
#: After reading a file bigger than this, freed memory goes back to the system.
_TRIM_ABOVE = 4 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"
#: A refused file names this many problems of one kind at most, then says how many more.
MAX_PROBLEMS = 20


def load_tour(path: str | os.PathLike[str], *, trim: bool = True) -> Tour:
    """Read, decode, parse and validate a tour file.

    A good file is read in pieces and stop by stop (see :func:`_read_by_stop`): never the
    whole text at once (for a tour of 10,000 stops, 40 MiB that would sit next to the tour
    while it is built). When that refuses the file, :func:`parse_tour` reads it whole, the
    slow way that says where and why. ``trim``: give freed memory back to the system after
    a big file (it locks the allocator for a while: a window reading beside its event loop
    says False).
    """
    path = Path(path)
    handle, size = _open(path)
    try:
        with gc_paused(), handle:  # gc: see parse_tour
            tour = _read_by_stop(_pieces(handle))
    except OSError:
        tour = None  # _read_bytes says what went wrong
    if tour is None:
        return _parse_slowly(_read_bytes(path), path)
    if trim and size > _TRIM_ABOVE:
        release_free_memory()
    return tour


def parse_tour(data: bytes, name: str | os.PathLike[str] = "<tour>") -> Tour:
    """Validate tour bytes; ``name`` is what error messages call the file.

    A good file is read stop by stop (see :func:`_read_by_stop`): each stop's JSON values
    are validated and dropped before the next stop is read. When that refuses the file,
    it is read again as one document, the slow way that says where and why.
    """
    size = len(data)
    with gc_paused():  # a big tour is a million objects; the collector would walk them over and over
        text = _decode(data, name)
        del data  # held in one form at a time
        tour = _read_by_stop(text)
        if tour is None:
            return validate_document(_parse_json(text, name), name)
    if size > _TRIM_ABOVE:
        release_free_memory()
    return tour


def _parse_slowly(data: bytes, name: str | os.PathLike[str]) -> Tour:
    """The whole document at once, to say where and why the fast path refused it."""
    with gc_paused():
        text = _decode(data, name)
        del data
        return validate_document(_parse_json(text, name), name)


_SPACE = re.compile(r"[ \t\n\r]*")
_PIECE = 1 << 20


def _pieces(handle: IO[bytes]) -> Iterator[str]:
    """The file's text in pieces of about a megabyte; stops early (so that the whole file
    is read the slow way, for its message) at anything the fast path does not take: a
    UTF-16 file, bytes that are not UTF-8, more than MAX_BYTES."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    first = handle.read(_PIECE)
    if first.startswith(_BOM):
        first = first[3:]
    elif _wide_encoding(first):
        raise _Reject("UTF-16 or UTF-32")
    total, data = 0, first
    while data:
        total += len(data)
        if total > MAX_BYTES:
            raise _Reject("too big")
        yield decoder.decode(data)  # UnicodeDecodeError: not UTF-8
        data = handle.read(_PIECE)
    yield decoder.decode(b"", final=True)


class _Text:
    """Text arriving in pieces. ``text`` holds what is not read yet (and a little before);
    positions are into ``text`` and shift when :meth:`forget` drops what is behind."""

    def __init__(self, pieces: Iterable[str]) -> None:
        self.text = ""
        self._pieces = iter(pieces)

    def more(self, twice: int = 0) -> bool:
        """Append the next piece, or as many as it takes to add ``twice`` characters; False
        at the end of the input."""
        pieces: list[str] = []
        added = 0
        for piece in self._pieces:
            pieces.append(piece)
            added += len(piece)
            if added and added >= twice:
                break
        if not added:
            return False
        self.text += "".join(pieces)
        return True

    def forget(self, at: int) -> int:
        """Drop the text before ``at`` once it is worth a copy; the new position of ``at``."""
        if at < _PIECE:
            return at
        self.text = self.text[at:]
        return 0


@functools.cache
def _adapter(kind: type[_Record]) -> TypeAdapter[_Record]:
    """pydantic's validator for a model class, built from its markers once per process:
    every reload and every file of a session is read with it."""
    return TypeAdapter(kind)


def _validate_tour(document: Any) -> Tour:
    return _adapter(Tour).validate_python(document)


def check_record(record: _Record) -> _Record:
    """``record`` (a tour or any part of one, built in code) through the model's rules, as
    the loader applies them; pydantic's ValidationError when it breaks one.

    Its fields are checked, and its own record rules; parts it holds are taken as they
    are (they were checked when they were made), so checking a tour of 10,000 stops after
    one edit runs the tour's rules, not every stop's again.
    """
    fields = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}  # type: ignore[arg-type]
    return _adapter(type(record)).validate_python(fields)  # type: ignore[arg-type]  # mypy takes type(x) for unhashable


def _read_by_stop(source: str | Iterable[str]) -> Tour | None:
    """The tour in ``source`` (its text, or the text in pieces), or None when anything
    about it is wrong (the caller then reads it the slow way to say what).

    The top level and the ``stops`` array are walked here; every other value is read by
    the json module's scanner with the same rules as :func:`_parse_json` (strict JSON,
    unique keys, no NaN), and each stop is validated as soon as it is read. The JSON
    values of a 10,000-stop tour (a hundred megabytes of dicts) never exist all at once,
    nothing left behind pins the memory they used, and text already read is dropped.
    """
    # scan_once is set by JSONDecoder.__init__; typeshed does not declare it.
    scan_once = json.JSONDecoder(parse_constant=_no_constants, object_pairs_hook=_unique_keys).scan_once  # type: ignore[attr-defined]
    validate_stop = _adapter(Stop).validate_python
    src = _Text([source] if isinstance(source, str) else source)
    skip = _SPACE.match

    def scan(at: int, read: Callable[[str, int], tuple[Any, int]] = scan_once) -> tuple[Any, int]:
        # A value cut off by the end of a piece fails (or, a number, may stop short): read
        # on and scan it again, with at least twice the text each time, so a value of any
        # size is scanned a few times over in all, not once per piece.
        while True:
            try:
                value, end = read(src.text, at)
            except (StopIteration, ValueError):
                if src.more(twice=len(src.text) - at):
                    continue
                raise
            if end < len(src.text) or not src.more():
                return value, end

    def space(at: int) -> int:
        while True:
            blank = skip(src.text, at)  # always matches (maybe nothing)
            end = blank.end() if blank else at
            if end < len(src.text) or not src.more():
                return end

    def expect(char: str, at: int) -> int:
        at = space(at)
        if src.text.startswith(char, at):
            return space(at + 1)
        raise ValueError(char)

    def read_stops(at: int) -> tuple[list[Stop], int]:
        stops: list[Stop] = []
        at = expect("[", at)
        if src.text.startswith("]", at):
            return stops, at + 1
        while True:
            raw, at = scan(at)
            if _crowded(raw, Stop):
                raise ValueError("unknown fields")  # the slow path counts them
            stops.append(validate_stop(raw))
            at = space(src.forget(at))
            if src.text.startswith("]", at):
                return stops, at + 1
            at = expect(",", at)

    try:
        document: dict[str, Any] = {}
        at = expect("{", 0)
        while True:
            if not src.text.startswith('"', at):
                return None
            key, at = scan(at + 1, json.decoder.scanstring)  # type: ignore[attr-defined]  # typeshed omits it
            if key in document:
                return None
            at = expect(":", at)
            document[key], at = read_stops(at) if key == "stops" and src.text.startswith("[", at) else scan(at)
            at = space(at)
            if src.text.startswith("}", at):
                break
            at = expect(",", at)
        if space(at + 1) != len(src.text) or document.get("format") != FORMAT or len(document) > len(_FIELDS[Tour]):
            return None
        return _validate_tour(document)
    except (StopIteration, ValueError, ValidationError, RecursionError):  # JSONDecodeError, _Reject, UnicodeDecodeError are ValueErrors
        return None


def validate_document(document: Any, name: str | os.PathLike[str] = "<tour>") -> Tour:
    if not isinstance(document, dict):
        raise TourError(name, "$", f"a tour is a JSON object, not {_json_type(document)}")
    fmt = document.get("format")
    if fmt != FORMAT:
        reason = "missing 'format'" if "format" not in document else f"unknown format {_show(fmt)}"
        raise TourError(name, "format", f"{reason}; this version of tourmap reads {FORMAT!r}")
    _refuse_many_unknown(document, name)
    try:
        return _validate_tour(document)
    except ValidationError as error:
        raise _from_validation(error, document, name) from None
    except RecursionError:
        raise TourError(name, "$", "the document is nested too deeply") from None


def validate_part(kind: type[_Record], document: Any, name: str | os.PathLike[str] = "<tour>") -> _Record:
    """A tour, or one of its parts, from JSON-like values by the model's rules: the door
    other file formats come in by. TourError's place is the JSON path in ``document``."""
    try:
        return _adapter(kind).validate_python(document)  # type: ignore[arg-type]  # mypy takes type[X] for unhashable
    except ValidationError as error:
        raise _from_validation(error, document, name) from None
    except RecursionError:
        raise TourError(name, "$", "the document is nested too deeply") from None


def parse_json(data: bytes, name: str | os.PathLike[str] = "<file>") -> Any:
    """The JSON values of UTF-8 bytes, as strictly as a tour file's (unique keys, finite
    numbers); TourError with a line and column."""
    return _parse_json(_decode(data, name), name)


def read_limited(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes under the tour files' size limit (every format reads through it);
    TourError for a missing, special or too big file."""
    return _read_bytes(Path(path))


def save_tour(tour: Tour, path: str | os.PathLike[str]) -> None:
    """Write atomically (readers see the old file or the new one, never half of one), in
    the canonical form of :mod:`tourmap.writing`."""
    write_atomic(Path(path), tour_bytes(tour))


def dump_tour(tour: Tour) -> dict[str, Any]:
    return _adapter(Tour).dump_python(tour, mode="json", exclude_none=True)


# -- reading ----------------------------------------------------------------------------


def _open(path: Path) -> tuple[BinaryIO, int]:
    """``path`` open for reading and its size; TourError unless it is a regular file small
    enough to read. Opened without blocking and checked once open (fstat): a FIFO (or a
    device) swapped in after a check by name would block the reader forever."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise _os_error(path, error) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise TourError(path, "", "is a directory, not a tour file")
        if not stat.S_ISREG(info.st_mode):
            raise TourError(path, "", "is not a regular file")
        if info.st_size > MAX_BYTES:
            raise TourError(path, "", f"is {info.st_size:,} bytes; tour files are limited to {_size(MAX_BYTES)}")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a regular file: reads as usual from here
        return os.fdopen(fd, "rb"), info.st_size
    except BaseException:
        os.close(fd)
        raise


def _read_bytes(path: Path) -> bytes:
    handle, _ = _open(path)
    try:
        with handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise _os_error(path, error) from None
    if len(data) > MAX_BYTES:  # grew while we looked
        raise TourError(path, "", f"tour files are limited to {_size(MAX_BYTES)}")
    return data


def _os_error(path: Path, error: OSError) -> TourError:
    if isinstance(error, FileNotFoundError):
        return TourError(path, "", "no such file")
    if isinstance(error, PermissionError):
        return TourError(path, "", "permission denied")
    if isinstance(error, IsADirectoryError):
        return TourError(path, "", "is a directory, not a tour file")
    return TourError(path, "", error.strerror or str(error))


def _size(count: int) -> str:
    return f"{count / 2**20:g} MiB" if count >= 2**20 else f"{count:,} bytes"


def _decode(data: bytes, name: str | os.PathLike[str]) -> str:
    if data.startswith(_BOM):
        data = data[3:]
    if wide := _wide_encoding(data):
        raise TourError(name, "1:1", f"the file is {wide}; save it as UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 4].hex(" ")
        raise TourError(name, _place(data, error.start), f"not valid UTF-8 (bytes {bad})") from None


def _wide_encoding(head: bytes) -> str | None:
    """"UTF-32" or "UTF-16" when the file starts as one (a byte-order mark, or the zero
    bytes around the first ASCII character that JSON's first character is), else None."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    if len(head) >= 4 and (head[:3] == b"\x00\x00\x00" or head[1:4] == b"\x00\x00\x00"):
        return "UTF-32"
    if len(head) >= 2 and (head[0] == 0 or head[1] == 0):
        return "UTF-16"
    return None


def _place(data: str | bytes, offset: int) -> str:
    """``line:column`` (both from 1) of ``offset`` in text or in raw bytes."""
    newline = "\n" if isinstance(data, str) else b"\n"
    line = data.count(newline, 0, offset) + 1  # type: ignore[arg-type]
    column = offset - (data.rfind(newline, 0, offset) + 1) + 1  # type: ignore[arg-type]
    return f"{line}:{column}"


class _Reject(ValueError):
    pass


def _no_constants(word: str) -> Any:
    raise _Reject(f"{word} is not valid JSON (numbers must be finite)")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        _duplicate(pairs)
    return result


def _duplicate(pairs: list[tuple[str, Any]]) -> None:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise _Reject(f"duplicate key {key!r} in an object")
        seen.add(key)


def _parse_json(text: str, name: str | os.PathLike[str]) -> Any:
    """The JSON values of ``text``; TourError with a line and column for anything that is
    not strict JSON with unique keys."""
    if not text.strip():
        raise TourError(name, "1:1", "the file is empty")
    try:
        return json.loads(text, parse_constant=_no_constants, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        raise TourError(name, f"{error.lineno}:{error.colno}", f"invalid JSON: {error.msg}") from None
    except _Reject as error:
        reason, kind = str(error), "duplicate" if str(error).startswith("duplicate") else "constant"
    except RecursionError:
        reason, kind = "invalid JSON: nested too deeply", "depth"
    except ValueError as error:  # e.g. integers with thousands of digits
        reason, kind = f"invalid JSON: {error}", "digits"
    # The json module does not say where these are; find the first one ourselves.
    found = _locate(text, kind)
    if found is None:
        raise TourError(name, "$", reason)
    offset, found_reason = found
    raise TourError(name, _place(text, offset), found_reason)


# Strings (whole), structural characters, and runs of anything else (numbers and words).
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.DOTALL)
_MAX_DEPTH = 200


def _locate(text: str, kind: str) -> tuple[int, str] | None:
    """Offset and reason of the first problem of ``kind`` that ``json.loads`` reports
    without a position: a NaN/Infinity literal (``constant``), a ``duplicate`` key, nesting
    too deep (``depth``), an integer too long (``digits``)."""
    max_digits = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    # One entry per open container: the keys seen so far for an object, None for an array.
    stack: list[set[str] | None] = []
    expect_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in ("{", "["):
            stack.append(set() if token == "{" else None)
            expect_key = token == "{"
            if kind == "depth" and len(stack) > _MAX_DEPTH:
                return match.start(), f"invalid JSON: nested too deeply (more than {_MAX_DEPTH} levels)"
        elif token in ("}", "]"):
            if stack:
                stack.pop()
            expect_key = False
        elif token == ",":
            expect_key = bool(stack) and stack[-1] is not None
        elif token == ":":
            expect_key = False
        elif token.startswith('"'):
            if expect_key and stack and stack[-1] is not None:
                try:
                    key = json.loads(token)
                except ValueError:
                    key = token[1:-1]
                if kind == "duplicate" and key in stack[-1]:
                    return match.start(), f"duplicate key {key!r} in an object"
                stack[-1].add(key)
            expect_key = False
        elif kind == "constant" and token.lstrip("-") in ("NaN", "Infinity"):
            return match.start(), f"{token} is not valid JSON (numbers must be finite)"
        elif kind == "digits" and max_digits and token.lstrip("-").isdigit() and len(token.lstrip("-")) > max_digits:
            return match.start(), f"invalid JSON: a number with {len(token.lstrip('-'))} digits is too long"
    return None


# -- validation errors --------------------------------------------------------------------

#: Each record's fields, and the records its fields hold (one, or an array of them).
_FIELDS: dict[type, frozenset[str]] = {
    kind: frozenset(f.name for f in dataclasses.fields(kind)) for kind in (Tour, Source, Stop, Place, AgendaItem, Figure, Quote)
}
_NESTED: dict[type, dict[str, type]] = {
    Tour: {"sources": Source, "stops": Stop},
    Stop: {"place": Place, "agenda": AgendaItem},
    AgendaItem: {"figures": Figure, "quote": Quote},
}


def _records(value: Any, kind: type, path: str) -> Iterator[tuple[dict[str, Any], type, str]]:
    """Every JSON object in ``value`` that stands for a ``kind`` record or one inside it."""
    if not isinstance(value, dict):
        return
    yield value, kind, path
    for key, inner in _NESTED.get(kind, {}).items():
        child = value.get(key)
        if isinstance(child, list):
            for i, item in enumerate(child):
                yield from _records(item, inner, f"{path}.{key}[{i}]" if path else f"{key}[{i}]")
        else:
            yield from _records(child, inner, f"{path}.{key}" if path else key)


def _crowded(value: Any, kind: type) -> bool:
    """An object with more keys than its record has fields: unknown fields, maybe millions
    of them, and pydantic would build an error for each. Cheap enough for every stop."""
    return any(len(record) > len(_FIELDS[k]) for record, k, _ in _records(value, kind, ""))


def _refuse_many_unknown(document: dict[str, Any], name: str | os.PathLike[str]) -> None:
    """TourError for a file with more unknown fields than a message can list, before
    pydantic builds one error per field (3,000,000 of them took a minute and 3 GB)."""
    first: tuple[str, str] | None = None
    count = 0
    for record, kind, path in _records(document, Tour, ""):
        if len(record) > len(_FIELDS[kind]) or count:
            unknown = record.keys() - _FIELDS[kind]
            if unknown and first is None:
                first = (path, min(unknown))
            count += len(unknown)
    if first is not None and count > MAX_PROBLEMS:
        path, key = first
        place = f"{path}.{key}" if path else key
        raise TourError(name, place, "unknown field (check the spelling against the tour format)", where=where_in(document, place), uncounted=count - 1)



def _from_validation(error: ValidationError, document: Any, name: str | os.PathLike[str]) -> TourError:
    errors = error.errors(include_url=False)
    # A tuple with min_length whose only item is invalid also reports "too short" (0 valid
    # items); that is an echo of the item's own error, not a second problem.
    locs = [tuple(e["loc"]) for e in errors]
    errors = [
        e
        for e in errors
        if not (e["type"] == "too_short" and any(len(loc) > len(e["loc"]) and loc[: len(e["loc"])] == tuple(e["loc"]) for loc in locs))
    ] or errors
    (path, where, reason), *more = [_problem(e, document) for e in errors[:MAX_PROBLEMS]]
    return TourError(name, path, reason, where=where, more=more, uncounted=len(errors) - 1 - len(more))


def _problem(error: ErrorDetails, document: Any) -> tuple[str, str, str]:
    """One of pydantic's errors as (place in the file, place as the window says it, reason)."""
    loc = list(error["loc"]) + list((error.get("ctx") or {}).get("subpath", []))
    path, value, found = _json_path(document, loc)
    reason = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        reason = reason.removeprefix(prefix)
    if error["type"] == "missing":
        reason = "required field is missing"
    elif error["type"] in ("extra_forbidden", "unexpected_keyword_argument"):  # models, dataclasses
        reason = "unknown field (check the spelling against the tour format)"
    elif error["type"] in ("tuple_type", "list_type"):  # the model's tuples are JSON arrays
        reason = f"must be an array (got {_show(value)})"
    elif error["type"] in ("model_type", "dataclass_type", "dict_type"):
        reason = f"must be an object (got {_show(value)})"
    elif error["type"] in ("too_short", "too_long"):
        reason = reason.replace("Tuple should", "Should").replace(" after validation", "")
    elif found and error["type"] != "tour_rule":  # the model's own rules quote the value already
        reason = f"{reason} (got {_show(value)})"
    return path or "$", where_in(document, path) if path else "$", reason


_INDEXED = re.compile(r"(stops|agenda|sources)\[(\d+)\]")


def where_in(document: Any, path: str) -> str:
    """A place in the file as the window numbers it: ``stops[2].lat`` is
    ``stop 3 (Brussels): lat``, ``stops[0].agenda[1].title`` is
    ``stop 1 (Sepang), item 2 (A deal): title``; other paths are kept as they are."""
    node, named, rest = document, [], path
    while match := _INDEXED.match(rest):
        key, index = match.group(1), int(match.group(2))
        items = node.get(key) if isinstance(node, dict) else None
        if not isinstance(items, list) or index >= len(items):
            break
        node = items[index]
        label = node.get("title" if key == "agenda" else "name" if key == "stops" else "id") if isinstance(node, dict) else None
        noun = {"stops": "stop", "agenda": "item", "sources": "source"}[key]
        named.append(f"{noun} {index + 1}" + (f" ({_short(label)})" if isinstance(label, str) and label.strip() else ""))
        rest = rest[match.end() :].removeprefix(".")
    if not named:
        return path
    return ", ".join(named) + (f": {rest}" if rest else "")


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: pydantic's tags for a type in an error's loc; not part of the document's path.
_TYPE_TAGS = frozenset({"str", "float", "int", "none", "bool", "date", "list", "tuple", "dict", "enum"})

#: JSON's names for Python's types, as a user of the file knows them.
_JSON_TYPES: dict[type, str] = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null", int: "number", float: "number"}


def _json_path(document: Any, loc: list[Any]) -> tuple[str, Any, bool]:
    """Follow pydantic's loc through the real document, dropping its internal tags."""
    node, path, found = document, "", True
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node, path = node[part], f"{path}[{part}]"
        elif isinstance(part, str) and isinstance(node, dict) and part in node:
            node, path = node[part], f"{path}.{part}" if path else part
        elif isinstance(part, str) and isinstance(node, dict) and not part.startswith(("function-", "constrained-")) and part not in _TYPE_TAGS:
            path, found = (f"{path}.{part}" if path else part), False
            break
    return path, node, found


def _show(value: Any, limit: int = 60) -> str:
    if isinstance(value, (dict, list)):
        return f"a JSON {_json_type(value)}"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False) if len(value) <= limit else json.dumps(value[:limit], ensure_ascii=False)[:-1] + '…"'
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "…"


def _json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)
