"""Build dtilib/data/demo_facts.csv: the published facts the synthetic DTI data must reproduce.

Reads the bundled published tables in data/raw/ (never modified) and the Bắc Kạn seed
article, and writes one row per fact with the file and line it comes from, so every
constraint of ``dtilib.demo`` traces to an input row. Tolerances:

- ranks: exact (computed on the index rounded to 4 decimals, ties share the rank);
- a published total index (4 decimals): ±0.0001 — the published group points of the top
  five add up to within 0.0001 of their published totals, not always to the same rounding;
- a published pillar value: ±0.00005 (reproduced to the published 4 decimals);
- published points (2 decimals): ±0.005 (reproduced exactly, in cents);
- a provincial mean: ±0.0001.

Not used: the 2022 and 2023 "national_DTI" aggregates (the national index, not a mean of
the 63 provinces), 2024 figures (a different framework and the 34-unit ranking), and the
non-provincial rankings. Run from the repository root:

    .venv/bin/python scripts/make_demo_facts.py [OUT.csv]
"""
from __future__ import annotations

import csv
import re
import sys
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


def main(out_path: Path = OUT) -> Path:
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
            add(r["province_vi"], year, "TOTAL", "rank", int(r["rank"]), 0, r["status"], f, line,
                "rank among 63 (index to 4 decimals, ties share)" + ("; " + r["note"] if "tie" in r["note"] else ""))
        if r["score_0_1"]:
            add(r["province_vi"], year, "TOTAL", "index", float(r["score_0_1"]), 0.0001, r["status"], f, line,
                "published to 4 decimals; synthetic total within 0.0001")
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
            add("ALL", int(r["year"]), "TOTAL", "provincial_mean", float(r["value_0_1"]), 0.0001, "sourced",
                f, line, "mean of total/1000 over the 63 provinces")

    # Bắc Kạn 2021 total: the 2022 row gives 394.13 and "+74.02 vs 2021" in its note
    f = "data/raw/dti_results.csv"
    for line, r in rows("dti_results.csv"):
        if r["year"] == "2022" and r["province_vi"] == "Bắc Kạn":
            m = re.search(r"score (\d+\.\d+)/1000 \(\+(\d+\.\d+) vs 2021\)", r["note"])
            if not m:
                raise SystemExit(f"{f}:{line}: expected 'score X/1000 (+Y vs 2021)' in the note")
            total, gain = float(m.group(1)), float(m.group(2))
            add("Bắc Kạn", 2021, "TOTAL", "points", round(total - gain, 2), 0.005, "seed_unverified", f, line,
                f"{total} (2022) minus the +{gain} gain stated in the note (from the seed article)")
    # Bắc Kạn's zero components: only in the seed article (line number in that file)
    seed_path = ROOT.parent / "shared" / SEED
    seed_line = ""
    if seed_path.exists():
        for n, text in enumerate(seed_path.read_text(encoding="utf-8").splitlines(), start=1):
            if "34 component indexes scored 0" in text:
                seed_line = n
    add("Bắc Kạn", 2022, "TOTAL", "n_zero", 34, 0, "seed_unverified", "../shared/" + SEED, seed_line,
        "'up to 34 component indexes scored 0' (final stage, scored components)")

    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    tmp.replace(out_path)
    print(f"wrote {len(out)} facts to {out_path}")
    return out_path


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
