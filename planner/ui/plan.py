"""Run and plan page: solve the working scenario and read the plan and its reasons."""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from planner.domain import CapabilityKind
from planner.errors import InputError, PlannerError, ScenarioError
from planner.labels import humanise, objective_label, people_fte
from planner.optimise.explain import LEVER_KINDS, lever_lines, start_end_fte, team_sentences
from planner.plan.finance import run_rate_bridge
from planner.plan.tables import vacancy_line
from planner.scenario.model import ObjectiveKind, Scenario
from planner.status import SolveStatus, has_plan
from planner.ui import state, tobe
from planner.ui.frontier import render_frontier

OBJECTIVES = [ObjectiveKind.MIN_COST, ObjectiveKind.MIN_REDUNDANCIES, ObjectiveKind.WEIGHTED,
              ObjectiveKind.MAX_CAPACITY]
"""The objectives in the order the levers form offers them."""
SECTIONS = ["Why", "Teams and roles", "Costs", "People", "To-be org", "AI layer",
            "Dates and the law", "Lock and re-optimise"]
"""Sections of a plan; only the one chosen is drawn, so the page stays quick."""
PEOPLE = {"attrition": "Attrition", "redeploy_out": "Redeployed out",
          "redeploy_in": "Redeployed in", "reskilled_in": "Reskilled in",
          "redundancies": "Redundancies", "hires": "Hires"}


def _worth_unit(result: state.SessionRun) -> str:
    """The unit of a plan's shadow prices: its objective's, over the horizon."""
    kind = result.plan.summary.get("objective_kind")
    if kind == ObjectiveKind.MIN_REDUNDANCIES:
        return "redundancies"
    if kind == ObjectiveKind.MAX_CAPACITY:
        return "hours of capacity"
    return f"{result.labels.currency or 'currency'} over the horizon"


# Figures -------------------------------------------------------------------------------------
COST_UP, SAVING, TOTAL = "#c0392b", "#2e8b57", "#5b7083"
"""Waterfall colours the finance way: a cost increase red, a saving green, totals neutral."""


def waterfall(summary: dict[str, Any], costs: pd.DataFrame) -> go.Figure:
    """Run-rate before -> AI layer cost -> people cost change -> after [currency/year]."""
    b = run_rate_bridge(summary, costs)
    code = summary.get("currency")
    fig = go.Figure(go.Waterfall(
        x=b["step"], y=b["amount"], measure=b["measure"],
        text=[state.money(v, True, code) for v in b["amount"]], textposition="outside",
        hovertemplate="%{x}: %{text}<extra></extra>", cliponaxis=False,
        increasing={"marker": {"color": COST_UP}}, decreasing={"marker": {"color": SAVING}},
        totals={"marker": {"color": TOTAL}}))
    fig.update_layout(title=f"Run-rate cost [{code or 'currency'} a year]: a cost "
                      "increase in red, a saving in green", margin=dict(t=60, l=0, r=0, b=0),
                      height=400, showlegend=False,
                      yaxis=dict(title=f"{code or 'currency'} a year", tickformat=",.3s"))
    return fig


def by_team(staffing: pd.DataFrame) -> pd.DataFrame:
    """FTE at the start and the end of the horizon per team."""
    out = start_end_fte(staffing).set_axis(["before", "after"], axis=1)
    out["change"] = out["after"] - out["before"]
    out["change_pct"] = out["change"] / out["before"].where(out["before"] > 0)
    return out.rename_axis("team").reset_index().sort_values("change")


def by_role(staffing: pd.DataFrame) -> pd.DataFrame:
    """FTE before and after, and the people moves, per role over the horizon."""
    fte = start_end_fte(staffing, "role").set_axis(["before", "after"], axis=1)
    out = pd.concat([fte, staffing.groupby("role")[list(PEOPLE)].sum()], axis=1).fillna(0.0)
    out.insert(2, "change", out["after"] - out["before"])
    return out.rename_axis("role").reset_index().sort_values("change")


def people_impact(staffing: pd.DataFrame) -> pd.DataFrame:
    """People moves per period (tidy: period, measure, fte)."""
    g = staffing.groupby("period", sort=False)[list(PEOPLE)].sum().reset_index()
    return g.melt(id_vars="period", var_name="measure", value_name="fte").assign(
        measure=lambda f: f["measure"].map(PEOPLE))


def moves_by_period(moves: pd.DataFrame, costs: bool) -> pd.DataFrame:
    """Who moves where, per period: from team and role to team and role, redeployed or
    reskilled, FTE leaving and arriving (and the one-off cost when costs are shown)."""
    keys = ["period", "from_team", "from_role", "to_team", "to_role", "kind"]
    values = ["fte", "fte_arriving", *(["cost"] if costs else [])]
    g = moves.groupby(keys, sort=False, as_index=False)[values].sum()
    g["kind"] = g["kind"].map({"redeploy": "redeployed", "reskill": "reskilled"})
    order = g["period"].map({p: i for i, p in enumerate(dict.fromkeys(moves["period"]))})
    return g.assign(_k=order).sort_values(["_k", "fte"], ascending=[True, False],
                                          kind="stable").drop(columns="_k")


