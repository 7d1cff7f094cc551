"""The YAML files shipped in ``dtilib/data/`` (labels, report text, display and explorer
settings, chart layout, demo settings), parsed once per process.

>>> package_yaml("labels.yaml")["rank"]["en"]
'Rank'
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def package_yaml(name: str) -> Any:
    """The parsed ``dtilib/data/<name>`` (cached: callers must not modify it).

    Uses libyaml's loader when PyYAML has it (several times faster), else the pure-Python one.

    >>> package_yaml("explore.yaml") is package_yaml("explore.yaml")
    True
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with resources.files("dtilib").joinpath("data", name).open("rb") as fh:
        return yaml.load(fh, Loader=loader)
