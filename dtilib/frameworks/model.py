"""Framework model, loading and validation. See :mod:`dtilib.frameworks`."""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import FrameworkError

NODE_COLUMNS = ["code", "parent", "depth", "level", "name_vi", "name_en", "short", "block",
                "max_points", "scored", "weight", "n_components", "name_status", "order"]
_LEVELS = {0: "total", 1: "indicator", 2: "component"}
_BUNDLED = {
    "dti-922": "dti_provincial_922.yaml",
    "dti-2020": "dti_pilot_2020.yaml",
    "dti-2024": "dti_provincial_2024.yaml",
    "ict-index": "ict_index.yaml",
}
# The national framework every command uses when none is given: the one place it is set.
DEFAULT = "dti-922"
_ALIASES = {"922": "dti-922", "dti": "dti-922", "dti-2021": "dti-922", "dti-2022": "dti-922",
            "1726": "dti-2020", "ict": "ict-index"}
_TOL = 1e-6


@dataclass(frozen=True, eq=False)
class Framework:
    """An index structure: metadata, a tidy table of nodes, and pillar views.

    ``nodes`` has one row per node with columns ``code, parent, depth, level,
    name_vi, name_en, short, block, max_points, scored, weight, n_components,
    name_status, order``; ``max_points`` is NaN where the maximum is unknown.
    ``views`` has one row per overlapping view (pillar) with the indicator
    codes it sums.

    >>> fw = load("dti-922")
    >>> fw
    <Framework dti-922: 9 indicators, 0 components, max 1000>
    >>> fw.max_points, fw.total_code
    (1000.0, 'TOTAL')
    >>> fw.node("7")["name_en"], float(fw.node("7")["max_points"])
    ('Digital government activities', 200.0)
    >>> fw.views.set_index("code").loc["GOV", "indicators"]
    ['1', '2', '3', '4', '5', '6', '7']
    """

    meta: dict[str, Any]
    nodes: pd.DataFrame
    views: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["code", "name_vi", "name_en", "indicators", "max_points", "n_components"]))
    blocks: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["code", "name_vi", "name_en", "max_points", "n_components"]))

    def copy(self) -> "Framework":
        """An independent copy (its tables and metadata can be changed without touching this one).

        >>> fw = load(DEFAULT)
        >>> fw.copy() is not fw, fw.copy().id == fw.id
        (True, True)
        """
        return Framework(copy.deepcopy(self.meta), self.nodes.copy(deep=True),
                         self.views.copy(deep=True), self.blocks.copy(deep=True))

    def __deepcopy__(self, memo: dict) -> "Framework":
        # A framework travels with the tables scored against it (DataFrame.attrs, which
        # pandas deep-copies on every operation): it is treated as an immutable value
        # there, so a "deep copy" is the object itself. Use .copy() for a real copy.
        return self

    # -- identity -------------------------------------------------------------
    @property
    def id(self) -> str:
        return str(self.meta.get("id", ""))

    @property
    def total_code(self) -> str:
        return str(self.meta.get("total_code", "TOTAL"))

    @property
    def max_points(self) -> float:
        v = self.meta.get("max_points")
        return float("nan") if v is None else float(v)

    @property
    def components_known(self) -> bool:
        """False where the official component list is not public (we say so)."""
        return bool(self.meta.get("components_known", True))

    @property
    def placeholder(self) -> bool:
        """True when the components are generated placeholders, not official ones."""
        return bool((self.nodes["name_status"] == "placeholder").any())

    def __repr__(self) -> str:
        n_ind = int((self.nodes["depth"] == 1).sum())
        n_leaf = len(self.components())
        return f"<Framework {self.id}: {n_ind} indicators, {n_leaf} components, max {self.max_points:g}>"

    # -- navigation -----------------------------------------------------------
    def indicators(self) -> pd.DataFrame:
        """Main indicators (depth 1), in framework order."""
        return self.nodes[self.nodes["depth"] == 1].reset_index(drop=True)

    def components(self) -> pd.DataFrame:
        """Leaf nodes below the main indicators (where points are entered)."""
        n = self.nodes
        parents = set(n["parent"].dropna())
        return n[(n["depth"] >= 2) & ~n["code"].isin(parents)].reset_index(drop=True)

    def leaves(self) -> pd.DataFrame:
        """Nodes with no children: components, or indicators when none are listed."""
        n = self.nodes
        parents = set(n["parent"].dropna())
        return n[(n["depth"] >= 1) & ~n["code"].isin(parents)].reset_index(drop=True)

    def node(self, code: str) -> pd.Series:
        hit = self.nodes[self.nodes["code"] == str(code)]
        if hit.empty:
            raise FrameworkError(f"framework {self.id}: no indicator with code {code!r}")
        return hit.iloc[0]

    def ancestor_at(self, depth: int = 1) -> pd.Series:
        """Map every node of depth >= ``depth`` to its ancestor at ``depth``.

        >>> load("dti-922").with_placeholder_components().ancestor_at(1)["7.03"]
        '7'
        """
        parent = dict(zip(self.nodes["code"], self.nodes["parent"]))
        dep = dict(zip(self.nodes["code"], self.nodes["depth"]))
        out = {}
        for code in self.nodes["code"]:
            c = code
            if dep[c] < depth:
                continue
            while dep[c] > depth:
                c = parent[c]
            out[code] = c
        return pd.Series(out, name=f"ancestor_{depth}", dtype=object)

    def maxima(self) -> pd.Series:
        """Max points by node code (NaN where unknown)."""
        return pd.Series(self.nodes["max_points"].to_numpy(), index=self.nodes["code"], name="max_points")

    # -- derived frameworks ---------------------------------------------------
    def with_components(self, components: pd.DataFrame) -> "Framework":
        """A copy with ``components`` (code, parent, name_vi, name_en, max_points, …) attached."""
        comp = components.copy()
        comp["depth"] = 2
        comp["level"] = "component"
        for col, default in (("scored", True), ("name_status", "official"), ("short", ""),
                             ("block", None), ("weight", float("nan")), ("n_components", pd.NA)):
            if col not in comp:
                comp[col] = default
        ind = self.nodes[self.nodes["depth"] <= 1]
        nodes = pd.concat([ind, comp], ignore_index=True)
        nodes["order"] = range(len(nodes))
        meta = dict(self.meta)
        fw = Framework(meta, _tidy_nodes(nodes), self.views.copy(), self.blocks.copy())
        problems = validate(fw)
        if problems:
            raise FrameworkError(f"framework {self.id}: " + "; ".join(problems))
        return fw

    def with_placeholder_components(self) -> "Framework":
        """Attach placeholder components where the official list is unknown.

        Each main indicator gets its declared number of components, coded
        ``"<indicator>.<nn>"``, with integer maxima split as evenly as possible
        so they add up to the indicator's maximum (largest remainder). Names
        say they are placeholders and ``name_status`` is ``"placeholder"``.

        >>> fw = load("dti-922").with_placeholder_components()
        >>> fw.components().groupby("parent")["max_points"].sum().to_dict()["2"]
        100.0
        """
        rows = []
        for ind in self.indicators().itertuples():
            n = ind.n_components
            if pd.isna(n) or int(n) == 0:
                continue
            n = int(n)
            mx = 0.0 if pd.isna(ind.max_points) else float(ind.max_points)
            base, rem = divmod(int(round(mx)), n)
            for i in range(n):
                code = f"{ind.code}.{i + 1:02d}"
                rows.append({
                    "code": code, "parent": ind.code,
                    "name_vi": f"Chỉ số thành phần {code} (tên chưa công bố)",
                    "name_en": f"Component {code} (name not public)",
                    "max_points": float(base + (1 if i < rem else 0)) if not pd.isna(ind.max_points) else float("nan"),
                    "scored": bool(ind.scored), "name_status": "placeholder",
                })
        fw = self.with_components(pd.DataFrame(rows))
        fw.meta["components"] = "placeholder"
        return fw

    def main_indicators_only(self) -> "Framework":
        """A copy without the component level: for points entered per main indicator.

        >>> fw = load(DEFAULT).with_placeholder_components().main_indicators_only()
        >>> len(fw.components()), len(fw.leaves())
        (0, 9)
        """
        nodes = self.nodes[self.nodes["depth"] <= 1].reset_index(drop=True)
        meta = {k: v for k, v in self.meta.items() if not k.startswith("_")}
        meta.pop("components", None)
        return Framework(meta, nodes, self.views.copy(), self.blocks.copy())

    @property
    def units(self) -> str:
        """Who is scored: ``"provinces"`` (a bundled national framework, or one that says
        ``level: provincial``) or ``"own"`` (a user's communes, wards, departments).
        A framework file can say it with ``units: provinces|own``.

        >>> load(DEFAULT).units
        'provinces'
        """
        u = self.meta.get("units")
        if u in ("provinces", "own"):
            return str(u)
        bundled = str(self.meta.get("path", "")).startswith("dtilib/frameworks/")
        return "provinces" if bundled or self.meta.get("level") == "provincial" else "own"

    def with_components_or_placeholders(self) -> "Framework":
        """The framework to read and score component points against.

        Itself when it lists components or its list is official; otherwise with
        :meth:`with_placeholder_components` (itself again if it cannot take them,
        e.g. a user's framework declaring no component counts).

        >>> len(load("dti-922").with_components_or_placeholders().components())
        98
        >>> fw = load("ict-index")
        >>> len(fw.with_components_or_placeholders().components()) == len(fw.components())
        True
        """
        if len(self.components()) or self.components_known:
            return self
        try:
            return self.with_placeholder_components()
        except Exception:  # a framework that cannot take placeholders is used as it is
            return self