FTE_COLUMNS = {
    "before": st.column_config.NumberColumn("FTE before", format="%,.1f"),
    "after": st.column_config.NumberColumn("FTE after", format="%,.1f"),
    "change": st.column_config.NumberColumn("change [FTE]", format="%,.1f"),
    "change_pct": st.column_config.NumberColumn("change [%]", format="percent"),
    **{k: st.column_config.NumberColumn(f"{v} [FTE]", format="%,.1f")
       for k, v in PEOPLE.items()},
}
"""Headers and formats of the Teams and roles tables: FTE to one decimal."""
MOVE_COLUMNS = {
    "period": "period", "from_team": "from team", "from_role": "from role",
    "to_team": "to team", "to_role": "to role", "kind": "how",
    "fte": st.column_config.NumberColumn("FTE leaving", format="%,.1f"),
    "fte_arriving": st.column_config.NumberColumn("FTE arriving", format="%,.1f"),
}
"""Headers and formats of the moves table (the plan folder's moves table keeps the raw one)."""


POOL_COLUMNS = {
    "team": "team", "role": "role", "period": "period",
    "filled_posts": st.column_config.NumberColumn("filled posts", format="%d"),
    "redundancies": st.column_config.NumberColumn("redundancies", format="%d"),
    "moves_out": st.column_config.NumberColumn("redeployed out", format="%d"),
    "reskill_out": st.column_config.NumberColumn("start reskilling", format="%d"),
    "vacancies_closed": st.column_config.NumberColumn("vacancies closed", format="%d"),
    "vacancies_filled": st.column_config.NumberColumn("vacancies filled", format="%d"),
    "new_posts": st.column_config.NumberColumn("new posts", format="%d"),
    "posts": st.column_config.NumberColumn("posts", format="%d"),
    "fte": st.column_config.NumberColumn("FTE", format="%,.2f"),
    "position_id": "position", "to_team": "offered in team", "to_role": "offered role",
    "post": "post", "to_period": "from period", "why": "why suitable",
    "vacant": "vacant", "action": "action",
}
"""Headers and formats of the position ledger's tables: whole posts and people."""
ACTION_WORDS = {"keep": "kept", "close": "vacancy closed", "fill": "vacancy filled",
                "new": "new post", "affected": "at risk (pool for selection)"}
"""The ledger's actions in an HR planner's words."""


def ledger_sentence(positions: pd.DataFrame, changes: pd.DataFrame) -> str:
    """What the ledger says, in whole posts: the posts kept, the filled posts at risk and in
    how many pools, the vacancies closed and filled, and the new posts."""
    def posts(action: str) -> int:
        return int(positions.loc[positions["action"] == action, "posts"].sum())

    def n_of(n: int, one: str, many: str) -> str:
        return f"{n:,} {one if n == 1 else many}"

    pools = len(positions[positions["action"] == "affected"].groupby(["team", "role"]))
    removed = int(changes[["redundancies", "moves_out", "reskill_out"]].to_numpy().sum())
    kept = posts("keep")
    parts = [f"{n_of(kept, 'post is', 'posts are')} kept"]
    if pools:
        hit = posts("affected")
        parts.append(f"{n_of(hit, 'filled post', 'filled posts')} in "
                     f"{n_of(pools, 'pool', 'pools')} {'is' if hit == 1 else 'are'} at risk, "
                     f"from which {n_of(removed, 'person leaves', 'people leave')} by "
                     "redundancy, redeployment or reskilling")
    for action, words in (("close", "closed"), ("fill", "filled")):
        if n := posts(action):
            parts.append(f"{n_of(n, 'vacancy is', 'vacancies are')} {words}")
    if n := posts("new"):
        parts.append(f"{n_of(n, 'new post is', 'new posts are')} requisitioned")
    text = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return text + "."


def pool_change_rows(changes: pd.DataFrame) -> pd.DataFrame:
    """The pool changes with any decision (the pools and periods nothing happens in left
    out)."""
    counts = ["redundancies", "moves_out", "reskill_out", "vacancies_closed",
              "vacancies_filled", "new_posts"]
    return changes[changes[counts].sum(axis=1) > 0]


def _ledger(result: state.SessionRun) -> None:
    """The position ledger in whole posts and people (plans made before it have none)."""
    t = result.plan.tables
    positions, changes = t.get("positions"), t.get("pool_changes")
    if positions is None or changes is None:
        return
    role = result.labels.role
    with st.expander("Positions and pools"):
        whole = (result.plan.summary.get("whole_people") or {}).get("method") not in (
            None, "none")
        counted = ("It decides its hires, redundancies, moves out and vacancies in whole "
                   "people and posts; these tables are those counts. " if whole else
                   "It decides in FTE; these tables count its decisions in whole posts and "
                   "people (each pool's FTE divided by its FTE per person, rounded), so a "
                   "small flow can round to none. ")
        st.write("The plan decides per pool (a team's posts of one role) and never picks "
                 "who goes. " + counted + "Where a pool loses people, every filled "
                 "post in it is at risk: the pool for selection that a fair process works "
                 "through, offering the suitable vacancies and new posts below before any "
                 "redundancy. Which vacancies close or are filled is a choice about posts, "
                 "not people: the ledger takes them in the roster's order.")
        if len(positions):
            st.write(ledger_sentence(positions, changes))
        shown = pool_change_rows(changes).assign(role=lambda f: f["role"].map(role))
        if len(shown):
            st.markdown("**Changes by pool and period**")
            st.dataframe(shown, hide_index=True, width="stretch", column_config=POOL_COLUMNS)
        req = t.get("requisitions")
        if req is not None and len(req):
            st.markdown("**New posts to recruit (requisitions)**")
            cols = ["team", "role", "period", "posts", "fte",
                    *(["annual_cost", "one_off_cost"] if state.show_costs() else [])]
            code = result.labels.currency or "currency"
            st.dataframe(req[cols].assign(role=lambda f: f["role"].map(role)),
                         hide_index=True, width="stretch", column_config={
                             **POOL_COLUMNS,
                             "annual_cost": st.column_config.NumberColumn(
                                 f"pay a year [{code}]", format="%,.0f"),
                             "one_off_cost": st.column_config.NumberColumn(
                                 f"hiring cost [{code}]", format="%,.0f")})
        alt = t.get("alternatives")
        if alt is not None and len(alt):
            st.markdown("**Suitable alternative posts for the pools at risk**")
            st.dataframe(alt.assign(role=lambda f: f["role"].map(role),
                                    to_role=lambda f: f["to_role"].map(role),
                                    # a vacancy kept open has no period: it is open now
                                    to_period=lambda f: f["to_period"].fillna("open now")),
                         hide_index=True, width="stretch", column_config=POOL_COLUMNS)
        changed = positions[positions["action"] != "keep"]
        if len(changed):
            st.markdown("**Posts that change**")
            st.dataframe(changed.assign(role=lambda f: f["role"].map(role),
                                        action=lambda f: f["action"].map(ACTION_WORDS)),
                         hide_index=True, width="stretch", column_config=POOL_COLUMNS)
        st.caption("Attrition and the people lost while reskilling are expected values, so "
                   "they stay in FTE in the other tables and never in these counts.")


