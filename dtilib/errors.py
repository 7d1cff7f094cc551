"""Exceptions raised by dtilib.

Every error a user can cause is a subclass of :class:`DtiError`, so the command
line can print the message and exit non-zero without a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass


class DtiError(Exception):
    """Base class for errors caused by input, not by a bug."""


class UnknownProvinceError(DtiError, ValueError):
    """A province name that matches no unit, or more than one.

    ``candidates`` holds the closest registry names, best first.
    """

    def __init__(self, message: str, name: str = "", candidates: tuple[str, ...] = ()):
        super().__init__(message)
        self.name = name
        self.candidates = tuple(candidates)


class FrameworkError(DtiError, ValueError):
    """A framework file that is malformed or inconsistent."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file, located as file:row:column.

    ``row`` is the 1-based line (CSV) or sheet row (Excel) as the user sees it,
    header included; ``None`` when the problem concerns the whole file.
    """

    file: str
    row: int | None
    column: str | None
    found: str
    expected: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f":{self.column}"
        return f"{where}: found {self.found}; expected {self.expected}"


class ValidationError(DtiError, ValueError):
    """One or more problems in input data; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        head = f"{len(self.problems)} problem(s) found"
        body = "\n".join(f"  {p}" for p in self.problems[:200])
        more = "" if len(self.problems) <= 200 else f"\n  … and {len(self.problems) - 200} more"
        super().__init__(f"{head}:\n{body}{more}")
