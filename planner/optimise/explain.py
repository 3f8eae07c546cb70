"""Explanations: binding constraints and their prices in sentences, unused capabilities,
and what the plan does to each team (an infeasible scenario: :mod:`planner.optimise.relax`).

Shadow prices come from the LP duals (HiGHS reports d objective / d right-hand side). A
sentence is written for each binding lever with a price; structural rows (pool balances,
hubs) are listed in the table but not narrated.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.labels import Labels, humanise, objective_label
from planner.optimise.gates import HELD_WORDS, GatePrice
from planner.optimise.lp import INF
from planner.optimise.model import Built
from planner.optimise.solvers import Solution
from planner.scenario.model import ObjectiveKind

LEVER_KINDS = ("team_fte", "span_max", "span_min", "max_reduction", "max_reduction_overall",
               "protected", "lock", "hire_cap", "hire_cap_role", "redundancy_cap",
               "overstaffing_total", "short_time_total", "reskill_capacity", "reskill_share",
               "one_off_budget", "savings_target", "capacity_budget", "delayering")
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
    table = pd.DataFrame({
        "constraint": describe_rows(labels, meta), "period": _period_labels(labels, meta),
        "binding": binding, "slack": np.where(np.isfinite(slack), slack, np.nan),
        "shadow_price": dual, "explanation": texts, "kind": meta["kind"],
        "name": names})[CONSTRAINT_COLUMNS]
    gates = gate_rows(built)
    return pd.concat([table, gates], ignore_index=True) if len(gates) else table


def _gate_words(built: Built, index: int) -> tuple[str, str, str]:
    """An adoption gate's name ("the adoption gate on Document AI at 50%"), which exits it
    holds, where and until when ("redundancies in 3 teams until 2027-Q3"), and the period
    it opens in words ("2027-Q3", or "the end of the horizon")."""
    data = built.data
    g = next(x for x in data.gates if x.index == index)
    teams = sorted(set(data.pools["team"].to_numpy()[list(g.pools)]))
    where = teams[0] if len(teams) == 1 else f"{len(teams):,} teams"
    until = data.periods[g.opens] if g.opens < len(data.periods) else "the end of the horizon"
    name = f"the adoption gate on {data.labels.capability(g.capability)} at {g.adoption:.0%}"
    return name, f"{HELD_WORDS[g.holds]} in {where} until {until}", until


def gate_rows(built: Built) -> pd.DataFrame:
    """The constraint table's rows of the adoption gates (kind ``gate``), one per gate that
    holds anything: binding when it costs the plan something, ``shadow_price`` the most
    negative reduced cost of its held columns (the dual of their bound, as the other rows'
    duals; not put in words, see :mod:`planner.optimise.gates`), and its sentence
    (:func:`gate_sentence`) when it binds."""
    rows = []
    for p in built.gate_prices:
        h = next((x for x in built.gated if x.index == p.index), None)
        if h is None or not len(h.cols):
            continue
        name, what, _ = _gate_words(built, p.index)
        g = next(x for x in built.data.gates if x.index == p.index)
        rows.append({"constraint": f"{name.removeprefix('the ')}: {what}", "period": "",
                     "binding": p.binding, "slack": np.nan,
                     "shadow_price": np.nan if p.reduced_cost is None else p.reduced_cost,
                     "explanation": gate_sentence(built, p) if p.binding else "",
                     "kind": "gate", "name": f"gate[{g.capability},{p.index}]"})
    return pd.DataFrame(rows, columns=CONSTRAINT_COLUMNS)


def gate_sentence(built: Built, price: GatePrice) -> str:
    """What an adoption gate does and costs, in words: a binding gate's cost against the
    same plan without it, the exits that plan makes where the gate holds them and the
    cost of each FTE held back; else that it costs nothing."""
    name, what, until = _gate_words(built, price.index)
    lead = f"{name[0].upper()}{name[1:]} holds {what}"
    if price.cost is None:
        return (f"{lead}; what it costs is not known: the same plan without it found no "
                "plan.")
    if not price.binding:
        return f"{lead}, and costs nothing: the plan without it is no better."
    teams = price.teams_without
    shown = ", ".join(f"{t} {f:,.1f}" for t, f in teams[:3]) + (
        f" and {len(teams) - 3} more teams" if len(teams) > 3 else "")
    before = "before then" if until != "the end of the horizon" else "within the horizon"
    text = (f"{lead}: it costs {_worth(built, price.cost)} against the same plan without "
            f"it, which has {price.exits_without:,.1f} FTE of these exits {before}"
            + (f" ({shown})" if shown else ""))
    if price.per_fte is not None:
        each = _worth(built, price.per_fte).removesuffix(" over the horizon")
        text += f": {each} for each FTE held back"
    if built.data.scenario.whole_people:
        text += " (priced on the plan in FTE, before whole people)"
    return text + "."


_DESCRIBED = ("kind", "team", "role", "capability", "value")
"""The row metadata :func:`describe` reads; rows equal in these have the same words."""
_VALUED = frozenset({"span_max", "span_min", "max_reduction", "max_reduction_overall", "lock",
                     "hire_cap", "hire_cap_role", "redundancy_cap", "one_off_budget",
                     "savings_target", "capacity_budget"})
"""Kinds whose words :func:`describe` gives their ``value`` (the others' do not read it)."""


def describe_rows(labels: Labels, meta: pd.DataFrame) -> list[str]:
    """:func:`describe` of every row of ``meta``, worded once per distinct
    (kind, team, role, capability, value): a team's balance rows of every period share it."""
    if meta.empty:
        return []
    keys = meta[[c for c in _DESCRIBED if c in meta]].copy()
    if "value" in keys:  # a kind that does not read its value is worded the same for any
        valued = keys["kind"].astype(str).str.removesuffix("_unused").isin(_VALUED)
        keys["value"] = keys["value"].where(valued.to_numpy())
    group = keys.groupby(list(keys.columns), dropna=False, sort=False).ngroup().to_numpy()
    first = keys.iloc[np.unique(group, return_index=True)[1]]
    words = np.array([describe(labels, rec) for rec in first.to_dict("records")], dtype=object)
    return words[group].tolist()


def _period_labels(labels: Labels, meta: pd.DataFrame) -> list[str]:
    """Each row's period label (blank for the whole horizon), worded once per period."""
    if "period" not in meta:
        return [""] * len(meta)
    codes, uniques = pd.factorize(meta["period"], use_na_sentinel=True)
    names = np.array([labels.period(p) for p in uniques.tolist()] + [""], dtype=object)
    return names[codes].tolist()  # the sentinel -1 takes the last: blank


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
        "balance": lambda: f"FTE of {of} carried from one period to the next (start, attrition, "
                   "hires, moves, redundancies)",
        "requirement": lambda: f"the work of {of} is covered (people, AI and assistance)",
        "ai_share": lambda: f"{cap or 'AI'} takes at most its adopted share of the work of "
                    + (of if role or team else "a team's role"),
        "deployment": lambda: f"{cap or 'AI'} runs in {team or 'a team'} only where it is deployed",
        "hub": lambda: f"people redeployed within {team or 'the organisation'} land in a role",
        "reskill_arrival": lambda: f"people reskilled within {team or 'the organisation'} arrive "
                           "after training",
        "reskill_capacity": lambda: f"reskilling places for {role or 'a role'}",
        "reskill_share": lambda: f"the share of {role or 'a role'} filled by reskilling",
        "span_max": lambda: f"{team}: span of control cap" + (f" of {num}" if num else ""),
        "span_min": lambda: f"{team}: span of control floor" + (f" of {num}" if num else ""),
        "team_fte": lambda: f"{team}: FTE floor and cap",
        "max_reduction": lambda: f"{team}: "
                         + (f"at most {v:.0%} fewer FTE" if num else "most fewer FTE")
                         + " in a period",
        "max_reduction_overall": lambda: "most the organisation may shrink over the horizon"
                                 + (f" ({v:.0%})" if num else ""),
        "protected": lambda: f"protected FTE of {of}",
        "lock": lambda: f"locked FTE of {of}" + (f" ({num})" if num else ""),
        "delayering": lambda: f"{of}: manager posts removed by delayering",
        "hire_cap": lambda: "hiring cap" + (f" of {num} a period" if num else ""),
        "hire_cap_role": lambda: f"hiring cap of {role}" + (f" ({num} a period)" if num else ""),
        "redundancy_cap": lambda: "most redundancies over the horizon"
                          + (f" ({num} FTE)" if num else ""),
        "overstaffing_total": lambda: "overstaffing allowance",
        "short_time_total": lambda: "short-time working allowance",
        "one_off_budget": lambda: "one-off budget" + (f" ({labels.money(v)})" if num else ""),
        "savings_target": lambda: "run-rate savings target" + (f" ({v:.0%})" if num else ""),
        "capacity_budget": lambda: "budget for the whole horizon"
                           + (f" ({labels.money(v)})" if num else ""),
    }
    word = words.get(kind)  # only the row's own kind is worded
    return word() if word is not None else humanise(kind)


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
    if kind == "delayering":
        return (f"Delayering removes the {role} posts of {team} by {per}: keeping one FTE "
                f"of them would save {worth}.")
    if kind in ("hire_cap", "hire_cap_role"):
        who = f" of {role}" if kind == "hire_cap_role" else ""
        return (f"The hiring cap{who} of {v:,.0f} in {per} binds: one more hire would save "
                f"{worth}.")
    if kind == "redundancy_cap":
        return (f"The cap of {v:,.4g} FTE of redundancies over the horizon binds: each "
                f"redundancy more allowed (one FTE) would save {worth}.")
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
    out += reskilling_used(built, sol)
    out += [gate_sentence(built, p) for p in built.gate_prices if not p.binding and any(
        h.index == p.index and len(h.cols) for h in built.gated)]
    out += unused_capabilities(built, sol)
    out += list(built.notes)  # the data's notes are the plan's caveats (summary notes)
    return out


