"""The vocabulary the model uses to state its rules, read by pydantic at the boundary.

The model's classes are plain dataclasses: the window, the page builder and the export
use them without importing pydantic (70 ms, and a GIL held while the window starts; see
:mod:`tourmap.reading`). Their fields carry these markers in ``Annotated`` metadata;
pydantic builds its validator and the JSON Schema from them (``__get_pydantic_core_schema__``
and ``__get_pydantic_json_schema__``) the first time the loader asks, and only then
imports ``pydantic_core``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Every tour part's pydantic config: unknown keys are errors (a typo like "lattitude"
#: must not silently drop data), and text is stripped of surrounding blanks.
CONFIG: dict[str, Any] = {"extra": "forbid", "str_strip_whitespace": True}


@dataclass(frozen=True)
class Text:
    """A string with lengths, an optional pattern, stripped (and lower-cased if asked)."""

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    strip: bool | None = None
    lower: bool | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.str_schema(
            min_length=self.min_length, max_length=self.max_length, pattern=self.pattern, strip_whitespace=self.strip, to_lower=self.lower
        )


@dataclass(frozen=True)
class Number:
    """A JSON number; ``strict`` refuses true/false, ``finite`` refuses NaN and infinities."""

    strict: bool | None = None
    finite: bool | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.float_schema(strict=self.strict, allow_inf_nan=None if self.finite is None else not self.finite)


@dataclass(frozen=True)
class After:
    """Run ``check`` on the value once the checks to its left passed; it raises ValueError."""

    check: Callable[[Any], Any]

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.check, handler(source))


@dataclass(frozen=True)
class Before:
    """Run ``check`` on the raw JSON value before any other check."""

    check: Callable[[Any], Any]

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.check, handler(source))


@dataclass(frozen=True)
class MinItems:
    """An array with at least ``count`` items."""

    count: int

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        schema["min_length"] = self.count
        return schema


@dataclass(frozen=True)
class Documented:
    """What the JSON Schema says of a field beyond its type (description, pattern, range)."""

    extra: tuple[tuple[str, Any], ...] = ()  # pairs: metadata must be hashable (X | None hashes it)

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> Any:
        result = handler(schema)
        result.update(self.extra)
        return result


def documented(**extra: Any) -> Documented:
    return Documented(tuple(extra.items()))


def checked(cls_check: Callable[[Any], Any]) -> Callable[[type], type]:
    """A rule over a whole record (e.g. depart not before arrive), run after its fields.

    Plain construction does not run it: objects built in code are trusted, as everything
    inside the boundary is.
    """

    def decorate(cls: type) -> type:
        def schema(klass: type, source: Any, handler: Any) -> Any:
            from pydantic_core import core_schema

            return core_schema.no_info_after_validator_function(cls_check, handler(source))

        cls.__get_pydantic_core_schema__ = classmethod(schema)  # type: ignore[attr-defined]
        return cls

    return decorate


def rule_error(path: tuple[str | int, ...], message: str) -> Exception:
    """An error raised above a field that still points at the field.

    pydantic reports a validator's error at the validator's level (``stops``); the loader
    appends ``subpath`` from the context so users read ``stops[2].id``.
    """
    from pydantic_core import PydanticCustomError

    return PydanticCustomError("tour_rule", "{message}", {"message": message, "subpath": list(path)})
