"""Build dtilib/data/provinces.csv from the published merger table.

Run once by a maintainer when the published table changes:

    python scripts/make_province_registry.py ../shared/data/published/province_merger_2025.csv

Names, GSO codes and the 2025 merger mapping come from the published table
(its ``source`` column names the packages and articles it was read from). The
six socio-economic regions are GSO's classification of the 63 pre-2025
provinces; the counts (14/11/14/5/6/13) match ../shared/domain.md. The 34
post-2025 units get no region: several straddle two regions (e.g. Gia Lai =
Gia Lai + Bình Định), and we do not invent one.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

from dtilib.text import strip_diacritics

REGIONS = {
    "NMM": ("Trung du và miền núi phía Bắc", "Northern Midlands and Mountains",
            "02 04 06 08 10 11 12 14 15 17 19 20 24 25"),
    "RRD": ("Đồng bằng sông Hồng", "Red River Delta", "01 22 26 27 30 31 33 34 35 36 37"),
    "NCC": ("Bắc Trung Bộ và Duyên hải miền Trung", "North Central and Central Coast",
            "38 40 42 44 45 46 48 49 51 52 54 56 58 60"),
    "CH": ("Tây Nguyên", "Central Highlands", "62 64 66 67 68"),
    "SE": ("Đông Nam Bộ", "Southeast", "70 72 74 75 77 79"),
    "MRD": ("Đồng bằng sông Cửu Long", "Mekong River Delta",
            "80 82 83 84 86 87 89 91 92 93 94 95 96"),
}
# Extra spellings people type, beyond what folding (diacritics, case, tone
# placement, dashes, prefixes) already handles.
ALIASES = {
    "01": "Hanoi; HN", "79": "TP.HCM; TPHCM; HCM; HCMC; HCM City; Sài Gòn; Saigon; Ho Chi Minh City",
    "46": "Huế; Hue; TT Huế; TT-Huế; TTH; Thừa Thiên - Huế", "77": "BRVT; BR-VT; Vũng Tàu",
    "48": "Danang", "31": "Haiphong", "92": "Cantho", "06": "Bắc Cạn", "66": "Đắc Lắc; Daklak; Darlac",
    "67": "Đắc Nông; Daknong", "62": "Kontum", "17": "Hoà Bình",
}
NEW_ALIASES = {"01": "Hanoi; HN", "79": "TP.HCM; TPHCM; HCM; HCMC; Sài Gòn; Saigon",
               "46": "Thừa Thiên Huế; TT Huế", "48": "Danang", "31": "Haiphong"}

FIELDS = ["key", "era", "code_gso", "name_vi", "name_ascii", "name_en", "kind", "region",
          "region_vi", "region_en", "successor", "admin_centre", "aliases", "status", "source"]


def main(path: str) -> None:
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    region_of = {c: r for r, (_, _, codes) in REGIONS.items() for c in codes.split()}
    out = []
    for r in rows:
        code = r["old_code_gso"]
        reg = region_of[code]
        kind = "city" if r["old_full_name_in_pkg"].startswith("Thành phố") and code != "46" else "province"
        out.append({
            "key": code, "era": "pre2025", "code_gso": code, "name_vi": r["old_province_vi"],
            "name_ascii": strip_diacritics(r["old_province_vi"]), "name_en": r["old_province_en"],
            "kind": kind, "region": reg, "region_vi": REGIONS[reg][0], "region_en": REGIONS[reg][1],
            "successor": "N" + r["new_code_gso"], "admin_centre": "", "aliases": ALIASES.get(code, ""),
            "status": "sourced", "source": "published/province_merger_2025.csv; region: GSO six socio-economic regions",
        })
    seen = set()
    for r in rows:
        code = r["new_code_gso"]
        if code in seen:
            continue
        seen.add(code)
        kind = "city" if r["new_full_name_in_pkg"].startswith("Thành phố") else "province"
        out.append({
            "key": "N" + code, "era": "post2025", "code_gso": code, "name_vi": r["new_province_vi"],
            "name_ascii": strip_diacritics(r["new_province_vi"]), "name_en": r["new_province_en"],
            "kind": kind, "region": "", "region_vi": "", "region_en": "", "successor": "",
            "admin_centre": r["admin_centre_of_new_unit"], "aliases": NEW_ALIASES.get(code, ""),
            "status": r["status"], "source": "published/province_merger_2025.csv",
        })
    assert sum(1 for o in out if o["era"] == "pre2025") == 63
    assert sum(1 for o in out if o["era"] == "post2025") == 34
    dest = Path(__file__).resolve().parents[1] / "dtilib" / "data" / "provinces.csv"
    with open(dest, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    print(f"wrote {dest} ({len(out)} rows)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/published/province_merger_2025.csv")