def timeline_frame(summary: dict[str, Any]) -> pd.DataFrame:
    """The law's timeline per establishment, one row per step: ``establishment``, ``step``
    (the announcement, the consultation or notice lead time, the longest individual notice,
    the exits of a month), ``start``, ``end`` (dates; equal for a moment), ``people`` (the
    exits) and ``what`` (the step in words). Empty for a plan without rules."""
    c = summary.get("compliance")
    if not c:
        return pd.DataFrame(columns=["establishment", "step", "start", "end", "people",
                                     "what"])
    announce = pd.Timestamp(c["announce_date"])
    starts = dict(zip(summary.get("periods", []), _period_days(summary), strict=False))
    rows = []
    for e in c["establishments"]:
        site = e["establishment"]
        rows.append((site, "Announcement", announce, announce, 0,
                     f"Redundancies proposed on {c['announce_date']}"))
        if e["lead_days"]:
            rows.append((site, "Consultation and notification", announce,
                         announce + pd.Timedelta(days=e["lead_days"]), 0,
                         f"{'; '.join(e['obligations'])}: {e['lead_days']} days before the "
                         f"first exit, to start by {e['latest_start']}"))
        notice = int(e.get("longest_notice_days") or 0)
        if notice:
            rows.append((site, "Individual notice (longest)", announce,
                         announce + pd.Timedelta(days=notice), 0,
                         f"The longest individual notice of a pool that loses people "
                         f"here: {notice // 7} weeks (each pool's exits wait for its own)"))
        for period, n in e["by_period"].items():
            day = starts.get(period, pd.Timestamp(e["first_effective_date"]))
            rows.append((site, "Exits take effect", day, day, int(n),
                         f"{n:,} redundanc{'y takes' if n == 1 else 'ies take'} effect on "
                         f"{day.date()} ({period})"))
    return pd.DataFrame(rows, columns=["establishment", "step", "start", "end", "people",
                                       "what"])


def _period_days(summary: dict[str, Any]) -> list[pd.Timestamp]:
    """The first day of each of the plan's periods, from its effective dates."""
    c = summary.get("compliance") or {}
    return [pd.Timestamp(d) for d in c.get("period_starts", [])]


def timeline(frame: pd.DataFrame) -> go.Figure:
    """The timeline chart: per establishment, the lead times as bars from the announcement
    and the exits as points sized by the people whose redundancy takes effect."""
    fig = go.Figure()
    colours = {"Consultation and notification": "#d62728",
               "Individual notice (longest)": "#ff7f0e"}
    for step, colour in colours.items():
        part = frame[frame["step"] == step]
        if len(part):
            fig.add_trace(go.Bar(
                y=part["establishment"], base=part["start"],
                x=(part["end"] - part["start"]).dt.total_seconds() * 1000, orientation="h",
                name=step, marker_color=colour, opacity=0.6, hovertext=part["what"],
                hoverinfo="text"))
    exits = frame[frame["step"] == "Exits take effect"]
    if len(exits):
        fig.add_trace(go.Scatter(
            y=exits["establishment"], x=exits["start"], mode="markers+text",
            name="Exits take effect", text=exits["people"].astype(str),
            textposition="top center", hovertext=exits["what"], hoverinfo="text",
            marker={"size": 8 + 2 * exits["people"].clip(upper=20), "color": "#1f77b4"}))
    announce = frame.loc[frame["step"] == "Announcement", "start"]
    if len(announce):
        fig.add_vline(x=announce.iloc[0], line_dash="dash")
    fig.update_layout(barmode="overlay", xaxis_type="date", height=max(300, 60 * frame[
        "establishment"].nunique()), title="Dates and the law by establishment",
        xaxis_title="date", yaxis_title="establishment", legend_title="")
    return fig


