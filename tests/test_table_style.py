"""Rich display: what an analyst sees when a dtilib table is shown in a notebook."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from dtilib import table_style as display
from dtilib.labels import SYNTHETIC_MARK


def _cells(html: str) -> list[str]:
    return [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", html, flags=re.S)]


def _headers(html: str) -> list[str]:
    return [c.strip() for c in re.findall(r'<th[^>]*class="col_heading[^"]*"[^>]*>(.*?)</th>', html, re.S)]


@pytest.fixture
def change() -> pd.DataFrame:
    return pd.DataFrame({
        "unit": ["06", "20", "48"], "year": [2022, 2022, 2022],
        "points": [394.13, 0.0, np.nan], "index": [0.39413, 0.0, np.nan],
        "rank": pd.array([63, 21, pd.NA], dtype="Int64"), "rank_change": [-12, 37, 0],
        "delta": [74.02, -1.5, 0.0], "synthetic": [False, False, False],
    })


def test_headers_follow_language(change):
    assert _headers(display.styled(change, "vi").to_html())[:5] == ["Đơn vị", "Năm", "Điểm", "Chỉ số (0–1)", "Xếp hạng"]
    assert _headers(display.styled(change, "en").to_html())[4] == "Rank"
    both = _headers(display.styled(change, "both").to_html())
    assert "Xếp hạng / Rank" in both and "Thay đổi thứ hạng / Rank change" in both
    with pytest.raises(ValueError):
        display.styled(change, "fr")


def test_number_formats_and_rank_marks(change):
    cells = _cells(display.styled(change, "en").to_html())
    row0, row1, row2 = cells[0:7], cells[7:14], cells[14:21]
    assert row0 == ["Bac Kan", "2022", "394.13", "0.3941", "63", "▼ 12", "+74.02"]
    assert row1 == ["Lang Son", "2022", "0.00", "0.0000", "21", "▲ 37", "−1.50"]
    assert row2[2:6] == ["–", "–", "–", "= 0"]      # missing shown as a dash, never 0


def test_zero_and_missing_are_styled_differently(change):
    st = display.styled(change)
    st._compute()
    ctx = {k: "; ".join(f"{a}: {b}" for a, b in v) for k, v in st.ctx.items()}
    assert "#ffd7b5" in ctx[(1, 2)]           # zero points: highlighted
    assert "#9e9e9e" in ctx[(2, 2)]           # missing points: grey
    assert "#ffd7b5" not in ctx.get((2, 2), "")
    assert "#ffd7b5" not in ctx.get((0, 2), "")  # a non-zero value is plain
    assert "#ffd7b5" not in ctx.get((1, 6), "")  # a zero change is not a zero score


def test_synthetic_caption_and_hidden_flag(change):
    html = display.styled(change.assign(synthetic=[True, False, False]), "vi").to_html()
    assert SYNTHETIC_MARK["vi"] in html
    assert SYNTHETIC_MARK["vi"] not in display.styled(change, "vi").to_html()
    assert "synthetic" not in _headers(html)
    tagged = change.drop(columns="synthetic")
    tagged.attrs["synthetic"] = True
    assert SYNTHETIC_MARK["en"] in display.styled(tagged, "en").to_html()


def test_seed_unverified_rows_marked():
    df = pd.DataFrame({"unit": ["06", "04"], "year": 2022, "points": [394.13, 500.0],
                       "status": ["sourced", "seed_unverified"]})
    st = display.styled(df, "en")
    cells = _cells(st.to_html())
    assert cells[0] == "Bac Kan" and cells[4] == "Cao Bang †"
    assert "unverified (news article only)" in st.caption
    df2 = df.assign(status="sourced_rank+seed_score", seed_unverified=[True, False])
    assert _cells(display.styled(df2, "vi").to_html())[0] == "Bắc Kạn †"


def test_data_not_changed_and_rows_limited(change):
    before = change.copy()
    big = pd.concat([change] * 100, ignore_index=True)
    st = display.styled(big, "en", max_rows=50)
    assert len(st.data) == 50 and "Showing 50 of 300 rows" in st.caption
    pd.testing.assert_frame_equal(change, before)


def test_table_and_accessor_render_richly(change):
    t = display.as_table(change, lang="en")
    assert isinstance(t, pd.DataFrame) and t.equals(change)
    html = t._repr_html_()
    assert "▼ 12" in html and "Rank change" in html
    assert isinstance(t.head(2), display.Table)
    acc = change.dti.html("both")
    assert "Xếp hạng / Rank" in acc and "▼ 12" in acc and "Bắc Kạn" in acc
    assert change.dti.show("en").data.equals(display.styled(change, "en").data)
    assert isinstance(change.dti.table(), display.Table)


def test_differences_on_the_index_keep_four_decimals_and_a_sign():
    df = pd.DataFrame({"indicator": ["1", "2", "3"], "vs_peers": [0.1234, -0.0312, 0.0],
                       "points_change": [74.02, -3.5, np.nan]})
    cells = _cells(display.styled(df, "en").to_html())
    assert cells == ["1", "+0.1234", "+74.02", "2", "−0.0312", "−3.50", "3", "0.0000", "–"]
    assert display.column_kind("vs_best") == "signed_index"


def test_auto_display_styles_dtilib_tables_only():
    from types import SimpleNamespace

    from IPython.core.formatters import DisplayFormatter

    shell = SimpleNamespace(display_formatter=DisplayFormatter())
    ours = pd.DataFrame({"unit": ["06"], "points_change": [74.02], "rank_change": [-12], "synthetic": [True]})
    theirs = pd.DataFrame({"price": [1.5], "qty": [2]})
    assert display.auto_display(shell=shell) is True
    html = shell.display_formatter.format(ours)[0]["text/html"]
    assert "Thay đổi thứ hạng / Rank change" in html and "▼ 12" in html and "+74.02" in html
    assert SYNTHETIC_MARK["vi"] in html and "Bắc Kạn" in html
    plain = shell.display_formatter.format(theirs)[0]["text/html"]
    assert plain == theirs._repr_html_()                      # other frames: pandas' own display
    ours.attrs["lang"] = "en"
    english = shell.display_formatter.format(ours)[0]["text/html"]
    assert "Rank change" in english and "Thay đổi thứ hạng" not in english
    assert display.auto_display(False, shell=shell) is False
    assert "▼ 12" not in shell.display_formatter.format(ours)[0]["text/html"]


def test_same_table_same_html(change):
    a = display.styled(change, "both").to_html()
    assert a == display.styled(change.copy(), "both").to_html()          # reproducible reports and diffs
    b = display.styled(change.assign(points=[1.0, 2.0, 3.0]), "both").to_html()
    assert a != b
    ids = [re.search(r'id="(T_dti[0-9a-f]+)"', h).group(1) for h in (a, b)]
    assert ids[0] != ids[1]  # two tables on one page never share their CSS rules


def test_text_left_numbers_right_names_on_one_line_and_legend_only_where_it_applies():
    import re

    import pandas as pd

    from dtilib.table_style import styled

    means = pd.DataFrame({"unit": ["06", "20"], "points": [401.5, 512.0], "rank": [63, 21]})
    html = styled(means, "vi").to_html()
    right = " ".join(re.findall(r"([^{}]*)\{\s*text-align: right", html))
    left = " ".join(re.findall(r"([^{}]*)\{\s*text-align: left;\s*white-space: nowrap", html))
    assert "col0" in left and "col0" not in right  # the name column: left, never wrapped
    assert "th.col_heading.col1" in right and "td.col1" in right and "td.col2" in right  # every cell of the column
    assert "Bắc Kạn" in html
    assert "ô được tô màu" not in html and "không có số liệu" not in html  # nothing to explain here
    zeros = means.assign(points=[0.0, float("nan")])
    cap = styled(zeros, "en").caption
    assert "shaded cells: zero" in cap and "–: not reported" in cap
    only_missing = styled(means.assign(points=[1.0, float("nan")]), "en").caption
    assert "–: not reported" in only_missing and "zero" not in only_missing
