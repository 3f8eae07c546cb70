"""Vectorised parsing of the values HR exports actually contain.

Numbers come as ``45000``, ``£45,000``, ``45k``, ``1.2m``, ``45 000``, ``(1,200)``,
``45000.00 GBP`` or ``€45.000,50``; "not disclosed" markers such as ``N/D``, ``N/A``, ``-``
or ``Vacant`` mean *missing*, not *wrong*. Dates come as ISO, day-first or month-first
text, or Excel serial numbers. Each parser returns the parsed values and a mask of the
cells that held something but could not be parsed, so the caller can report them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MISSING_TOKENS: frozenset[str] = frozenset(
    {"", "n/d", "nd", "n/a", "na", "n.a.", "none", "null", "nil", "-", "--", "—", "?",
     "not disclosed", "withheld", "vacant", "tbc", "tbd", "#n/a", "nan", "eliminated"}
)
"""Lower-cased cell values that mean "no value given"."""

NAME_TOKENS: frozenset[str] = frozenset({"na", "null", "none", "nan"})
"""Missing markers (pandas' default missing values among them) that are also names: a
team ``NA`` (North America), a grade ``None``. In a column of names (titles, teams,
departments, cost centres, locations, grades) they stay text."""
TEXT_MISSING_TOKENS: frozenset[str] = MISSING_TOKENS - NAME_TOKENS
"""The markers that mean "no value given" in a column of names."""

_CURRENCY_RE = r"(?i)(?:£|\$|€|¥|gbp|usd|eur|cad|aud|chf|inr|jpy|us\$)"
_EUROPEAN_RE = r"^-?\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^-?\d+,\d{1,2}$"
_THOUSANDS_RE = r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$"


def is_missing(values: pd.Series) -> pd.Series:
    """True where a cell is blank or holds a "not given" marker (``N/D``, ``N/A``, ...)."""
    s = values.astype("string").fillna("").str.strip().str.lower()
    return s.isin(MISSING_TOKENS)


def parse_number(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse money and quantities written in the ways exports write them.

    Parameters
    ----------
    values : Series of str
        Raw cells.

    Returns
    -------
    parsed : Series of float
        The numbers; NaN where missing or unparseable.
    bad : Series of bool
        True where a cell held text that is neither a number nor a missing marker.

    Examples
    --------
    >>> parse_number(pd.Series(["£45,000", "45k", "N/D", "abc"]))[0].tolist()
    [45000.0, 45000.0, nan, nan]
    """
    raw = values.astype("string").fillna("")
    s = raw.str.strip()
    missing = s.str.lower().isin(MISSING_TOKENS)
    # Accounting negatives: (1,200) -> -1,200.
    paren = s.str.match(r"^\(.*\)$").fillna(False).astype(bool)
    s = s.where(~paren, "-" + s.str.slice(1, -1))
    s = s.str.replace(_CURRENCY_RE, "", regex=True)
    s = s.str.replace(r"[\s\u00a0\u202f']", "", regex=True)
    # Suffix multipliers: 45k, 1.2m, 45K.
    lower = s.str.lower()
    mult = pd.Series(1.0, index=s.index)
    for suffix, factor in (("k", 1e3), ("m", 1e6), ("bn", 1e9)):
        has = lower.str.match(rf"^-?[\d.,]+{suffix}$")
        mult = mult.where(~has, factor)
        s = s.where(~has, s.str.slice(0, -len(suffix)))
    european = s.str.match(_EUROPEAN_RE) & ~s.str.match(_THOUSANDS_RE)
    s = s.where(~european, s.str.replace(".", "", regex=False).str.replace(",", ".",
                                                                            regex=False))
    s = s.where(european, s.str.replace(",", "", regex=False))
    s = s.str.rstrip("%")
    parsed = pd.to_numeric(s.where(~missing, ""), errors="coerce").astype("float64") * mult
    parsed = parsed.where(~missing)
    bad = parsed.isna() & ~missing
    return parsed, bad.astype(bool)


_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def parse_date(values: pd.Series, *, dayfirst: bool = True) -> tuple[pd.Series, pd.Series]:
    """Parse dates: ISO 8601 first, then day-first (or month-first) text, then Excel serials.

    Parameters
    ----------
    values : Series of str
        Raw cells.
    dayfirst : bool
        Read ``03/04/2021`` as 3 April (True, the default outside the U.S.) or 4 March.

    Returns
    -------
    parsed : Series of datetime64
        NaT where missing or unparseable.
    bad : Series of bool
        True where a cell held text that is not a date.
    """
    raw = values.astype("string").fillna("").str.strip()
    missing = raw.str.lower().isin(MISSING_TOKENS)
    todo = raw.where(~missing, "")
    parsed = pd.to_datetime(todo.where(todo != "", None), format="ISO8601", errors="coerce")
    left = parsed.isna() & ~missing
    if left.any():
        rest = todo[left]
        serial = pd.to_numeric(rest, errors="coerce").astype("float64")
        is_serial = serial.between(1, 80000).fillna(False).astype(bool)
        if is_serial.any():
            parsed.loc[rest.index[is_serial]] = _EXCEL_EPOCH + pd.to_timedelta(
                serial[is_serial].astype(float), unit="D")
        text = rest[~is_serial]
        if len(text):
            parsed.loc[text.index] = pd.to_datetime(text, format="mixed", dayfirst=dayfirst,
                                                    errors="coerce")
    bad = parsed.isna() & ~missing
    return parsed.astype("datetime64[us]"), bad.astype(bool)


# White space that `clean_text` collapses: every character Python's ``\s`` matches but the
# plain space, or two spaces in a row. Written out because pyarrow's regular expressions
# (RE2) treat ``\s`` differently, so pandas runs a ``\s`` pattern in Python, cell by cell.
_ODD_SPACE = ("[\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f"
              "\u205f\u3000]|  ")


def clean_text(values: pd.Series, *,
               missing: frozenset[str] = MISSING_TOKENS) -> pd.Series:
    """Strip and collapse white space; empty cells and the lower-cased markers in
    ``missing`` (``N/D`` ...; none when empty) -> NA."""
    s = values.astype("string").fillna("").str.strip()
    odd = s.str.contains(_ODD_SPACE, regex=True)
    if odd.any():  # the few cells that need it, in Python
        s = s.where(~odd, s[odd].str.replace(r"\s+", " ", regex=True))
    blank = s == ""
    if missing:
        blank |= s.str.lower().isin(missing)
    return s.where(~blank).astype("str")


def parse_bool(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse yes/no cells (``true``, ``y``, ``1``, ``x`` ...); returns (values, bad mask)."""
    s = values.astype("string").fillna("").str.strip().str.lower()
    yes = s.isin({"true", "t", "yes", "y", "1", "x"})
    no = s.isin({"false", "f", "no", "n", "0", ""})
    return pd.Series(np.where(yes, True, False), index=values.index), ~(yes | no)