def _law(result: state.SessionRun) -> None:
    """The Dates and the law section: the timeline per establishment, the duties in words
    and the compliance table."""
    from planner.plan.compliance import compliance_lines

    s = result.plan.summary
    lines = compliance_lines(s)
    if not lines:
        st.info("This scenario applies no collective-redundancy rules, so its redundancies "
                "are dated (the first day of their month) but not checked against the law. "
                "To plan with the law's dates, name the rule sets in the scenario file "
                "(levers.compliance.rules, for example [uk, us_warn]) and load it on the "
                "Scenario page, as the shipped compliance_monthly.yaml does.")
        return
    frame = timeline_frame(s)
    st.plotly_chart(timeline(frame), width="stretch")
    for line in lines:
        st.markdown(f"- {line}")
    comp = result.plan.tables.get("compliance")
    if comp is not None and len(comp):
        st.markdown("**Each establishment, rule and window**")
        names = {k: v.get("name", k) for k, v in (s["compliance"].get("rules") or {}).items()}
        st.dataframe(comp.assign(rule=comp["rule"].map(names).fillna(comp["rule"])),
                     hide_index=True, width="stretch", column_config={
            "window_start": st.column_config.TextColumn("window starts"),
            "count": st.column_config.NumberColumn("redundancies counted, at most [people]"),
            "triggered": st.column_config.CheckboxColumn("duty triggered"),
            "announce_date": st.column_config.TextColumn("announced"),
            "first_effective_date": st.column_config.TextColumn("first exit takes effect"),
            "threshold": st.column_config.NumberColumn("fewest that trigger [people]"),
            "lead_days": st.column_config.NumberColumn("lead time [days]"),
            "window_end": st.column_config.TextColumn("window ends (first day after)"),
            "latest_start": st.column_config.TextColumn("start consultation by")})
    st.caption("A pool's redundancies count at each establishment where it holds posts, up "
               "to its posts there: the planner does not choose who goes. These dates and "
               "duties come from the rule sets as published; they are not legal advice.")


def ai_layer_table(caps: pd.DataFrame, labels: Any, costs: bool) -> pd.DataFrame:
    """The AI layer per capability and period: its kind, the teams using it (whole teams: any
    use), the share of deployments paid for (a fraction only in a continuous plan), the
    hours of work it executes and the hours of human work it assists [h] (and its cost in
    the period [currency] when costs are shown)."""
    values = ["deployed", "executed_hours", "assisted_hours", *(["cost"] if costs else [])]
    g = caps.assign(used=(caps["executed_hours"] + caps["assisted_hours"]).gt(1e-9))
    out = g.groupby(["capability", "period"], sort=False).agg(
        kind=("kind", "first"), teams=("used", "sum"),
        **{v: (v, "sum") for v in values}).reset_index()
    out["capability"] = out["capability"].map(labels.capability)
    out["kind"] = out["kind"].map({CapabilityKind.EXECUTE: "executes work",
                                   CapabilityKind.ASSIST: "assists people"})
    return out[["capability", "period", "kind", "teams", *values]]


def _ai_layer(caps: pd.DataFrame, s: dict[str, Any], labels: Any, costs: bool) -> None:
    layer = ai_layer_table(caps, labels, costs)
    fractional = bool(((caps["deployed"] > 1e-6) & (caps["deployed"] < 1 - 1e-6)).any())
    st.markdown(f"The headline's 'Hours AI executes' counts the work AI does itself: "
                f"{s.get('ai_hours', 0):,.0f} h over the horizon. AI also assists "
                f"{s.get('assisted_hours', 0):,.0f} h of human work, which people still do, "
                "faster.")
    shown = layer if fractional else layer.drop(columns="deployed")
    st.dataframe(shown, hide_index=True, width="stretch", column_config={
        "kind": "what it does",
        "teams": st.column_config.NumberColumn("teams using it", format="%d"),
        "deployed": st.column_config.NumberColumn("deployments paid for", format="%,.1f"),
        "executed_hours": st.column_config.NumberColumn("hours AI executes [h]",
                                                        format="%,.0f"),
        "assisted_hours": st.column_config.NumberColumn("hours of human work AI assists [h]",
                                                        format="%,.0f"),
        "cost": st.column_config.NumberColumn(
            f"cost in the period [{labels.currency or 'currency'}]", format="%,.0f")})
    if fractional:
        st.caption("This plan is continuous (the solver's Integer setting, on the Scenario "
                   "page under Finance and solver, is off), so a "
                   "team may pay for part of a deployment: a share of the capability's fixed "
                   "and implementation costs, which lets it use that share of the hours. "
                   "'Deployments paid for' adds these shares; 'teams using it' counts every "
                   "team with any use.")


# A run's figures and sentences, kept as objects per run (its scenario, which fixes the plan):
# not rebuilt when the planner comes back to a section.
@st.cache_resource(show_spinner=False, max_entries=8)
def structure_tables(summary: dict[str, Any]
                     ) -> tuple[pd.DataFrame, pd.DataFrame, str | None] | None:
    """The structure before and after (measure, before, after, as text), the teams table
    headed in words with team names as the page shows them, and the merges and the
    delayering in words (one paragraph each); None for a plan without one (pool
    scenarios)."""
    if not summary.get("structure"):
        return None
    from planner.plan.structure import TEAM_HEADERS, Structure

    st_ = Structure.from_dict(summary["structure"])
    teams = pd.DataFrame([t.to_dict() for t in st_.teams])
    if len(teams):
        teams["team"] = teams["team"].astype(str).map(state.label)
        teams = teams.round(2).rename(columns=TEAM_HEADERS)
    overall = st_.table()
    for col in ("before", "after"):
        overall[col] = [f"{v:,.2f}" if isinstance(v, float) else f"{v:,}"
                        for v in overall[col]]
    said = [x for x in (st_.merges_sentence(), *st_.delayering_sentences()) if x]
    return overall, teams, "\n\n".join(said) or None


