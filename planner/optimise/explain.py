"""Explanations: binding constraints and their prices in sentences, unused capabilities,
and what the plan does to each team (an infeasible scenario: :mod:`planner.optimise.relax`).

Shadow prices come from the LP duals (HiGHS reports d objective / d right-hand side). A
sentence is written for each binding lever with a price; structural rows (pool balances,
hubs) are listed in the table but not narrated.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.labels import Labels, humanise
from planner.optimise.lp import INF, Solution
from planner.optimise.model import Built
from planner.scenario import ObjectiveKind

LEVER_KINDS = ("team_fte", "span_max", "span_min", "max_reduction", "max_reduction_overall",
               "protected", "lock", "hire_cap", "hire_cap_role", "overstaffing_total",
               "short_time_total", "reskill_capacity", "reskill_share", "one_off_budget",
               "savings_target", "capacity_budget")
"""Constraint kinds a planner set (and may relax); the others are the model's structure."""
TOL = 1e-6


def _unit(built: Built) -> str:
    kind = built.data.scenario.objective.kind
    return {ObjectiveKind.MIN_REDUNDANCIES: "redundancies",
            ObjectiveKind.MAX_CAPACITY: "hours of capacity"}.get(kind, "")


CONSTRAINT_COLUMNS = ["constraint", "period", "binding", "slack", "shadow_price",
                      "explanation", "kind", "name"]
"""Columns of :func:`constraint_table`: the plain words first, the solver's row name last."""


def constraint_table(built: Built, sol: Solution) -> pd.DataFrame:
    """Every constraint with its slack, whether it binds, its shadow price and a sentence.

    ``constraint`` says what the row holds in a planner's words (titles, not ids), ``period``
    is the scenario's label of its period (blank for the whole horizon), ``explanation`` is
    the sentence of a priced lever a planner set (blank for the model's structure: balances,
    requirements, hubs), and ``name`` the solver's row name (``balance[team,role,0]``).
    """
    meta = built.model.row_meta()
    if sol.row_activity is None or meta.empty:
        return pd.DataFrame(columns=CONSTRAINT_COLUMNS)
    act = sol.row_activity
    lo = meta["lower"].to_numpy(float)
    up = meta["upper"].to_numpy(float)
    slack = np.minimum(np.where(np.isfinite(lo), act - lo, INF), np.where(np.isfinite(up),
                                                                         up - act, INF))
    scale = np.maximum(1.0, np.abs(np.where(np.isfinite(lo), lo, 0)) + np.abs(
        np.where(np.isfinite(up), up, 0)))
    binding = slack <= 1e-7 * scale
    dual = sol.row_dual if sol.row_dual is not None else np.full(len(meta), np.nan)
    names = _names(meta)
    texts = np.full(len(meta), "", dtype=object)
    priced = np.flatnonzero(binding & meta["kind"].isin(LEVER_KINDS).to_numpy()
                            & (np.abs(np.nan_to_num(dual)) > TOL))
    for i, rec in zip(priced, meta.iloc[priced].itertuples(index=False), strict=True):
        texts[i] = _sentence(built, sol, rec, float(dual[i]), True, float(act[i]))
    labels = built.data.labels
    periods = meta["period"] if "period" in meta else pd.Series(None, index=meta.index)
    return pd.DataFrame({
        "constraint": [describe(labels, rec) for rec in meta.to_dict("records")],
        "period": [labels.period(p) if pd.notna(p) else "" for p in periods],
        "binding": binding, "slack": np.where(np.isfinite(slack), slack, np.nan),
        "shadow_price": dual, "explanation": texts, "kind": meta["kind"],
        "name": names})[CONSTRAINT_COLUMNS]


def _names(meta: pd.DataFrame) -> list[str]:
    parts = []
    for col in ("team", "role", "capability", "period"):
        if col in meta:
            parts.append(meta[col].astype("string").fillna(""))
    if not parts:
        return meta["kind"].tolist()
    joined = parts[0]
    for p in parts[1:]:
        joined = joined + "," + p
    return (meta["kind"] + "[" + joined.str.strip(",").str.replace(",,", ",", regex=False)
            + "]").tolist()


