"""Split integer targets over capped slots, vectorised: the core of the synthetic generator.

Each row is one target (a province-year's total, or a main indicator's points) to be
shared among up to K slots (main indicators, or components) in whole cents, so that
the parts add up to the target exactly, stay within 0..cap, and follow per-slot
logits (strong slots get a larger share of their cap). Slots marked inactive get 0.

>>> import numpy as np
>>> out = split_cents(np.array([1234, 500]), np.array([[1000, 1000, 0], [300, 300, 300]]),
...                   np.array([[0.0, 1.0, 0.0], [0.0, 0.0, -2.0]]),
...                   np.array([[True, True, False], [True, False, True]]))
>>> out.sum(axis=1).tolist(), bool((out <= [[1000, 1000, 0], [300, 300, 300]]).all())
([1234, 500], True)
>>> int(out[1, 1])
0
"""
from __future__ import annotations

import numpy as np


def _share(neg_exp: np.ndarray, t: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """``lo + (1 - lo) * sigmoid(logit + t)`` given ``neg_exp = exp(-logit)``."""
    return lo[:, None] + (1.0 - lo[:, None]) / (1.0 + neg_exp * np.exp(-t)[:, None])


def split_cents(targets: np.ndarray, caps: np.ndarray, logits: np.ndarray, active: np.ndarray,
                lo: float = 0.04, iters: int = 48) -> np.ndarray:
    """Integer parts (R × K) of ``targets`` (R,) with ``0 <= part <= caps`` and exact row sums.

    Every active slot gets the share ``lo + (1 - lo) * sigmoid(logit + t)`` of its cap,
    with ``t`` found per row by bisection so the shares add up to the target; the
    rounding residue (whole cents) goes to the slots with the largest fractional parts
    that still have room. Active slots are at least ``lo`` of their cap (so a "non-zero"
    slot stays non-zero) unless the target is too small for that. Raises ``ValueError``
    when a target exceeds the active capacity of its row.

    Ten cents over three equal slots of cap 6, then a target too large for its caps:

    >>> import numpy as np
    >>> split_cents(np.array([10]), np.array([[6, 6, 6]]), np.zeros((1, 3)), np.ones((1, 3), bool)).tolist()
    [[4, 3, 3]]
    >>> split_cents(np.array([20]), np.array([[6, 6, 6]]), np.zeros((1, 3)), np.ones((1, 3), bool))
    Traceback (most recent call last):
    ...
    ValueError: targets out of range in rows [0]: [20] vs [18]
    """
    targets = np.asarray(targets, dtype=np.int64)
    caps = np.where(active, np.asarray(caps, dtype=np.int64), 0)
    cap_sum = caps.sum(axis=1)
    if (targets > cap_sum).any() or (targets < 0).any():
        bad = np.flatnonzero((targets > cap_sum) | (targets < 0))[:5]
        raise ValueError(f"targets out of range in rows {bad.tolist()}: {targets[bad].tolist()} vs {cap_sum[bad].tolist()}")
    lo_row = np.minimum(lo, 0.5 * targets / np.maximum(cap_sum, 1))
    capf = caps.astype(float)
    neg_exp = np.exp(-np.clip(np.asarray(logits, dtype=float), -30, 30))
    a, b = np.full(len(targets), -40.0), np.full(len(targets), 40.0)
    for _ in range(iters):
        mid = (a + b) / 2
        s = (_share(neg_exp, mid, lo_row) * capf).sum(axis=1)
        low = s < targets
        a = np.where(low, mid, a)
        b = np.where(low, b, mid)
    x = _share(neg_exp, (a + b) / 2, lo_row) * capf
    s = x.sum(axis=1)
    full = targets >= cap_sum
    x = np.where(full[:, None], capf, x * np.where(s > 0, targets / np.where(s > 0, s, 1), 0)[:, None])
    x = np.minimum(x, capf)
    out = np.floor(x + 1e-9).astype(np.int64)
    out = np.minimum(out, caps)
    frac = x - out
    # hand out the residue, largest remainder first, then anywhere with room
    resid = targets - out.sum(axis=1)
    for _ in range(8):
        if not (resid > 0).any():
            break
        room = (out < caps) & active
        key = np.where(room, frac, -np.inf)
        order = np.argsort(-key, axis=1, kind="stable")
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.arange(caps.shape[1])[None, :].repeat(len(targets), 0), axis=1)
        add = room & (rank < np.minimum(resid, room.sum(axis=1))[:, None])
        out += add
        frac = np.where(add, -1.0, frac)
        resid = targets - out.sum(axis=1)
    if (resid != 0).any():  # pragma: no cover - guarded by the capacity check above
        raise ValueError("could not distribute the rounding residue")
    return out
