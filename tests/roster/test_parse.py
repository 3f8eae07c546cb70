"""Parsing the values exports contain."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.roster.parse import clean_text, parse_date, parse_number


@pytest.mark.parametrize("raw,expected", [
    ("45000", 45000.0), ("£45,000", 45000.0), ("45k", 45000.0), ("45.5K", 45500.0),
    ("1.2m", 1_200_000.0), ("45 000", 45000.0), ("(1,200)", -1200.0),
    ("45000.00 GBP", 45000.0), ("€45.000,50", 45000.5), ("USD 60,000", 60000.0),
    ("1,234,567.8", 1234567.8), ("0.5", 0.5), ("-3", -3.0),
])
def test_numbers(raw: str, expected: float) -> None:
    values, bad = parse_number(pd.Series([raw]))
    assert values.iloc[0] == pytest.approx(expected)
    assert not bad.iloc[0]


@pytest.mark.parametrize("raw", ["", "N/D", "n/a", "-", "Vacant", "withheld", "  "])
def test_missing_markers_are_missing_not_bad(raw: str) -> None:
    values, bad = parse_number(pd.Series([raw]))
    assert math.isnan(values.iloc[0])
    assert not bad.iloc[0]


@pytest.mark.parametrize("raw", ["forty", "12abc", "1.2.3.4x", "££"])
def test_garbage_is_bad(raw: str) -> None:
    values, bad = parse_number(pd.Series([raw]))
    assert math.isnan(values.iloc[0])
    assert bad.iloc[0]


@pytest.mark.parametrize("raw,dayfirst,expected", [
    ("2021-03-31", True, "2021-03-31"), ("31/03/2021", True, "2021-03-31"),
    ("03/04/2021", True, "2021-04-03"), ("03/04/2021", False, "2021-03-04"),
    ("44927", True, "2023-01-01"), ("3 March 2019", True, "2019-03-03"),
    ("2020-01-05T00:00:00", True, "2020-01-05"),
])
def test_dates(raw: str, dayfirst: bool, expected: str) -> None:
    values, bad = parse_date(pd.Series([raw]), dayfirst=dayfirst)
    assert values.iloc[0] == pd.Timestamp(expected)
    assert not bad.iloc[0]


def test_bad_and_missing_dates() -> None:
    values, bad = parse_date(pd.Series(["not a date", "N/A", ""]))
    assert values.isna().all()
    assert bad.tolist() == [True, False, False]


def test_clean_text() -> None:
    assert clean_text(pd.Series([" a   b ", "N/D", "", None])).tolist()[0] == "a b"
    assert clean_text(pd.Series(["N/D"])).isna().all()
    assert clean_text(pd.Series(["N/D"]), missing=frozenset()).tolist() == ["N/D"]


_SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\xa0", "\u2003", "\u3000", "\x0b",
                           "\x1f", "\u2028"])


@given(st.lists(st.lists(st.one_of(st.text(alphabet="ab£é-", min_size=1), _SPACES),
                         max_size=6).map("".join), max_size=20))
@settings(max_examples=200, deadline=None)
def test_clean_text_collapses_every_white_space_as_python_does(cells: list[str]) -> None:
    # the fast path must agree with Python's \s on every kind of white space
    expected = [re.sub(r"\s+", " ", c.strip()) for c in cells]
    got = clean_text(pd.Series(cells, dtype="object"), missing=frozenset()).tolist()
    assert [g if isinstance(g, str) else "" for g in got] == expected