def _structure(summary: dict[str, Any]) -> None:
    """Managers, spans and layers before and after, the merges and the delayering, and the
    teams table."""
    tables = structure_tables(summary)
    if tables is None:
        return
    overall, teams, merged = tables
    st.markdown("**Structure before and after**")
    st.dataframe(overall, hide_index=True, width="stretch")
    st.caption(summary["structure"].get("derivation", ""))
    if merged:
        st.markdown(state.md(merged))
    if len(teams):
        st.markdown("**By team** (span: direct reports per manager post; own contributors "
                    "per manager FTE: the team's other roles per FTE of its manager roles; "
                    "the span limit also counts the heads of the teams below)")
        st.dataframe(teams, hide_index=True, width="stretch")


@st.cache_resource(show_spinner=False, max_entries=8)
def _stories(doc_json: str, _result: state.SessionRun) -> list[str]:
    return team_sentences(_result.plan.tables, limit=200, labels=_result.labels)


# Actions -------------------------------------------------------------------------------------
def run_working(label: str | None = None, scenario: Scenario | None = None
                ) -> state.SessionRun | None:
    """Solve the working scenario with progress, record the run and return it.

    ``scenario`` is the working scenario already validated (by the levers form): the run
    uses it rather than validating again."""
    doc = state.scenario_doc()
    if scenario is None:
        scenario, errors = state.checked(doc)
        if scenario is None:
            st.error("The working scenario is not valid: " + "; ".join(
                f"{k}: {m}" for k, m in errors[:3]))
            return None
    with st.status("Solving...", expanded=False) as status:
        step = st.empty()
        step.write("Reading the roster, matching titles, building the model...")
        try:
            result = state.solve(state.doc_key(doc), scenario)
        except InputError as exc:
            status.update(label="Stopped: the roster cannot be planned on as it is",
                          state="error", expanded=True)
            first = exc.problems[0]
            said = first.message.strip()
            if not (first.file and said.startswith(first.file)):  # a file keeps its name
                said = said[:1].upper() + said[1:]
            said += "" if said.endswith((".", "?", "!")) else "."
            todo = ("Go to the Data page and decide there: fix the file and upload it again, "
                    "or plan without those rows knowingly."
                    if first.code == "roster_has_errors" else
                    "Go to the Data page: it says which file cannot be used and how to fix it.")
            # In place of the progress line; pressing Run again stops the same way, so the
            # page ends here rather than inviting it.
            step.error(f"{state.md(said)} {todo} Until then Run stops the same way.")
            st.stop()
        except (ScenarioError, PlannerError) as exc:
            status.update(label="Stopped", state="error")
            st.error(state.md(str(exc)))
            return None
        s = result.plan.summary
        status.update(label=run_label(s, result.seconds),
                      state="complete" if result.plan.has_plan else "error")
    n = len(st.session_state.get("runs", [])) + 1
    state.record_run(result, label or f"Run {n}: {doc.get('name', '')}")
    return result


def run_label(summary: dict[str, Any], seconds: float) -> str:
    """How a run ended, in words: "Optimal plan: solved in 0.52 s (1.10 s in all)", "No
    plan: the scenario is infeasible (found in 0.12 s; 0.80 s in all)"."""
    solve = float(summary.get("solve_seconds") or 0.0)
    status = str(summary.get("status"))
    if has_plan(status):
        what = ("Optimal plan" if status == SolveStatus.OPTIMAL else
                "A plan, not proven optimal (stopped at the time limit)")
        return f"{what}: solved in {solve:.2f} s ({seconds:.2f} s in all)"
    why = {SolveStatus.INFEASIBLE.value: "the scenario is infeasible (found in",
           SolveStatus.UNBOUNDED.value: "the scenario is unbounded (found in"}.get(
        status, "the solver stopped before it found one (after")
    return f"No plan: {why} {solve:.2f} s; {seconds:.2f} s in all)"


def lock_teams(result: state.SessionRun, teams: list[str]) -> dict[str, Any]:
    """This run's scenario with the chosen teams' FTE fixed at this plan's values."""
    doc = copy.deepcopy(result.doc)
    staffing = result.plan.tables["staffing"]
    periods = list(dict.fromkeys(staffing["period"]))
    locks = [lk for lk in doc["levers"].get("locks", []) if lk["team"] not in teams]
    for r in staffing[staffing["team"].isin(teams)].itertuples(index=False):
        locks.append({"team": r.team, "role": r.role, "fte": round(float(r.fte_end), 6),
                      "period": periods.index(r.period) + 1})
    doc["levers"]["locks"] = locks
    return doc


def _run_changed(label: str, doc: dict[str, Any]) -> None:
    """Make ``doc`` the working scenario, solve it and show its plan."""
    state.set_scenario_doc(doc)
    run_working(label)
    st.rerun()