def _text(v: object) -> str:
    return v if isinstance(v, str) else ""


def describe(labels: Labels, rec: dict[str, object]) -> str:
    """What one constraint holds, in a planner's words (role titles, capability names)."""
    kind = str(rec["kind"]).removesuffix("_unused")
    team = _text(rec.get("team"))
    role = labels.role(rec["role"]) if _text(rec.get("role")) else ""
    cap = labels.capability(rec["capability"]) if _text(rec.get("capability")) else ""
    v = rec.get("value")
    num = f"{v:,.4g}" if isinstance(v, int | float) and v == v else ""
    of = f"{role} in {team}" if role and team else role or team or "the organisation"
    words = {
        "balance": f"FTE of {of} carried from one period to the next (start, attrition, "
                   "hires, moves, redundancies)",
        "requirement": f"the work of {of} is covered (people, AI and assistance)",
        "ai_share": f"{cap or 'AI'} takes at most its adopted share of the work of "
                    + (of if role or team else "a team's role"),
        "deployment": f"{cap or 'AI'} runs in {team or 'a team'} only where it is deployed",
        "hub": f"people redeployed within {team or 'the organisation'} land in a role",
        "reskill_arrival": f"people reskilled within {team or 'the organisation'} arrive "
                           "after training",
        "reskill_capacity": f"reskilling places for {role or 'a role'}",
        "reskill_share": f"the share of {role or 'a role'} filled by reskilling",
        "span_max": f"{team}: span of control cap" + (f" of {num}" if num else ""),
        "span_min": f"{team}: span of control floor" + (f" of {num}" if num else ""),
        "team_fte": f"{team}: FTE floor and cap",
        "max_reduction": f"{team}: "
                         + (f"at most {v:.0%} fewer FTE" if num else "most fewer FTE")
                         + " in a period",
        "max_reduction_overall": "most the organisation may shrink over the horizon"
                                 + (f" ({v:.0%})" if num else ""),
        "protected": f"protected FTE of {of}",
        "lock": f"locked FTE of {of}" + (f" ({num})" if num else ""),
        "hire_cap": "hiring cap" + (f" of {num} a period" if num else ""),
        "hire_cap_role": f"hiring cap of {role}" + (f" ({num} a period)" if num else ""),
        "overstaffing_total": "overstaffing allowance", "short_time_total": "short-time "
        "working allowance",
        "one_off_budget": "one-off budget" + (f" ({labels.money(v)})" if num else ""),
        "savings_target": "run-rate savings target" + (f" ({v:.0%})" if num else ""),
        "capacity_budget": "budget for the whole horizon"
                           + (f" ({labels.money(v)})" if num else ""),
    }
    return words.get(kind, humanise(kind))


def _worth(built: Built, v: float) -> str:
    """What one unit of a lever is worth to the objective, in its unit and over what."""
    kind = built.data.scenario.objective.kind
    if kind is ObjectiveKind.MIN_REDUNDANCIES:
        return f"{v:,.1f} redundancies"
    if kind is ObjectiveKind.MAX_CAPACITY:
        return f"{v:,.0f} hours of capacity"
    return f"{built.data.labels.money(v)} over the horizon"