# ---------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------
def available() -> pd.DataFrame:
    """The bundled frameworks: id, name, years.

    >>> available()["id"].tolist()
    ['dti-922', 'dti-2020', 'dti-2024', 'ict-index']
    """
    rows = []
    for fid in _BUNDLED:
        fw = load(fid)
        rows.append({"id": fid, "name_en": fw.meta.get("name_en"), "name_vi": fw.meta.get("name_vi"),
                     "index": fw.meta.get("index"), "years": fw.meta.get("years"),
                     "components_known": fw.components_known})
    return pd.DataFrame(rows)


def load(name: str | Path) -> Framework:
    """Load a bundled framework by id (``"dti-922"``) or a user's file by path.

    A user's file is YAML (same schema as the bundled ones) or CSV with columns
    ``code, parent, name_vi, name_en, max_points`` (optional ``scored``,
    ``weight``); CSV rows with an empty parent are main indicators.

    >>> fw = load("dti-922")
    >>> fw.id, fw.max_points, len(fw.indicators())
    ('dti-922', 1000.0, 9)
    >>> load("922").id  # short aliases work too
    'dti-922'
    """
    key = str(name)
    fid = _ALIASES.get(key.lower(), key.lower())
    if fid in _BUNDLED:
        return _load_bundled(fid).copy()
    p = Path(key)
    if p.suffix.lower() in {".yaml", ".yml", ".csv"} or p.exists():
        return load_file(p)
    raise FrameworkError(f"unknown framework {key!r}; bundled: {', '.join(_BUNDLED)}; or give a .yaml/.csv path")


