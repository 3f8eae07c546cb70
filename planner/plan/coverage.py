"""How much of a plan's workforce has a confident role (``role_coverage``): the FTE whose
position matched no library role or one with low confidence, and the teams they sit in.

A position without a confident role is planned with no AI scope (unmatched) or as a role it
may not hold (low confidence), so every face of a plan states this first: the CLI's run
summary, the plan summary's ``role_coverage`` block, the app's headline and the workbook's
Summary. Built from the roster's ``role_status`` column alone; a roster with no statuses
(no library was used) has no coverage to state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from planner.labels import format_fte as _fte
from planner.labels import format_share as _share

TOP_TEAMS = 5
"""Teams named in the coverage block and sentence, most FTE without a confident role first."""


@dataclass(frozen=True)
class TeamCoverage:
    """One team's FTE without a confident role.

    Attributes
    ----------
    team : str
        The team as the plan names it.
    fte_no_confident_role : float
        Its FTE unmatched or matched with low confidence [FTE].
    share : float
        That FTE as a share of the team's FTE [0-1].
    """

    team: str
    fte_no_confident_role: float
    share: float


@dataclass(frozen=True)
class RoleCoverage:
    """How much of a roster's FTE has no confident role.

    Attributes
    ----------
    fte : float
        FTE of the roster [FTE].
    fte_unmatched : float
        FTE whose position matched no role (or has no title): planned with no AI scope [FTE].
    fte_low_confidence : float
        FTE matched to a role with low confidence: planned as that role [FTE].
    teams : tuple of TeamCoverage
        The teams with the most FTE without a confident role (at most :data:`TOP_TEAMS`),
        most first.
    """

    fte: float
    fte_unmatched: float
    fte_low_confidence: float
    teams: tuple[TeamCoverage, ...] = ()

    @property
    def fte_no_confident_role(self) -> float:
        """FTE unmatched or matched with low confidence [FTE]."""
        return self.fte_unmatched + self.fte_low_confidence

    @property
    def share_no_confident_role(self) -> float:
        """Share of the FTE without a confident role [0-1]."""
        return min(1.0, self.fte_no_confident_role / self.fte) if self.fte > 0 else 0.0

    def statement(self) -> str:
        """The coverage in a planner's words; empty when every position has a confident role.

        >>> RoleCoverage(200.0, 30.0, 10.0, (TeamCoverage("Finance", 25.0, 0.5),)).statement()
        '20% of FTE (40 of 200) have no confident role: 30 FTE match no role and are planned \
with no AI scope, 10 FTE match one with low confidence. Most affected: Finance (25 FTE, 50% \
of the team).'
        """
        if self.fte_no_confident_role <= 0:
            return ""
        parts = []
        if self.fte_unmatched > 0:
            parts.append(f"{_fte(self.fte_unmatched)} FTE match no role and are planned with "
                         "no AI scope")
        if self.fte_low_confidence > 0:
            parts.append(f"{_fte(self.fte_low_confidence)} FTE match one with low confidence")
        out = (f"{_share(self.share_no_confident_role)} of FTE "
               f"({_fte(self.fte_no_confident_role)} of {_fte(self.fte)}) have no confident "
               f"role: {', '.join(parts)}.")
        if self.teams:
            out += " Most affected: " + "; ".join(
                f"{t.team} ({_fte(t.fte_no_confident_role)} FTE, {_share(t.share)} of the team)"
                for t in self.teams) + "."
        return out[:1].upper() + out[1:]  # "Under 1% of FTE ..."

    def to_dict(self) -> dict[str, Any]:
        """The ``role_coverage`` block of a plan's summary (the plan folder keeps it)."""
        return {"fte": round(self.fte, 4),
                "fte_no_confident_role": round(self.fte_no_confident_role, 4),
                "share_no_confident_role": round(self.share_no_confident_role, 4),
                "fte_unmatched": round(self.fte_unmatched, 4),
                "fte_low_confidence": round(self.fte_low_confidence, 4),
                "teams": [{"team": t.team,
                           "fte_no_confident_role": round(t.fte_no_confident_role, 4),
                           "share": round(t.share, 4)} for t in self.teams]}

    @classmethod
    def from_dict(cls, block: Mapping[str, Any]) -> RoleCoverage:
        """The coverage a plan's summary states (:meth:`to_dict` read back)."""
        return cls(float(block["fte"]), float(block["fte_unmatched"]),
                   float(block["fte_low_confidence"]),
                   tuple(TeamCoverage(str(t["team"]), float(t["fte_no_confident_role"]),
                                      float(t["share"])) for t in block.get("teams") or ()))


def role_coverage(roster: pd.DataFrame, team_by: str = "team",
                  top: int = TOP_TEAMS) -> RoleCoverage | None:
    """How much of a roster's FTE has no confident role, and the teams most affected.

    Parameters
    ----------
    roster : DataFrame
        Canonical roster (:class:`planner.schema.RosterSchema`) with ``role_status``.
    team_by : str
        The roster column that names the plan's teams (``inputs.team_by``).
    top : int
        How many teams to name.

    Returns
    -------
    RoleCoverage or None
        None when the roster has no ``role_status`` at all (no library was used).
    """
    # Read from a plan's summary too (the CLI, the app, the workbook): the optimiser's
    # modules load only when coverage is computed.
    from planner.optimise.data import team_names

    if "role_status" not in roster or roster["role_status"].isna().all():
        return None
    fte = roster["fte"].astype(float)
    status = roster["role_status"]
    # A position with no status was not matched: it has no confident role either.
    unmatched = (status.isna() | (status == "unmatched")).to_numpy()
    low = (status == "low_confidence").to_numpy()
    frame = pd.DataFrame({"team": team_names(roster[team_by]).to_numpy(),
                          "fte": fte.to_numpy(),
                          "off": fte.to_numpy() * (unmatched | low)})
    per_team = frame.groupby("team", sort=True)[["fte", "off"]].sum().reset_index()
    per_team = per_team[per_team["off"] > 0].sort_values(
        ["off", "team"], ascending=[False, True], kind="stable").head(top)
    teams = tuple(TeamCoverage(str(t), float(o), min(1.0, float(o / f)) if f > 0 else 0.0)
                  for t, o, f in zip(per_team["team"], per_team["off"], per_team["fte"],
                                     strict=True))
    return RoleCoverage(float(fte.sum()), float(fte[unmatched].sum()),
                        float(fte[low].sum()), teams)


def plan_coverage(summary: Mapping[str, Any]) -> RoleCoverage | None:
    """The coverage a plan's summary states; None for a plan without it (pool scenarios,
    plans written before it was stated)."""
    block = summary.get("role_coverage")
    return RoleCoverage.from_dict(block) if block else None