def _sentence(built: Built, sol: Solution, rec: object, dual: float, binding: bool,
              activity: float) -> str:
    g = rec._asdict()  # type: ignore[attr-defined]
    labels = built.data.labels
    kind, team = g["kind"], g.get("team")
    role = labels.role(g["role"]) if isinstance(g.get("role"), str) else ""
    per = labels.period(g.get("period"))
    v = g.get("value")
    gain = abs(dual)
    worth = _worth(built, gain)
    if kind == "team_fte":
        at_lower = abs(activity - g["lower"]) <= 1e-6 * max(1, abs(g["lower"]))
        if at_lower:
            return (f"{team} may not go below {g['lower']:,.1f} FTE in {per}: allowing one FTE "
                    f"less would save {worth}.")
        return (f"{team} may not go above {g['upper']:,.1f} FTE in {per}: allowing one FTE more "
                f"would save {worth}.")
    if kind in ("span_max", "span_min"):
        staff = built.block("staff")
        pools = built.data.pools
        n_p = len(built.data.periods)
        mgr_rows = np.flatnonzero((pools["team"] == team).to_numpy() & pools["is_manager"]
                                  .to_numpy(bool))
        mgrs = float(sol.x[staff.start + mgr_rows * n_p + int(g["period"])].sum())  # type: ignore[index]
        step = "raising" if kind == "span_max" else "lowering"
        new = v + 1 if kind == "span_max" else v - 1
        return (f"The span of control {'cap' if kind == 'span_max' else 'floor'} of {v:g} in "
                f"{team} ({per}) binds: {step} it to {new:g} would save about "
                f"{_worth(built, gain * mgrs)}.")
    if kind == "max_reduction":
        return (f"{team} may shrink by at most {v:.0%} in {per}: letting it shed one FTE more "
                f"would save {worth}.")
    if kind == "max_reduction_overall":
        return (f"The organisation may shrink by at most {v:.0%} over the horizon: letting it "
                f"shed one FTE more would save {worth}.")
    if kind == "protected":
        return (f"Protecting {role} in {team} ({per}) at {v:,.1f} FTE costs {worth} per "
                "protected FTE.")
    if kind == "lock":
        return (f"The locked {v:,.1f} FTE of {role} in {team} ({per}) cost {worth} per FTE "
                "against the best plan.")
    if kind in ("hire_cap", "hire_cap_role"):
        who = f" of {role}" if kind == "hire_cap_role" else ""
        return (f"The hiring cap{who} of {v:,.0f} in {per} binds: one more hire would save "
                f"{worth}.")
    if kind in ("overstaffing_total", "short_time_total"):
        what = "overstaffing" if kind == "overstaffing_total" else "short-time working"
        return (f"The {what} allowance of {v:,.0f} FTE in {per} binds: one more FTE of it "
                f"would save {worth}.")
    if kind in ("reskill_capacity", "reskill_share"):
        return (f"Reskilling into {role} is at capacity in {per}: one more place would save "
                f"{worth}.")
    if kind == "one_off_budget":
        return (f"The one-off budget of {labels.money(v)} binds: each extra "
                f"{labels.money(1000)} of budget would save {_worth(built, gain * 1000)}.")
    if kind == "savings_target":
        return (f"The run-rate savings target of {v:.0%} binds: reaching it costs {worth} for "
                f"each {labels.money(1)} a year of run-rate cost it removes.")
    if kind == "capacity_budget":
        return (f"The budget of {labels.money(v)} binds: each extra {labels.money(1000)} would "
                f"free {gain * 1000:,.0f} more hours.")
    return ""


def sentences(built: Built, sol: Solution, table: pd.DataFrame, limit: int = 25) -> list[str]:
    """The plan's explanations: priced binding levers (largest first), unused capabilities,
    the MIP gap, and the model's notes (the data's are the summary's ``notes``)."""
    out: list[str] = []
    if sol.mip_gap is not None:
        out.append(f"Whole-number headcount: the plan is within {sol.mip_gap:.2%} of the best "
                   "possible.")
    priced = table[table["explanation"] != ""].copy()
    priced["abs"] = priced["shadow_price"].abs()
    out += priced.sort_values("abs", ascending=False)["explanation"].head(limit).tolist()
    out += unused_capabilities(built, sol)
    out += list(built.notes)  # the data's notes are the plan's caveats (summary notes)
    return out


