"""Side-by-side comparison of any number of plans, and what differs in their scenarios.

Pure: the plans come in memory (a plan's summary, tables and scenario, :data:`PlanParts`);
a face reads plan folders or the store at its edge.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from planner.labels import objective_label
from planner.plan.finance import PlanParts, finance_tables, flatten

NO_COST_CENTRE = "(none)"
"""The cost centre of a team whose roster rows name none (as the optimiser's data writes it)."""
MEASURES = ("fte_before", "fte_after", "run_rate_cost_before", "run_rate_cost_after",
            "one_off_cost", "total_cost", "redundancies", "redeployments", "reskilled_arrivals",
            "hires", "attrition", "ai_hours", "assisted_hours", "npv", "payback_years")


@dataclass(frozen=True)
class Comparison:
    """Plans side by side: one column per run, under the label it was given."""

    runs: tuple[str, ...]
    headline: pd.DataFrame
    """One row per measure; a column per run."""
    cost_centres: pd.DataFrame
    """FTE at the end of the horizon per cost centre; a column per run."""
    teams: pd.DataFrame
    """FTE and run-rate cost at the end per team; a column per run and measure."""
    scenario_diff: pd.DataFrame
    """Settings whose values differ between the runs' scenarios."""
    currency: str | None = None
    """The runs' currency code (codes joined by "/" when they differ)."""

    @property
    def has_cost_centres(self) -> bool:
        """False when no run's roster names a cost centre (every team is in
        :data:`NO_COST_CENTRE`)."""
        return bool((self.cost_centres["cost_center"] != NO_COST_CENTRE).any())

    def sheets(self) -> dict[str, pd.DataFrame]:
        """Sheet name -> table."""
        return {"Headline": self.headline, "Cost centres": self.cost_centres,
                "Teams": self.teams, "Scenario differences": self.scenario_diff}


def folder_labels(folders: Iterable[str | os.PathLike[str]]) -> list[str]:
    """A column label for each plan folder: its name, primed when two share one
    (``a``, ``a'``)."""
    seen: set[str] = set()
    out = []
    for folder in folders:
        name = Path(folder).name or str(folder)
        while name in seen:
            name = f"{name}'"
        seen.add(name)
        out.append(name)
    return out


def compare(plans: Mapping[str, PlanParts]) -> Comparison:
    """Compare two or more plans: label -> the plan's summary, tables and scenario
    document (as :func:`planner.plan.finance.finance_tables` takes them)."""
    if len(plans) < 2:
        raise ValueError(f"runs: expected at least two plans, found {len(plans)}")
    labels, heads, ccs, teams, scen, codes = [], {}, [], [], {}, set()
    for label, (summary, tables, scenario) in plans.items():
        labels.append(label)
        ft = finance_tables(summary, tables, scenario)
        s = ft.summary
        codes.add(ft.currency)
        heads[label] = {m: (sum(s[m].values()) if m == "one_off_cost" else s.get(m))
                        for m in MEASURES}
        heads[label] = {"scenario": s.get("scenario"), "status": s.get("status"),
                        "objective": objective_label(s.get("objective_kind")),
                        **heads[label],
                        "payback_period": s.get("payback_period")}
        last = str(summary["periods"][-1])
        cc = ft.cost_centres[ft.cost_centres["period"] == last]
        ccs.append(cc.set_index("cost_center")["fte_end"].rename(label))
        tm = tables["teams"].assign(period=tables["teams"]["period"].astype(str))
        tm = tm[tm["period"] == last].set_index("team")
        teams.append(tm[["fte", "run_rate_cost"]].add_prefix(f"{label}: "))
        scen[label] = dict(flatten(scenario))
    headline = pd.DataFrame(heads).rename_axis("measure").reset_index()
    cost_centres = pd.concat(ccs, axis=1).fillna(0.0).rename_axis("cost_center").reset_index()
    team_table = pd.concat(teams, axis=1).fillna(0.0).rename_axis("team").reset_index()
    keys = sorted(set().union(*[set(v) for v in scen.values()]))
    diff_rows = []
    for k in keys:
        # a key that is absent and one set to null both leave the setting unset
        values = [scen[lab].get(k) for lab in labels]
        if len({repr(v) for v in values}) > 1:
            shown = ["(not set)" if v is None else v for v in values]
            diff_rows.append({"setting": k, **dict(zip(labels, shown, strict=True))})
    scenario_diff = pd.DataFrame(diff_rows, columns=["setting", *labels])
    currency = "/".join(sorted(c for c in codes if c)) or None
    return Comparison(tuple(labels), headline, cost_centres, team_table, scenario_diff,
                      currency)


def comparison_workbook(comp: Comparison) -> bytes:
    """The comparison as a workbook; cells that differ from the first run are highlighted."""
    import io

    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_numbers": False, "strings_to_urls": False})
    bold = wb.add_format({"bold": True, "bottom": 1})
    num = wb.add_format({"num_format": "#,##0.00"})
    changed = wb.add_format({"bg_color": "#FFF2CC", "num_format": "#,##0.00"})
    changed_text = wb.add_format({"bg_color": "#FFF2CC"})
    for name, frame in comp.sheets().items():
        ws = wb.add_worksheet(name)
        ws.freeze_panes(1, 1)
        ws.set_column(0, 0, 34)
        ws.set_column(1, len(frame.columns), 22)
        for j, col in enumerate(frame.columns):
            ws.write_string(0, j, str(col), bold)
        base_col = 1
        for i, row in enumerate(frame.itertuples(index=False), start=1):
            base = row[base_col] if len(row) > base_col else None
            for j, v in enumerate(row):
                differs = j > base_col and repr(v) != repr(base) and name != "Teams"
                if v is None or (isinstance(v, float) and v != v):
                    continue
                if isinstance(v, int | float) and not isinstance(v, bool):
                    ws.write_number(i, j, float(v), changed if differs else num)
                else:
                    ws.write_string(i, j, str(v), changed_text if differs else None)
    wb.close()
    return buf.getvalue()
