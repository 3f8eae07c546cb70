"""The exact cases of issue 15: what each rule says of a count, and that every window holds
the exits it counts."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.compliance.rules import BUNDLED, load_rules
from planner.compliance.windows import COLUMNS, evaluate, required_lead
from planner.work.library import data_dir

RULES = load_rules(BUNDLED, [data_dir() / "rules"])
ANNOUNCE = date(2027, 1, 1)


def exits(*rows: tuple[str, date, int, int]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["establishment", "effective_date", "count", "full_time"])


def sites(*rows: tuple[str, int, int]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["establishment", "workforce", "full_time"])


def one(rule: str, n: int, workforce: int = 500, *, full_time: int | None = None,
        closing: bool = False, when: date = date(2027, 3, 1), employer: int = 1000,
        ) -> pd.Series:
    ft = n if full_time is None else full_time
    ex = exits(("Bristol", when, n, ft)).assign(closing=n if closing else 0,
                                                 closing_full_time=ft if closing else 0)
    rows = evaluate(RULES[rule], ex,
                    sites(("Bristol", workforce, workforce if full_time is None else
                           workforce - (n - ft))), ANNOUNCE, employer=employer)
    assert list(rows.columns) == COLUMNS
    return pd.Series(rows.to_dict("records")[0], dtype=object)


@pytest.mark.parametrize(("n", "triggered", "lead"), [(19, False, 0), (20, True, 30),
                                                       (99, True, 30), (100, True, 45)])
def test_uk_19_20_100(n: int, triggered: bool, lead: int) -> None:
    row = one("uk", n)
    assert (row["triggered"], row["lead_days"], row["threshold"]) == (triggered, lead, 20)
    if triggered:
        assert row["obligation"] == "collective consultation and HR1 notification"
        assert row["latest_start"] == (date(2027, 3, 1) - timedelta(days=lead)).isoformat()
    else:
        assert row["obligation"] == "none" and pd.isna(row["latest_start"])


def test_uk_counts_the_proposal_however_the_exits_are_spread() -> None:
    spread = exits(*[("Leeds", date(2027, m, 1), 5, 5) for m in range(2, 7)])  # 25 over 5 months
    rows = evaluate(RULES["uk"], spread, sites(("Leeds", 200, 200)), ANNOUNCE)
    assert len(rows) == 1
    assert (rows.iloc[0]["count"], rows.iloc[0]["triggered"]) == (25, True)
    assert rows.iloc[0]["first_effective_date"] == "2027-02-01"


def test_warn_at_a_120_person_site() -> None:
    assert one("us_warn", 49, workforce=120)["triggered"] is False
    assert one("us_warn", 50, workforce=120)["triggered"] is True
    assert one("us_warn", 50, workforce=200)["triggered"] is False  # 25% of the site
    assert one("us_warn", 500, workforce=5000)["lead_days"] == 60  # 500+ whatever the share
    # 50-499 must also be a third of the site: 33% of 160 is 52.8, so 53.
    assert one("us_warn", 52, workforce=160)["triggered"] == False  # noqa: E712
    assert one("us_warn", 53, workforce=160)["triggered"] == True  # noqa: E712


def test_warn_plant_closing_only_where_a_site_or_unit_shuts() -> None:
    assert one("us_warn", 60, workforce=1000, closing=False)["triggered"] is False
    row = one("us_warn", 60, workforce=1000, closing=True)
    assert row["triggered"] and row["obligation"] == "WARN notice (plant closing)"
    # 60 losses at the site, but only 10 of them with the unit that shuts: no plant closing.
    part = evaluate(RULES["us_warn"], exits(("Austin", date(2027, 3, 1), 60, 60)).assign(
        closing=10, closing_full_time=10), sites(("Austin", 1000, 1000)), ANNOUNCE,
        employer=1000)
    assert not part["triggered"].any()


def test_warn_aggregates_90_days() -> None:
    # 30 + 30 two months apart: no 30-day window reaches 50, the 90-day one does.
    rows = evaluate(RULES["us_warn"], exits(("Austin", date(2027, 2, 1), 30, 30),
                                            ("Austin", date(2027, 4, 1), 30, 30)),
                    sites(("Austin", 120, 120)), ANNOUNCE, employer=500)
    short = rows[rows["window_end"] == "2027-03-03"]
    assert not short["triggered"].any()
    long = rows[(rows["window_start"] == "2027-02-01") & (rows["window_end"] == "2027-05-02")]
    assert long.iloc[0]["count"] == 60 and long.iloc[0]["triggered"]
    assert required_lead(rows) == {"Austin": 60}


def test_warn_leaves_part_timers_out() -> None:
    row = one("us_warn", 60, workforce=150, full_time=45)  # 15 of the 60 work part time
    assert row["count"] == 45 and not row["triggered"]
    assert one("us_warn", 60, workforce=150, employer=90)["triggered"] is False  # small employer


@pytest.mark.parametrize(("workforce", "n", "triggered", "threshold"), [
    (20, 15, False, None), (50, 9, False, 10), (50, 10, True, 10), (200, 19, False, 20),
    (200, 20, True, 20), (300, 29, False, 30), (300, 30, True, 30)])
def test_eu_30_each_size_band(workforce: int, n: int, triggered: bool,
                              threshold: int | None) -> None:
    row = one("eu_30", n, workforce=workforce)
    assert row["triggered"] == triggered
    assert (pd.isna(row["threshold"]) if threshold is None else row["threshold"] == threshold)


def test_eu_20_90() -> None:
    rows = evaluate(RULES["eu_20_90"], exits(("Dublin", date(2027, 2, 1), 10, 10),
                                             ("Dublin", date(2027, 4, 1), 10, 10),
                                             ("Dublin", date(2027, 8, 1), 19, 19)),
                    sites(("Dublin", 40, 40), ("Cork", 10, 10)), ANNOUNCE)
    assert rows[rows["triggered"]]["window_start"].tolist() == ["2027-02-01"]
    assert rows[rows["establishment"] == "Cork"]["count"].tolist() == [0]


def test_a_window_counts_each_pool_up_to_its_cap() -> None:
    ex = exits(("York", date(2027, 2, 1), 5, 5), ("York", date(2027, 3, 1), 5, 5),
               ("York", date(2027, 3, 1), 20, 20)).assign(pool=["a", "a", "b"],
                                                          cap=[5, 5, 30])
    uk = evaluate(RULES["uk"], ex, sites(("York", 100, 100)), ANNOUNCE)
    assert uk["count"].tolist() == [25]  # a's 10 exits can fall on its 5 posts only
    eu = evaluate(RULES["eu_20_90"], ex, sites(("York", 100, 100)), ANNOUNCE)
    assert eu.set_index("window_start")["count"].to_dict() == {"2027-02-01": 25,
                                                               "2027-03-01": 25}


DATES = st.lists(st.tuples(st.sampled_from(["A", "B"]), st.integers(0, 400),
                           st.integers(0, 40)), max_size=12)


@settings(max_examples=40, deadline=None)
@given(DATES, st.sampled_from(BUNDLED))
def test_every_window_holds_the_exits_it_counts(rows: list[tuple[str, int, int]],
                                                rule: str) -> None:
    ex = exits(*[(e, ANNOUNCE + timedelta(days=d), n, n) for e, d, n in rows])
    out = evaluate(RULES[rule], ex, sites(("A", 300, 300), ("B", 80, 80)),
                   ANNOUNCE, employer=380)
    for w in out.itertuples():
        mine = ex[(ex["establishment"] == w.establishment) & (ex["count"] > 0)]
        if RULES[rule].counts == "proposed":
            assert w.count == mine["count"].sum()
        else:
            start, end = date.fromisoformat(w.window_start), date.fromisoformat(w.window_end)
            inside = mine[(mine["effective_date"] >= start) & (mine["effective_date"] < end)]
            assert w.count == inside["count"].sum()
            assert w.count == 0 or w.first_effective_date == w.window_start
        if w.triggered and w.first_effective_date:
            assert w.latest_start <= w.first_effective_date