def lever_lines(explanations: list[str], table: pd.DataFrame | None,
                objective_kind: object) -> tuple[list[str], list[str]]:
    """A plan's explanations in two parts: the sentences of the levers a planner set that
    bind at a price (or, when none does, one sentence that says so and what shapes the
    plan instead), and the notes (the MIP gap, unused capabilities, notes from the data).
    ``table`` is the plan's constraint table (:func:`constraint_table`)."""
    priced = set(table["explanation"].dropna()) - {""} if table is not None and len(
        table) else set()
    levers = [x for x in explanations if x in priced]
    notes = [x for x in explanations if x not in priced]
    if not levers:
        levers = ["None of the levers you set limits this plan: what shapes it is the work to "
                  "be covered, attrition and the objective "
                  f"({objective_label(objective_kind).lower()})."]
    return levers, notes


def reskilling_used(built: Built, sol: Solution) -> list[str]:
    """One sentence per reskilling path the plan uses (most FTE first): how many FTE start
    it over the horizon, from which role to which, and why the path exists (a suggested
    path: how alike the two roles' work is; a hand-written one: the scenario names it)."""
    block = built.model.blocks.get("reskill")
    if sol.x is None or block is None or not len(block):
        return []
    started = pd.Series(sol.x[block.start:block.start + len(block)],
                        index=block.index["move"].to_numpy()).groupby(level=0).sum()
    labels = built.data.labels
    out = []
    for q, fte in started[started > 0.05].sort_values(ascending=False).items():
        path = built.data.reskilling[int(q)]
        why = (f"suggested by role adjacency, as {path.similarity:.0%} of their work is "
               "alike (task wording and kinds of activity)" if path.suggested else
               "a path the scenario names")
        out.append(f"{fte:,.1f} FTE of {labels.role(path.path.from_role)} reskill as "
                   f"{labels.role(path.path.to_role)}: {why}.")
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

