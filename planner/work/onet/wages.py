"""Annual wages of O*NET occupations from the BLS Occupational Employment and Wage
Statistics (OES), the most detailed SOC group that has one."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from planner.errors import InputError, Problem, Severity

OES_CITATION = ("U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, "
                "May 2021, national cross-industry estimates (public domain).")
"""Citation of the OES wages."""


def read_oes_wages(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Annual mean wages by SOC code from a BLS OES national file (``national_M*_dl``).

    Returns ``occ_code`` (``11-1011``), ``group`` (detailed, broad, minor, major),
    ``annual_wage`` [USD/year]. A wage BLS withholds (``*``) is dropped; a top-coded one
    (``#``, at or above 208,000) is taken as 208,000.
    """
    p = Path(path)
    try:
        raw = (pd.read_excel(p, dtype=str) if p.suffix.lower() in (".xlsx", ".xls") else
               pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise InputError(Problem("bad_wages", Severity.ERROR, f"expected a readable OES file: "
                                 f"{exc}", "pass national_M2021_dl.csv of BLS OES",
                                 file=p.name)) from exc
    raw.columns = [c.upper() for c in raw.columns]
    need = {"OCC_CODE", "O_GROUP", "A_MEAN"}
    if need - set(raw.columns):
        raise InputError(Problem("bad_wages", Severity.ERROR, f"expected columns OCC_CODE, "
                                 f"O_GROUP and A_MEAN, missing: "
                                 f"{', '.join(sorted(need - set(raw.columns)))}",
                                 "pass a BLS OES national file", file=p.name))
    if "I_GROUP" in raw.columns:
        raw = raw[raw["I_GROUP"].str.lower().isin(["cross-industry", ""])]
    text = raw["A_MEAN"].astype(str).str.replace(",", "").str.strip()
    wage = pd.to_numeric(text.replace("#", "208000"), errors="coerce")
    out = pd.DataFrame({"occ_code": raw["OCC_CODE"].astype(str).str.strip(),
                        "group": raw["O_GROUP"].astype(str).str.lower(),
                        "annual_wage": wage.astype(float)})
    return out.dropna(subset=["annual_wage"]).drop_duplicates("occ_code").reset_index(drop=True)


def wages_for(soc_codes: pd.Series, wages: pd.DataFrame) -> pd.DataFrame:
    """Annual wage per O*NET-SOC code, from the most detailed OES group that has one.

    O*NET codes (``13-1021.00``) follow the SOC of their release; where OES publishes no
    detailed figure the broad (``13-1020``), minor (``13-1000``) then major group
    (``13-0000``) stands in. Returns ``soc_code``, ``annual_wage`` [USD/year] and
    ``wage_level`` (the group used, or missing when none).
    """
    by_code = wages.set_index("occ_code")["annual_wage"]
    six = soc_codes.str[:7]
    candidates = {"detailed": six, "broad": six.str[:6] + "0", "minor": six.str[:5] + "00",
                  "major": six.str[:2] + "-0000"}
    wage = pd.Series(np.nan, index=soc_codes.index)
    level = pd.Series(pd.NA, index=soc_codes.index, dtype="string")
    for name, codes in candidates.items():
        found = codes.map(by_code).astype(float)
        take = wage.isna() & found.notna()
        wage[take] = found[take]
        level[take] = name
    return pd.DataFrame({"soc_code": soc_codes, "annual_wage": wage, "wage_level": level})

