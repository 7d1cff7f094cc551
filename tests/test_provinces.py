"""The registry resolves names the way analysts type them, and never guesses."""
from __future__ import annotations

import json
import unicodedata
from importlib import resources

import pytest

from dtilib import UnknownProvinceError, provinces, resolve
from dtilib.provinces import keys, merger_map, predecessors, successor

SPELLINGS = {
    "06": ["Bắc Kạn", "Bac Kan", "BẮC KẠN", "bắc kạn", "Tỉnh Bắc Kạn", "tinh bac kan", "Bắc Cạn",
           "Bac Kan province", "  Bắc   Kạn  "],
    "38": ["Thanh Hóa", "Thanh Hoá", "Thanh Hoa", "THANH HOÁ", "Tỉnh Thanh Hoá"],
    "17": ["Hòa Bình", "Hoà Bình", "Hoa Binh"],
    "56": ["Khánh Hòa", "Khánh Hoà", "Khanh Hoa province"],
    "79": ["Hồ Chí Minh", "TP. Hồ Chí Minh", "TP.HCM", "TP HCM", "TPHCM", "HCM", "hcmc",
           "Ho Chi Minh City", "Thành phố Hồ Chí Minh", "Sài Gòn", "thanh pho ho chi minh"],
    "46": ["Thừa Thiên Huế", "Thừa Thiên - Huế", "Thua Thien Hue", "Hue", "Huế", "TT Huế"],
    "77": ["Bà Rịa - Vũng Tàu", "Bà Rịa–Vũng Tàu", "Bà Rịa-Vũng Tàu", "Ba Ria Vung Tau",
           "Bà Rịa — Vũng Tàu", "BRVT"],
    "01": ["Hà Nội", "Ha Noi", "Hanoi", "Thành phố Hà Nội", "Thủ đô Hà Nội", "TP. Hà Nội", "HÀ NỘI"],
    "48": ["Đà Nẵng", "Da Nang", "Danang", "Da Nang City", "TP Đà Nẵng"],
    "66": ["Đắk Lắk", "Dak Lak", "Daklak", "Đắc Lắc"],
    "92": ["Cần Thơ", "Can Tho", "TP. Cần Thơ", "Can Tho City"],
    "20": ["Lạng Sơn", "Lang Son", "lang son"],
    "31": ["Hải Phòng", "Hai Phong", "Haiphong", "TP Hải Phòng"],
    "62": ["Kon Tum", "Kontum"],
    "95": ["Bạc Liêu", "Bac Lieu"],
}


@pytest.mark.parametrize("key,name", [(k, n) for k, ns in SPELLINGS.items() for n in ns])
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_resolve_spellings(key, name, form):
    assert resolve(unicodedata.normalize(form, name)).key == key


def test_every_registry_name_round_trips():
    for era in ("pre2025", "post2025"):
        for r in provinces(era).itertuples():
            for n in (r.name_vi, r.name_ascii, r.name_en, unicodedata.normalize("NFD", r.name_vi)):
                assert resolve(n, era).key == r.key, n


def test_codes_resolve():
    assert resolve("6").key == "06" and resolve(6).key == "06" and resolve("06").key == "06"


def test_unknown_lists_closest_and_is_value_error():
    with pytest.raises(UnknownProvinceError) as exc:
        resolve("Bac Kann")
    assert isinstance(exc.value, ValueError)
    assert "Bắc Kạn" in str(exc.value) and exc.value.candidates[0] == "Bắc Kạn"
    with pytest.raises(UnknownProvinceError, match="no close match|closest"):
        resolve("Atlantis")


def test_never_guesses_between_similar_names():
    for typo in ("Quang", "Ha", "Binh"):
        with pytest.raises(UnknownProvinceError):
            resolve(typo)


def test_post2025_era_and_merged_hint():
    assert resolve("Thái Nguyên", "post2025").key == "N19"
    assert resolve("Huế", "post2025").key == "N46"
    with pytest.raises(UnknownProvinceError, match="merged into Thái Nguyên"):
        resolve("Bắc Kạn", "post2025")


def test_counts_regions_and_merger():
    old, new = provinces("pre2025"), provinces("post2025")
    assert len(old) == 63 and len(new) == 34
    assert old.groupby("region").size().to_dict() == {"CH": 5, "MRD": 13, "NCC": 14, "NMM": 14, "RRD": 11, "SE": 6}
    assert successor("Bắc Kạn").name_vi == "Thái Nguyên"
    assert [p.name_vi for p in predecessors("Hồ Chí Minh")] == ["Bình Dương", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"]
    m = merger_map()
    assert m["new_key"].nunique() == 34 and m["old_key"].is_unique


def test_keys_reports_every_bad_name_together():
    with pytest.raises(UnknownProvinceError) as exc:
        keys(["Hà Nội", "Foo", "Bar"])
    assert "'Foo'" in str(exc.value) and "'Bar'" in str(exc.value)


def test_merger_agrees_with_vietnamadminunits():
    """Cross-check our old → new mapping against an independent package."""
    ref = resources.files("vietnamadminunits").joinpath("data/converter_2025.json")
    table = json.loads(ref.read_text(encoding="utf-8"))["DICT_PROVINCE"]

    def bare(k: str) -> str:
        for pre in ("thanhpho", "tinh"):
            if k.startswith(pre):
                return k[len(pre):]
        return k

    seen = set()
    for new_key, olds in table.items():
        new = resolve(bare(new_key), "post2025")
        for o in olds:
            old = resolve(bare(o), "pre2025")
            assert old.successor == new.key, (o, new_key)
            seen.add(old.key)
    assert len(seen) == 63