def unused_capabilities(built: Built, sol: Solution) -> list[str]:
    """For each execute capability left unused, the cost per hour at which it would be used."""
    if sol.x is None or sol.col_dual is None:
        return []
    if built.data.scenario.objective.kind not in (ObjectiveKind.MIN_COST,
                                                  ObjectiveKind.WEIGHTED):
        return []  # reduced costs are in redundancies or hours, not money per hour
    ai = built.block("ai")
    if not len(ai):
        return []
    vals = sol.x[ai.start:ai.start + len(ai)]
    rc = sol.col_dual[ai.start:ai.start + len(ai)]
    labels = built.data.labels
    code = f"{labels.currency} " if labels.currency else ""
    out = []
    for c in built.data.scenario.capabilities:
        name = labels.capability(c.id)
        at = (ai.index["capability"] == c.id).to_numpy()
        if not at.any():
            out.append(f"{name} covers no task of this organisation's roles.")
            continue
        if vals[at].sum() > 1e-6:
            continue
        if c.kind.value != "execute":
            out.append(f"{name} is not used: its licence cost outweighs the hours it saves.")
            continue
        ub = np.concatenate(built.model.col_upper)[ai.start:ai.start + len(ai)]
        usable = at & (ub > 1e-9)
        if not usable.any():
            out.append(f"{name} is not used: its adoption is zero in every period.")
            continue
        if c.fixed_cost_per_team > 0 or c.implementation_cost > 0:
            out.append(f"{name} is not used: in no team do the hours it would take pay for "
                       f"its fixed ({labels.money(c.fixed_cost_per_team)} a year a team) and "
                       f"implementation ({labels.money(c.implementation_cost)} a team) costs "
                       f"at {code}{c.cost_per_hour:,.2f} an hour.")
            continue
        least = float(rc[usable].min())
        threshold = c.cost_per_hour - least
        if threshold > 0:
            out.append(f"{name} is not used at {code}{c.cost_per_hour:,.2f} an hour; it would "
                       f"start to be used below {code}{threshold:,.2f} an hour.")
        else:
            out.append(f"{name} is not used even at no cost an hour: its fixed, oversight or "
                       "implementation costs outweigh the work it frees.")
    return out


