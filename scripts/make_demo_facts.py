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
UNMET = ROOT / "dtilib" / "data" / "demo_unmet.csv"
EXCL = ROOT / "dtilib" / "data" / "demo_exclusions.csv"
SEED = "seeds/002_d8f20103a555f93a.txt"
YEARS = {2020, 2021, 2022, 2023}
GROUP = {"1_awareness": "1", "2_institutions": "2", "3_infrastructure": "3", "4_human_resources": "4",
         "5_cyber_security": "5", "7_gov_activities": "7", "8_econ_activities": "8",
         "9_soc_activities": "9", "TOTAL_PDTI": "TOTAL"}
PILLARS = {"digital_gov": "GOV", "digital_econ": "ECO", "digital_soc": "SOC"}
UNMET_COLUMNS = ["unit", "name_vi", "year", "ranking_group", "indicator", "measure", "value", "status",
                 "source_file", "source_row", "reason"]
COLUMNS = ["unit", "name_vi", "year", "indicator", "measure", "value", "tolerance", "status",
           "source_file", "source_row", "note"]


def rows(name: str):
    with (RAW / name).open(encoding="utf-8") as fh:
        for line, rec in enumerate(csv.DictReader(fh), start=2):
            yield line, rec


def _tolerance(indicator: str, measure: str, value: float) -> float:
    """Ranks exact; points in cents; a total index ±0.0001 (the top five's group points add
    up to their published totals within 0.0001), a finer one (5 decimals) to its last
    digit; pillar and main-indicator indices to the published 4 decimals."""
    if measure == "rank":
        return 0
    if measure == "points":
        return 0.005
    digits = len(repr(float(value)).split(".")[1].rstrip("0"))
    if digits >= 5:
        return 0.000005
    if digits < 4:  # "0.54": a value given to 2 decimals lies anywhere in [0.535, 0.545]
        return 0.5 * 10 ** -digits
    return 0.0001 if indicator == "TOTAL" else 0.00005


def _exclusions() -> list:
    """Published facts the generator cannot meet, with the reason (dtilib/data/demo_exclusions.csv;
    fields are shell patterns, the first matching row gives the reason)."""
    with EXCL.open(encoding="utf-8") as fh:
        return [((r["unit"], r["year"], r["indicator"], r["measure"]), r["reason"]) for r in csv.DictReader(fh)]


def _excluded(rules: list, key: tuple) -> str | None:
    from fnmatch import fnmatchcase

    for pattern, reason in rules:
        if all(fnmatchcase(str(k), p) for k, p in zip(key, pattern)):
            return reason
    return None


def _unmet(r, reason: str) -> dict:
    return {"unit": r.unit, "name_vi": r.name_vi, "year": int(r.year), "ranking_group": r.ranking_group,
            "indicator": r.indicator, "measure": r.measure, "value": r.value, "status": r.status,
            "source_file": f"data/raw/{r.table}.csv", "source_row": r.line, "reason": reason}