def default() -> Framework:
    """The framework used when none is given: the provincial DTI of Decision 922.

    >>> default().id == DEFAULT, len(default().indicators())
    (True, 9)
    """
    return load(DEFAULT)


def for_year(year: int, index: str = "DTI") -> Framework:
    """The bundled framework used for ``index`` ("DTI" or "ICT") in ``year``.

    >>> for_year(2022).id, for_year(2020).id, for_year(2024).id
    ('dti-922', 'dti-2020', 'dti-2024')
    """
    for fid in _BUNDLED:
        fw = _load_bundled(fid)
        if str(fw.meta.get("index", "")).upper() == index.upper() and int(year) in fw.meta.get("years", []):
            return fw.copy()
    raise FrameworkError(f"no bundled {index} framework for {year}")


@lru_cache(maxsize=None)
def _load_bundled(fid: str) -> Framework:
    ref = resources.files("dtilib.frameworks").joinpath(_BUNDLED[fid])
    with ref.open(encoding="utf-8") as fh:
        text = fh.read()
    return _from_text(text, f"dtilib/frameworks/{_BUNDLED[fid]}", "yaml")


def load_file(path: str | Path) -> Framework:
    """Load and validate a framework file (YAML or CSV).

    A user's own two-indicator framework, one indicator split into a component:

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = pathlib.Path(d, "mine.csv")
    ...     _ = path.write_text("code,parent,name_vi,name_en,max_points\\n"
    ...                         "A,,Hạ tầng,Infrastructure,60\\n"
    ...                         "B,,Dịch vụ,Services,40\\n"
    ...                         "A1,A,Băng rộng,Broadband,60\\n", encoding="utf-8")
    ...     fw = load_file(path)
    >>> fw
    <Framework mine: 2 indicators, 1 components, max 100>
    >>> fw.indicators()["code"].tolist(), fw.components()["code"].tolist()
    (['A', 'B'], ['A1'])

    Maxima that do not add up are a :class:`~dtilib.errors.FrameworkError` naming the entry.
    """
    p = Path(path)
    if not p.exists():
        raise FrameworkError(f"{p}: framework file not found")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FrameworkError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    kind = "csv" if p.suffix.lower() == ".csv" else "yaml"
    return _from_text(text, str(p), kind)


