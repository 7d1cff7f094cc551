"""Build dtilib/data/demo_facts.csv: the published facts the synthetic DTI data must reproduce.

Reads the bundled published tables in data/raw/ (never modified) and the Bắc Kạn seed
article, and writes one row per fact with the file and line it comes from, so every
constraint of ``dtilib.demo`` traces to an input row. Run from the repository root:

    .venv/bin/python scripts/make_demo_facts.py
"""
from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
OUT = ROOT / "dtilib" / "data" / "demo_facts.csv"
SEED = "seeds/002_d8f20103a555f93a.txt"
YEARS = {2020, 2021, 2022, 2023}
GROUP = {"1_awareness": "1", "2_institutions": "2", "3_infrastructure": "3", "4_human_resources": "4",
         "5_cyber_security": "5", "7_gov_activities": "7", "8_econ_activities": "8",
         "9_soc_activities": "9", "TOTAL_PDTI": "TOTAL"}
PILLARS = {"digital_gov": "GOV", "digital_econ": "ECO", "digital_soc": "SOC"}
COLUMNS = ["unit", "name_vi", "year", "indicator", "measure", "value", "tolerance", "status",
           "source_file", "source_row", "note"]


def rows(name: str):
    with (RAW / name).open(encoding="utf-8") as fh:
        for line, rec in enumerate(csv.DictReader(fh), start=2):
            yield line, rec


def main() -> None:
    import sys

    sys.path.insert(0, str(ROOT))
    from dtilib.provinces import resolve

    out: list[dict] = []

    def add(name, year, indicator, measure, value, tol, status, file, line, note=""):
        unit = "ALL" if name == "ALL" else resolve(name).key
        out.append({"unit": unit, "name_vi": name if name != "ALL" else "", "year": int(year),
                    "indicator": indicator, "measure": measure, "value": value, "tolerance": tol,
                    "status": status, "source_file": file, "source_row": line, "note": note})

    f = "data/raw/dti_results.csv"
    for line, r in rows("dti_results.csv"):
        year = int(r["year"])
        if r["ranking_group"] != "63_provinces" or year not in YEARS:
            continue
        if r["rank"]:
            add(r["province_vi"], year, "TOTAL", "rank", int(r["rank"]), 0, r["status"], f, line)
        if r["score_0_1"]:
            add(r["province_vi"], year, "TOTAL", "index", float(r["score_0_1"]), 0.0001, r["status"], f, line,
                "published to 4 decimals; synthetic totals agree within 0.0001")
        for col, code in PILLARS.items():
            if r[f"{col}_rank"]:
                add(r["province_vi"], year, code, "rank", int(r[f"{col}_rank"]), 0, r["status"], f, line,
                    "pillar rank" + ("; 2020 pilot pillar mapped onto the 922 view (illustrative)" if year == 2020 else ""))
            if r[f"{col}_score"]:
                add(r["province_vi"], year, code, "index", float(r[f"{col}_score"]), 0.00005, r["status"], f, line,
                    "pillar value" + ("; 2020 pilot pillar mapped onto the 922 view (illustrative)" if year == 2020 else ""))

    f = "data/raw/dti_2022_group_indices.csv"
    for line, r in rows("dti_2022_group_indices.csv"):
        code = GROUP[r["group_code"]]
        if code == "TOTAL" and r["province_vi"] != "Bắc Kạn":
            continue  # the top-5 totals are the published 0-1 scores (see dti_results.csv)
        add(r["province_vi"], int(r["year"]), code, "points", float(r["group_points"]), 0.005,
            r["status"].split(" ")[0], f, line, "group points to 2 decimals, reproduced exactly")

    f = "data/raw/dti_group_ranks.csv"
    for line, r in rows("dti_group_ranks.csv"):
        add(r["province_vi"], int(r["year"]), GROUP[r["group_code"]], "rank", int(r["group_rank_of_63"]), 0,
            r["status"], f, line, "main-indicator rank among 63")

    f = "data/raw/dti_aggregates.csv"
    for line, r in rows("dti_aggregates.csv"):
        if r["measure"] == "provincial_mean" and int(r["year"]) in YEARS:
            add("ALL", int(r["year"]), "TOTAL", "provincial_mean", float(r["value_0_1"]), 0.0005, "sourced",
                f, line, "mean of total/1000 over the 63 provinces")

    add("Bắc Kạn", 2021, "TOTAL", "points", 320.11, 0.005, "seed_unverified", SEED, "",
        "394.13 (2022) minus the +74.02 gain stated in the seed")
    add("Bắc Kạn", 2022, "TOTAL", "n_zero", 34, 0, "seed_unverified", SEED, "",
        "'up to 34 component indexes scored 0' (final stage, scored components)")

    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    print(f"wrote {len(out)} facts to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