def main(out_path: Path = OUT, unmet_path: Path | None = None) -> Path:
    sys.path.insert(0, str(ROOT))
    from dtilib.datasets import published_figures
    from dtilib.provinces import resolve

    out: list[dict] = []

    def add(name, year, indicator, measure, value, tol, status, file, line, note="", unit=None):
        if unit is None:
            unit = "ALL" if name == "ALL" else resolve(name).key
        out.append({"unit": unit, "name_vi": name if name != "ALL" else "", "year": int(year),
                    "indicator": indicator, "measure": measure, "value": value, "tolerance": tol,
                    "status": status, "source_file": file, "source_row": line, "note": note})

    figs = published_figures(RAW)
    f = figs[figs["preferred"] & figs["year"].isin(YEARS) & (figs["ranking_group"] == "63_provinces")
             & figs["framework"].isin(["dti-2020", "dti-922"])]
    excluded = _exclusions()
    # a total's points that are only its index x 1000 add nothing to the index fact
    idx_value = {(r.unit, r.year): float(r.value)
                 for r in f[(f.indicator == "TOTAL") & (f.measure == "index")].itertuples()}
    f = f.sort_values(["year", "table", "line"], kind="stable")
    unmet = []
    for r in f.itertuples(index=False):
        key = (r.unit, int(r.year), r.indicator, r.measure)
        reason = _excluded(excluded, key)
        if reason:
            unmet.append(_unmet(r, reason))
            continue
        if r.indicator == "TOTAL" and r.measure == "points" and (r.unit, r.year) in idx_value \
                and abs(idx_value[(r.unit, r.year)] * 1000 - float(r.value)) < 1e-6:
            continue  # = index x 1000: the index fact covers it
        value = int(r.value) if r.measure == "rank" else float(r.value)
        what = {"TOTAL": "total", "GOV": "pillar", "ECO": "pillar", "SOC": "pillar"}.get(r.indicator, "main indicator")
        note = f"{what} {r.measure}" + (" among 63 (index to 4 decimals, ties share)" if r.measure == "rank" else "")
        if r.year == 2020 and r.indicator in PILLARS.values():
            note += "; 2020 pilot pillar mapped onto the 922 view (illustrative)"
        add(r.name_vi, r.year, r.indicator, r.measure, value, _tolerance(r.indicator, r.measure, value),
            r.status, f"data/raw/{r.table}.csv", r.line, note, unit=r.unit)
    # published figures not generated: other years' rankings, losing versions of conflicts
    for r in figs.itertuples(index=False):
        if r.framework.startswith("ict"):
            continue
        if r.year not in YEARS or r.ranking_group != "63_provinces":
            unmet.append(_unmet(r, "DTI 2024: a different framework (8 main indicators) and, for the "
                                   "34-unit ranking, different units; the demo covers 2020-2023 only"))
        elif not r.preferred:
            unmet.append(_unmet(r, "conflicting version not preferred by the rule (dtilib.datasets); "
                                   "the preferred version is reproduced"))

    f = "data/raw/dti_aggregates.csv"
    for line, r in rows("dti_aggregates.csv"):
        if r["measure"] == "provincial_mean" and int(r["year"]) in YEARS:
            add("ALL", int(r["year"]), "TOTAL", "provincial_mean", float(r["value_0_1"]), 0.0001, "published",
                f, line, "mean of total/1000 over the 63 provinces")

    # Bắc Kạn 2021 total: the 2022 row gives 394.13 and "+74.02 vs 2021" in its note
    f = "data/raw/dti_results.csv"
    for line, r in rows("dti_results.csv"):
        if r["year"] == "2022" and r["province_vi"] == "Bắc Kạn":
            m = re.search(r"score (\d+\.\d+)/1000 \(\+(\d+\.\d+) vs 2021\)", r["note"])
            if not m:
                raise SystemExit(f"{f}:{line}: expected 'score X/1000 (+Y vs 2021)' in the note")
            total, gain = float(m.group(1)), float(m.group(2))
            add("Bắc Kạn", 2021, "TOTAL", "points", round(total - gain, 2), 0.005, "seed_only", f, line,
                f"{total} (2022) minus the +{gain} gain stated in the note (from the seed article)")
    # Bắc Kạn's zero components: only in the seed article (line number in that file)
    seed_path = ROOT.parent / "shared" / SEED
    seed_line = ""
    if seed_path.exists():
        for n, text in enumerate(seed_path.read_text(encoding="utf-8").splitlines(), start=1):
            if "34 component indexes scored 0" in text:
                seed_line = n
    add("Bắc Kạn", 2022, "TOTAL", "n_zero", 34, 0, "seed_only", "../shared/" + SEED, seed_line,
        "'up to 34 component indexes scored 0' (final stage, scored components)")

    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    tmp.replace(out_path)
    unmet_path = Path(unmet_path) if unmet_path is not None else out_path.with_name(UNMET.name)
    with unmet_path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=UNMET_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(unmet)
    print(f"wrote {len(out)} facts to {out_path}, {len(unmet)} not generated to {unmet_path}")
    return out_path


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
