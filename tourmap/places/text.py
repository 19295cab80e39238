"""One way to compare place names: what the index stores and what a query becomes."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter and a mark, folded as
# Latin-script users type them without the key ("Lodz" for Łódź, "Malmo" for Malmø).
_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "œ": "oe", "ı": "i", "ħ": "h"})
_SEPARATORS = re.compile(r"[\W_]+")
# Accents and points that decorate a letter: Latin, Greek and Cyrillic diacritics, Hebrew
# points, Arabic short vowels. (Marks that make a letter what it is, such as kana's
# voicing marks or Indic vowel signs, stay: both sides of a comparison keep them.)
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0591-\u05c7\u064b-\u065f\u0670]")


def fold(text: str) -> str:
    """Lower case, no diacritics, punctuation as single spaces: "São Paulo" -> "sao paulo".

    Other scripts keep their letters ("東京" stays "東京"), so a query in any script
    meets the alternate names written in it.
    """
    text = text.casefold()
    if not text.isascii():
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text)).translate(_LETTERS)
    return _SEPARATORS.sub(" ", text).strip()


def plain(name: str) -> str:
    """The name without diacritics, its case kept ("São Paulo" -> "Sao Paulo")."""
    if name.isascii():
        return name
    return unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFKD", name)))


def successor(prefix: str) -> str:
    """The first string after every string that starts with ``prefix`` (for a range scan)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
