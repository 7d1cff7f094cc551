"""Notebook parameters are data: plain values only, injected as Python literals.

papermill writes an ``injected-parameters`` cell after the notebook's
``parameters`` cell. Its Python translator escapes strings (``unicode_escape``
then ``"`` → ``\\"``), so any text — quotes, newlines, backslashes,
Vietnamese — becomes one string literal, never code. :func:`check` keeps the
values to the types that have such a literal (str, int, float, bool, None and
lists/dicts of them); :func:`injected_source` shows the exact cell papermill
will write and :func:`literal_values` reads it back without executing it,
which is how the tests prove a hostile province name cannot inject code.

>>> src = injected_source({"province": 'Lạng Sơn"\\nimport os; os.system("x")#'})
>>> literal_values(src)["province"] == 'Lạng Sơn"\\nimport os; os.system("x")#'
True
"""
from __future__ import annotations

import ast
import math
from typing import Any

from ..errors import DtiError

_SCALARS = (str, int, float, bool, type(None))


def check(params: dict[str, Any]) -> dict[str, Any]:
    """Return ``params`` if every name is an identifier and every value plain data.

    >>> check({"year": 2022, "provinces": ["Lạng Sơn", "Bắc Kạn"]})["year"]
    2022
    >>> check({"year": object()})
    Traceback (most recent call last):
    ...
    dtilib.errors.DtiError: parameter 'year': object is not plain data (str, number, bool, None, list, dict)
    """
    for name, value in params.items():
        if not (isinstance(name, str) and name.isidentifier()):
            raise DtiError(f"parameter name {name!r} is not a Python identifier")
        _check_value(name, value)
    return params


def _check_value(name: str, value: Any) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise DtiError(f"parameter {name!r}: {value} is not a finite number")
    if isinstance(value, _SCALARS):
        return
    if isinstance(value, (list, tuple)):
        for v in value:
            _check_value(name, v)
        return
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise DtiError(f"parameter {name!r}: dict keys must be text")
            _check_value(name, v)
        return
    raise DtiError(f"parameter {name!r}: {type(value).__name__} is not plain data "
                   "(str, number, bool, None, list, dict)")


def normalise(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` checked, tuples made lists (what papermill injects and JSON stores).

    >>> normalise({"provinces": ("Lạng Sơn", "Bắc Kạn"), "years": None})
    {'provinces': ['Lạng Sơn', 'Bắc Kạn'], 'years': None}
    """
    def conv(v: Any) -> Any:
        if isinstance(v, tuple):
            v = list(v)
        if isinstance(v, list):
            return [conv(x) for x in v]
        if isinstance(v, dict):
            return {k: conv(x) for k, x in v.items()}
        return v
    return {k: conv(v) for k, v in check(params).items()}


def injected_source(params: dict[str, Any]) -> str:
    """The source of the ``injected-parameters`` cell papermill writes for ``params``.

    >>> print(injected_source({"province": 'a"b', "year": 2022}))
    # Parameters
    province = "a\\"b"
    year = 2022
    <BLANKLINE>
    """
    from papermill.translators import translate_parameters

    return translate_parameters("python3", "python", normalise(params), "Parameters")


def literal_values(source: str) -> dict[str, Any]:
    """Read an injected-parameters cell back, refusing anything but ``name = <literal>``.

    Raises ``ValueError`` if the cell contains any statement other than an
    assignment of a literal to a plain name (a call, an import, an expression).

    >>> literal_values('year = 2022\\nprovince = "B\\\\u1eafc K\\\\u1ea1n"')
    {'year': 2022, 'province': 'Bắc Kạn'}
    >>> literal_values("x = 1\\nimport os")
    Traceback (most recent call last):
    ...
    ValueError: not a parameter assignment: import os
    """
    values: dict[str, Any] = {}
    for node in ast.parse(source).body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)):
            try:
                values[node.targets[0].id] = _literal(node.value)
                continue
            except ValueError:
                pass
        raise ValueError(f"not a parameter assignment: {ast.unparse(node)}")
    return values


def _literal(node: ast.AST) -> Any:
    # papermill writes non-finite floats as float('nan'); everything else is a literal
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "float"
            and len(node.args) == 1 and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in ("nan", "inf", "-inf")):
        return float(node.args[0].value)
    return ast.literal_eval(node)
