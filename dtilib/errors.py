"""Exceptions raised by dtilib.

Every error a user can cause is a subclass of :class:`DtiError`, so the command
line can print the message and exit non-zero without a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass


class DtiError(Exception):
    """Base class for errors caused by input, not by a bug.

    Catch it to handle every user-caused error at once (the CLI does, printing
    the message without a traceback):

    >>> from dtilib.provinces import resolve
    >>> try:
    ...     resolve("Atlantis")
    ... except DtiError as exc:
    ...     print(type(exc).__name__)
    UnknownProvinceError
    """


class UnknownProvinceError(DtiError, ValueError):
    """A province name that matches no unit, or more than one.

    ``candidates`` holds the closest registry names, best first.

    >>> from dtilib.provinces import resolve
    >>> try:
    ...     resolve("Bac Kann")
    ... except UnknownProvinceError as exc:
    ...     print(exc.name, exc.candidates[0])
    Bac Kann Bắc Kạn
    """

    def __init__(self, message: str, name: str = "", candidates: tuple[str, ...] = ()):
        super().__init__(message)
        self.name = name
        self.candidates = tuple(candidates)


class FrameworkError(DtiError, ValueError):
    """A framework file that is malformed or inconsistent.

    >>> from dtilib.frameworks import load
    >>> load("no-such-framework")
    Traceback (most recent call last):
    ...
    dtilib.errors.FrameworkError: unknown framework 'no-such-framework'; bundled: dti-922, ...; or give a .yaml/.csv path
    """


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file, located as file:row:column.

    ``row`` is the 1-based line (CSV) or sheet row (Excel) as the user sees it,
    header included; ``None`` when the problem concerns the whole file.

    >>> print(Problem("points.csv", 7, "points", "'abc'", "a number"))
    points.csv:7:points: found 'abc'; expected a number
    >>> print(Problem("points.csv", None, None, "no 'unit' column", "a column naming the province"))
    points.csv: found no 'unit' column; expected a column naming the province
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
    """One or more problems in input data; ``problems`` lists all of them.

    The message lists every problem, one per line (the first 200):

    >>> err = ValidationError([Problem("p.csv", 3, "year", "'20x1'", "a year"),
    ...                        Problem("p.csv", 9, "unit", "'Atlantis'", "a province")])
    >>> len(err.problems)
    2
    >>> print(err)
    2 problem(s) found:
      p.csv:3:year: found '20x1'; expected a year
      p.csv:9:unit: found 'Atlantis'; expected a province
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        head = f"{len(self.problems)} problem(s) found"
        body = "\n".join(f"  {p}" for p in self.problems[:200])
        more = "" if len(self.problems) <= 200 else f"\n  … and {len(self.problems) - 200} more"
        super().__init__(f"{head}:\n{body}{more}")
