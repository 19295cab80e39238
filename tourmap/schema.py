"""The JSON Schema of a tour file, generated from :class:`tourmap.model.Tour`.

The model is the one source of truth; the schema is for editors and other tools.
``python -m tourmap.schema`` prints it; ``make schema`` writes
``resources/schema/tour.schema.json``, and a test fails when the two drift apart.

Some rules cannot be said in JSON Schema (unique ids, agenda sources that must name a
source, depart not before arrive); ``tourmap validate`` checks those too.
"""

from __future__ import annotations

import json
from typing import Any

from tourmap.model import FORMAT, Tour

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://tourmap.invalid/schema/tour.schema.json"


def tour_schema() -> dict[str, Any]:
    """The schema as a dict, with the keys a standalone schema file should carry."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(Tour).json_schema(mode="validation")
    # pydantic already targets draft 2020-12; say so, and name the file.
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        **schema,
        "title": "tourmap tour",
        "description": (
            f"A diplomatic tour for tourmap (format {FORMAT!r}): its sources, and its stops in order, "
            "each with a place, coordinates, dates and an agenda of trade, security and other items. "
            "Run 'tourmap validate FILE' for the rules this schema cannot express."
        ),
    }


def schema_text() -> str:
    """The schema file's exact text: sorted keys, two-space indent, trailing newline."""
    return json.dumps(tour_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    import sys

    sys.stdout.write(schema_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