FLOW_COLUMNS = ["fte_start", "attrition", "redundancies", "redeployed_out", "reskilled_out",
                "lost_in_reskilling", "hires", "redeployed_in", "reskilled_in", "fte_end"]
"""Columns of :func:`team_flows`: a team's FTE over the horizon and the flows between."""
OUTFLOWS = ("attrition", "redeployed_out", "reskilled_out", "lost_in_reskilling",
            "redundancies")
INFLOWS = ("hires", "redeployed_in", "reskilled_in")


def start_end_fte(staffing: pd.DataFrame, by: str | list[str] = "team") -> pd.DataFrame:
    """FTE at the start of the horizon (the first period's ``fte_start``) and at its end
    (the last period's ``fte_end``) per ``by`` (team, role, or a list of the staffing
    table's columns), from a plan's ``staffing`` table: columns ``fte_start`` and
    ``fte_end``, indexed by ``by`` in sorted order [FTE]. A group with no rows in one of the
    two periods counts 0 there."""
    periods = list(dict.fromkeys(staffing["period"]))
    return pd.DataFrame({
        "fte_start": staffing[staffing["period"] == periods[0]].groupby(by)["fte_start"].sum(),
        "fte_end": staffing[staffing["period"] == periods[-1]].groupby(by)["fte_end"].sum(),
    }).reindex(staffing.groupby(by).size().index).fillna(0.0)