def _quick_levers() -> Scenario | None:
    """The common levers, changed here and re-run at once: the validated scenario when the
    form is submitted valid, else None. Only the levers changed in the form are written
    back."""
    from planner.ui.scenario import LABELS  # the Scenario page's words and units

    doc = state.scenario_doc()
    lev = doc.get("levers", {})
    kind = doc.get("objective", {}).get("kind", ObjectiveKind.MIN_COST)
    cap = lev.get("max_reduction_per_period")
    cap_pct = None if cap is None else round(float(cap) * 100, 4)
    span = (lev.get("span") or {}).get("max")
    span = None if span is None else float(span)
    with st.form("quick_levers"):
        c = st.columns(4)
        objective = c[0].selectbox("Objective", OBJECTIVES, index=OBJECTIVES.index(kind)
                                   if kind in OBJECTIVES else 0, key="q_objective",
                                   format_func=objective_label)
        pledge = c[1].toggle("No-redundancy pledge", value=bool(lev.get("no_redundancy")),
                             key="q_pledge")
        reduction = c[2].number_input(LABELS["levers.max_reduction_per_period"],
                                      min_value=0.0, max_value=100.0, value=cap_pct, step=1.0,
                                      key="q_reduction", placeholder="no cap", format="%.4g")
        span_max = c[3].number_input("Span of control cap", min_value=0.0, value=span,
                                     step=1.0, key="q_span", placeholder="no cap",
                                     format="%.4g")
        submitted = st.form_submit_button("Run", type="primary")
    if not submitted:
        return None
    if objective != kind:
        doc.setdefault("objective", {})["kind"] = objective.value  # the document holds text
        if (objective == ObjectiveKind.WEIGHTED
                and doc["objective"].get("price_per_redundancy") is None):
            doc["objective"]["price_per_redundancy"] = 50_000
    if pledge != bool(lev.get("no_redundancy")):
        lev["no_redundancy"] = pledge
    if reduction != cap_pct:
        lev["max_reduction_per_period"] = None if reduction is None else reduction / 100
    if span_max != span:
        span_d = dict(lev.get("span") or {})
        span_d["max"] = span_max
        if span_d.get("min") is not None and span_max is not None and span_d["min"] > span_max:
            span_d["min"] = span_max
        lev["span"] = span_d
    doc["levers"] = lev
    scenario, errors = state.checked(doc)
    if scenario is None:
        st.error("Not run: " + "; ".join(f"{k}: {m}" for k, m in errors[:3])
                 + (" (set it on the Scenario page)" if objective == ObjectiveKind.MAX_CAPACITY
                    else ""))
        return None
    state.set_scenario_doc(doc)
    return scenario


# The page ------------------------------------------------------------------------------------
def _explain(result: state.SessionRun) -> None:
    st.markdown("**What changes, and why**")
    stories = _stories(state.doc_key(result.doc), result)
    state.bullets(stories or ["No team's FTE changes."], 8,
                  "Every other team that changes ({n})")
    st.markdown("**Why this plan: the levers that bind, and what relaxing them is worth**")
    cons = result.plan.tables.get("constraints")
    levers, notes = lever_lines(list(result.plan.explanations), cons,
                                result.plan.summary.get("objective_kind"))
    binds = any(x in result.plan.explanations for x in levers)
    if binds and not state.show_costs():  # a lever's price per FTE can reveal a team's pay
        st.caption(f"{len(levers)} binding lever(s) with a price: hidden with the costs "
                   "(turn on 'Show salaries and costs').")
    else:
        state.bullets(levers, 20, "{n} more")
    if notes:
        st.markdown("**Notes on the plan and the data**")
        state.bullets(notes, 20, "{n} more")
    if cons is not None and len(cons) and state.show_costs():
        binding = cons[cons["binding"].astype(bool) & cons["shadow_price"].abs().gt(1e-9)]
        binding = binding.assign(worth=binding["shadow_price"].abs()).sort_values(
            "worth", ascending=False)
        levers = binding[binding["kind"].isin(LEVER_KINDS)]
        worth = _worth_unit(result)
        if len(levers):
            with st.expander(f"The levers you set that bind, and what one unit more is worth "
                             f"({len(levers):,})"):
                st.dataframe(levers[["constraint", "period", "worth", "explanation"]],
                             hide_index=True, width="stretch", column_config={
                                 "constraint": "lever", "period": "period",
                                 "worth": st.column_config.NumberColumn(
                                     f"one unit more is worth [{worth}]", format="%,.0f"),
                                 "explanation": st.column_config.TextColumn("why",
                                                                            width="large")})
        with st.expander(f"For experts: every binding constraint, with the solver's names "
                         f"({len(binding):,})"):
            st.caption(f"The shadow price is what one unit more of a constraint's limit "
                       f"changes the objective by [{worth}]. Structural rows (FTE carried "
                       "between periods, work covered, redeployment hubs) bind in every plan. "
                       "The 300 largest are shown; the plan folder (Export page) has them "
                       "all.")
            st.dataframe(binding[["constraint", "period", "shadow_price", "kind", "name"]]
                         .head(300), hide_index=True, width="stretch", column_config={
                             "shadow_price": st.column_config.NumberColumn(
                                 f"shadow price [{worth}]", format="%,.2f"),
                             "name": "solver row"})


def relax_table(relax: list[dict[str, Any]]) -> pd.DataFrame:
    """Each lever the scenario sets, relaxed on its own: as set, the nearest value that
    gives a plan, and what it takes (the Run and plan page's detail for experts)."""
    return pd.DataFrame([{
        "setting": r["key"], "lever": r["label"], "as set": _cell(r["value"]),
        "gives a plan alone": r["resolves"],
        "nearest value with a plan": _cell(r["nearest_feasible"]),
        "best attainable": _cell(r["best"]),
        "target reached with it": _cell(r.get("reaches")),
        "needs": _cell(r["needs"]), "unit": r["unit"]} for r in relax],
        columns=["setting", "lever", "as set", "gives a plan alone",
                 "nearest value with a plan", "best attainable", "target reached with it",
                 "needs", "unit"])


