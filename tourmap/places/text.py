"""One way to compare place names: what the index stores and what a query becomes."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter and a mark, folded as
# Latin-script users type them without the key ("Lodz" for Łódź, "Malmo" for Malmø).
_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "œ": "oe", "ı": "i", "ħ": "h"})
_SEPARATORS = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower case, no diacritics, punctuation as single spaces: "São Paulo" -> "sao paulo".

    Other scripts keep their letters ("東京" stays "東京"), so a query in any script
    meets the alternate names written in it.
    """
    text = text.casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c)).translate(_LETTERS)
    return _SEPARATORS.sub(" ", text).strip()


def plain(name: str) -> str:
    """The name without diacritics, its case kept ("São Paulo" -> "Sao Paulo")."""
    if name.isascii():
        return name
    decomposed = unicodedata.normalize("NFKD", name)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def successor(prefix: str) -> str:
    """The first string after every string that starts with ``prefix`` (for a range scan)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
