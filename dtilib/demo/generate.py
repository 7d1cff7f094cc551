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
3. **Repairs** for published ranks of pillar views and main indicators: the
   province concerned is moved into the right place, or, when its values are
   pinned, the nearest unconstrained provinces are moved across it (points shifted
   between their own main indicators, totals unchanged).
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
    for s, members in enumerate(slots):
        pins = [c.total_pin[units[i]] for i in members if units[i] in c.total_pin]
        if pins:
            anchor[s] = pins[0] / 10.0
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
    pinned = [any(units[i] in c.total_pin for i in m) for m in slots]
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
            if units[i] in c.total_pin:
                tot[i] = c.total_pin[units[i]]
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

def _split_views(rng, t: int, views: dict) -> np.ndarray:
    """Main indicators (cents) of one total ``t`` whose pillar views are published."""
    rngs = {}
    for v in VIEWS:
        if v in views:
            val, tol = views[v]
            lo = int(np.ceil((val - tol * 0.98) * VIEW_MAX[v]))
            hi = int(np.floor((val + tol * 0.98) * VIEW_MAX[v]))
            rngs[v] = np.arange(lo, hi + 1)
        else:
            rngs[v] = None
    if any(r is None for r in rngs.values()):  # not needed by the facts we have
        raise _Retry("partial pillar values not supported")
    g, e, s = np.meshgrid(t - rngs["GOV"], t - rngs["ECO"], t - rngs["SOC"], indexing="ij")
    a7, a8, a9 = (e + s - g), (g + s - e), (g + e - s)
    ok = (a7 % 2 == 0) & (a8 % 2 == 0) & (a9 % 2 == 0)
    a7, a8, a9 = a7 // 2, a8 // 2, a9 // 2
    f = t - a7 - a8 - a9
    ok &= (a7 >= 0) & (a7 <= CAPS[5]) & (a8 >= 0) & (a8 <= CAPS[6]) & (a9 >= 0) & (a9 <= CAPS[7])
    ok &= (f >= 0) & (f <= 50000)
    if not ok.any():
        raise _Retry("pillar values infeasible")
    centre = np.array([rngs[v].mean() for v in VIEWS])
    dist = (np.abs(g - (t - centre[0])) + np.abs(e - (t - centre[1])) + np.abs(s - (t - centre[2])))
    j = np.unravel_index(np.argmin(np.where(ok, dist, np.inf)), ok.shape)
    out = np.zeros(8, dtype=np.int64)
    out[5:] = [a7[j], a8[j], a9[j]]
    out[:5] = split_cents(np.array([f[j]]), CAPS[None, :5], rng.normal(0, 0.5, (1, 5)),
                          np.ones((1, 5), bool))[0]
    return out


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


def _place(rng, G, p: int, r: int, values, mx: int, ignore: set, extra_above: int, movable: set,
           move) -> None:
    """Move unconstrained provinces across province ``p`` until exactly ``r - 1``
    values are above it on the published grid and none is within one grid step.

    ``values(G)`` gives the compared values (cents); ``ignore`` are provinces whose
    place is set elsewhere (``extra_above`` of them end up above); ``move(i, sign,
    cents)`` shifts province ``i``'s value up (+1) or down (-1) by at least ``cents``
    and returns False when it cannot."""
    n = G.shape[0]
    for _ in range(8):
        x = values(G) / mx * 1e4
        diff = x - x[p]
        others = [i for i in range(n) if i != p and i not in ignore]
        above = [i for i in others if diff[i] >= 1]
        close = [i for i in others if abs(diff[i]) < 1]
        need = r - 1 - extra_above - len(above)
        if need == 0 and not close:
            return
        if any(i not in movable for i in close):
            raise _Retry("a constrained value sits on a published one")
        if need > 0:
            up = sorted((i for i in others if diff[i] < 1 and i in movable), key=lambda i: -diff[i])[:need]
            if len(up) < need:
                raise _Retry("too few provinces to move up")
            down = [i for i in close if i not in up]
        else:
            down = sorted((i for i in above if i in movable), key=lambda i: diff[i])[:-need]
            if len(down) < -need:
                raise _Retry("too few provinces to move down")
            up, down = [], down + close
        for i in up:
            if not move(i, 1, int(np.ceil((x[p] - x[i] + rng.uniform(1.5, 120)) * mx / 1e4))):
                raise _Retry("cannot move up")
        for i in down:
            if not move(i, -1, int(np.ceil((x[i] - x[p] + rng.uniform(1.5, 120)) * mx / 1e4))):
                raise _Retry("cannot move down")
    raise _Retry("rank not reached")