def team_flows(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """What each team is made of over the horizon, one row per team, in :data:`FLOW_COLUMNS`
    [FTE]: ``fte_start`` (first period) and ``fte_end`` (last), attrition, redundancies and
    hires summed over the periods, and the moves between teams from the plan's ``moves``
    table: ``redeployed_out``/``reskilled_out`` (leaving for other teams),
    ``redeployed_in``/``reskilled_in`` (arriving from other teams) and
    ``lost_in_reskilling`` (reskilled within the team who leave during training). Moves
    between roles of one team change no team's FTE. So each row reconciles:
    ``fte_start - outflows + inflows = fte_end``. A plan folder written before plans
    recorded their moves has only the staffing table's totals: all its redeployment out is
    ``redeployed_out`` and its arrivals are ``redeployed_in`` and ``reskilled_in``."""
    staffing = tables["staffing"]
    out = start_end_fte(staffing)
    sums = staffing.groupby("team")[["attrition", "redundancies", "hires", "redeploy_out",
                                     "redeploy_in", "reskilled_in"]].sum()
    out["attrition"], out["redundancies"] = sums["attrition"], sums["redundancies"]
    out["hires"] = sums["hires"]
    moves = tables.get("moves")
    if moves is None:
        out["redeployed_out"] = sums["redeploy_out"]
        out["reskilled_out"] = 0.0
        out["lost_in_reskilling"] = 0.0
        out["redeployed_in"] = sums["redeploy_in"] - sums["reskilled_in"]
        out["reskilled_in"] = sums["reskilled_in"]
        return out[FLOW_COLUMNS].astype(float)
    within = moves["from_team"] == moves["to_team"]
    resk = moves["kind"] == "reskill"

    def total(rows: pd.Series, team_col: str, value: str) -> pd.Series:
        return moves[rows].groupby(team_col)[value].sum().reindex(out.index, fill_value=0.0)

    out["redeployed_out"] = total(~within & ~resk, "from_team", "fte")
    out["reskilled_out"] = total(~within & resk, "from_team", "fte")
    out["redeployed_in"] = total(~within & ~resk, "to_team", "fte_arriving")
    out["reskilled_in"] = total(~within & resk, "to_team", "fte_arriving")
    out["lost_in_reskilling"] = (total(within, "from_team", "fte")
                                 - total(within, "to_team", "fte_arriving")).clip(lower=0.0)
    return out[FLOW_COLUMNS].astype(float)


def _shown(v: float) -> float:
    """A figure as a sentence shows it (one decimal)."""
    return float(f"{v:.1f}")


def rounded_parts(values: list[float], total: float) -> list[float]:
    """``values`` rounded to one decimal so that they add up to ``total`` (a figure already
    shown to one decimal), by largest remainder: each is rounded down, and the tenths left
    go to the largest remainders. Signed values work alike; parts that cannot add up to
    ``total`` within one tenth each are rounded on their own."""
    v = np.asarray(values, float) * 10
    low = np.floor(v + 1e-9)
    k = int(round(total * 10 - low.sum()))
    if not 0 <= k <= len(v):
        return [_shown(x) for x in values]
    order = np.argsort(-(v - low), kind="stable")
    low[order[:k]] += 1
    return [float(x) / 10 for x in low]


def team_sentences(tables: dict[str, pd.DataFrame], limit: int = 12,
                   min_change: float = 0.05, min_move: float = 0.05,
                   labels: Labels | None = None) -> list[str]:
    """What the plan does to each team and why, from the plan's own tables: the FTE change,
    the AI hours that carry the work, and the flows the change is made of (:func:`team_flows`):
    what it loses (attrition, moves to other teams, redundancy) and what replaces it (hires,
    moves from other teams), naming the teams people are redeployed to and received from
    (largest changes first, at most ``limit`` teams whose FTE moves by ``min_change`` FTE or
    more; teams a team exchanges less than ``min_move`` FTE with over the horizon are counted
    among "other teams", not named). The figures add up as shown: the start, less what is
    lost, plus what arrives, is the end (each figure rounded so that they do, the parts of a
    move to several teams too). Capabilities are named by ``labels`` (their names, not their
    ids)."""
    labels = labels or Labels()
    staffing = tables.get("staffing")
    if staffing is None or staffing.empty:
        return []
    flows = team_flows(tables)
    moves = tables.get("moves")
    between = None
    received = None
    if moves is not None:
        other = moves[moves["from_team"] != moves["to_team"]]
        between = other.groupby(["from_team", "to_team", "kind"], as_index=False)[
            ["fte", "fte_arriving"]].sum()
        if "people" in other:  # whole people (plans made since the position ledger)
            received = other.groupby(["to_team", "kind", "to_role"])["people"].sum()
    change = flows["fte_end"] - flows["fte_start"]
    order = change.abs().sort_values(ascending=False, kind="stable")
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
        m = flows.loc[team]
        before, after = float(m["fte_start"]), float(m["fte_end"])
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
        cols = [*OUTFLOWS, *INFLOWS]
        shown = dict(zip(cols, rounded_parts(
            [-float(m[c]) for c in OUTFLOWS] + [float(m[c]) for c in INFLOWS],
            _shown(after) - _shown(before)), strict=True))
        shown = {c: abs(v) for c, v in shown.items()}
        words = _flow_words(team, shown, between, min_move, d < 0)
        if received is not None:
            words.update(_received_words(team, words, shown, received, labels))
        lost = [words[c] for c in OUTFLOWS if words.get(c)]
        came = [words[c] for c in INFLOWS if words.get(c)]
        if d < 0:
            if lost:
                text += "; the reduction comes from " + word_list(lost)
            if came:
                text += "; partly replaced by " + word_list(came)
        else:
            if came:
                text += "; the growth comes from " + word_list(came)
            if lost:
                text += "; partly offset by " + word_list(lost)
        out.append(text + ".")
    return out


def _flow_words(team: str, shown: dict[str, float], between: pd.DataFrame | None,
                min_move: float, shrinks: bool) -> dict[str, str]:
    """Each flow of a team as a phrase with its figure as shown ("attrition 29.3", "20.5
    hires", "3.3 FTE redeployed to Finance (2.0) and IT (1.3)"), none for a figure shown as
    0.0."""
    words: dict[str, str] = {}
    for col, text in (("attrition", "attrition {}"), ("redundancies", "redundancy {}"),
                      ("hires", "{} hires" if shrinks else "hires {}"),
                      ("lost_in_reskilling", "{} FTE who leave while reskilling within "
                                             "the team")):
        if shown[col] > 0:
            words[col] = text.format(f"{shown[col]:,.1f}")
    for col, side, other, value, verb, kind in (
            ("redeployed_out", "from_team", "to_team", "fte", "redeployed to ", "redeploy"),
            ("reskilled_out", "from_team", "to_team", "fte", "reskilled for roles in ",
             "reskill"),
            ("redeployed_in", "to_team", "from_team", "fte_arriving", "received from ",
             "redeploy"),
            ("reskilled_in", "to_team", "from_team", "fte_arriving", "reskilled from ",
             "reskill")):
        total = shown[col]
        if total <= 0:
            continue
        if between is None:  # a plan folder written before plans recorded their moves
            words[col] = {"redeployed_out": f"redeployment to other teams {total:,.1f}",
                          "redeployed_in": f"redeployment in {total:,.1f}",
                          "reskilled_in": f"reskilled arrivals {total:,.1f}"}[col]
            continue
        rows = between[(between[side] == team) & (between["kind"] == kind)]
        words[col] = _to_teams(rows.groupby(other)[value].sum(), total, verb, min_move)
    return words


def _received_words(team: str, words: dict[str, str], shown: dict[str, float],
                    received: pd.Series, labels: Labels) -> dict[str, str]:
    """What a team receives in whole people and roles: "3 people (3.3 FTE) received from
    Finance (2.0) and IT (1.3) as Analyst", "2.4 FTE reskilled from Operations as Analyst,
    of 3 people who start reskilling" (the people who leave their pool: the FTE arriving
    is what the path is expected to retain). ``received`` counts the people by receiving
    team, kind and role; a flow with no whole person keeps its words."""
    out = {}
    for col, kind in (("redeployed_in", "redeploy"), ("reskilled_in", "reskill")):
        if not words.get(col) or (team, kind) not in received.index.droplevel("to_role"):
            continue
        by_role = received.loc[(team, kind)]
        by_role = by_role[by_role > 0].sort_values(ascending=False, kind="stable")
        n = int(by_role.sum())
        if n == 0:
            continue
        roles = word_list([labels.role(r) if len(by_role) == 1 else
                           f"{labels.role(r)} ({int(k)})" for r, k in by_role.items()])
        people = f"{n:,} {'person' if n == 1 else 'people'}"
        head = f"{shown[col]:,.1f} FTE "
        if kind == "redeploy" and words[col].startswith(head):
            out[col] = f"{people} ({head.strip()}) {words[col][len(head):]} as {roles}"
        elif kind == "reskill":
            out[col] = f"{words[col]} as {roles}, of {people} who start reskilling"
    return out


def _to_teams(by: pd.Series, total: float, verb: str, min_move: float) -> str:
    """"3.3 FTE redeployed to Finance (2.0), IT (0.8), Tax (0.2) and 5 other teams (0.3)":
    the largest :data:`NAMED_TEAMS` teams named (a fourth too when it is the last), those
    below ``min_move`` counted among the others, the parts adding up to ``total`` as
    shown."""
    by = by.sort_values(ascending=False, kind="stable")
    named = by[by >= min_move]
    named = named if len(named) <= NAMED_TEAMS + 1 and len(named) == len(by) else named.iloc[
        :NAMED_TEAMS]
    rest = by.iloc[len(named):]
    *parts, others = rounded_parts([*named.tolist(), float(rest.sum())], total)
    shown = [(t, v) for t, v in zip(named.index, parts, strict=True) if v > 0]
    n = len(by) - len(shown)  # teams not named: below min_move, or shown as 0.0
    if not shown:
        return f"{total:,.1f} FTE {verb}{n} other team{'s' if n > 1 else ''}"
    if len(shown) == 1 and others == 0:
        return f"{total:,.1f} FTE {verb}{shown[0][0]}"
    names = [f"{t} ({v:,.1f})" for t, v in shown]
    if others > 0:
        names.append(f"{n} other team{'s' if n > 1 else ''} ({others:,.1f})")
    return f"{total:,.1f} FTE {verb}{word_list(names)}"
