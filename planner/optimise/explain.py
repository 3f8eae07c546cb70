"""Explanations: binding constraints and their prices in sentences, unused capabilities,
and, for an infeasible scenario, the constraints that conflict.

Shadow prices come from the LP duals (HiGHS reports d objective / d right-hand side). A
sentence is written for each binding lever with a price; structural rows (pool balances,
hubs) are listed in the table but not narrated.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.labels import Labels, humanise
from planner.optimise.lp import INF, LinearModel, Solution, SolveStatus, solve
from planner.optimise.model import Built
from planner.scenario import ObjectiveKind

LEVER_KINDS = ("team_fte", "span_max", "span_min", "max_reduction", "max_reduction_overall",
               "protected", "lock", "hire_cap", "hire_cap_role", "overstaffing_total",
               "short_time_total", "reskill_capacity", "reskill_share", "one_off_budget",
               "savings_target", "capacity_budget")
"""Constraint kinds a planner set (and may relax); the others are the model's structure."""
TOL = 1e-6
MOVE_TOL = 5e-3
"""Smallest move of a lever worth reporting when explaining an infeasible scenario."""
IIS_TIME_LIMIT = 10.0
"""Most seconds HiGHS may spend isolating an irreducible infeasible subset; beyond it the
elastic relaxation alone explains an infeasible scenario."""


def _unit(built: Built) -> str:
    kind = built.data.scenario.objective.kind
    return {ObjectiveKind.MIN_REDUNDANCIES: "redundancies",
            ObjectiveKind.MAX_CAPACITY: "hours of capacity"}.get(kind, "")


def _money(v: float, unit: str) -> str:
    return f"{v:,.1f} {unit}" if unit else f"{v:,.0f}"


