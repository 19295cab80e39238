"""The committed JSON Schema matches the model, and the tours we ship fit it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

import pytest
from helpers_tour import BROKEN, BUNDLED_TOUR, PAYLOAD_TOUR, ROOT, SCHEMA_FILE, full_tour, minimal_tour

from tourmap.schema import SCHEMA_DIALECT, schema_text, tour_schema


def test_committed_schema_is_up_to_date():
    assert SCHEMA_FILE.is_file(), "resources/schema/tour.schema.json is missing; run `make schema`"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "resources/schema/tour.schema.json is out of date with tourmap.model; run `make schema` and commit the result"
    )


def test_module_prints_the_schema():
    result = subprocess.run([sys.executable, "-m", "tourmap.schema"], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == schema_text()
    assert result.stdout.endswith("}\n") and not result.stdout.endswith("\n\n")


def test_schema_header():
    schema = tour_schema()
    assert schema["$schema"] == SCHEMA_DIALECT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("tour.schema.json")
    assert schema["title"] and schema["description"]
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"format", "title", "sources", "stops"}
    assert schema["properties"]["format"]["const"] == "tourmap/1"


def test_schema_text_is_canonical():
    text = schema_text()
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_schema_carries_the_field_rules():
    defs = tour_schema()["$defs"]
    stop = defs["Stop"]
    assert set(stop["required"]) == {"id", "name", "place", "lat", "lon"}
    assert (stop["properties"]["lat"]["minimum"], stop["properties"]["lat"]["maximum"]) == (-90, 90)
    assert (stop["properties"]["lon"]["minimum"], stop["properties"]["lon"]["maximum"]) == (-180, 180)
    assert re.fullmatch(stop["properties"]["id"]["pattern"], "kuala-lumpur")
    assert not re.fullmatch(stop["properties"]["id"]["pattern"], "<script>")
    assert set(defs["Status"]["enum"]) >= {"signed", "agreed", "expected"}
    assert set(defs["AgendaItem"]["required"]) == {"topic", "title", "status", "source"}
    for name in ("Tour", "Stop", "Source", "Place", "AgendaItem", "Figure", "Quote"):
        node = tour_schema() if name == "Tour" else defs[name]
        assert node["additionalProperties"] is False, name


# -- a small validator for the keywords the generated schema uses ----------------------


class Invalid(Exception):
    pass


def check(instance: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "$") -> None:
    """Enough of JSON Schema 2020-12 for this schema; raises Invalid naming the path."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        check(instance, root["$defs"][name], root, path)
    if "anyOf" in schema:
        errors = []
        for option in schema["anyOf"]:
            try:
                check(instance, option, root, path)
                break
            except Invalid as error:
                errors.append(str(error))
        else:
            raise Invalid(f"{path}: no anyOf option fits ({'; '.join(errors)})")
    if "const" in schema and instance != schema["const"]:
        raise Invalid(f"{path}: not {schema['const']!r}")
    if "enum" in schema and instance not in schema["enum"]:
        raise Invalid(f"{path}: {instance!r} not in enum")
    kind = schema.get("type")
    types = {"object": dict, "array": list, "string": str, "null": type(None), "boolean": bool}
    if kind == "number":
        if isinstance(instance, bool) or not isinstance(instance, (int, float)):
            raise Invalid(f"{path}: not a number")
        if "minimum" in schema and instance < schema["minimum"]:
            raise Invalid(f"{path}: below minimum")
        if "maximum" in schema and instance > schema["maximum"]:
            raise Invalid(f"{path}: above maximum")
    elif kind is not None and not isinstance(instance, types[kind]):
        raise Invalid(f"{path}: not {kind}")
    if isinstance(instance, str):
        if len(instance) < schema.get("minLength", 0) or len(instance) > schema.get("maxLength", 10**9):
            raise Invalid(f"{path}: bad length")
        if "pattern" in schema and not re.search(schema["pattern"], instance):
            raise Invalid(f"{path}: does not match {schema['pattern']}")
    if isinstance(instance, list):
        if len(instance) < schema.get("minItems", 0):
            raise Invalid(f"{path}: too few items")
        for index, item in enumerate(instance):
            if "items" in schema:
                check(item, schema["items"], root, f"{path}[{index}]")
    if isinstance(instance, dict):
        for key in schema.get("required", []):
            if key not in instance:
                raise Invalid(f"{path}.{key}: required")
        properties = schema.get("properties", {})
        for key, value in instance.items():
            if key in properties:
                check(value, properties[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                raise Invalid(f"{path}.{key}: not allowed")


def test_small_validator_can_fail():
    schema = tour_schema()
    with pytest.raises(Invalid, match=r"\$\.stops\[1\]\.lat"):
        doc = minimal_tour()
        doc["stops"][1]["lat"] = 91
        check(doc, schema, schema)


@pytest.mark.parametrize("path", [BUNDLED_TOUR, PAYLOAD_TOUR], ids=lambda p: p.name)
def test_shipped_tours_fit_the_schema(path):
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    check(json.loads(path.read_text(encoding="utf-8")), schema, schema)


@pytest.mark.parametrize("make", [minimal_tour, full_tour], ids=["minimal", "full"])
def test_helper_tours_fit_the_schema(make):
    schema = tour_schema()
    check(make(), schema, schema)


@pytest.mark.parametrize(
    "name",
    [
        "lat-91.json",
        "lon-minus-181.json",
        "lat-string.json",
        "lon-boolean.json",
        "missing-title.json",
        "unknown-field-stop.json",
        "unknown-format.json",
        "html-stop-id.json",
        "status-unknown.json",
        "date-slashes.json",
        "huge-title.json",
        "empty-stops.json",
    ],
)
def test_schema_rejects_what_the_loader_rejects(name):
    schema = tour_schema()
    with pytest.raises(Invalid):
        check(json.loads((BROKEN / name).read_text(encoding="utf-8")), schema, schema)