def _view_rank_ok(G, idx, c: Constraints, u: str) -> bool:
    vp = _view_points(G)
    return all(_rank_ok(vp[v], VIEW_MAX[v], idx[u], ranks[u], {idx[u]})
               for v, ranks in c.view_rank.items() if u in ranks)


def _view_mover(G, v: str):
    a = VIEWS[v]
    own = np.zeros(8, bool)
    own[:5] = True
    own[a] = True

    def move(i, sign, cents):
        new = _shift(G[i], ~own if sign > 0 else own, own if sign > 0 else ~own, cents)
        if new is None:
            return False
        G[i] = new
        return True
    return move


def _repair_views(rng, G: np.ndarray, units, c: Constraints, frozen: set) -> None:
    """Place every province with a published pillar rank at that rank (in place)."""
    idx = {u: i for i, u in enumerate(units)}
    fact_units = {u for ranks in c.view_rank.values() for u in ranks}
    pinned = {u for u in fact_units if u in c.view_index or u in c.group_pin}
    movable_others = {i for i, u in enumerate(units) if u not in fact_units and u not in frozen}
    # 1. pinned provinces: move unconstrained ones across them (until all hold at once)
    for _ in range(4):
        for v, ranks in c.view_rank.items():
            for u, r in ranks.items():
                if u in pinned:
                    ignore = {idx[q] for q in ranks}
                    extra = sum(1 for q, rq in ranks.items() if q != u and rq < r)
                    _place(rng, G, idx[u], r, lambda M, v=v: _view_points(M)[v], VIEW_MAX[v], ignore, extra,
                           movable_others, _view_mover(G, v))
        if all(_view_rank_ok(G, idx, c, u) for u in pinned):
            break
    # 2. free provinces with published pillar ranks: solve their own split
    movable = sorted(u for u in fact_units if u not in pinned and not _view_rank_ok(G, idx, c, u))
    if not movable:
        return
    for _ in range(6):
        vp = _view_points(G)
        targets: dict[str, dict[str, int]] = {u: {} for u in movable}
        adjusted = False
        for v, ranks in c.view_rank.items():
            mx = VIEW_MAX[v]
            m = mx * 1.6e-4  # 1.6 steps of the published grid
            fixed = [i for i, u in enumerate(units) if u not in movable or u not in ranks]
            order = sorted(fixed, key=lambda i: -vp[v][i])
            mov = sorted((r, u) for u, r in ranks.items() if u in movable)
            seq: list = list(order)
            for r, u in mov:
                seq.insert(r - 1, u)
            j = 0
            while j < len(seq):  # runs of movable units between fixed neighbours
                if not isinstance(seq[j], str):
                    j += 1
                    continue
                k = j
                while k < len(seq) and isinstance(seq[k], str):
                    k += 1
                run = seq[j:k]
                hi = vp[v][seq[j - 1]] if j > 0 else max(vp[v][idx[u]] for u in run) + 3000
                lo = vp[v][seq[k]] if k < len(seq) else 0
                short = (len(run) + 1) * 2 * m - (hi - lo)
                if short > 0:  # make room: lower the neighbour below (or raise the one above)
                    below = seq[k] if k < len(seq) else None
                    above = seq[j - 1] if j > 0 else None
                    mover = _view_mover(G, v)
                    cents = int(short + rng.uniform(2, 60) * mx / 1e4)
                    if below is not None and below in movable_others and mover(below, -1, cents):
                        adjusted = True
                    elif above is not None and above in movable_others and mover(above, 1, cents):
                        adjusted = True
                    else:
                        raise _Retry("no room for a pillar rank")
                else:
                    edges = np.linspace(hi, lo, len(run) + 1)
                    for n_, u in enumerate(run):
                        top, bot = edges[n_] - m, edges[n_ + 1] + m
                        cur = vp[v][idx[u]]
                        targets[u][v] = int(round(min(max(cur, bot + rng.uniform(0, 0.3) * (top - bot)), top)))
                j = k
        if not adjusted:
            break
    else:
        raise _Retry("no room for a pillar rank")
    for u in movable:
        p = idx[u]
        t = int(G[p].sum())
        tv = {v: targets[u].get(v, int(vp[v][p])) for v in VIEWS}
        g, e, s = t - tv["GOV"], t - tv["ECO"], t - tv["SOC"]
        if (e + s - g) % 2:
            free_v = [v for v in VIEWS if v not in targets[u]] or ["GOV"]
            tv[free_v[0]] += 1
            g, e, s = t - tv["GOV"], t - tv["ECO"], t - tv["SOC"]
        a7, a8, a9 = (e + s - g) // 2, (g + s - e) // 2, (g + e - s) // 2
        f = t - a7 - a8 - a9
        if min(a7, a8, a9, f) < 0 or a7 > CAPS[5] or a8 > CAPS[6] or a9 > CAPS[7] or f > 50000:
            raise _Retry("pillar targets infeasible")
        row = np.zeros(8, dtype=np.int64)
        row[5:] = [a7, a8, a9]
        logit = np.log(np.maximum(G[p, :5], 1) / CAPS[:5])[None, :]
        row[:5] = split_cents(np.array([f]), CAPS[None, :5], logit, np.ones((1, 5), bool))[0]
        G[p] = row


