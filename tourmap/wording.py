"""How numbers read in the app's text: grouped digits and the right plural."""

from __future__ import annotations


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``count(10000, "stop")`` is "10,000 stops"; ``count(1, "stop")`` is "1 stop"."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
