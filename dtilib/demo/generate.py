"""The synthetic generator: published facts in, component points (in cents) out.

Works top-down in whole cents (1/100 point) so every sum is exact:

1. **Totals** per year: provinces with a published rank take that position, the
   others fill the free positions in the order of a persistent latent strength plus
   yearly noise; published scores are pinned; the values between pins follow a
   random, monotone curve whose shape is solved so the provincial mean is the
   published one. Totals sit on the 4-decimal grid of the published index
   (never on a rounding boundary), so ranks are exactly the wanted ones.
2. **Main indicators**: published group points are pinned; totals with published
   pillar values are split so the pillar views land on them; the rest are split
   with :func:`~dtilib.demo.split.split_cents` by per-province logits.
3. **Repairs** for published ranks of pillar views and main indicators: ranked
   provinces whose values are not pinned are put in order between the ranked ones
   around them; then the other provinces are dealt into the gaps between the ranked
   ones so each has exactly ``rank - 1`` above it (points shifted between a
   province's own main indicators, its total unchanged; published and ranked ones
   kept). Published ties get equal values.
4. **Components**: zeros are drawn first (more for weaker provinces; exactly the
   published count where there is one), then each main indicator is split over its
   non-zero components.

Everything is driven by one ``numpy.random.Generator`` seeded by ``seed``; when a
draw cannot satisfy a constraint, the year is drawn again from the same stream, so
the result is still a pure function of the seed.

>>> from dtilib.demo import facts
>>> c = constraints(facts())
>>> c[2022].total_rank["06"], c[2022].total_pin["06"], c[2021].group_rank["7"]["06"]
(63, 39413, 62)
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import DtiError
from .split import split_cents

YEARS = (2020, 2021, 2022, 2023)
GROUPS = ("1", "2", "3", "4", "5", "7", "8", "9")
GPOS = {g: i for i, g in enumerate(GROUPS)}
CAPS = np.array([10000] * 5 + [20000, 15000, 15000], dtype=np.int64)
VIEWS = {"GOV": 5, "ECO": 6, "SOC": 7}  # view -> position of its activity group
VIEW_MAX = {"GOV": 70000, "ECO": 65000, "SOC": 65000}
TOTAL_MAX = 100000


class _Retry(Exception):
    """A draw could not satisfy a constraint; draw again."""


@dataclass
class Constraints:
    """The facts of one year, by kind (all points in cents).

    >>> c = Constraints(total_rank={"06": 63}, total_pin={"06": 39413})
    >>> c.total_pin["06"] / 100  # cents -> points
    394.13
    >>> c.view_rank, c.mean_sum  # kinds without a fact stay empty
    ({}, None)
    """

    total_rank: dict = field(default_factory=dict)      # unit -> rank
    total_pin: dict = field(default_factory=dict)       # unit -> cents
    total_range: dict = field(default_factory=dict)     # unit -> (lo, hi) cents: a coarsely published index
    mean_sum: int | None = None                         # sum of totals in cents
    group_pin: dict = field(default_factory=dict)       # unit -> {group: cents}
    view_rank: dict = field(default_factory=dict)       # view -> {unit: rank}
    view_index: dict = field(default_factory=dict)      # unit -> {view: (value, tol)}
    group_rank: dict = field(default_factory=dict)      # group -> {unit: rank}
    n_zero: dict = field(default_factory=dict)          # unit -> count


def constraints(facts: pd.DataFrame) -> dict[int, Constraints]:
    """Sort the facts of :func:`dtilib.demo.facts` into per-year constraints.

    >>> from dtilib.demo import facts
    >>> c = constraints(facts())
    >>> sorted(c)
    [2020, 2021, 2022, 2023]
    >>> c[2022].total_rank["15"], c[2022].total_rank["38"]  # the published tie at 15
    (15, 15)
    >>> c[2022].n_zero  # Bắc Kạn's zero components
    {'06': 34}
    """
    out = {y: Constraints() for y in YEARS}
    for r in facts.itertuples(index=False):
        if r.year not in out:
            continue
        c = out[r.year]
        ind, m, v = r.indicator, r.measure, r.value
        if m == "provincial_mean":
            c.mean_sum = int(round(v * TOTAL_MAX * 63))
        elif m == "n_zero":
            c.n_zero[r.unit] = int(v)
        elif ind == "TOTAL":
            if m == "rank":
                c.total_rank[r.unit] = int(v)
            elif m == "points":
                c.total_pin[r.unit] = int(round(v * 100))
            elif m == "index" and r.tolerance > 0.0001 + 1e-12:  # "0.54": somewhere in [0.535, 0.545]
                c.total_range[r.unit] = (int(np.ceil((v - r.tolerance * 0.98) * TOTAL_MAX)),
                                         int(np.floor((v + r.tolerance * 0.98) * TOTAL_MAX)))
            elif m == "index":
                c.total_pin.setdefault(r.unit, int(round(v * TOTAL_MAX)))
        elif ind in VIEWS:
            if m == "rank":
                c.view_rank.setdefault(ind, {})[r.unit] = int(v)
            elif m == "index":
                c.view_index.setdefault(r.unit, {})[ind] = (v, r.tolerance)
        elif ind in GPOS:
            if m == "points":
                c.group_pin.setdefault(r.unit, {})[ind] = int(round(v * 100))
            elif m == "index":  # an index alone pins the points (the points, when published, win)
                c.group_pin.setdefault(r.unit, {}).setdefault(ind, int(round(v * CAPS[GPOS[ind]])))
            elif m == "rank":
                c.group_rank.setdefault(ind, {})[r.unit] = int(v)
    for c in out.values():  # a province's published group points fix its total
        for u, gp in c.group_pin.items():
            if len(gp) == len(GROUPS):
                c.total_pin[u] = sum(gp.values())
    return out


# --------------------------------------------------------------------------- totals

def _order(rng, n, ranks: dict, idx: dict, strength: np.ndarray):
    """Slots (lists of unit positions, best first) honouring published ranks."""
    pos: list[list[int] | None] = [None] * n
    by_rank: dict[int, list[int]] = {}
    for u, r in ranks.items():
        by_rank.setdefault(r, []).append(idx[u])
    taken = np.zeros(n, dtype=bool)
    for r, members in sorted(by_rank.items()):
        pos[r - 1] = sorted(members)
        taken[r - 1: r - 1 + len(members)] = True
    fixed = {i for m in by_rank.values() for i in m}
    free = [i for i in np.argsort(-(strength + rng.normal(0, 0.35, n)), kind="stable") if i not in fixed]
    it = iter(free)
    slots = []
    for p in range(n):
        if pos[p] is not None:
            slots.append(pos[p])
        elif not taken[p]:
            slots.append([next(it)])
    return slots


def _year_totals(rng, units, c: Constraints, strength, top, bottom) -> np.ndarray:
    """Totals (cents) for one year; raises :class:`_Retry` when a draw fails."""
    n = len(units)
    idx = {u: i for i, u in enumerate(units)}
    slots = _order(rng, n, c.total_rank, idx, strength)
    k = len(slots)
    w = np.array([len(s) for s in slots], dtype=float)
    anchor = np.full(k, np.nan)  # in tenths of a point (the published grid)
    total_pin = dict(c.total_pin)
    for s, members in enumerate(slots):
        pins = [total_pin[units[i]] for i in members if units[i] in total_pin]
        if pins:
            anchor[s] = pins[0] / 10.0
    # coarsely published totals: a tenth inside their range, between the pinned neighbours
    fine = anchor.copy()
    for s, members in enumerate(slots):
        rng_u = [c.total_range[units[i]] for i in members if units[i] in c.total_range]
        if not rng_u or not np.isnan(anchor[s]):
            continue
        lo, hi = rng_u[0][0] / 10.0, rng_u[0][1] / 10.0
        above = [j for j in range(s) if not np.isnan(fine[j])]
        below = [j for j in range(s + 1, k) if not np.isnan(fine[j])]
        if above:
            hi = min(hi, fine[above[-1]] - (s - above[-1]))
        if below:
            lo = max(lo, fine[below[0]] + (below[0] - s))
        lo, hi = int(np.ceil(lo)), int(np.floor(hi))
        if lo > hi:
            raise _Retry("a coarsely published total has no room")
        anchor[s] = float(rng.integers(lo, hi + 1))
        for i in members:
            total_pin[units[i]] = int(anchor[s]) * 10
    if np.isnan(anchor[0]):
        anchor[0] = max(rng.uniform(*top) * 10, np.nanmax(anchor) + 10 if (~np.isnan(anchor)).any() else 0)
    if np.isnan(anchor[-1]):
        anchor[-1] = min(rng.uniform(*bottom) * 10, np.nanmin(anchor) - 10)
    a_idx = np.flatnonzero(~np.isnan(anchor))
    seg_u = []  # (slot indices, u in (0,1), hi, lo)
    for i0, i1 in zip(a_idx[:-1], a_idx[1:]):
        if i1 - i0 > 1:
            g = rng.gamma(3.0, size=i1 - i0)
            u = np.cumsum(g)[:-1] / g.sum()
            seg_u.append((np.arange(i0 + 1, i1), u, anchor[i0], anchor[i1]))

    def values(theta):
        v = anchor.copy()
        for s, u, hi, lo in seg_u:
            v[s] = hi - (hi - lo) * u ** theta
        return v

    theta = 1.0
    if c.mean_sum is not None:
        target = c.mean_sum / 10.0
        lo_t, hi_t = -4.0, 4.0  # log theta
        if not (values(np.exp(lo_t)) @ w <= target <= values(np.exp(hi_t)) @ w):
            raise _Retry("mean out of reach")
        for _ in range(60):
            mid = (lo_t + hi_t) / 2
            if values(np.exp(mid)) @ w < target:
                lo_t = mid
            else:
                hi_t = mid
        theta = np.exp((lo_t + hi_t) / 2)
    v = values(theta)
    # integer tenths, strictly decreasing between slots (published pins kept as they are)
    pinned = [any(units[i] in total_pin for i in m) for m in slots]
    d = np.empty(k)
    prev = np.inf
    for s in range(k):
        d[s] = anchor[s] if pinned[s] else min(np.round(v[s]), np.floor(prev - 1))
        prev = d[s]
    if k > 1 and (np.diff(d) > -1 + 1e-9).any():
        raise _Retry("totals collide")
    tot = np.zeros(n, dtype=np.int64)
    free = []
    for s, members in enumerate(slots):
        for i in members:
            if units[i] in total_pin:
                tot[i] = total_pin[units[i]]
            else:
                tot[i] = int(d[s]) * 10 + int(rng.integers(-3, 4))
                free.append(i)
    if c.mean_sum is not None:
        resid = c.mean_sum - int(tot.sum())
        free = np.array(free)
        base = (tot[free] + 5) // 10 * 10  # the tenth each free total sits on
        room_up, room_dn = base + 4 - tot[free], tot[free] - (base - 4)
        if not (-room_dn.sum() <= resid <= room_up.sum()):
            raise _Retry("mean residue too large")
        step = np.zeros(len(free), dtype=np.int64)
        room = room_up if resid > 0 else room_dn
        left = abs(resid)
        for j in rng.permutation(len(free)):
            take = min(left, int(room[j]))
            step[j] = take
            left -= take
            if not left:
                break
        tot[free] += np.sign(resid) * step
    return tot


# --------------------------------------------------------------------------- groups

def _solve_views(rng, t: int, ranges: dict, cur: np.ndarray | None = None) -> np.ndarray:
    """Main indicators (cents) of one total ``t`` whose pillar views must fall in
    ``ranges`` (view -> (lo, hi) cents; views not listed are free).

    A view is the foundation F (indicators 1-5) plus its activity indicator, so the
    foundation decides everything: every F in 0..500 points is tried at once, the
    feasible one nearest to the current split (``cur``) is kept, then the activity
    indicators are set within their ranges so the total is exact."""
    F = np.arange(0, 50001, dtype=np.int64)
    lo_a, hi_a = [], []
    for v, a in VIEWS.items():
        cap = int(CAPS[a])
        if v in ranges:
            lo, hi = ranges[v]
            lo_a.append(np.maximum(0, int(np.ceil(lo)) - F))
            hi_a.append(np.minimum(cap, int(np.floor(hi)) - F))
        else:
            lo_a.append(np.zeros_like(F))
            hi_a.append(np.full_like(F, cap))
    lo_a, hi_a = np.array(lo_a), np.array(hi_a)
    rest = t - F
    ok = (lo_a <= hi_a).all(axis=0) & (lo_a.sum(axis=0) <= rest) & (rest <= hi_a.sum(axis=0))
    if not ok.any():
        raise _Retry("pillar values infeasible")
    f0 = int(cur[:5].sum()) if cur is not None else int(rng.integers(0, 50001))
    cand = np.flatnonzero(ok)
    f = int(cand[np.argmin(np.abs(cand - f0) + rng.uniform(0, 50, len(cand)))])
    lo, hi = lo_a[:, f], hi_a[:, f]
    start = cur[[VIEWS[v] for v in VIEWS]].astype(np.int64) if cur is not None else (lo + hi) // 2
    a = np.clip(start, lo, hi)
    resid = t - f - int(a.sum())
    room = (hi - a) if resid > 0 else (a - lo)
    for j in rng.permutation(3):
        take = min(abs(resid), int(room[j]))
        a[j] += np.sign(resid) * take
        resid -= np.sign(resid) * take
    out = np.zeros(8, dtype=np.int64)
    out[5:] = a
    logit = (np.log(np.maximum(cur[:5], 1) / CAPS[:5]) if cur is not None else rng.normal(0, 0.5, 5))[None, :]
    out[:5] = split_cents(np.array([f]), CAPS[None, :5], logit, np.ones((1, 5), bool))[0]
    return out


def _split_views(rng, t: int, views: dict, cur: np.ndarray | None = None) -> np.ndarray:
    """Main indicators (cents) of one total ``t`` whose pillar values are published."""
    ranges = {v: ((val - tol * 0.98) * VIEW_MAX[v], (val + tol * 0.98) * VIEW_MAX[v])
              for v, (val, tol) in views.items()}
    return _solve_views(rng, t, ranges, cur)


def _view_points(G: np.ndarray) -> dict:
    """Pillar view points (cents) of a units × 8 group matrix."""
    f = G[:, :5].sum(axis=1)
    return {v: f + G[:, a] for v, a in VIEWS.items()}


def _shift(G_u: np.ndarray, dec: np.ndarray, inc: np.ndarray, delta: int, lim_dec=None, lim_inc=None):
    """Move ``delta`` cents within one unit from groups ``dec`` to groups ``inc``
    (proportionally to what each can give / take). Returns the new row or None."""
    row = G_u.copy()
    give = np.where(dec, row if lim_dec is None else np.minimum(row, lim_dec), 0)
    take = np.where(inc, CAPS - row if lim_inc is None else np.minimum(CAPS - row, lim_inc), 0)
    give, take = np.maximum(give, 0), np.maximum(take, 0)
    if give.sum() < delta or take.sum() < delta:
        return None
    for amount, sign in ((give, -1), (take, 1)):
        part = np.floor(amount / amount.sum() * delta).astype(np.int64)
        part = np.minimum(part, amount)
        rest = delta - part.sum()
        for j in np.argsort(-(amount - part)):
            if rest <= 0:
                break
            add = min(rest, amount[j] - part[j])
            part[j] += add
            rest -= add
        row += sign * part
    return row


def _view_rank_ok(G, idx, c: Constraints, u: str) -> bool:
    vp = _view_points(G)
    return all(_rank_ok(vp[v], VIEW_MAX[v], idx[u], ranks[u], {idx[q] for q, r in ranks.items() if r == ranks[u]})
               for v, ranks in c.view_rank.items() if u in ranks)


def _view_mover(G, v: str, keep: dict | None = None):
    """``move(i, sign, cents)``: raise (+1) or lower (-1) unit ``i``'s view ``v`` keeping
    its total. A unit in ``keep`` (index -> views whose value must not change) only moves
    points between activity indicators of views it does not keep."""
    a = VIEWS[v]
    own = np.zeros(8, bool)
    own[:5] = True
    own[a] = True

    def move(i, sign, cents):
        kept = (keep or {}).get(i)
        if kept:
            new = _keep_shift(G[i], v, kept, sign * cents)
        else:
            new = _shift(G[i], ~own if sign > 0 else own, own if sign > 0 else ~own, cents)
        if new is None:
            return False
        G[i] = new
        return True
    return move


def _keep_shift(row: np.ndarray, v: str, kept: set, delta: int, fixed_groups: set | None = None):
    """Change view ``v`` of one unit by ``delta`` cents, its total and the views in
    ``kept`` unchanged (a view is the foundation plus its activity indicator: moving d
    between the foundation and a kept view's activity indicator keeps that view)."""
    free = [k for k in VIEWS if k != v and k not in kept]
    options = []
    if len(kept) == 2:
        options = [delta // 2, -((-delta) // 2)]
    else:
        options = [0, delta, delta // 2] if free else []
    for dF in options:
        d = np.zeros(8, dtype=np.int64)
        for k in kept:
            d[VIEWS[k]] = -dF
        d[VIEWS[v]] = delta - dF
        rest = -(dF + d[5:].sum())
        if free:
            d[VIEWS[free[0]]] += rest
        elif rest:
            continue
        new = row.copy()
        new[5:] += d[5:]
        if (new[5:] < 0).any() or (new[5:] > CAPS[5:]).any():
            continue
        if fixed_groups and any(GROUPS[a] in fixed_groups for a in range(5, 8) if d[a]):
            continue
        f = _add_foundation(new, dF, fixed_groups)
        if f is not None:
            return f
    return None


def _add_foundation(row: np.ndarray, dF: int, fixed_groups: set | None = None):
    """Add ``dF`` cents (or remove) over main indicators 1-5 within their caps
    (never to a published one in ``fixed_groups``)."""
    out = row.copy()
    room = (CAPS[:5] - out[:5]) if dF > 0 else out[:5].copy()
    if fixed_groups:
        room = np.where([GROUPS[a] in fixed_groups for a in range(5)], 0, room)
    if room.sum() < abs(dF):
        return None
    left = abs(dF)
    part = np.floor(room / max(room.sum(), 1) * left).astype(np.int64)
    part = np.minimum(part, room)
    left -= int(part.sum())
    for j in np.argsort(-(room - part)):
        if left <= 0:
            break
        add = min(left, int(room[j] - part[j]))
        part[j] += add
        left -= add
    out[:5] += part if dF > 0 else -part
    return out


def _soft_views(rng, t: int, windows: dict, cur: np.ndarray) -> np.ndarray:
    """A split whose views fall in ``windows`` (view -> (lo, hi) cents), or, when no split
    can, in windows widened around their centres until one can (the neighbours are then
    moved across the unit by :func:`_repair_views`)."""
    for scale in (1, 2, 4, 8, 16, 32, 64, 128, 1024, None):
        if scale is None:
            return _solve_views(rng, t, {}, cur)
        ranges = {}
        for v, win in windows.items():
            lo, hi = win[:2]
            hard_lo, hard_hi = win[2:] if len(win) > 2 else (-np.inf, np.inf)
            mid, half = (lo + hi) / 2, max(abs(hi - lo) / 2, 50) * scale
            ranges[v] = (max(mid - half, hard_lo), min(mid + half, hard_hi))
            if ranges[v][0] > ranges[v][1]:
                ranges[v] = (hard_lo, hard_hi)
        try:
            return _solve_views(rng, t, ranges, cur)
        except _Retry:
            continue
    raise _Retry("no split")  # pragma: no cover - the last try has no windows


def _repair_views(rng, G: np.ndarray, units, c: Constraints, frozen: set) -> None:
    """Place every province with a published pillar rank at that rank (in place).

    1. provinces with published pillar ranks whose values are not pinned get a split
       whose views sit between the ranked provinces around them (and near the value at
       their rank), widened only when no split can;
    2. for each view, the other movable provinces are dealt into the gaps between the
       ranked ones so each ranked province has exactly ``rank - 1`` above it, and each
       one outside its gap is moved into it (points moved between its own main
       indicators, its total unchanged; views it is ranked on kept). Repeated over the
       views until all hold at once."""
    if not c.view_rank:
        return
    idx = {u: i for i, u in enumerate(units)}
    fact_units = {u for ranks in c.view_rank.values() for u in ranks}
    pinned = {u for u in fact_units if u in c.view_index or u in c.group_pin}
    locked = set(c.view_index) | set(c.group_pin) | {u for r in c.group_rank.values() for u in r}
    ranked = {u: {v for v, ranks in c.view_rank.items() if u in ranks} for u in fact_units}
    free = sorted(u for u in fact_units if u not in pinned)  # main-indicator ranks: repaired after
    windows: dict = {u: {} for u in free}
    vp = _view_points(G)
    for v, ranks in c.view_rank.items():  # 1. target values of the free ranked provinces
        m = VIEW_MAX[v] * 1.6e-4
        seq = sorted(ranks.items(), key=lambda x: x[1])
        col = np.sort(vp[v])[::-1]
        nat = {u: col[min(r, len(col)) - 1] for u, r in seq}
        j = 0
        while j < len(seq):
            if seq[j][0] not in windows:
                j += 1
                continue
            k = j
            while k < len(seq) and seq[k][0] in windows:
                k += 1
            run = [u for u, _ in seq[j:k]]
            hi = vp[v][idx[seq[j - 1][0]]] if j > 0 else VIEW_MAX[v]
            lo = vp[v][idx[seq[k][0]]] if k < len(seq) else 0.0
            tv = np.array([nat[u] for u in run], dtype=float)
            rr = np.array([ranks[u] for u in run])
            ok = (tv < hi - 2 * m).all() and (tv > lo + 2 * m).all() and \
                all((a - b >= 2 * m) if r1 < r2 else True for a, b, r1, r2 in zip(tv, tv[1:], rr, rr[1:]))
            if not ok:
                tv = np.linspace(hi, lo, len(run) + 2)[1:-1]
            gap = min(np.abs(np.diff(np.r_[hi, tv, lo]))) if len(run) else 0
            half = max(min(gap / 3, VIEW_MAX[v] * 5e-3), 1)
            for u, t_ in zip(run, tv):
                windows[u][v] = (t_ - half, t_ + half, lo + 2 * m, hi - 2 * m)
            j = k
    for u in free:
        p = idx[u]
        G[p] = _soft_views(rng, int(G[p].sum()), windows[u], G[p])
    keep = {idx[q]: ranked[q] for q in free}
    full_pin = {u for u, gp in c.group_pin.items() if len(gp) == len(GROUPS)}
    for _ in range(3):
        for v, ranks in c.view_rank.items():
            adjustable = [u for u in ranks if u not in full_pin and v not in c.view_index.get(u, {})]
            kept = {u: (ranked[u] | set(c.view_index.get(u, {}))) - {v} for u in adjustable}
            fixed_groups = {u: set(c.group_pin.get(u, {})) for u in adjustable}
            _order_ranked(rng, G, idx, v, ranks, adjustable, kept, fixed_groups)
    for _ in range(8):  # 2.
        for v, ranks in c.view_rank.items():
            _fill_gaps(rng, G, units, idx, v, ranks, locked, keep)
        if all(_view_rank_ok(G, idx, c, u) for u in fact_units):
            return
    bad = sorted(u for u in fact_units if not _view_rank_ok(G, idx, c, u))
    raise _Retry(f"pillar ranks not reached ({', '.join(bad)})")


def _order_ranked(rng, G, idx, v: str, ranks: dict, free: list, kept: dict, fixed_groups: dict) -> None:
    """Move each free ranked province between the ranked ones just above and below it on
    view ``v`` (only its value on ``v`` changes: its other ranked views are kept)."""
    mx = VIEW_MAX[v]
    m = mx * 1.6e-4
    seq = sorted(ranks.items(), key=lambda x: x[1])
    for j, (u, r) in enumerate(seq):
        if u not in free:
            continue
        x = _view_points(G)[v]
        above = [x[idx[q]] for q, rq in seq[:j] if rq < r]
        below = [x[idx[q]] for q, rq in seq[j + 1:] if rq > r]
        hi = min(above) if above else mx
        lo = max(below) if below else 0
        cur = x[idx[u]]
        if lo + 2 * m <= cur <= hi - 2 * m or hi - lo < 4 * m:
            continue
        target = lo + rng.uniform(0.3, 0.7) * (hi - lo)
        new = _keep_shift(G[idx[u]], v, kept[u], int(round(target - cur)), fixed_groups.get(u))
        if new is not None:
            G[idx[u]] = new


def _fill_gaps(rng, G, units, idx, v: str, ranks: dict, locked: set, keep: dict) -> None:
    """Deal the movable provinces into the gaps between the provinces ranked on view ``v``."""
    ranked_idx = {idx[u] for u in ranks}
    fixed = [i for i, u in enumerate(units) if i not in ranked_idx and u in locked]
    keep_v = {i: k - {v} for i, k in keep.items()}
    _deal(rng, G, idx, ranks, fixed, lambda M: _view_points(M)[v], VIEW_MAX[v], _view_mover(G, v, keep_v), v)


def _deal(rng, G, idx, ranks: dict, fixed: list, values, mx: int, mover, label: str) -> None:
    names = {i: u for u, i in idx.items()}
    """Deal the movable provinces into the gaps between the ranked ones (``ranks``: unit ->
    published rank) so each ranked one has exactly ``rank - 1`` above it, and move each
    province outside its gap into it with ``mover(i, sign, cents)``. Provinces in
    ``fixed`` keep their values; ranked provinces with the same rank are made equal."""
    m = mx * 1.6e-4
    x = values(G).astype(float)
    anchors = sorted(((r, -x[idx[u]], idx[u]) for u, r in ranks.items()))
    for k in range(1, len(anchors)):  # a published tie: the same value
        (r1, nx1, i1), (r2, nx2, i2) = anchors[k - 1], anchors[k]
        if r1 == r2 and nx1 != nx2:
            delta = int(round(-nx1 - (-nx2)))
            if not mover(i2, 1 if delta > 0 else -1, abs(delta)) or values(G)[i2] != values(G)[i1]:
                raise _Retry(f"published tie not reached ({label}: {names[i1]} / {names[i2]})")
            anchors[k] = (r2, nx1, i2)
    x = values(G).astype(float)
    for (r1, nx1, i1), (r2, nx2, i2) in zip(anchors, anchors[1:]):
        if r1 < r2 and -nx1 - (-nx2) < 2 * m:
            raise _Retry(f"ranked values out of order ({label}: {names[i1]} {r1} / {names[i2]} {r2})")
    ranked_idx = {i for _, _, i in anchors}
    fixed_set = set(fixed)
    movable = [i for i in range(len(x)) if i not in ranked_idx and i not in fixed_set]
    need = []
    for r, nx, i in anchors:
        above_ranked = sum(1 for r2, _, _ in anchors if r2 < r)
        if any(abs(x[j] - x[i]) < mx * 1e-4 and x[j] != x[i] for j in fixed):  # equal: a tie
            raise _Retry(f"a constrained value sits on a published one ({label})")
        fixed_above = sum(1 for j in fixed if x[j] - x[i] >= mx * 1e-4)
        need.append(r - 1 - above_ranked - fixed_above)
    bad = [names[anchors[k][2]] for k, n in enumerate(need)
           if n < 0 or (k and n < need[k - 1]) or n > len(movable)]
    if bad:
        raise _Retry(f"rank counts infeasible ({label}: {' / '.join(bad[:2])})")
    order = sorted(movable, key=lambda i: -x[i])
    bounds = [mx] + [x[i] for _, _, i in anchors] + [0.0]
    cuts = [0] + need + [len(order)]
    gaps = []
    for g in range(len(cuts) - 1):
        hi, lo = bounds[g] - m, bounds[g + 1] + m
        gaps.append((0.0 if g == len(cuts) - 2 else lo, mx if g == 0 else hi))
    gap_of = {i: g for g in range(len(cuts) - 1) for i in order[cuts[g]:cuts[g + 1]]}

    def into(i, g):
        lo, hi = gaps[g]
        cur = values(G)[i]
        if lo <= cur <= hi:
            return True
        if hi < lo:
            return False
        target = lo + rng.uniform(0.1, 0.9) * (hi - lo)
        delta = int(np.ceil(target - cur)) if target > cur else int(np.floor(target - cur))
        return mover(i, 1 if delta > 0 else -1, abs(delta)) and lo <= values(G)[i] <= hi

    for i in list(order):
        g = gap_of[i]
        saved = G[i].copy()
        if into(i, g):
            continue
        G[i] = saved
        # swap places with a province of a nearby gap that can take this one's
        for j in sorted(order, key=lambda j: abs(gap_of[j] - g)):
            h = gap_of[j]
            if h == g or abs(h - g) > 2:
                continue
            saved_i, saved_j = G[i].copy(), G[j].copy()
            if into(i, h) and into(j, g):
                gap_of[i], gap_of[j] = h, g
                break
            G[i], G[j] = saved_i, saved_j
        else:
            near = [names[k] for _, _, k in anchors[max(g - 1, 0):g + 1]]
            raise _Retry(f"cannot move a province into its gap ({label}: {' / '.join(near)})")


def _group_mover(G, a: int, kept: dict, view_fixed: set, pinned: dict | None = None, tops: dict | None = None):
    """``move(i, sign, cents)`` on main indicator ``a``: points moved between ``a`` and
    the province's other main indicators that are not kept (published or ranked); for a
    province whose pillar views are published or ranked, only between foundation
    indicators (1-5), which leaves every view and the total unchanged."""
    def move(i, sign, cents):
        if i in view_fixed and a >= 5:
            return False
        one = np.zeros(8, bool)
        one[a] = True
        for avoid in (kept.get(i, set()), (pinned or {}).get(i, set())):  # ranked ones only if need be
            other = np.ones(8, bool)
            other[a] = False
            for b in avoid:
                other[b] = False
            if i in view_fixed:
                other[5:] = False
            if not other.any():
                continue
            lim = None
            if sign < 0 and tops:  # never lift a province above a leading ranked one elsewhere
                ceil = np.array([tops.get(b, (np.inf, set()))[0] if i not in tops.get(b, (0, set()))[1]
                                 else np.inf for b in range(8)])
                lim = np.where(np.isfinite(ceil), np.maximum(ceil - CAPS * 1.6e-4 - G[i], 0), CAPS - G[i])
                lim = lim.astype(np.int64)
            new = _shift(G[i], other, one, cents) if sign > 0 else _shift(G[i], one, other, cents, lim_inc=lim)
            if new is not None:
                G[i] = new
                return True
        return False
    return move


def _order_group(rng, G, idx, a: int, ranks: dict, fixed: set, mover, others: list = ()) -> None:
    """Move each ranked province not pinned on main indicator ``a`` between the ranked
    ones just above and below it (ties: to the value of the first of them)."""
    mx = int(CAPS[a])
    m = mx * 1.6e-4
    seq = sorted(ranks.items(), key=lambda x: x[1])
    for j, (u, r) in enumerate(seq):
        i = idx[u]
        if i in fixed:
            continue
        x = G[:, a]
        same = [idx[q] for q, rq in seq[:j] if rq == r]
        cur = int(x[i])
        if same:
            target = int(x[same[0]])
        else:
            above = [x[idx[q]] for q, rq in seq[:j] if rq < r]
            below = [(rq, x[idx[q]]) for q, rq in seq[j + 1:] if rq > r and idx[q] in fixed]
            hi = min(above) if above else mx + 2 * m
            if below:
                r_lo, lo = max(below, key=lambda t: t[1])
                n_free = sum(1 for q, rq in seq[j + 1:] if r < rq < r_lo and idx[q] not in fixed)
            else:
                lo, n_free = -2 * m, sum(1 for q, rq in seq[j + 1:] if idx[q] not in fixed)
            # pinned provinces without a rank here: at most rank - 1 - (ranked above) of them above
            fixed_vals = sorted((x[k] for k in others), reverse=True)
            room = r - 1 - sum(1 for _, rq in seq if rq < r)
            if 0 <= room < len(fixed_vals) and fixed_vals[room] + 2 * m > lo:
                lo, n_free = fixed_vals[room], 0
            # ... and at least rank - 1 - (ranked above) - (movable ones) of them above it
            n_mov = len(x) - len(seq) - len(others)
            req = room - n_mov
            if 0 < req <= len(fixed_vals) and fixed_vals[req - 1] - 2 * m < hi:
                hi = fixed_vals[req - 1]
            if lo >= mx - 2 * m:  # must tie with a province at the maximum
                target = mx
            elif lo + (n_free + 1) * 2 * m <= cur <= hi - 2 * m or hi - lo < 4 * m:
                continue
            else:
                target = int(min(max(hi - (hi - lo) * rng.uniform(0.6, 1.0) / (n_free + 2), 0), mx))
        if target != cur:
            mover(i, 1 if target > cur else -1, abs(target - cur))


def _repair_group_ranks(rng, G: np.ndarray, units, c: Constraints, frozen: set) -> None:
    """Give every province its published main-indicator ranks (in place): for each main
    indicator the other provinces are dealt into the gaps between the ranked ones
    (:func:`_deal`); a province keeps its published and ranked main indicators, and one
    whose pillars are published or ranked moves points only within the foundation."""
    if not c.group_rank:
        return
    idx = {u: i for i, u in enumerate(units)}
    kept: dict[int, set] = {}
    for u, gp in c.group_pin.items():
        kept.setdefault(idx[u], set()).update(GPOS[g] for g in gp)
    for g, ranks in c.group_rank.items():
        for u in ranks:
            kept.setdefault(idx[u], set()).add(GPOS[g])
    view_fixed = {idx[u] for u in c.view_index}  # ranked views are repaired again after
    pins = {idx[u]: {GPOS[g] for g in gp} for u, gp in c.group_pin.items()}
    for _ in range(6):
        for g, ranks in c.group_rank.items():
            a = GPOS[g]
            fixed = [idx[u] for u, gp in c.group_pin.items() if g in gp and u not in ranks]
            own = {i: s_ - {a} for i, s_ in kept.items()}
            pin_a = {i: s_ - {a} for i, s_ in pins.items()}
            tops = {}
            for g2, r2 in c.group_rank.items():
                lead = [idx[q] for q, rq in r2.items() if rq <= 3]
                if lead:
                    tops[GPOS[g2]] = (float(G[lead, GPOS[g2]].min()), set(lead))
            mover = _group_mover(G, a, own, view_fixed, pin_a, tops)
            _order_group(rng, G, idx, a, ranks, {idx[u] for u, gp in c.group_pin.items() if g in gp}, mover, fixed)
            _deal(rng, G, idx, ranks, fixed, lambda M, a=a: M[:, a], int(CAPS[a]), mover, f"indicator {g}")
        if all(_rank_ok(G[:, GPOS[g]], int(CAPS[GPOS[g]]), idx[u], r,
                        {idx[q] for q, rq in ranks.items() if rq == r})
               for g, ranks in c.group_rank.items() for u, r in ranks.items()):
            return
    bad = sorted({f"{u}:{g}" for g, ranks in c.group_rank.items() for u, r in ranks.items()
                  if not _rank_ok(G[:, GPOS[g]], int(CAPS[GPOS[g]]), idx[u], r,
                                  {idx[q] for q, rq in ranks.items() if rq == r})})
    raise _Retry(f"main-indicator ranks not reached ({', '.join(bad)})")


def _year_groups(rng, units, c: Constraints, totals: np.ndarray, strength, unit_effect, offset) -> np.ndarray:
    n = len(units)
    logits = offset[None, :] + unit_effect + rng.normal(0, 0.3, (n, 8)) + 0.3 * strength[:, None]
    G = split_cents(totals, np.broadcast_to(CAPS, (n, 8)), logits, np.ones((n, 8), bool))
    for u, gp in c.group_pin.items():
        i = units.index(u)
        if len(gp) == len(GROUPS):
            G[i] = [gp[g] for g in GROUPS]
            continue
        # some main indicators published: pin them, split the rest of the total over the others
        fixed = np.array([g in gp for g in GROUPS])
        rest = int(totals[i]) - sum(gp.values())
        if not 0 <= rest <= int(CAPS[~fixed].sum()):
            raise _Retry("published main indicators do not fit the total")
        row = np.zeros(8, dtype=np.int64)
        row[fixed] = [gp[g] for g in GROUPS if g in gp]
        row[~fixed] = split_cents(np.array([rest]), CAPS[None, ~fixed], logits[i:i + 1, ~fixed],
                                  np.ones((1, int((~fixed).sum())), bool))[0]
        G[i] = row
    for u, views in c.view_index.items():
        i = units.index(u)
        G[i] = _split_views(rng, int(totals[i]), views, G[i])
    return G


# --------------------------------------------------------------------------- components

def _components(rng, G_all: np.ndarray, leaves: pd.DataFrame, n_zero_fixed: np.ndarray,
               comp_effect: np.ndarray, zero_scale: float, zero_power: float, full_scale: float = 0.0):
    """Component points (cents, rows × scored leaves) and the zero mask."""
    R = G_all.shape[0]
    lg = leaves["group"].to_numpy()
    caps = (leaves["max_points"].to_numpy() * 100).astype(np.int64)
    L = len(caps)
    logit = comp_effect + rng.normal(0, 0.6, (R, L))
    prio = -logit + rng.gumbel(0, 0.7, (R, L))
    elig = np.zeros((R, L), dtype=bool)
    for gi, g in enumerate(GROUPS):
        cols = np.flatnonzero(lg == g)
        cs = np.cumsum(np.sort(caps[cols]))
        need = np.searchsorted(cs, G_all[:, gi] / 0.85, side="left") + 1
        need = np.where(G_all[:, gi] == 0, 0, np.minimum(need, len(cols)))
        m = len(cols) - need
        order = np.argsort(-prio[:, cols], axis=1, kind="stable")
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.arange(len(cols))[None, :].repeat(R, 0), axis=1)
        elig[:, cols] = rank < m[:, None]
    idx = G_all.sum(axis=1) / TOTAL_MAX
    z = rng.poisson(zero_scale * (1 - idx) ** zero_power)
    z = np.where(n_zero_fixed >= 0, n_zero_fixed, z)
    key = np.where(elig, prio, -np.inf)
    order = np.argsort(-key, axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(L)[None, :].repeat(R, 0), axis=1)
    zero = elig & (rank < z[:, None])
    bad = (n_zero_fixed >= 0) & (zero.sum(axis=1) != n_zero_fixed)
    if bad.any():
        raise _Retry("published zero count not reachable")
    # many criteria are met in full: some non-zero components get their maximum
    # (more of them where the main indicator is strong), the rest share what is left
    pts = np.zeros((R, L), dtype=np.int64)
    for gi, g in enumerate(GROUPS):
        cols = np.flatnonzero(lg == g)
        c = np.broadcast_to(caps[cols], (R, len(cols)))
        act = ~zero[:, cols]
        t = G_all[:, gi]
        cap_act = np.where(act, c, 0).sum(axis=1)
        share = t / CAPS[gi]
        k = rng.binomial(np.maximum(act.sum(axis=1) - 1, 0), np.clip(full_scale * share ** 2, 0, 1))
        fp = np.where(act, logit[:, cols] + rng.gumbel(0, 0.7, c.shape), -np.inf)
        order = np.argsort(-fp, axis=1, kind="stable")
        csum = np.cumsum(np.take_along_axis(c, order, axis=1), axis=1)
        budget = 0.9 * t - 0.05 * cap_act
        pick_sorted = (np.arange(len(cols))[None, :] < k[:, None]) & (csum <= budget[:, None])
        pick_sorted &= np.cumprod(pick_sorted, axis=1).astype(bool)  # a prefix in priority order
        full = np.zeros_like(act)
        np.put_along_axis(full, order, pick_sorted, axis=1)
        full &= act
        s_full = np.where(full, c, 0).sum(axis=1)
        rest = split_cents(t - s_full, c, logit[:, cols], act & ~full)
        pts[:, cols] = np.where(full, c, rest)
    return pts, zero


# --------------------------------------------------------------------------- checks

def _rank_ok(vals: np.ndarray, mx: int, p: int, r: int, tied: set) -> bool:
    """``vals[p]`` has rank ``r`` on the published 4-decimal grid, with every other
    value at least one grid step away unless it is a published tie."""
    v = np.asarray(vals)
    x = v.astype(float) / mx * 1e4
    diff = x - x[p]
    close = np.flatnonzero((np.abs(diff) < 1) & (v != v[p]))  # equal cents: an exact tie, ranks shared
    if any(j != p and j not in tied for j in close):
        return False
    return int((diff >= 1).sum()) == r - 1


def _verify_year(G: np.ndarray, units, c: Constraints) -> None:
    """Raise :class:`_Retry` unless the year's group matrix meets all its facts."""
    idx = {u: i for i, u in enumerate(units)}
    tot = G.sum(axis=1)
    by_rank: dict[int, set] = {}
    for u, r in c.total_rank.items():
        by_rank.setdefault(r, set()).add(idx[u])
    for u, r in c.total_rank.items():
        if not _rank_ok(tot, TOTAL_MAX, idx[u], r, by_rank[r]):
            raise _Retry(f"total rank {u}")
    for u, cents in c.total_pin.items():
        if abs(int(tot[idx[u]]) - cents) > 10:
            raise _Retry(f"total pin {u}")
    if c.mean_sum is not None and abs(int(tot.sum()) - c.mean_sum) > 63:
        raise _Retry("mean")
    vp = _view_points(G)
    for v, ranks in c.view_rank.items():
        for u, r in ranks.items():
            if not _rank_ok(vp[v], VIEW_MAX[v], idx[u], r, {idx[q] for q, rq in ranks.items() if rq == r}):
                raise _Retry(f"view rank {v} {u}")
    for u, views in c.view_index.items():
        for v, (val, tol) in views.items():
            if abs(vp[v][idx[u]] / VIEW_MAX[v] - val) > tol:
                raise _Retry(f"view index {v} {u}")
    for g, ranks in c.group_rank.items():
        a = GPOS[g]
        for u, r in ranks.items():
            if not _rank_ok(G[:, a], int(CAPS[a]), idx[u], r, {idx[q] for q, rq in ranks.items() if rq == r}):
                raise _Retry(f"group rank {g} {u}")
    for u, gp in c.group_pin.items():
        for g, cents in gp.items():
            if G[idx[u], GPOS[g]] != cents:
                raise _Retry(f"group pin {u}")


# --------------------------------------------------------------------------- build

@dataclass
class Result:
    """What :func:`build` returns: points as arrays, one row per year × unit (year-major).

    >>> r = Result(units=["01", "06"], years=(2021, 2022), leaves=["1.01", "1.02"],
    ...            final=np.arange(8.0).reshape(4, 2), self_assessed=np.arange(8.0).reshape(4, 2))
    >>> row = r.years.index(2022) * len(r.units) + r.units.index("06")  # Bắc Kạn, 2022
    >>> dict(zip(r.leaves, r.final[row].tolist()))
    {'1.01': 6.0, '1.02': 7.0}
    """

    units: list
    years: tuple
    leaves: list            # leaf codes, framework order (incl. unscored, always 0)
    final: np.ndarray       # (years*units, leaves) float points, NaN = not reported
    self_assessed: np.ndarray


def build(seed: int, leaves: pd.DataFrame, facts: pd.DataFrame, params: dict, units: list) -> Result:
    """Generate the whole synthetic set for ``seed`` (all years, all stages).

    :func:`dtilib.demo.points` is this, laid out as a tidy table (and cached):

    >>> import yaml
    >>> from importlib import resources
    >>> from dtilib import demo
    >>> from dtilib.provinces import provinces
    >>> spec = yaml.safe_load(resources.files("dtilib.data").joinpath("demo_components.yaml")
    ...                       .read_text(encoding="utf-8"))
    >>> leaves = demo.framework().leaves()[["code", "max_points"]]
    >>> res = build(2022, leaves, demo.facts(), spec["parameters"], sorted(provinces()["key"]))
    >>> res.final.shape  # 4 years x 63 provinces, 98 components
    (252, 98)
    >>> row = res.years.index(2022) * 63 + res.units.index("06")
    >>> round(float(np.nansum(res.final[row])), 2)  # Bắc Kạn 2022: its published total
    394.13
    >>> p = demo.points(years=(2022,))
    >>> np.array_equal(res.final[126:189].ravel(), p["points"].to_numpy(), equal_nan=True)
    True
    """
    rng = np.random.default_rng(seed)
    C = constraints(facts)
    n = len(units)
    r22 = C[2022].total_rank
    base = np.array([-(r22.get(u, 32) - 32) / 18.0 for u in units])
    strength = base + rng.normal(0, 0.2, n)
    unit_effect = rng.normal(0, 0.45, (n, 8))
    offset = np.array([float(params["group_offset"][g]) for g in GROUPS])
    G_years = []
    for y in YEARS:
        c = C[y]
        frozen = (set(c.group_pin) | set(c.view_index) | {u for r in c.group_rank.values() for u in r}
                  | {u for r in c.view_rank.values() for u in r})
        yp = params["years"][y]
        for _attempt in range(200):
            try:
                s_y = strength + rng.normal(0, 0.25, n)
                tot = _year_totals(rng, units, c, s_y, yp["top"], yp["bottom"])
                G = _year_groups(rng, units, c, tot, s_y, unit_effect, offset)
                for k in range(4):
                    _repair_views(rng, G, units, c, frozen)
                    _repair_group_ranks(rng, G, units, c, frozen - {u for r in c.group_rank.values() for u in r})
                    try:
                        _verify_year(G, units, c)
                        break
                    except _Retry:
                        if k == 3:
                            raise
                break
            except _Retry:
                continue
        else:  # pragma: no cover - the facts are satisfiable; many draws work
            raise DtiError(f"dtilib.demo: no synthetic draw for {y} met the published facts (seed {seed})")
        G_years.append(G)
    G_all = np.concatenate(G_years)  # rows: year-major, then units
    R = len(G_all)
    scored = leaves[leaves["max_points"] > 0].reset_index(drop=True)
    scored = scored.assign(group=scored["code"].str.split(".").str[0])
    comp_effect = np.tile(rng.normal(0, 0.5, (n, len(scored))), (len(YEARS), 1))
    n_zero = np.full(R, -1)
    for yi, y in enumerate(YEARS):
        for u, z in C[y].n_zero.items():
            n_zero[yi * n + units.index(u)] = z
    for _attempt in range(50):
        try:
            cents, zero = _components(rng, G_all, scored, n_zero, comp_effect,
                                     float(params["zero_scale"]), float(params["zero_power"]),
                                     float(params.get("full_scale", 0.0)))
            break
        except _Retry:
            continue
    else:  # pragma: no cover
        raise DtiError(f"dtilib.demo: could not place the published zero counts (seed {seed})")
    caps = (scored["max_points"].to_numpy() * 100).astype(np.int64)
    # self-assessment: provinces over-claim some components (never above the maximum)
    claim = np.where(zero, rng.random(zero.shape) < params["zero_claim"],
                     rng.random(zero.shape) < params["self_claim"])
    extra = np.floor(rng.uniform(0.15, 1.0, zero.shape) * (caps - cents)).astype(np.int64)
    # now and then a province under-claims (appraisal found more than it reported)
    under = ~claim & (rng.random(zero.shape) < params.get("under_claim", 0.0))
    less = np.floor(rng.uniform(0.1, 0.5, zero.shape) * cents).astype(np.int64)
    self_cents = cents + np.where(claim, extra, 0) - np.where(under, less, 0)
    final = cents / 100.0
    self_pts = self_cents / 100.0
    # a few unreported components (missing, not zero) in one year, for provinces with no
    # published fact that year: they replace zeros, so no aggregate changes
    miss = params.get("missing") or {}
    if miss:
        yi = YEARS.index(int(miss["year"]))
        c = C[int(miss["year"])]
        with_facts = (set(c.total_rank) | set(c.total_pin) | set(c.group_pin) | set(c.n_zero)
                      | {u for r in c.view_rank.values() for u in r} | set(c.view_index)
                      | {u for r in c.group_rank.values() for u in r})
        rows = [yi * n + i for i, u in enumerate(units)
                if u not in with_facts and zero[yi * n + i].sum() >= int(miss["per_unit"])]
        for row in rng.choice(rows, size=min(int(miss["n_units"]), len(rows)), replace=False):
            cols = rng.choice(np.flatnonzero(zero[row]), size=int(miss["per_unit"]), replace=False)
            final[row, cols] = np.nan
            self_pts[row, cols] = np.nan
    # back onto every leaf (unscored smart-city components: reported, 0 of 0)
    codes = list(leaves["code"])
    pos = np.array([codes.index(c) for c in scored["code"]])
    full = np.zeros((R, len(codes)))
    full_self = np.zeros((R, len(codes)))
    full[:, pos] = final
    full_self[:, pos] = self_pts
    return Result(units=list(units), years=YEARS, leaves=codes, final=full, self_assessed=full_self)
