"""The province registry: 63 pre-2025 provinces and the 34 post-2025 units.

Records live in ``dtilib/data/provinces.csv`` (built from the published 2025
merger table by ``scripts/make_province_registry.py``). Keys: a pre-2025
province is keyed by its two-digit GSO code (``"06"`` Bắc Kạn); a post-2025
unit by ``"N"`` + its GSO code (``"N19"`` Thái Nguyên), because a merged unit
usually re-uses one old province's code and the two must never be joined
blindly.

>>> resolve("Bac Kan").name_vi
'Bắc Kạn'
>>> resolve("TP.HCM").key
'79'
>>> resolve("Thanh Hoá") == resolve("thanh hóa") == resolve("Tỉnh Thanh Hóa")
True
>>> resolve("Thái Nguyên", era="post2025").key
'N19'
>>> successor("Bắc Kạn").name_vi
'Thái Nguyên'
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

import pandas as pd

from .errors import UnknownProvinceError
from .text import compact, fold, nfc

ERAS = ("pre2025", "post2025")
_ERA_ALIASES = {
    "pre2025": "pre2025", "old": "pre2025", "63": "pre2025", "2024": "pre2025",
    "post2025": "post2025", "new": "post2025", "34": "post2025", "2025": "post2025",
}
# Administrative prefixes and suffixes, in folded form, removed before matching.
_PREFIX_RE = re.compile(r"^(?:tinh|thanh pho|tp|t p|thu do|city of|province of)\s+")
_SUFFIX_RE = re.compile(r"(?:\s+(?:viet nam|vietnam|vn))?$")
_KIND_RE = re.compile(r"\s+(?:province|city|municipality)$")


@dataclass(frozen=True)
class Province:
    """One unit of the registry (a row of ``provinces.csv``); ``str()`` gives its Vietnamese name.

    >>> p = resolve("Bac Kan")
    >>> p.key, p.name_en, p.region, p.successor
    ('06', 'Bac Kan', 'NMM', 'N19')
    >>> str(p)
    'Bắc Kạn'
    """

    key: str
    era: str
    code_gso: str
    name_vi: str
    name_ascii: str
    name_en: str
    kind: str
    region: str
    region_vi: str
    region_en: str
    successor: str
    admin_centre: str
    aliases: str
    status: str
    source: str

    def __str__(self) -> str:
        return self.name_vi


def _era(era: str | int) -> str:
    try:
        return _ERA_ALIASES[str(era).lower()]
    except KeyError:
        raise ValueError(f"unknown era {era!r}; expected one of {', '.join(ERAS)}") from None


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    with resources.files("dtilib").joinpath("data/provinces.csv").open(encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    df["name_vi"] = df["name_vi"].map(nfc)
    return df


@lru_cache(maxsize=1)
def _records() -> dict[str, Province]:
    names = [f.name for f in fields(Province)]
    return {r["key"]: Province(**{n: r[n] for n in names}) for r in _table().to_dict("records")}


def _bare(name: str) -> str:
    s = fold(name)
    s = _SUFFIX_RE.sub("", s).strip()
    s = _KIND_RE.sub("", s)
    s = _PREFIX_RE.sub("", s)
    return s.replace(" ", "")


@lru_cache(maxsize=2)
def _index(era: str) -> dict[str, set[str]]:
    """Map each spelling key to the set of unit keys it names."""
    idx: dict[str, set[str]] = {}
    for p in _records().values():
        if p.era != era:
            continue
        spellings = [p.name_vi, p.name_ascii, p.name_en, p.key, p.code_gso]
        spellings += [a for a in p.aliases.split(";") if a.strip()]
        for s in spellings:
            for k in {compact(s), _bare(s)}:
                if k:
                    idx.setdefault(k, set()).add(p.key)
    return idx


def provinces(era: str | int = "pre2025") -> pd.DataFrame:
    """All units of one era as a DataFrame, one row per unit, in GSO code order.

    >>> len(provinces()), len(provinces("post2025"))
    (63, 34)
    >>> provinces().groupby("region").size().to_dict()["CH"]
    5
    """
    e = _era(era)
    t = _table()
    return t[t["era"] == e].reset_index(drop=True).copy()


def get(key: str) -> Province:
    """The unit with registry key ``key`` (``"06"``, ``"N19"``); keys are exact, not names.

    >>> get("48").name_vi, get("N19").name_en
    ('Đà Nẵng', 'Thai Nguyen')
    >>> get("99")
    Traceback (most recent call last):
    ...
    dtilib.errors.UnknownProvinceError: no province with key '99'
    """
    try:
        return _records()[str(key)]
    except KeyError:
        raise UnknownProvinceError(f"no province with key {key!r}", str(key)) from None


def resolve(name: str, era: str | int = "pre2025") -> Province:
    """Return the unit that ``name`` names, however it is spelt.

    Accepts Vietnamese with or without diacritics, NFC or NFD, old or new tone
    placement, English names, GSO codes, "Tỉnh"/"Thành phố"/"TP." prefixes,
    common short forms (HCM, Hue, BRVT), any case and dashes. Raises
    :class:`~dtilib.UnknownProvinceError` listing the closest names when
    nothing or more than one unit matches; it never guesses.

    >>> resolve("Ho Chi Minh City").name_vi
    'Hồ Chí Minh'
    >>> resolve("Bà Rịa–Vũng Tàu").key
    '77'
    >>> resolve("Bac Kann")
    Traceback (most recent call last):
    ...
    dtilib.errors.UnknownProvinceError: unknown province 'Bac Kann' (pre-2025 provinces); closest: Bắc Kạn, ...
    """
    if isinstance(name, Province):
        return name
    e = _era(era)
    raw = "" if name is None else str(name)
    if isinstance(name, (int,)) or re.fullmatch(r"\s*\d{1,2}\s*", raw):
        raw = raw.strip().zfill(2)
    idx = _index(e)
    for k in (compact(raw), _bare(raw)):
        hits = idx.get(k)
        if hits and len(hits) == 1:
            return _records()[next(iter(hits))]
        if hits:
            names = sorted(_records()[h].name_vi for h in hits)
            raise UnknownProvinceError(
                f"ambiguous province {name!r}: it names {', '.join(names)}", raw, tuple(names))
    raise _unknown(raw, e)


def _unknown(raw: str, era: str) -> UnknownProvinceError:
    key = _bare(raw)
    idx = _index(era)
    close = difflib.get_close_matches(key, list(idx), n=12, cutoff=0.5)
    names: list[str] = []
    for c in close:
        for k in sorted(idx[c]):
            n = _records()[k].name_vi
            if n not in names:
                names.append(n)
    names = names[:3]
    label = "pre-2025 provinces" if era == "pre2025" else "post-2025 units"
    hint = ""
    if era == "post2025":
        try:
            old = resolve(raw, "pre2025")
            hint = f"; {old.name_vi} merged into {get(old.successor).name_vi} on 1 July 2025"
        except UnknownProvinceError:
            pass
    msg = f"unknown province {raw!r} ({label})"
    msg += f"; closest: {', '.join(names)}" if names else "; no close match"
    return UnknownProvinceError(msg + hint, raw, tuple(names))


def successor(name: str) -> Province:
    """The post-2025 unit a pre-2025 province became part of.

    >>> successor("Hà Giang").name_vi
    'Tuyên Quang'
    """
    return get(resolve(name, "pre2025").successor)


def predecessors(name: str) -> list[Province]:
    """The pre-2025 provinces that formed a post-2025 unit, in GSO code order.

    >>> [p.name_vi for p in predecessors("Thái Nguyên")]
    ['Bắc Kạn', 'Thái Nguyên']
    """
    unit = resolve(name, "post2025")
    return [p for p in _records().values() if p.successor == unit.key]


def merger_map() -> pd.DataFrame:
    """Old → new mapping: one row per pre-2025 province.

    >>> m = merger_map(); len(m), m["new_key"].nunique()
    (63, 34)
    """
    old = provinces("pre2025")
    new = provinces("post2025").set_index("key")
    return pd.DataFrame({
        "old_key": old["key"], "old_name_vi": old["name_vi"],
        "new_key": old["successor"], "new_name_vi": old["successor"].map(new["name_vi"]),
    })


def keys(names: Iterable[str], era: str | int = "pre2025") -> list[str]:
    """Resolve many names to registry keys; all failures are reported together.

    >>> keys(["Hà Nội", "hcm", "Da Nang"])
    ['01', '79', '48']
    """
    out, bad = [], []
    cache: dict[str, str] = {}
    for n in names:
        s = str(n)
        if s not in cache:
            try:
                cache[s] = resolve(s, era).key
            except UnknownProvinceError as exc:
                bad.append(str(exc))
                cache[s] = ""
        out.append(cache[s])
    if bad:
        raise UnknownProvinceError("; ".join(dict.fromkeys(bad)))
    return out


_RAISE = object()


def name(key: str, lang: str = "vi", default: Any = _RAISE) -> str:
    """Display name of a unit in ``lang`` ("vi" or "en").

    An unknown key raises ``UnknownProvinceError``, or returns ``default`` when one
    is given (a user's own unit — a department, a commune — keeps its code):

    >>> name("79", "en")
    'Ho Chi Minh City'
    >>> name("SoTTTT", "vi", default="SoTTTT")
    'SoTTTT'
    """
    try:
        p = get(key)
    except UnknownProvinceError:
        if default is _RAISE:
            raise
        return default
    return p.name_vi if lang == "vi" else p.name_en


# ---------------------------------------------------------------------------
# The one resolver: which era a key belongs to, and a unit key from any input
# ---------------------------------------------------------------------------
OWN = "own"


def era_of(key: str) -> str:
    """The era of a unit key: ``"pre2025"``, ``"post2025"``, or ``"own"`` for a key
    the registry does not hold (a user's commune, ward or department).

    The one answer to "is this key post-2025?": nothing else looks at the key's shape.

    >>> era_of("06"), era_of("N19"), era_of("Xã Tân Phú")
    ('pre2025', 'post2025', 'own')
    """
    p = _records().get(str(key))
    return p.era if p is not None else OWN


def era_of_keys(keys: Iterable[str]) -> str | None:
    """The era a set of unit keys belongs to: one of :data:`ERAS`, ``"own"`` when any
    key is not a registry key (or the keys mix eras), ``None`` for no keys.

    >>> era_of_keys(["06", "20"]), era_of_keys(["N19", "N01"]), era_of_keys(["06", "N19"])
    ('pre2025', 'post2025', 'own')
    """
    eras = {era_of(k) for k in keys}
    if not eras:
        return None
    return eras.pop() if len(eras) == 1 else OWN


def key(name: Any, among: Iterable[str] | None = None, era: str | None = None) -> str:
    """The unit key ``name`` stands for: THE rule every layer calls.

    1. a key that is one of ``among`` (the units a dataset holds) is itself;
    2. the era is ``era`` or, when not given, that of ``among`` (:func:`era_of_keys`);
    3. in a registry era the name is resolved with :func:`resolve` in that era, so
       "Thái Nguyên" is ``"19"`` among the 63 provinces and ``"N19"`` among the 34 units;
    4. among a user's own units (era ``"own"``) a name matches a unit whose name folds
       to the same text (case, diacritics, NFC/NFD, tone placement), else it is an
       :class:`~dtilib.UnknownProvinceError` naming the closest units; a unit is never
       refused for not being a province;
    5. with neither ``among`` nor ``era``: the pre-2025 provinces, then the post-2025 units.

    >>> key("Thái Nguyên", among=["19", "06"]), key("Thái Nguyên", among=["N19", "N01"])
    ('19', 'N19')
    >>> key("xa tan phu", among=["Xã Tân Phú", "Phường Hòa Bình"])
    'Xã Tân Phú'
    >>> key("Bắc Kạn"), key("N19")
    ('06', 'N19')
    """
    if isinstance(name, Province):
        return name.key
    s = nfc("" if name is None else str(name))
    pool = None if among is None else [str(k) for k in among]
    if pool is not None and s in pool:
        return s
    e = era if era is not None else (era_of_keys(pool) if pool else None)
    if e in ERAS or e in _ERA_ALIASES:
        e = _era(e)
        if pool is not None and e == "pre2025" and s.upper() in pool:
            return s.upper()
        return resolve(s, e).key
    if e == OWN:
        want = compact(s)
        hits = [k for k in pool or [] if compact(k) == want]
        if len(hits) == 1:
            return hits[0]
        registry_keys = [k for k in pool or [] if era_of(k) != OWN]
        for reg_era in dict.fromkeys(era_of(k) for k in registry_keys):
            try:
                k = resolve(s, reg_era).key
            except UnknownProvinceError:
                continue
            if k in (pool or []):
                return k
        close = difflib.get_close_matches(want, [compact(k) for k in pool or []], n=3, cutoff=0.5)
        names = [k for c in close for k in (pool or []) if compact(k) == c][:3]
        if len(hits) > 1:
            raise UnknownProvinceError(f"ambiguous unit {s!r}: it names {', '.join(hits)}", s, tuple(hits))
        msg = f"unknown unit {s!r}" + (f"; closest: {', '.join(names)}" if names else
                                       f"; units in the data: {', '.join(sorted(pool or [])[:8])}")
        raise UnknownProvinceError(msg, s, tuple(names))
    try:
        return resolve(s, "pre2025").key
    except UnknownProvinceError as first:
        try:
            return resolve(s, "post2025").key
        except UnknownProvinceError:
            raise first from None


def display_name(key_: str, lang: str = "vi") -> str:
    """Display name of any unit key: the registry's name in ``lang``, or a user's own
    unit as it was typed.

    >>> display_name("79", "en"), display_name("N19"), display_name("Xã Tân Phú")
    ('Ho Chi Minh City', 'Thái Nguyên', 'Xã Tân Phú')
    """
    return name(str(key_), lang, default=str(key_))
