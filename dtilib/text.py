"""Vietnamese text normalisation used to match names however they are typed.

Handles Unicode NFC/NFD, old and new tone-mark placement (Hòa/Hoà), with or
without diacritics, đ/Đ, case, hyphens and dashes, dots and extra spaces.

>>> fold("Thanh Hoá") == fold("Thanh Hóa") == fold("THANH HOA")
True
>>> fold("Bà Rịa–Vũng Tàu")
'ba ria vung tau'
>>> nfc("Ha\u0300 No\u0323\u0302i") == "Hà Nội"
True
"""
from __future__ import annotations

import re
import unicodedata

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212_/"
_DASH_RE = re.compile(f"[{re.escape(_DASHES)}]")
_PUNCT_RE = re.compile(r"[.,;:'\"`’‘“”()\[\]]")
_SPACE_RE = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC with surrounding white space stripped.

    A decomposed (NFD) name, as some systems write it, compares equal afterwards:

    >>> decomposed = "Ha\u0300 No\u0323\u0302i "
    >>> decomposed == "Hà Nội", nfc(decomposed) == "Hà Nội"
    (False, True)
    """
    return unicodedata.normalize("NFC", str(text)).strip()


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics: ``"Đắk Lắk"`` → ``"Dak Lak"``.

    >>> strip_diacritics("Đắk Lắk")
    'Dak Lak'
    """
    decomposed = unicodedata.normalize("NFD", str(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """Reduce a name to a comparison key: no diacritics, lower case, dashes,
    dots and runs of spaces turned into single spaces.

    >>> fold("  TP.  Hồ  Chí Minh ")
    'tp ho chi minh'
    """
    s = strip_diacritics(nfc(text)).lower()
    s = _DASH_RE.sub(" ", s)
    s = _PUNCT_RE.sub(" ", s)
    return _SPACE_RE.sub(" ", s).strip()


def compact(text: str) -> str:
    """:func:`fold` with the spaces removed too (``"Da Nang"`` == ``"Danang"``).

    >>> compact("Đà Nẵng") == compact("Danang")
    True
    """
    return fold(text).replace(" ", "")