def word_list(parts: list[str], word: str = "and") -> str:
    """``a, b and c`` (empty parts left out)."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]


NAMED_TEAMS = 3
"""Teams a sentence names as destinations or sources of moves; the rest are counted."""


def _between_teams(moves: pd.DataFrame | None, min_move: float) -> pd.DataFrame | None:
    """The moves between different teams, summed over the horizon per (from team, to team,
    kind), without those below ``min_move`` FTE (moves within a team change no team's
    FTE; the moves table keeps them all)."""
    if moves is None:
        return None
    other = moves[moves["from_team"] != moves["to_team"]]
    pairs = other.groupby(["from_team", "to_team", "kind"], as_index=False)[
        ["fte", "fte_arriving"]].sum()
    return pairs[pairs["fte"] >= min_move]


def team_sentences(tables: dict[str, pd.DataFrame], limit: int = 12,
                   min_change: float = 0.05, min_move: float = 0.05,
                   labels: Labels | None = None) -> list[str]:
    """What the plan does to each team and why, from the plan's own tables: the FTE change,
    the AI hours that carry the work, and the flows the change is made of, naming the teams
    people are redeployed to and received from (largest changes first, at most ``limit``
    teams whose FTE moves by ``min_change`` FTE or more; moves between two teams below
    ``min_move`` FTE over the horizon are left out of the sentences). Capabilities are named
    by ``labels`` (their names, not their ids)."""
    labels = labels or Labels()
    staffing = tables.get("staffing")
    if staffing is None or staffing.empty:
        return []
    periods = list(dict.fromkeys(staffing["period"]))
    first = staffing[staffing["period"] == periods[0]].groupby("team")["fte_start"].sum()
    last = staffing[staffing["period"] == periods[-1]].groupby("team")["fte_end"].sum()
    flows = staffing.groupby("team")[["attrition", "redeploy_out", "redundancies", "hires",
                                      "redeploy_in", "reskilled_in"]].sum()
    between = _between_teams(tables.get("moves"), min_move)
    change = (last - first).dropna()
    order = change.abs().sort_values(ascending=False)
    work = tables.get("work")
    has_work = work is not None and len(work) > 0
    executed = (work[work["ai_hours"] > 0].groupby(["team", "capability"])["ai_hours"].sum()
                if has_work else pd.Series(dtype=float))
    assisted = work.groupby("team")["assisted_hours"].sum() if has_work else pd.Series(
        dtype=float)
    out = []
    for team in order.index[:limit]:
        d = float(change[team])
        if abs(d) < min_change:
            break
        before, after = float(first[team]), float(last[team])
        pct = f" ({d / before:+.0%})" if before > 0 else ""
        text = f"{team} goes from {before:,.1f} to {after:,.1f} FTE{pct}"
        by_cap = (executed[team].sort_values(ascending=False)
                  if team in executed.index.get_level_values(0) else pd.Series(dtype=float))
        by_cap = by_cap[by_cap > 0.5]
        helped = float(assisted.get(team, 0.0))
        if len(by_cap):
            names = word_list([f"{labels.capability(cap)} {h:,.0f} h"
                               for cap, h in by_cap.items()])
            text += (f": AI executes {by_cap.sum():,.0f} h of its work over the horizon "
                     f"({names})")
            if helped > 0.5:
                text += f" and assists {helped:,.0f} h more"
        elif helped > 0.5:
            text += f": AI assists {helped:,.0f} h of its work over the horizon"
        m = flows.loc[team]
        if between is not None:
            sent, received = _moves_of(between, team, "from " if d < 0 else "received from ")
        else:  # a plan folder written before plans recorded their moves: totals only
            sent = [f"{label} {m[col]:,.1f}" for col, label in (
                ("redeploy_out", "redeployment to other teams"),) if d < 0 and m[col] > min_move]
            received = [f"{label} {m[col]:,.1f}" for col, label in (
                ("redeploy_in", "redeployment in"), ("reskilled_in", "reskilled arrivals"))
                if d >= 0 and m[col] > min_move]
        if d < 0:
            parts = ([f"attrition {m['attrition']:,.1f}"] if m["attrition"] > min_move else [])
            parts += sent
            parts += [f"redundancy {m['redundancies']:,.1f}"] if m["redundancies"] > (
                min_move) else []
            if parts:
                text += "; the reduction comes from " + word_list(parts)
            if received:
                text += "; it receives " + word_list(received)
        else:
            parts = [f"hires {m['hires']:,.1f}"] if m["hires"] > min_move else []
            parts += received
            if parts:
                text += "; the growth comes from " + word_list(parts)
            if sent:
                text += "; it sends " + word_list(sent)
        out.append(text + ".")
    return out


def _moves_of(between: pd.DataFrame, team: str, from_: str) -> tuple[list[str], list[str]]:
    """Phrases of what a team sends to and receives from other teams over the horizon:
    "2.8 FTE redeployed to Finance (1.8) and IT (1.0)", "1.0 FTE {from_}Procurement"."""

    def phrase(rows: pd.DataFrame, other: str, value: str, verb: str) -> str | None:
        by = rows.groupby(other)[value].sum().sort_values(ascending=False, kind="stable")
        if by.empty:
            return None
        if len(by) == 1:
            names = [str(by.index[0])]
        else:
            shown = by if len(by) <= NAMED_TEAMS + 1 else by.iloc[:NAMED_TEAMS]
            names = [f"{t} ({v:,.1f})" for t, v in shown.items()]
            if len(shown) < len(by):
                names.append(f"{len(by) - len(shown)} other teams "
                             f"({by.iloc[len(shown):].sum():,.1f})")
        return f"{by.sum():,.1f} FTE {verb}{word_list(names)}"

    out, inn = between[between["from_team"] == team], between[between["to_team"] == team]
    resk_out, resk_in = out["kind"] == "reskill", inn["kind"] == "reskill"
    sent = [phrase(out[~resk_out], "to_team", "fte", "redeployed to "),
            phrase(out[resk_out], "to_team", "fte", "reskilled for roles in ")]
    received = [phrase(inn[~resk_in], "from_team", "fte_arriving", from_),
                phrase(inn[resk_in], "from_team", "fte_arriving", "reskilled from ")]
    return [p for p in sent if p], [p for p in received if p]