def _from_text(text: str, where: str, kind: str) -> Framework:
    if kind == "csv":
        return _from_csv(text, where)
    import yaml

    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        loc = f":{mark.line + 1}" if mark is not None else ""
        raise FrameworkError(f"{where}{loc}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(doc, dict):
        raise FrameworkError(f"{where}: expected a mapping with 'id' and 'indicators' at the top")
    return _from_doc(doc, where)


def _num(v: Any) -> float:
    if v is None or (isinstance(v, str) and v.strip().lower() in {"", "null", "unknown", "~"}):
        return float("nan")
    if isinstance(v, bool):
        raise ValueError(v)
    return float(v)


def _from_doc(doc: dict[str, Any], where: str) -> Framework:
    problems: list[str] = []
    fid = doc.get("id")
    if not fid:
        problems.append("missing 'id'")
    inds = doc.get("indicators")
    if not isinstance(inds, list) or not inds:
        problems.append("missing or empty 'indicators' list")
        raise FrameworkError(f"{where}: " + "; ".join(problems))
    total = str(doc.get("total_code", "TOTAL"))
    rows: list[dict[str, Any]] = [{
        "code": total, "parent": None, "depth": 0, "name_vi": doc.get("name_vi", "Tổng"),
        "name_en": doc.get("name_en", "Total"), "short": "total", "block": None,
        "max_points": doc.get("max_points"), "scored": True, "weight": None,
        "n_components": doc.get("n_components"), "name_status": "official", "_entry": "top level"}]

    def walk(items: list, parent: str, depth: int, path: str) -> None:
        for i, item in enumerate(items):
            entry = f"{path}[{i}]"
            if not isinstance(item, dict):
                problems.append(f"{entry}: expected a mapping with 'code', found {item!r}")
                continue
            code = item.get("code")
            if code is None or str(code).strip() == "":
                problems.append(f"{entry}: missing 'code'")
                continue
            rows.append({
                "code": str(code), "parent": str(item.get("parent", parent)), "depth": depth,
                "name_vi": item.get("name_vi", ""), "name_en": item.get("name_en", ""),
                "short": item.get("short", ""), "block": item.get("block"),
                "max_points": item.get("max_points"), "scored": item.get("scored", True),
                "weight": item.get("weight"), "n_components": item.get("n_components"),
                "name_status": item.get("name_status", "official"), "_entry": f"{entry} (code {code!r})"})
            kids = item.get("children") or item.get("components")
            if kids:
                walk(kids, str(code), depth + 1, f"{entry}.children")

    walk(inds, total, 1, "indicators")
    for i, comp in enumerate(doc.get("components") or []):
        if isinstance(comp, dict) and "parent" not in comp:
            problems.append(f"components[{i}]: missing 'parent'")
    if doc.get("components"):
        # flat component list: parent given on each entry; depth from the parent
        flat = [dict(c) for c in doc["components"] if isinstance(c, dict)]
        walk(flat, "", 2, "components")
    for r in rows:
        try:
            r["max_points"] = _num(r["max_points"])
            if r["max_points"] < 0:
                problems.append(f"{r['_entry']}: max_points {r['max_points']:g} is negative; expected >= 0")
        except (TypeError, ValueError):
            problems.append(f"{r['_entry']}: max_points {r['max_points']!r} is not a number")
            r["max_points"] = float("nan")
        try:
            r["weight"] = _num(r["weight"])
        except (TypeError, ValueError):
            problems.append(f"{r['_entry']}: weight {r['weight']!r} is not a number")
            r["weight"] = float("nan")
    if problems:
        raise FrameworkError(f"{where}: " + "; ".join(problems))
    nodes = pd.DataFrame(rows)
    entries = dict(zip(range(len(nodes)), nodes.pop("_entry")))
    nodes["order"] = range(len(nodes))
    views = pd.DataFrame([{
        "code": str(v.get("code")), "name_vi": v.get("name_vi", ""), "name_en": v.get("name_en", ""),
        "indicators": [str(x) for x in v.get("indicators", [])], "max_points": _num(v.get("max_points")),
        "n_components": v.get("n_components")} for v in doc.get("views") or []],
        columns=["code", "name_vi", "name_en", "indicators", "max_points", "n_components"])
    blocks = pd.DataFrame([{
        "code": str(b.get("code")), "name_vi": b.get("name_vi", ""), "name_en": b.get("name_en", ""),
        "max_points": _num(b.get("max_points")), "n_components": b.get("n_components")}
        for b in doc.get("blocks") or []], columns=["code", "name_vi", "name_en", "max_points", "n_components"])
    meta = {k: v for k, v in doc.items() if k not in {"indicators", "views", "blocks", "components"}}
    meta.setdefault("total_code", total)
    meta["path"] = where
    fw = Framework(meta, _tidy_nodes(nodes, entries), views, blocks)
    problems = validate(fw, entries)
    if problems:
        raise FrameworkError(f"{where}: " + "; ".join(problems))
    return fw


def _from_csv(text: str, where: str) -> Framework:
    import io

    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except Exception as exc:  # pandas raises several parser errors
        raise FrameworkError(f"{where}: not a readable CSV ({exc})") from None
    missing = [c for c in ("code", "parent", "max_points") if c not in df.columns]
    if missing:
        raise FrameworkError(f"{where}: missing column(s) {', '.join(missing)}; expected code, parent, "
                             "name_vi, name_en, max_points")
    roots = df[df["parent"].str.strip() == ""]
    total = "TOTAL"
    top_max: Any = None
    if len(roots) == 1 and (df["parent"] == roots.iloc[0]["code"]).any() and \
            not (df["parent"].str.strip() == "").sum() > 1:
        total = roots.iloc[0]["code"]
        top_max = roots.iloc[0]["max_points"] or None
        df = df.drop(roots.index)
    items = []
    for i, r in df.iterrows():
        item = {"code": r["code"].strip(), "parent": r["parent"].strip() or total,
                "name_vi": r.get("name_vi", ""), "name_en": r.get("name_en", ""),
                "max_points": r["max_points"], "_row": i + 2}
        if "scored" in r and r["scored"].strip():
            item["scored"] = r["scored"].strip().lower() in {"1", "true", "yes", "y", "có"}
        if "weight" in r and r["weight"].strip():
            item["weight"] = r["weight"]
        items.append(item)
    if top_max is None:
        tops = [it for it in items if it["parent"] == total]
        try:
            top_max = sum(float(t["max_points"]) for t in tops)
        except ValueError:
            top_max = None
    # nest by parent so depths follow the tree
    by_parent: dict[str, list] = {}
    for it in items:
        by_parent.setdefault(it["parent"], []).append(it)
    codes = {it["code"] for it in items}
    orphans = [it for it in items if it["parent"] != total and it["parent"] not in codes]
    problems = [f"row {it['_row']} (code {it['code']!r}): parent {it['parent']!r} is not a code in the file"
                for it in orphans]
    if problems:
        raise FrameworkError(f"{where}: " + "; ".join(problems))

    def nest(parent: str, seen: frozenset) -> list:
        out = []
        for it in by_parent.get(parent, []):
            if it["code"] in seen:
                continue
            node = {k: v for k, v in it.items() if k not in {"_row", "parent"}}
            kids = nest(it["code"], seen | {it["code"]})
            if kids:
                node["children"] = kids
            out.append(node)
        return out

    doc = {"id": Path(where).stem, "name_en": Path(where).stem, "name_vi": Path(where).stem,
           "total_code": total, "max_points": top_max, "aggregation": "sum", "indicators": nest(total, frozenset())}
    # duplicates vanish in nesting; check them on the flat rows
    dup = df["code"].str.strip()[df["code"].str.strip().duplicated()]
    if len(dup):
        rows = [str(i + 2) for i in dup.index]
        raise FrameworkError(f"{where}: duplicate code(s) {', '.join(sorted(set(dup)))} (rows {', '.join(rows)})")
    return _from_doc(doc, where)


def _tidy_nodes(nodes: pd.DataFrame, entries: dict | None = None) -> pd.DataFrame:
    n = nodes.copy()
    for col in NODE_COLUMNS:
        if col not in n:
            n[col] = None
    n["code"] = n["code"].astype(str)
    n["parent"] = n["parent"].where(n["parent"].notna(), None)
    n["depth"] = n["depth"].astype(int)
    n["level"] = n["depth"].map(lambda d: _LEVELS.get(d, f"level{d}"))
    n["max_points"] = pd.to_numeric(n["max_points"], errors="coerce").astype(float)
    n["weight"] = pd.to_numeric(n["weight"], errors="coerce").astype(float)
    n["scored"] = n["scored"].fillna(True).astype(bool)
    n["n_components"] = pd.to_numeric(n["n_components"], errors="coerce").astype("Int64")
    n["name_status"] = n["name_status"].fillna("official")
    for col in ("name_vi", "name_en", "short"):
        n[col] = n[col].fillna("").astype(str)
    return n[NODE_COLUMNS].reset_index(drop=True)


# ---------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------
def validate(fw: Framework, entries: dict | None = None) -> list[str]:
    """Return a list of problems (empty when the framework is consistent).

    >>> import dataclasses
    >>> fw = load("dti-922")
    >>> validate(fw)
    []
    >>> nodes = fw.nodes.copy()
    >>> nodes.loc[nodes["code"] == "2", "max_points"] = 90.0
    >>> validate(dataclasses.replace(fw, nodes=nodes))[0]
    "entry 'TOTAL': maxima do not add up: children 1, 2, 3, 4, 5, 6, 7, 8, 9 sum to 990, expected 1000"
    """
    n = fw.nodes
    entries = entries or {}
    label = {i: entries.get(i, f"entry {n.loc[i, 'code']!r}") for i in n.index}
    problems: list[str] = []
    dup = n[n["code"].duplicated(keep=False)]
    for code, grp in dup.groupby("code"):
        where = ", ".join(label[i] for i in grp.index)
        problems.append(f"duplicate code {code!r} ({where})")
    codes = set(n["code"])
    for i, r in n.iterrows():
        if r["depth"] > 0 and r["parent"] not in codes:
            problems.append(f"{label[i]}: parent {r['parent']!r} does not exist")
    if problems:
        return problems
    mx = dict(zip(n["code"], n["max_points"]))
    additive = str(fw.meta.get("aggregation", "sum")) == "sum"
    for parent, grp in n[n["depth"] > 0].groupby("parent", sort=False):
        if not additive:
            break
        kids = grp["max_points"]
        if kids.isna().any() or math.isnan(mx[parent]):
            continue
        s = float(kids.sum())
        if abs(s - mx[parent]) > _TOL and not (mx[parent] == 0 and s == 0):
            pi = n.index[n["code"] == parent][0]
            problems.append(f"{label[pi]}: maxima do not add up: children {', '.join(grp['code'])} "
                            f"sum to {s:g}, expected {mx[parent]:g}")
    # declared component counts, when components are listed
    if (n["depth"] >= 2).any():
        for i, r in n[n["depth"] == 1].iterrows():
            if pd.isna(r["n_components"]):
                continue
            listed = int((n["parent"] == r["code"]).sum())
            if listed and listed != int(r["n_components"]):
                problems.append(f"{label[i]}: declares {int(r['n_components'])} components, {listed} listed")
    for v in fw.views.itertuples():
        bad = [c for c in v.indicators if c not in codes]
        if bad:
            problems.append(f"view {v.code!r}: indicator(s) {', '.join(bad)} do not exist")
            continue
        vals = [mx[c] for c in v.indicators]
        if not any(math.isnan(x) for x in vals) and not math.isnan(v.max_points) \
                and abs(sum(vals) - v.max_points) > _TOL:
            problems.append(f"view {v.code!r}: maxima do not add up: {', '.join(v.indicators)} sum to "
                            f"{sum(vals):g}, expected {v.max_points:g}")
        if v.n_components is not None and not pd.isna(v.n_components):
            cnt = int(n[n["code"].isin(v.indicators)]["n_components"].fillna(0).sum())
            if cnt and cnt != int(v.n_components):
                problems.append(f"view {v.code!r}: declares {int(v.n_components)} components, indicators hold {cnt}")
    for b in fw.blocks.itertuples():
        members = n[(n["depth"] == 1) & (n["block"] == b.code)]
        if members.empty:
            problems.append(f"block {b.code!r}: no indicator belongs to it")
            continue
        if not members["max_points"].isna().any() and not math.isnan(b.max_points) \
                and abs(members["max_points"].sum() - b.max_points) > _TOL:
            problems.append(f"block {b.code!r}: maxima do not add up: {members['max_points'].sum():g}, "
                            f"expected {b.max_points:g}")
        if b.n_components is not None and not pd.isna(b.n_components):
            cnt = int(members["n_components"].fillna(0).sum())
            if cnt != int(b.n_components):
                problems.append(f"block {b.code!r}: declares {int(b.n_components)} components, indicators hold {cnt}")
    return problems