def _label(built: Built, period: object) -> str:
    try:
        return built.data.periods[int(period)]  # type: ignore[call-overload]
    except (TypeError, ValueError, IndexError):
        return ""


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
    the MIP gap, and notes from the data."""
    out: list[str] = []
    if sol.mip_gap is not None:
        out.append(f"Whole-number headcount: the plan is within {sol.mip_gap:.2%} of the best "
                   "possible.")
    priced = table[table["explanation"] != ""].copy()
    priced["abs"] = priced["shadow_price"].abs()
    out += priced.sort_values("abs", ascending=False)["explanation"].head(limit).tolist()
    out += unused_capabilities(built, sol)
    out += list(built.data.notes) + list(built.notes)
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


def conflicts(built: Built, backend: str = "highs") -> list[str]:
    """Explain an infeasible scenario.

    First the smallest set of constraints that conflict: an irreducible infeasible subset
    (IIS) computed by HiGHS, described in plain words. Then how far the levers must move:
    every lever is relaxed elastically, the total relaxation minimised, and the levers
    that had to give are named with the amount. Redundancy and hiring bounds set by levers
    (a no-redundancy pledge, protected pools, a hiring freeze or limit) are relaxed too.
    """
    return irreducible_conflict(built) + elastic_relaxation(built, backend)


def irreducible_conflict(built: Built) -> list[str]:
    """The constraints of an irreducible infeasible subset, in sentences."""
    import highspy

    from planner.optimise.lp import to_highs

    h = to_highs(built.model)
    h.setOptionValue("presolve", "off")
    h.setOptionValue("iis_strategy", int(highspy.IisStrategy.kIisStrategyIrreducible))
    h.setOptionValue("iis_time_limit", IIS_TIME_LIMIT)
    h.run()
    status, iis = h.getIis()
    rows, cols = list(iis.row_index_), list(iis.col_index_)
    if status == highspy.HighsStatus.kWarning:  # the time limit: a partial, reducible set
        return [f"HiGHS could not isolate a small set of conflicting constraints within "
                f"{IIS_TIME_LIMIT:g} s (the model has {built.model.size()['constraints']:,} "
                "rows); the levers below say what to move."]
    if status != highspy.HighsStatus.kOk or not (rows or cols):
        return []
    meta = built.model.row_meta()
    parts = [_row_words(built, meta.iloc[r]) for r in rows]
    bound_status = list(getattr(iis, "col_bound_", []))
    upper = {int(highspy.IisBoundStatus.kIisBoundStatusUpper),
             int(highspy.IisBoundStatus.kIisBoundStatusBoxed)}
    for k, c in enumerate(cols):
        status_k = int(bound_status[k]) if k < len(bound_status) else -1
        if status_k in upper or status_k == -1:
            parts.append(_bound_words(built, c))
    parts = list(dict.fromkeys(p for p in parts if p))
    return ["These constraints cannot all hold together: " + "; ".join(parts) + "."]


def _row_words(built: Built, rec: pd.Series) -> str:
    kind = rec["kind"]
    per = _label(built, rec.get("period"))
    team, role = rec.get("team"), rec.get("role")
    if kind == "balance":
        return (f"{role} in {team} can only change through attrition, hiring, redeployment or "
                f"redundancy ({per})")
    if kind == "requirement":
        return f"the work of {role} in {team} needs {rec['value']:,.1f} FTE before AI ({per})"
    if kind == "hub":
        return f"people redeployed as {role} within {team} must land somewhere ({per})"
    if kind == "team_fte":
        lo, up = rec["lower"], rec["upper"]
        bounds = " and ".join(b for b in (f"at least {lo:,.1f}" if lo > 0 else "",
                                          f"at most {up:,.1f}" if np.isfinite(up) else "") if b)
        return f"{team} must have {bounds} FTE ({per})"
    side = "lower" if np.isfinite(rec["lower"]) else "upper"
    text = _conflict_sentence(built, rec, side, 0.0).split(":")[0]
    return text[:1].lower() + text[1:]


def _bound_words(built: Built, col: int) -> str:
    """Words for a variable bound that a lever set; '' for plain non-negativity."""
    for b in built.model.blocks.values():
        if b.start <= col < b.start + len(b):
            k = col - b.start
            lab = b.index.iloc[k]
            break
    else:
        return ""
    pools = built.data.pools
    if b.name in ("redundancy", "hire") and "pool" in lab:
        p = pools.iloc[int(lab["pool"])]
        per = built.data.periods[int(lab["period"])]
        if b.name == "redundancy" and p["red_ub"] == 0:
            why = "protected" if p["protected"] else "under the no-redundancy pledge"
            return f"no redundancies for {p['role']} in {p['team']} ({why}, {per})"
        if b.name == "hire" and np.isfinite(p["hire_ub"]):
            return f"at most {p['hire_ub']:,.0f} hires of {p['role']} in {p['team']} ({per})"
    if b.name == "ai" and "capability" in lab:
        p = pools.iloc[int(lab["pool"])]
        return (f"{lab['capability']} can take only its adopted share of {p['role']} work in "
                f"{p['team']}")
    return ""


def elastic_relaxation(built: Built, backend: str = "highs") -> list[str]:
    """How far levers must move: the elastic phase (see :func:`conflicts`)."""
    m = built.model
    em = LinearModel(blocks=dict(m.blocks), col_lower=list(m.col_lower),
                     col_upper=list(m.col_upper), col_cost=[np.zeros(m.n_cols)],
                     col_integer=[np.zeros(m.n_cols, bool)], rows=list(m.rows),
                     _coo_r=list(m._coo_r), _coo_c=list(m._coo_c), _coo_v=list(m._coo_v),
                     n_cols=m.n_cols, n_rows=m.n_rows)
    meta = m.row_meta()
    lever = meta["kind"].isin(LEVER_KINDS).to_numpy()
    lo = meta["lower"].to_numpy(float)
    up = meta["upper"].to_numpy(float)
    rows = np.flatnonzero(lever)
    weight = np.where(meta["kind"].isin(["one_off_budget", "savings_target",
                                         "capacity_budget"]), 1e-4, 1.0)
    # Below-the-lower and above-the-upper slacks for each lever row.
    idx = pd.DataFrame({"row": rows})
    s_lo = em.add_vars("slack_lower", idx, upper=np.where(np.isfinite(lo[rows]), INF, 0.0),
                       cost=weight[rows])
    s_up = em.add_vars("slack_upper", idx, upper=np.where(np.isfinite(up[rows]), INF, 0.0),
                       cost=weight[rows])
    em.add_coefficients(rows, s_lo.cols, np.ones(len(rows)))
    em.add_coefficients(rows, s_up.cols, -np.ones(len(rows)))
    # Bounds on redundancies and hires that levers set become elastic too.
    n_p = len(built.data.periods)
    pools = built.data.pools
    balance = np.flatnonzero((meta["kind"] == "balance").to_numpy())
    pp = np.arange(len(pools) * n_p)
    red_fixed = np.repeat(pools["red_ub"].to_numpy(float) == 0, n_p)
    hire_ub = np.repeat(pools["hire_ub"].to_numpy(float), n_p)
    hire_capped = np.isfinite(hire_ub)
    extra_red = em.add_vars("slack_redundancy", pd.DataFrame({"k": pp[red_fixed]}), cost=1.0)
    em.add_coefficients(balance[pp[red_fixed]], extra_red.cols, np.ones(int(red_fixed.sum())))
    extra_hire = em.add_vars("slack_hire", pd.DataFrame({"k": pp[hire_capped]}), cost=1.0)
    a_new = np.repeat(pools["a_new"].to_numpy(float), n_p)
    em.add_coefficients(balance[pp[hire_capped]], extra_hire.cols,
                        -(1.0 - a_new[hire_capped]))
    sol = solve(em, "highs" if backend == "highs" else backend)
    if sol.status is not SolveStatus.OPTIMAL or sol.x is None:
        return ["The scenario is infeasible even with every lever relaxed: the demand or the "
                "structure of the pools cannot be met (check pools, demand and capabilities)."]
    found: list[tuple[str, float, str]] = []  # (lever, amount, sentence)
    x = sol.x
    for block, side in ((s_lo, "lower"), (s_up, "upper")):
        vals = x[block.start:block.start + len(block)]
        for j in np.flatnonzero(vals > MOVE_TOL):
            rec = meta.iloc[rows[j]]
            found.append((_LEVER_NAMES.get(rec["kind"], rec["kind"]), float(vals[j]),
                          _conflict_sentence(built, rec, side, float(vals[j]))))
    for block, what in ((extra_red, "redundancies"), (extra_hire, "hires")):
        vals = x[block.start:block.start + len(block)]
        for j in np.flatnonzero(vals > MOVE_TOL):
            k = int(block.index["k"].iat[j])
            pool, per = divmod(k, n_p)
            p = pools.iloc[pool]
            why = ("the no-redundancy pledge" if what == "redundancies" and not p["protected"]
                   else "the protection of this pool" if what == "redundancies"
                   else "the hiring freeze or limit")
            found.append((f"{why} ({what})", float(vals[j]),
                          f"{why.capitalize()} conflicts with the demand: {p['role']} in "
                          f"{p['team']} needs {vals[j]:,.1f} more {what} in "
                          f"{built.data.periods[per]}."))
    if not found:
        return ["The scenario is infeasible, but no single lever explains it."]
    totals: dict[str, list[float]] = {}
    for lever, amount, _ in found:
        totals.setdefault(lever, []).append(amount)
    ranked = sorted(totals.items(), key=lambda kv: -len(kv[1]))
    summary = "To make the scenario feasible with the least change, relax " + _list([
        f"{lever} ({len(v)} constraint{'s' if len(v) > 1 else ''}, by {sum(v):,.2f} in all)"
        for lever, v in ranked]) + "."
    order = {lever: i for i, (lever, _) in enumerate(ranked)}
    found.sort(key=lambda t: (order[t[0]], -t[1]))
    return [summary] + [sentence for _, _, sentence in found]


_LEVER_NAMES = {"team_fte": "the team FTE bound", "span_max": "the span of control cap",
                "span_min": "the span of control floor",
                "max_reduction": "the maximum reduction",
                "max_reduction_overall": "the overall maximum reduction",
                "protected": "the protection", "lock": "the locked value",
                "hire_cap": "the hiring cap", "hire_cap_role": "the role hiring cap",
                "overstaffing_total": "the overstaffing allowance",
                "short_time_total": "the short-time allowance",
                "reskill_capacity": "the reskilling capacity",
                "reskill_share": "the reskilling share", "one_off_budget": "the one-off budget",
                "savings_target": "the savings target", "capacity_budget": "the budget"}


def _conflict_sentence(built: Built, rec: pd.Series, side: str, amount: float) -> str:
    kind = rec["kind"]
    per = _label(built, rec.get("period"))
    team, role = rec.get("team"), rec.get("role")
    bound = rec["lower"] if side == "lower" else rec["upper"]
    where = " ".join(str(x) for x in (team if isinstance(team, str) else "",
                                       f"({role})" if isinstance(role, str) else "",
                                       per) if x)
    return (f"{_LEVER_NAMES.get(kind, kind).capitalize()} {where}: {bound:,.2f} must move by "
            f"{amount:,.2f} ({'down' if side == 'lower' else 'up'}) for the scenario to be "
            "feasible.").replace("  ", " ")


def _list(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def team_sentences(tables: dict[str, pd.DataFrame], limit: int = 12,
                   min_change: float = 0.05, labels: Labels | None = None) -> list[str]:
    """What the plan does to each team and why, from the plan's own tables: the FTE change,
    the AI hours that carry the work, and the moves the change is made of (largest changes
    first, at most ``limit`` teams whose FTE moves by ``min_change`` FTE or more).
    Capabilities are named by ``labels`` (their names, not their ids)."""
    labels = labels or Labels()
    staffing = tables.get("staffing")
    if staffing is None or staffing.empty:
        return []
    periods = list(dict.fromkeys(staffing["period"]))
    first = staffing[staffing["period"] == periods[0]].groupby("team")["fte_start"].sum()
    last = staffing[staffing["period"] == periods[-1]].groupby("team")["fte_end"].sum()
    moves = staffing.groupby("team")[["attrition", "redeploy_out", "redundancies", "hires",
                                      "redeploy_in", "reskilled_in"]].sum()
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
            names = _list([f"{labels.capability(cap)} {h:,.0f} h" for cap, h in by_cap.items()])
            text += (f": AI executes {by_cap.sum():,.0f} h of its work over the horizon "
                     f"({names})")
            if helped > 0.5:
                text += f" and assists {helped:,.0f} h more"
        elif helped > 0.5:
            text += f": AI assists {helped:,.0f} h of its work over the horizon"
        m = moves.loc[team]
        if d < 0:
            parts = [f"{label} {m[col]:,.1f}" for col, label in (
                ("attrition", "attrition"), ("redeploy_out", "redeployment to other teams"),
                ("redundancies", "redundancy")) if m[col] > 0.05]
            if parts:
                text += "; the reduction comes from " + _list(parts)
        else:
            parts = [f"{label} {m[col]:,.1f}" for col, label in (
                ("hires", "hires"), ("redeploy_in", "redeployment in"),
                ("reskilled_in", "reskilled arrivals")) if m[col] > 0.05]
            if parts:
                text += "; the growth comes from " + _list(parts)
        out.append(text + ".")
    return out
