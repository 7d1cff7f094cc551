"""Decode a text file's bytes as a Vietnamese user's tools write them.

Order of checks (first match wins):

1. Byte-order marks: UTF-8 (Excel's "CSV UTF-8"), UTF-16 LE/BE (Excel's
   "Unicode text"), UTF-32.
2. UTF-16 without a mark (every other byte NUL).
3. UTF-8. Lines that are *mojibake* — UTF-8 read once as Windows-1252 or
   Latin-1 and saved again ("Báº¯c Káº¡n") — are repaired by re-encoding to
   Windows-1252 and decoding as UTF-8; a line that looks garbled but cannot be
   repaired is refused with its line number.
4. Windows-1258 (Vietnamese Windows code page; it writes tones as combining
   marks, so the text is NFC-normalised), accepted when the text holds
   Vietnamese letters (ă â đ ê ô ơ ư or a tone mark).
5. Anything else is refused: save the file as "CSV UTF-8".

All text comes back in Unicode NFC.

>>> decode("Bắc Kạn".encode("utf-16")).text
'Bắc Kạn'
>>> d = decode("Bắc Kạn".encode("utf-8").decode("cp1252").encode("utf-8"))
>>> d.text, d.repaired_lines
('Bắc Kạn', [1])
>>> decode(encode_cp1258("Hà Nội")).encoding
'cp1258'
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from ..errors import ValidationError
from .words import problem, say

_BOMS = [  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE with BOM"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE with BOM"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE with BOM"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE with BOM"),
]
# Signs of UTF-8 read as cp1252/latin-1: a lead byte shown as Ã Ä Å Æ á â ä å æ … followed by a
# continuation byte shown as a cp1252/latin-1 character of 0x80-0xBF.
_CONT = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\u0080-\u00bf"
_MOJIBAKE = re.compile(f"[\u00c2-\u00ef][{_CONT}]")
# Patterns real Vietnamese text never holds; a line with one that cannot be repaired is refused.
_STRONG = re.compile(f"á[º»¼½¾]|[ÃÄÅÆ][{_CONT.replace(chr(0x80) + '-' + chr(0xbf), '')}\u0080-\u009f\u00a1-\u00bf]")
_VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323]|[\u1ea0-\u1ef9]")


@dataclass
class Decoded:
    """Decoded text and how it was obtained.

    >>> decode(b"\\xef\\xbb\\xbfH\\xc3\\xa0 N\\xe1\\xbb\\x99i").description
    'UTF-8 with BOM'
    """

    text: str
    encoding: str
    description: str
    repaired_lines: list[int] = field(default_factory=list)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _refuse(file: str, key: str, lang: str, **fields) -> ValidationError:
    """A file refused: ``found`` of ``key``, expected "save it as CSV UTF-8"."""
    return ValidationError([problem(file, None, None, key, lang, expected="save_as_utf8", **fields)], lang)


def repair_mojibake(text: str) -> str | None:
    """Undo one round of UTF-8-read-as-Windows-1252 (or Latin-1); None if impossible.

    >>> repair_mojibake("Ä\u0090Ã\u00a0 Náºµng")
    'Đà Nẵng'
    >>> repair_mojibake("Đà Nẵng") is None
    True
    """
    out = bytearray()
    for ch in text:
        o = ord(ch)
        if o < 0x80:
            out.append(o)
            continue
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if o < 0x100:  # C1 controls / bytes cp1252 leaves undefined, kept by latin-1 readers
                out.append(o)
            else:
                return None
    try:
        fixed = out.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return fixed if fixed != text else None


def _fix_lines(text: str, file: str, lang: str = "en") -> tuple[str, list[int]]:
    """Repair mojibake line by line; refuse lines that stay garbled."""
    if not _MOJIBAKE.search(text):
        return text, []
    lines = text.split("\n")
    repaired, bad = [], []
    for i, line in enumerate(lines, start=1):
        if not _MOJIBAKE.search(line):
            continue
        fixed = repair_mojibake(line)
        if fixed is not None and not _MOJIBAKE.search(fixed):
            lines[i - 1] = fixed
            repaired.append(i)
        elif _STRONG.search(line):
            bad.append(i)
    if bad:
        sample = lines[bad[0] - 1].strip()[:60]
        lines_said = (say("mojibake.lines", lang, lines=", ".join(map(str, bad[:10])) + (" …" if len(bad) > 10 else ""))
                      if len(bad) > 1 else "")
        raise ValidationError([problem(file, bad[0], None, "mojibake", lang, sample=sample, lines=lines_said)], lang)
    return "\n".join(lines), repaired


_STRAY_TONE = re.compile("(?<![aăâeêioôơuưyAĂÂEÊIOÔƠUƯYàáảãạÀÁẢÃẠ])[\u0300\u0301\u0303\u0309\u0323]")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def encode_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 writes Vietnamese: base letters with their
    circumflex, breve or horn precomposed, tone marks as combining characters.

    >>> encode_cp1258("Nội")
    b'N\\xf4\\xf2i'
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        tones = "".join(c for c in parts if c in _TONES)
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, file: str = "<bytes>", lang: str = "en") -> Decoded:
    """Decode ``data`` (see the module docstring); raise ValidationError when unsure,
    worded in ``lang``.

    >>> decode("Tỉnh;Điểm".encode("utf-16-le")).text
    'Tỉnh;Điểm'
    >>> decode(b"\\x00\\x01binary\\x00", "x.csv")
    Traceback (most recent call last):
    ...
    dtilib.errors.ValidationError: 1 problem(s) found:
      x.csv: found binary data (NUL bytes), not a text table; expected ...
    >>> decode(b"\\x00\\x01binary\\x00", "x.csv", "vi")
    Traceback (most recent call last):
    ...
    dtilib.errors.ValidationError: 1 lỗi:
      x.csv: dữ liệu nhị phân (byte NUL), không phải bảng văn bản; cần một tệp văn bản UTF-8 ...
    """
    for bom, enc, desc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(enc)
            except UnicodeDecodeError as exc:
                raise _refuse(file, "bad_bom", lang, desc=desc, encoding=enc, at=exc.start) from None
            text, fixed = _fix_lines(_nfc(text), file, lang)
            return Decoded(text, enc, desc, fixed)
    enc16 = _looks_utf16(data)
    if enc16:
        try:
            text, fixed = _fix_lines(_nfc(data.decode(enc16)), file, lang)
            return Decoded(text, enc16, f"{enc16.upper()} without BOM", fixed)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4000]:
        raise _refuse(file, "binary", lang)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        text, fixed = _fix_lines(_nfc(text), file, lang)
        desc = "UTF-8" + (" (mojibake repaired)" if fixed else "")
        return Decoded(text, "utf-8", desc, fixed)
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = None
    if text is not None and _VIETNAMESE.search(text) and not _STRAY_TONE.search(text):
        text = _nfc(text)
        return Decoded(text, "cp1258", "Windows-1258 (Vietnamese)")
    guess = None
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        guess = best.encoding if best is not None else None
    except Exception:  # pragma: no cover - the detector is only a hint
        guess = None
    raise _refuse(file, "unknown_encoding", lang, guess=say("unknown_encoding.guess", lang, encoding=guess) if guess else "")
