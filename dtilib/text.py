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


_VI_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_VI_ORDER = {c: i for i, c in enumerate(_VI_ALPHABET)}
_VI_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_VI_MODIFIERS = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê", ("o", "\u0302"): "ô",
                 ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}


def sort_key_vi(text: str) -> tuple:
    """A sort key for Vietnamese alphabetical order: a ă â b c d đ e ê … y, the tone marks
    compared only after the letters (so Bạc Liêu < Bắc Giang < Bình Định < Bình Thuận, and
    Hà Giang < Hải Dương < Hòa Bình < Hưng Yên). NFC and NFD sort alike.

    >>> names = ["Bình Thuận", "Bắc Giang", "Đà Nẵng", "Bạc Liêu", "Bình Định", "Hưng Yên", "Hải Dương", "Hòa Bình"]
    >>> sorted(names, key=sort_key_vi)
    ['Bạc Liêu', 'Bắc Giang', 'Bình Định', 'Bình Thuận', 'Hải Dương', 'Hòa Bình', 'Hưng Yên', 'Đà Nẵng']
    """
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", str(text).strip().lower()):
        if unicodedata.combining(ch):
            if ch in _VI_TONES:
                tones[-1:] = [_VI_TONES[ch]] if tones else []
            elif letters:
                base = _VI_ALPHABET[letters[-1]] if letters[-1] < len(_VI_ALPHABET) else ""
                mod = _VI_MODIFIERS.get((base, ch))
                if mod:
                    letters[-1] = _VI_ORDER[mod]
            continue
        letters.append(_VI_ORDER.get(ch, len(_VI_ALPHABET) + ord(ch)))
        tones.append(0)
    return tuple(letters), tuple(tones)
