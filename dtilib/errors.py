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
    header included; ``None`` when the problem concerns the whole file. ``lang``
    is the language ``found`` and ``expected`` are written in; the words around
    them ("found", "expected") follow it (``dtilib/data/check_text.yaml``).

    >>> print(Problem("points.csv", 7, "points", "'abc'", "a number"))
    points.csv:7:points: found 'abc'; expected a number
    >>> print(Problem("points.csv", None, None, "no 'unit' column", "a column naming the province"))
    points.csv: found no 'unit' column; expected a column naming the province
    >>> print(Problem("diem.csv", 7, "Điểm", "chữ 'abc'", "một số điểm", "vi"))
    diem.csv:7:Điểm: chữ 'abc'; cần một số điểm
    """

    file: str
    row: int | None
    column: str | None
    found: str
    expected: str
    lang: str = "en"

    def where(self) -> str:
        """``file:row:column`` (the parts that are known).

        >>> Problem("p.csv", 3, None, "x", "y").where()
        'p.csv:3'
        """
        return self.file + (f":{self.row}" if self.row is not None else "") + (f":{self.column}" if self.column else "")

    def line(self, where: str | None = None, found: str | None = None) -> str:
        """The problem as one line in its language, located at ``where`` (default :meth:`where`).

        >>> Problem("p.csv", 3, "Năm", "năm 2019", "2021–2023", "vi").line("p.csv:dòng 3–5:Năm")
        'p.csv:dòng 3–5:Năm: năm 2019; cần 2021–2023'
        """
        from .i18n import text

        said = f"{text('check', 'words.found', self.lang)} {self.found if found is None else found}".strip()
        return f"{self.where() if where is None else where}: {said}; {text('check', 'words.expected', self.lang)} {self.expected}"

    def __str__(self) -> str:
        return self.line()


class ValidationError(DtiError, ValueError):
    """One or more problems in input data; ``problems`` lists all of them.

    The message lists every problem, one per line (the first 200), under a head
    line in ``lang`` (the problems carry their own language):

    >>> err = ValidationError([Problem("p.csv", 3, "year", "'20x1'", "a year"),
    ...                        Problem("p.csv", 9, "unit", "'Atlantis'", "a province")])
    >>> len(err.problems)
    2
    >>> print(err)
    2 problem(s) found:
      p.csv:3:year: found '20x1'; expected a year
      p.csv:9:unit: found 'Atlantis'; expected a province
    >>> print(ValidationError([Problem("p.csv", 3, "Năm", "'20x1'", "một năm", "vi")], lang="vi"))
    1 lỗi:
      p.csv:3:Năm: '20x1'; cần một năm
    """

    def __init__(self, problems: list[Problem], lang: str = "en"):
        from .i18n import text

        self.problems = list(problems)
        self.lang = lang
        head = text("check", "words.n_problems", lang, n=len(self.problems))
        lines = _grouped(self.problems)
        body = "\n".join(f"  {line}" for line in lines[:200])
        more = "" if len(lines) <= 200 else "\n  " + text("check", "words.more", lang, n=len(lines) - 200)
        super().__init__(f"{head}:\n{body}{more}")


def _grouped(problems: list[Problem]) -> list[str]:
    """One line per problem; the same problem on many rows of a column is one line naming the rows.

    A file with one wrong year on 6,000 rows reads as one line, not 6,000:

    >>> ps = [Problem("p.csv", r, "year", "year 2019", "2021–2023") for r in (2, 3, 4, 7)]
    >>> _grouped(ps + [Problem("p.csv", 5, "unit", "'Atlantis'", "a province")])
    ['p.csv:rows 2–4, 7:year: found year 2019; expected 2021–2023 (4 rows)', "p.csv:5:unit: found 'Atlantis'; expected a province"]
    """
    groups: dict[tuple, list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.file, p.column, p.found, p.expected, p.lang), []).append(p)
    from .i18n import text

    out = []
    for (file, column, found, expected, _lang), ps in groups.items():
        rows = sorted({p.row for p in ps if p.row is not None})
        if len(ps) < 3 or len(rows) != len(ps):
            out.extend(str(p) for p in ps)
            continue
        runs, start = [], rows[0]
        for a, b in zip(rows, rows[1:] + [None]):
            if b != a + 1:
                runs.append(str(start) if start == a else f"{start}–{a}")
                start = b
        shown = ", ".join(runs[:12]) + (", …" if len(runs) > 12 else "")
        lang = ps[0].lang
        where = f"{file}:{text('check', 'words.rows', lang, rows=shown)}" + (f":{column}" if column else "")
        out.append(f"{Problem.line(ps[0], where)} ({text('check', 'words.n_rows', lang, n=len(ps))})")
    return out