def _cell(v: Any) -> str:
    """A value as text, so that one column holds numbers, lists and yes/no alike."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:,.4g}"
    return ", ".join(map(str, v)) if isinstance(v, list) else str(v)


def _no_plan(result: state.SessionRun) -> None:
    """An infeasible run: the answer in words first, the solver detail for experts after."""
    s = result.plan.summary
    st.error(f"No plan: the scenario is {s['status']}.")
    first, *rest = list(s.get("conflicts") or result.plan.explanations) or [""]
    st.markdown(f"**{state.md(first)}**")
    state.bullets(rest, 6, "{n} more")
    _coverage(s)
    st.caption("Change the levers on this page or the Scenario page, and run again.")
    relax = s.get("relax") or []
    detail = list(s.get("conflict_detail") or [])
    if relax or detail:
        with st.expander("Solver detail, for experts"):
            if relax:
                st.caption("Each lever the scenario sets, relaxed on its own with the others "
                           "as set; values are rounded towards a plan.")
                st.dataframe(relax_table(relax), hide_index=True, width="stretch")
            for line in detail:
                st.markdown("- " + state.md(line))


def coverage_line(summary: dict[str, Any]) -> str:
    """How much of the plan's FTE has no confident role and the teams most affected, as
    markdown (team names escaped); empty when every position has one or the plan states no
    coverage (pool scenarios, plans saved before it was stated)."""
    from planner.plan.coverage import plan_coverage

    coverage = plan_coverage(summary)
    return state.md(coverage.statement()) if coverage is not None else ""


def _coverage(summary: dict[str, Any]) -> None:
    line = coverage_line(summary)
    if line:
        st.warning(line, icon=":material/person_search:")


def _people_metric(box: Any, label: str, summary: dict[str, Any], key: str, help: str) -> None:
    """A decision as a metric that fits its column: in people where the plan was solved in
    whole people ("Redundancies [people]" 11), else in FTE ("Redundancies [FTE]" 4.1);
    ``help`` says both (:func:`people_fte`)."""
    people = (summary.get("people") or {}).get(key)
    if people is None:
        box.metric(f"{label} [FTE]", people_fte(summary, key).removesuffix(" FTE"), help=help)
    else:
        box.metric(f"{label} [people]", f"{int(people):,}", help=help)


def _show(result: state.SessionRun) -> None:
    s = result.plan.summary
    if result.plan.has_plan:  # the headline's first sentence; a run with no plan says why first
        _coverage(s)
    for line in state.caveats(s):
        st.warning(line)
    if not result.plan.has_plan:
        _no_plan(result)
        return
    one_off = sum(s["one_off_cost"].values())
    m = st.columns(6)
    m[0].metric("FTE after", f"{s['fte_after']:,.1f}", f"{s['fte_after'] - s['fte_before']:,.1f}")
    code = s.get("currency")
    state.money_metric(m[1], "Cost a year", s["run_rate_cost_after"],
                       s["run_rate_cost_after"] - s["run_rate_cost_before"], code,
                       "The run-rate cost at the end of the horizon, a year: ",
                       delta_color="inverse")
    state.money_metric(m[2], "One-off cost", one_off, code=code,
                       what="Severance, hiring, reskilling, redeployment and AI "
                            "implementation over the horizon: ")
    _people_metric(m[3], "Redundancies", s, "redundancies",
                   f"Redundancies over the horizon: {people_fte(s, 'redundancies')}.")
    _people_metric(m[4], "Moved", s, "moves_out",
                   "The people who leave their pool to be redeployed or to start "
                   f"reskilling, with their FTE: {people_fte(s, 'moves_out')}"
                   + (f"; {s['reskilled_arrivals']:,.1f} FTE of those reskilling "
                      "are expected to arrive (some leave during it)"
                      if s.get("reskilled_arrivals") else "") + ".")
    m[5].metric("Hours AI executes", f"{s['ai_hours']:,.0f}",
                help="Hours of work AI executes over the horizon; AI also assists "
                     f"{s.get('assisted_hours', 0):,.0f} hours of human work (AI layer).")
    vacancies = vacancy_line(s)
    if vacancies:
        unfunded = not (result.doc.get("levers", {}).get("vacancies") or {}).get("funded")
        why = (" A vacancy kept open costs nothing and stands for its own post; to make "
               "open vacancies cost their budget, so that the plan closes those the work no "
               "longer needs, turn on 'Vacancies kept open cost their budget' on the "
               "Scenario page (People levers)." if unfunded and s["vacancies"]["kept_fte"]
               > 1e-9 else "")
        st.caption(vacancies + " (a vacancy is a post held by no one: closing it is free, "
                   "filling it is a hire)." + why)
    _section(result)


@st.fragment
def _section(result: state.SessionRun) -> None:
    """The plan section chosen (a fragment: changing the section redraws only it)."""
    s = result.plan.summary
    labels = result.labels
    # role titles, not the library's ids, on every table and chart of the plan
    staffing = result.plan.tables["staffing"].assign(
        role=lambda f: f["role"].map(labels.role))
    section = st.segmented_control("Section", SECTIONS, default=SECTIONS[0],
                                   key="plan_section", label_visibility="collapsed")
    section = section or SECTIONS[0]
    if section == "Why":
        _explain(result)
    elif section == "Teams and roles":
        teams = by_team(staffing)
        fig = px.bar(teams.assign(team=teams["team"].astype(str).map(state.label)).melt(
                         id_vars="team", value_vars=["before", "after"],
                                var_name="when", value_name="fte"),
                     x="fte", y="team", color="when", barmode="group", orientation="h",
                     height=max(400, 22 * len(teams)), title="FTE before and after by team",
                     labels={"fte": "FTE", "team": "team", "when": ""})
        st.plotly_chart(fig, width="stretch")
        st.dataframe(teams, hide_index=True, width="stretch", column_config=FTE_COLUMNS)
        st.markdown("**By role**")
        st.dataframe(by_role(staffing), hide_index=True, width="stretch",
                     column_config=FTE_COLUMNS)
    elif section == "Costs":
        if state.show_costs():
            st.plotly_chart(waterfall(s, result.plan.tables["costs"]), width="stretch")
            costs = result.plan.tables["costs"]
            one = costs[costs["category"].isin(list(s["one_off_cost"]))]
            code = s.get("currency") or "currency"
            st.plotly_chart(px.bar(one.assign(category=one["category"].map(humanise)),
                                   x="period", y="amount", color="category",
                                   labels={"amount": f"{code} in the period", "category": "",
                                           "period": "period"},
                                   title=f"One-off costs by period [{code}]"), width="stretch")
        else:
            st.info("Costs are hidden: turn on 'Show salaries and costs' in the sidebar.")
    elif section == "People":
        st.plotly_chart(px.bar(people_impact(staffing), x="period", y="fte", color="measure",
                               barmode="group", title="People impact by period [FTE]",
                               labels={"fte": "FTE", "measure": "", "period": "period"}),
                        width="stretch")
        moves = result.plan.tables.get("moves")
        if moves is not None and len(moves):
            st.markdown("**Who moves where, by period**")
            shown = moves_by_period(moves, state.show_costs()).assign(
                from_role=lambda f: f["from_role"].map(labels.role),
                to_role=lambda f: f["to_role"].map(labels.role))
            st.dataframe(shown, hide_index=True, width="stretch", column_config={
                **MOVE_COLUMNS, "cost": st.column_config.NumberColumn(
                    f"one-off cost [{labels.currency or 'currency'}]", format="%,.0f")})
            st.caption("One valid split of the plan's moves: the model pools each role's "
                       "movers within the redeployment scope, so other splits with the same "
                       "totals per team exist. This one keeps people as near as it can (same "
                       "team, then function, then location). FTE arriving is less than FTE "
                       "leaving for reskilling: only the share the reskilling path retains "
                       "arrives.")
        st.caption("Positions and FTE, never named people: the plan does not choose who "
                   "leaves.")
        _ledger(result)
    elif section == "To-be org":
        tobe.render_section(result, _run_changed)
        _structure(s)
    elif section == "AI layer":
        caps = result.plan.tables.get("capabilities")
        if caps is None or caps.empty:
            st.info("No AI capability is deployed in this plan.")
        else:
            _ai_layer(caps, s, labels, state.show_costs())
    elif section == "Dates and the law":
        _law(result)
    elif section == "Lock and re-optimise":
        st.write("Keep some teams exactly as this plan has them, and let the optimiser "
                 "redesign the rest.")
        teams_all = sorted(staffing["team"].astype(str).unique())
        chosen = st.multiselect("Teams to lock", teams_all, key="lock_teams")
        if st.button("Lock and re-optimise", disabled=not chosen):
            _run_changed(f"Run {len(st.session_state.get('runs', [])) + 1}: "
                         f"{len(chosen)} team(s) locked", lock_teams(result, chosen))


def render() -> None:
    """Draw the page."""
    st.title("Run and plan")
    doc = state.scenario_doc()
    tags = len(doc.get("inputs", {}).get("tag_overrides", []) or [])
    st.caption(f"Scenario **{state.md(doc.get('name', ''))}** on "
               f"{state.md(state.roster_source().label)}; {tags} task tag(s) changed. "
               "Every setting is on the Scenario page; the common ones are here.")
    scenario = _quick_levers()
    if scenario is not None:
        run_working(scenario=scenario)
    result = state.current_run()
    if result is None:
        st.info("Set the levers and press Run.")
        render_frontier()
        return
    runs = st.session_state.get("runs", [])
    if len(runs) > 1:
        labels = [r["label"] for r in runs]
        now = st.session_state["current_run"]
        pick = st.selectbox(f"Showing run {now + 1} of {len(runs)}", range(len(runs)),
                            index=now, key=f"show_run_{len(runs)}",
                            format_func=lambda i: labels[i])
        if pick != st.session_state["current_run"]:
            st.session_state["current_run"] = pick
            st.rerun()
    _show(result)
    render_frontier()
    if result.plan.has_plan:
        # the answer to Save is shown outside the expander: the rerun a button makes draws the
        # expander closed again, and a message inside it would not be seen
        answer = st.container()
        with st.expander("Save this run to the store"):
            note = st.text_input("Note", key="run_note")
            clicked = st.button("Save the scenario and its run")
        if clicked:
            try:
                saved = state.store().save_plan(result.scenario, result.plan, note=note,
                                                by=state.acting())
                answer.success(f"Saved as run {saved.run_id} ({state.md(saved.name)} version "
                               f"{saved.version}). Compare it with other runs on the "
                               f"{state.page_name('planner/ui/compare.py')} page.")
            except PlannerError as exc:
                answer.error(state.md(str(exc)))


if __name__ == "__main__":  # run as a page by st.navigation (streamlit_app.py)
    render()
    state.next_step("planner/ui/plan.py")