def _repair_group_ranks(rng, G: np.ndarray, units, c: Constraints, frozen: set) -> None:
    """Give a province its published main-indicator ranks (in place): its own split
    starts from the values at those ranks, then unconstrained provinces are moved
    across it, each keeping its total and its side of the province elsewhere."""
    idx = {u: i for i, u in enumerate(units)}
    fact_units = {u for ranks in c.group_rank.values() for u in ranks}
    movable = {i for i, u in enumerate(units) if u not in fact_units and u not in frozen}
    for u in sorted(fact_units):
        p = idx[u]
        want = {GPOS[g]: r for g, ranks in c.group_rank.items() for q, r in ranks.items() if q == u}
        if all(_rank_ok(G[:, a], int(CAPS[a]), p, r, {p}) for a, r in want.items()):
            continue
        if u not in c.group_pin:
            t = int(G[p].sum())
            others = np.array([i for i in range(len(units)) if i != p])
            start = G[p].astype(float)
            for a, r in want.items():
                col = np.sort(G[others, a])[::-1]
                start[a] = (col[r - 2] + col[r - 1]) / 2 if r > 1 else col[0] + 100
            share = np.clip(start / CAPS, 1e-3, 0.999)
            G[p] = split_cents(np.array([t]), CAPS[None, :], np.log(share / (1 - share))[None, :],
                               np.ones((1, 8), bool), lo=0.01)[0]
        margin = (CAPS * 1.5e-4).astype(np.int64) + 1

        def move(i, sign, cents, a):
            above = G[i] > G[p]
            lim_dec = np.where(above, G[i] - G[p] - margin, G[i])
            lim_inc = np.where(above, CAPS - G[i], G[p] - margin - G[i])
            one = np.zeros(8, bool)
            one[a] = True
            if sign > 0:
                new = _shift(G[i], ~one, one, cents, lim_dec=np.maximum(lim_dec, 0))
            else:
                new = _shift(G[i], one, ~one, cents, lim_inc=np.maximum(lim_inc, 0))
            if new is None:
                return False
            G[i] = new
            return True

        for _ in range(4):
            for a, r in want.items():
                _place(rng, G, p, r, lambda M, a=a: M[:, a], int(CAPS[a]), set(), 0, movable,
                       lambda i, sign, cents, a=a: move(i, sign, cents, a))
            if all(_rank_ok(G[:, a], int(CAPS[a]), p, r, {p}) for a, r in want.items()):
                return
        raise _Retry("group ranks not reached")


def _year_groups(rng, units, c: Constraints, totals: np.ndarray, strength, unit_effect, offset) -> np.ndarray:
    n = len(units)
    logits = offset[None, :] + unit_effect + rng.normal(0, 0.3, (n, 8)) + 0.3 * strength[:, None]
    G = split_cents(totals, np.broadcast_to(CAPS, (n, 8)), logits, np.ones((n, 8), bool))
    for u, gp in c.group_pin.items():
        i = units.index(u)
        G[i] = [gp[g] for g in GROUPS]
    for u, views in c.view_index.items():
        i = units.index(u)
        G[i] = _split_views(rng, int(totals[i]), views)
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
    x = np.asarray(vals, dtype=float) / mx * 1e4
    diff = x - x[p]
    close = np.flatnonzero(np.abs(diff) < 1)
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
            if not _rank_ok(vp[v], VIEW_MAX[v], idx[u], r, {idx[u]}):
                raise _Retry(f"view rank {v} {u}")
    for u, views in c.view_index.items():
        for v, (val, tol) in views.items():
            if abs(vp[v][idx[u]] / VIEW_MAX[v] - val) > tol:
                raise _Retry(f"view index {v} {u}")
    for g, ranks in c.group_rank.items():
        a = GPOS[g]
        for u, r in ranks.items():
            if not _rank_ok(G[:, a], int(CAPS[a]), idx[u], r, {idx[u]}):
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
