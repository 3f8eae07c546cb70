"""Scenario page: every setting of the scenario model as a form, common levers first.

Widgets come from the pydantic model itself (types, bounds, units in the field docs), so
a new lever in :mod:`planner.scenario.model` shows up here with its help text.
"""

from __future__ import annotations

import copy
import types
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pandas as pd
import streamlit as st
import yaml
from pydantic import BaseModel

from planner.errors import PlannerError
from planner.io.plan_folder import SCENARIO_FILE
from planner.labels import ACTIVITIES, Labels, activity_label, library_labels
from planner.scenario import model as sm
from planner.ui import state


# Widgets from the model ----------------------------------------------------------------------
def _unwrap(annotation: Any) -> tuple[Any, bool, dict[str, float]]:
    """(base type, optional?, bounds) of a field annotation."""
    optional = False
    bounds: dict[str, float] = {}
    ann = annotation
    if get_origin(ann) in (Union, types.UnionType):
        args = [a for a in get_args(ann) if a is not type(None)]
        optional = len(args) < len(get_args(ann))
        ann = args[0] if len(args) == 1 else ann
    if get_origin(ann) is Annotated:
        base, *meta = get_args(ann)
        for m in meta:
            for c in getattr(m, "metadata", [m]):
                for k in ("ge", "gt", "le", "lt"):
                    if getattr(c, k, None) is not None:
                        bounds[k] = float(getattr(c, k))
        ann = base
    return ann, optional, bounds


def field_widget(box: Any, model: type[BaseModel], name: str, value: Any, key: str,
                 label: str | None = None, percent: bool = False) -> Any:
    """A widget for one scalar field of a scenario model; returns the value chosen.
    ``percent`` shows a share as a percentage (15 for 0.15) and returns the share."""
    info = model.model_fields[name]
    base, optional, bounds = _unwrap(info.annotation)
    for c in info.metadata:
        for k in ("ge", "gt", "le", "lt"):
            if getattr(c, k, None) is not None:
                bounds[k] = float(getattr(c, k))
    text = label or name.replace("_", " ").capitalize()
    help_ = info.description
    if base is bool:
        return box.toggle(text, value=bool(value), key=key, help=help_)
    if isinstance(base, type) and issubclass(base, Enum):
        options = [e.value for e in base]
        current = value.value if isinstance(value, Enum) else value
        return box.selectbox(text, options, index=options.index(current)
                             if current in options else 0, key=key, help=help_,
                             format_func=lambda v: getattr(base(v), "label", v))
    if get_origin(base) is Literal:
        options = [*([None] if optional else []), *get_args(base)]
        return box.selectbox(text, options, index=options.index(value) if value in options
                             else 0, key=key, help=help_,
                             format_func=lambda v: "(not set)" if v is None else str(v))
    if base in (int, float):
        lo = bounds.get("ge", bounds.get("gt"))
        hi = bounds.get("le", bounds.get("lt"))
        if base is int:
            return box.number_input(text, min_value=None if lo is None else int(lo),
                                    max_value=None if hi is None else int(hi),
                                    value=None if value is None else int(value), step=1,
                                    key=key, help=help_,
                                    placeholder="not set" if optional else None)
        if percent:
            pct = box.number_input(
                text, min_value=None if lo is None else lo * 100,
                max_value=None if hi is None else hi * 100,
                value=None if value is None else round(float(value) * 100, 6), step=1.0,
                key=key, help=f"{help_ or ''} Entered in % (15 = 15%).".strip(), format="%.4g",
                placeholder="not set" if optional else None)
            return None if pct is None else pct / 100
        step = 0.01 if hi is not None and hi <= 2 else 1.0
        return box.number_input(text, min_value=lo, max_value=hi,
                                value=None if value is None else float(value), step=step,
                                key=key, help=help_, format="%.4g",
                                placeholder="not set" if optional else None)
    return box.text_input(text, value="" if value is None else str(value), key=key,
                          help=help_) or (None if optional else "")


LABELS = {
    "objective.kind": "Objective",
    "objective.budget": "Budget over the horizon (for 'Most capacity within a budget')",
    "objective.price_per_redundancy": "Price per redundancy (for 'Lowest cost with a price "
                                      "on each redundancy')",
    "levers.no_redundancy": "No-redundancy pledge",
    "levers.max_redundancies": "Most redundancies over the horizon [FTE]",
    "levers.max_reduction_per_period": "Most fewer per team per period (%)",
    "levers.max_reduction_overall": "Most fewer overall (%)",
    "levers.redundancy_months_of_pay": "Severance (months of pay)",
    "levers.savings_target": "Run-rate savings target (%)",
    "levers.one_off_budget": "One-off budget",
    "levers.span.min": "Span of control floor", "levers.span.max": "Span of control cap",
    "levers.attrition.new": "Attrition of new hires (% a year)",
    "levers.attrition.long": "Attrition of other staff (% a year)",
    "levers.hiring.freeze": "Hiring freeze", "levers.hiring.cap_per_period": "Hires per period",
    "levers.hiring.cost_per_hire": "Cost per hire",
    "levers.vacancies.funded": "Vacancies kept open cost their budget",
    "levers.team_fte.min_viable": "Smallest viable team [FTE] (smaller ones merge)",
    "levers.delayering.min_span": "Narrowest span kept [direct reports per manager FTE]",
    "levers.delayering.period": "Manager posts gone by period (1, 2, ...; blank = the last)",
    "levers.redeployment.scope": "Redeployment scope",
    "levers.redeployment.cost_per_fte": "Cost per FTE redeployed",
    "levers.demand_growth.default": "Demand growth (% a year)",
    "finance.discount_rate": "Discount rate (% a year)",
    "levers.reskilling_auto.min_similarity": "Least similarity of the two roles (0-1)",
    "levers.reskilling_auto.top_k": "Most paths from one role",
    "levers.reskilling_auto.capacity_per_period": "Most starting a path per period [FTE]",
    "levers.reskilling_auto.cost_per_fte": "Cost per FTE between alike roles",
    "levers.reskilling_auto.cost_per_fte_at_zero_similarity": "Cost per FTE between roles "
                                                              "with nothing in common",
    "levers.reskilling_auto.lead_time_periods": "Lead time (periods)",
    "levers.reskilling_auto.extra_lead_time_at_zero_similarity": "Extra lead time between "
                                                                 "roles with nothing in common",
}
"""Labels a planner reads; other fields are labelled from their names."""
PERCENT = {"levers.max_reduction_per_period", "levers.max_reduction_overall",
           "levers.savings_target", "levers.attrition.new", "levers.attrition.long",
           "levers.demand_growth.default", "finance.discount_rate"}
"""Shares a planner enters as percentages (the scenario keeps the share: 15 -> 0.15)."""


def setting_label(key: str) -> str:
    """A setting as the form names it ("No-redundancy pledge"); else its key path."""
    return LABELS.get(key, key)


def value_in_words(key: str, value: object) -> str:
    """A setting's value as the form enters it: booleans as on / off, shares in % where the
    form takes a percentage, "(not set)" for none."""
    if value is None:
        return "(not set)"
    if pd.api.types.is_bool(value):
        return "on" if value else "off"
    if key in PERCENT and pd.api.types.is_number(value):
        return f"{float(value) * 100:.4g}%"
    return str(value)


IMPUTE_CHOICES = {None: "leave them without a cost (no pay counted)",
                  "grade": "cost them like their grade's peers",
                  "role": "cost them like their role's peers"}


def model_fields(box: Any, model: type[BaseModel], values: dict[str, Any], path: str,
                 names: list[str], ver: int, columns: int = 3) -> dict[str, Any]:
    """Widgets for several scalar fields of one sub-model, laid out in columns."""
    cols = box.columns(columns)
    out = dict(values)
    for i, name in enumerate(names):
        out[name] = field_widget(cols[i % columns], model, name, values.get(name),
                                 f"sc{ver}_{path}.{name}", LABELS.get(f"{path}.{name}"),
                                 percent=f"{path}.{name}" in PERCENT)
    return out


# Tables for lists and mappings ----------------------------------------------------------------
def _none(v: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, str) and not v.strip():
        return None
    return v


def _gates(lev: dict[str, Any], ver: int, capability_ids: list[str]) -> None:
    """The adoption gates (``levers.gates``): a capability, the adoption it must reach
    (entered in %) and the exits held until then."""
    st.caption("Adoption gates: in the teams an AI capability works in, exits wait until "
               "its adoption reaches a level (cuts follow gains); the plan says what that "
               "costs")
    gates = pd.DataFrame(lev.get("gates", []), columns=["capability", "adoption", "holds"])
    gates["adoption"] = (gates["adoption"].astype(float) * 100).round(6)
    gates = st.data_editor(gates, num_rows="dynamic", hide_index=True, key=f"sc{ver}_gates",
                           column_config={
                               "capability": st.column_config.SelectboxColumn(
                                   "capability", options=sorted(
                                       set(capability_ids) | set(gates["capability"].dropna()))),
                               "adoption": st.column_config.NumberColumn(
                                   "adoption reached (%)", min_value=0.0, max_value=100.0,
                                   help=sm.Gate.model_fields["adoption"].description),
                               "holds": st.column_config.SelectboxColumn(
                                   "exits held", options=[h.value for h in sm.GateHolds],
                                   help=sm.Gate.model_fields["holds"].description)})
    gates = gates.assign(adoption=gates["adoption"].astype(float) / 100)
    lev["gates"] = rows_of(gates)


def rows_of(frame: pd.DataFrame, ints: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Non-empty rows of an edited table as dicts without empty cells."""
    out = []
    for rec in frame.to_dict("records"):
        row = {k: _none(v) for k, v in rec.items()}
        row = {k: (int(v) if k in ints and v is not None else v) for k, v in row.items()
               if v is not None}
        if row:
            out.append(row)
    return out


def _list_text(v: Any) -> str:
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return "" if v is None else str(v)


def _split(text: Any) -> list[str]:
    return [t.strip() for t in str(text or "").replace("|", ",").split(",") if t.strip()]


CAPABILITY_COLUMNS = {
    "name": "name", "id": "id (the scenario's key)", "kind": "kind",
    "description": "description",
    "categories": "activities", "tasks": "task ids", "cost_per_hour": "cost per AI hour",
    "fixed_cost_per_team": "fixed cost per team a year",
    "implementation_cost": "one-off cost per team", "adoption": "adoption",
    "oversight_hours_per_ai_hour": "oversight h per AI h",
    "ops_hours_per_fte": "AI hours one ops FTE runs", "ops_cost_per_fte": "cost per ops FTE",
    "uplift": "uplift (assist)", "cost_per_assisted_fte": "cost per assisted FTE"}
"""Headers of the capabilities table (the scenario's keys are its column names)."""


def capabilities_table(caps: list[dict[str, Any]]) -> pd.DataFrame:
    """The scenario's capabilities as an editable table: categories as a list (shown in
    words), the name the plan's pages use (the catalogue's, when the scenario names none)."""
    cols = list(CAPABILITY_COLUMNS)
    rows = [{c: (_list_text(cap.get(c)) if c in ("tasks", "adoption")
                 else list(cap.get(c) or []) if c == "categories" else cap.get(c))
             for c in cols} for cap in caps]
    for row in rows:
        if not row["name"] and row["id"]:
            row["name"] = Labels().capability(row["id"])
    frame = pd.DataFrame(rows, columns=cols)
    for c in ("id", "name", "kind", "description", "categories", "tasks", "adoption"):
        frame[c] = frame[c].astype(object)
    return frame


def capabilities_from(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Capabilities (scenario form) from the edited table."""
    out = []
    for row in rows_of(frame):
        if not row.get("id"):
            continue
        row["tasks"] = _split(row.get("tasks"))
        cats = row.get("categories")  # a list (or an array) from the multiselect column
        row["categories"] = _split(cats) if cats is None or isinstance(cats, str) else [
            str(c) for c in cats]
        if "adoption" in row:
            vals = [float(x) for x in _split(row["adoption"])]
            row["adoption"] = vals[0] if len(vals) == 1 else vals
        out.append(row)
    return out


def _mapping_table(mapping: dict[str, Any], key: str, columns: list[str]) -> pd.DataFrame:
    rows = [{key: k, **(v if isinstance(v, dict) else {columns[0]: v})}
            for k, v in (mapping or {}).items()]
    return pd.DataFrame(rows, columns=[key, *columns])


def _mapping_from(frame: pd.DataFrame, key: str, scalar: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for row in rows_of(frame):
        k = row.pop(key, None)
        if k:
            out[str(k)] = row.get(scalar) if scalar else row
    return {k: v for k, v in out.items() if v is not None}


def mapping_editor(caption: str, mapping: dict[str, Any], key_col: str, columns: list[str],
                   key: str, options: list[str], scalar: str | None = None,
                   format_func: Callable[[str], str] = str,
                   percent: bool = False) -> dict[str, Any]:
    """An editable table of a per-role or per-team setting; the mapping it describes
    (values are the one ``scalar`` column, or dicts of ``columns``); ``format_func`` shows
    each key (a role's title for a role id); ``percent`` shows shares as percentages."""
    st.caption(caption)
    table = _mapping_table(mapping, key_col, columns)
    if percent:
        table[columns] = (table[columns].astype(float) * 100).round(6)
    frame = st.data_editor(table, num_rows="dynamic", hide_index=True, key=key,
                           column_config={key_col: st.column_config.SelectboxColumn(
                               options=options, format_func=format_func)})
    if percent:
        frame = frame.assign(**{c: frame[c].astype(float) / 100 for c in columns})
    return _mapping_from(frame, key_col, scalar)


# The page ------------------------------------------------------------------------------------
def _load_controls() -> None:
    c = st.columns([3, 1, 3, 1])
    names = state.model_names()
    choice = c[0].selectbox("Shipped scenarios (models/)", names, key="load_model",
                            index=names.index(state.DEFAULT_MODEL)
                            if state.DEFAULT_MODEL in names else 0)
    if c[1].button("Load", key="load_model_btn"):
        doc = state.model_doc(choice)
        source = state.roster_source()
        if not source.sample:
            doc = state.fit_to_roster(doc, source)
        _replace(doc, f"models/{choice}", state.model_tag_sources(choice))
    try:
        saved = state.store().scenarios()
    except PlannerError as exc:
        c[2].caption(f"Store unavailable: {exc}")
        return
    if saved.empty:
        c[2].caption("No saved scenarios in the store yet.")
        return
    labels = {int(r.id): f"{r.name} v{r.version} ({r.created:%Y-%m-%d %H:%M})"
              for r in saved.itertuples()}
    sid = c[2].selectbox("Saved versions (store)", list(labels), format_func=labels.get,
                         key="load_saved")
    if c[3].button("Load", key="load_saved_btn"):
        doc = state.store().scenario(int(sid))["body"]
        source = state.roster_source()
        roster = doc.get("inputs", {}).get("roster")
        saved_paths = tuple(roster if isinstance(roster, list) else [roster] if roster else [])
        if saved_paths and saved_paths != source.paths:
            doc = state.fit_to_roster(doc, source)
            st.session_state["load_note"] = (
                f"This version was saved on another roster; it now plans on "
                f"{source.label}, and levers naming teams or roles this roster lacks were "
                "left out.")
        _replace(doc, f"store:{sid}", {})


def _replace(doc: dict[str, Any], origin: str, sources: dict[str, Any]) -> None:
    st.session_state["tag_sources"] = dict(sources)
    state.set_scenario_doc(doc, origin)
    st.session_state["form_version"] = st.session_state.get("form_version", 0) + 1
    st.session_state.pop("scenario_errors", None)
    st.rerun()


AUTO_FIELDS = ["min_similarity", "top_k", "capacity_per_period", "cost_per_fte",
               "cost_per_fte_at_zero_similarity", "lead_time_periods",
               "extra_lead_time_at_zero_similarity"]
"""The settings of ``levers.reskilling_auto`` the form shows, in the order a planner sets
them."""


def _reskilling_auto(lev: dict[str, Any], ver: int) -> None:
    """``levers.reskilling_auto``: on, its settings (the model's defaults to start from);
    off, none (no suggested path)."""
    auto = lev.get("reskilling_auto")
    on = st.toggle("Also suggest reskilling paths between roles that share work",
                   value=auto is not None, key=f"sc{ver}_reskilling_auto_on",
                   help=sm.Levers.model_fields["reskilling_auto"].description)
    if not on:
        lev["reskilling_auto"] = None
        st.caption("Turn it on and press Apply to set how alike two roles must be and what a "
                   "suggested path costs.")
        return
    start = {**sm.ReskillingAuto().model_dump(), **(auto or {})}
    lev["reskilling_auto"] = model_fields(st, sm.ReskillingAuto, start,
                                          "levers.reskilling_auto", AUTO_FIELDS, ver,
                                          columns=4)


def _delayering(lev: dict[str, Any], ver: int, org_teams: list[str]) -> None:
    """``levers.delayering``: on, the narrowest span kept, the period and the teams it may
    fold (the model's defaults to start from); off, none."""
    now = lev.get("delayering")
    on = st.toggle("Delayer teams whose managers have narrow spans", value=now is not None,
                   key=f"sc{ver}_delayering_on",
                   help=sm.Levers.model_fields["delayering"].description)
    if not on:
        lev["delayering"] = None
        return
    start = {**sm.Delayering().model_dump(), **(now or {})}
    out = model_fields(st, sm.Delayering, start, "levers.delayering", ["min_span", "period"],
                       ver, columns=2)
    out["teams"] = st.multiselect(
        "Only these teams (none: every team)", sorted(set(org_teams) | set(start["teams"])),
        default=start["teams"], key=f"sc{ver}_delayering_teams",
        help=sm.Delayering.model_fields["teams"].description)
    lev["delayering"] = out


def build_doc(doc: dict[str, Any], ver: int, org_teams: list[str], org_roles: list[str],
              labels: Labels | None = None) -> dict[str, Any]:
    """Draw the form's widgets; the scenario dict they describe (roles shown by the title
    ``labels`` gives them)."""
    title = (labels or Labels()).role
    new = copy.deepcopy(doc)
    lev = new.setdefault("levers", {})
    st.subheader("Common levers")
    top = st.columns([2, 3])
    new["name"] = top[0].text_input("Name", value=doc.get("name", ""), key=f"sc{ver}_name")
    new["description"] = top[1].text_input("Description", value=doc.get("description", ""),
                                           key=f"sc{ver}_description")
    new["objective"] = model_fields(st, sm.Objective, doc.get("objective", {}), "objective",
                                    ["kind", "budget", "price_per_redundancy"], ver)
    lev.update(model_fields(st, sm.Levers, lev, "levers",
                            ["no_redundancy", "max_redundancies", "max_reduction_per_period",
                             "max_reduction_overall", "redundancy_months_of_pay",
                             "savings_target", "one_off_budget"], ver))
    lev["span"] = model_fields(st, sm.Span, lev.get("span", {}), "levers.span",
                               ["min", "max"], ver, columns=3)
    new["horizon"] = model_fields(st, sm.Horizon, doc.get("horizon", {}), "horizon",
                                  ["periods", "period", "start", "rates_per_period"], ver,
                                  columns=4)

    with st.expander("AI capabilities", expanded=True):
        code = state.currency() or "the roster's currency"
        st.caption("What each AI capability executes (execute) or assists (assist), by "
                   f"activity or task id; costs in {code} per hour, per team a year "
                   "and one-off per team; adoption as one share or one per period "
                   "(0.25, 0.5, 0.75, 1). The name is what the plan's pages call it.")
        caps = doc.get("capabilities", [])
        activities = sorted(set(ACTIVITIES) | {
            str(c) for cap in caps for c in cap.get("categories") or []})
        caps = st.data_editor(
            capabilities_table(caps), num_rows="dynamic", hide_index=True, width="stretch",
            key=f"sc{ver}_caps", column_config={
                **{c: st.column_config.Column(h) for c, h in CAPABILITY_COLUMNS.items()},
                "kind": st.column_config.SelectboxColumn(
                    "kind", options=[k.value for k in sm.CapabilityKind]),
                "categories": st.column_config.MultiselectColumn(
                    "activities", options=activities, format_func=activity_label,
                    help="The activity categories whose tasks the capability takes on.")})
        new["capabilities"] = capabilities_from(caps)

    with st.expander("People levers: attrition, hiring, moves, reskilling, protection"):
        att = lev.get("attrition", {})
        lev["attrition"] = model_fields(st, sm.Attrition, att, "levers.attrition",
                                        ["new", "long"], ver, columns=2)
        lev["attrition"]["roles"] = mapping_editor(
            "Attrition by role [% a year]", att.get("roles", {}), "role", ["new", "long"],
            f"sc{ver}_att_roles", org_roles, format_func=title, percent=True)
        hire = lev.get("hiring", {})
        lev["hiring"] = model_fields(st, sm.Hiring, hire, "levers.hiring",
                                     ["freeze", "cap_per_period", "cost_per_hire"], ver)
        lev["hiring"]["role_caps"] = mapping_editor(
            "Hiring cap per period by role [FTE]", hire.get("role_caps", {}), "role", ["cap"],
            f"sc{ver}_role_caps", org_roles, scalar="cap", format_func=title)
        lev["vacancies"] = model_fields(st, sm.Vacancies, lev.get("vacancies", {}),
                                        "levers.vacancies", ["funded"], ver)
        lev["redeployment"] = model_fields(st, sm.Redeployment, lev.get("redeployment", {}),
                                           "levers.redeployment", ["scope", "cost_per_fte"], ver,
                                           columns=2)
        st.caption("Reskilling paths: staff of one role trained into another")
        rs_cols = ["from", "to", "capacity_per_period", "capacity_share_of_target",
                   "cost_per_fte", "lead_time_periods", "retention"]
        shares = ["capacity_share_of_target", "retention"]  # entered in %
        rs = pd.DataFrame(lev.get("reskilling", []), columns=rs_cols)
        rs[shares] = (rs[shares].astype(float) * 100).round(6)
        rs = st.data_editor(rs, num_rows="dynamic", hide_index=True, width="stretch",
                            key=f"sc{ver}_reskilling", column_config={
                                "from": st.column_config.SelectboxColumn(
                                    "from", options=org_roles, format_func=title),
                                "to": st.column_config.SelectboxColumn(
                                    "to", options=org_roles, format_func=title),
                                "capacity_per_period": st.column_config.NumberColumn(
                                    "most starting per period [FTE]", min_value=0.0),
                                "capacity_share_of_target": st.column_config.NumberColumn(
                                    "most starting per period (% of the target role)",
                                    min_value=0.0),
                                "cost_per_fte": st.column_config.NumberColumn(
                                    "cost per FTE reskilled", min_value=0.0),
                                "lead_time_periods": st.column_config.NumberColumn(
                                    "lead time (periods)", min_value=0, step=1),
                                "retention": st.column_config.NumberColumn(
                                    "arriving (%)", min_value=0.0, max_value=100.0,
                                    help=sm.Reskilling.model_fields["retention"].description)})
        rs = rs.assign(**{c: rs[c].astype(float) / 100 for c in shares})
        lev["reskilling"] = rows_of(rs, ints=("lead_time_periods",))
        _reskilling_auto(lev, ver)
        p = st.columns(2)
        lev["protected_teams"] = p[0].multiselect(
            "Protected teams", sorted(set(org_teams) | set(lev.get("protected_teams", []))),
            default=lev.get("protected_teams", []), key=f"sc{ver}_prot_teams",
            help=sm.Levers.model_fields["protected_teams"].description)
        lev["protected_roles"] = p[1].multiselect(
            "Protected roles", sorted(set(org_roles) | set(lev.get("protected_roles", []))),
            default=lev.get("protected_roles", []), key=f"sc{ver}_prot_roles",
            format_func=title,
            help=sm.Levers.model_fields["protected_roles"].description)
        st.caption("Locks: FTE fixed for a team's role (period 1, 2, ...; blank = every period)")
        locks = st.data_editor(pd.DataFrame(lev.get("locks", []),
                                            columns=["team", "role", "fte", "period"]),
                               num_rows="dynamic", hide_index=True, key=f"sc{ver}_locks",
                               column_config={
                                   "team": st.column_config.SelectboxColumn(options=org_teams),
                                   "role": st.column_config.SelectboxColumn(
                                       options=org_roles, format_func=title)})
        lev["locks"] = rows_of(locks, ints=("period",))
        _gates(lev, ver, [str(c.get("id")) for c in new.get("capabilities", [])
                          if c.get("id")])

    with st.expander("Team sizes, spans, allowances and demand growth"):
        tf = lev.get("team_fte", {})
        lev["team_fte"] = model_fields(st, sm.TeamFte, tf, "levers.team_fte",
                                       ["min", "max", "min_share", "max_share",
                                        "min_viable"], ver, columns=5)
        lev["team_fte"]["teams"] = mapping_editor(
            "FTE bounds of named teams", tf.get("teams", {}), "team", ["min", "max"],
            f"sc{ver}_team_bounds", org_teams)
        _delayering(lev, ver, org_teams)
        for name in ("overstaffing", "short_time"):
            st.caption(sm.Levers.model_fields[name].description)
            lev[name] = model_fields(st, sm.Allowance, lev.get(name, {}), f"levers.{name}",
                                     ["per_pool", "total", "cost_per_fte", "factor"], ver,
                                     columns=4)
        growth = lev.get("demand_growth", {})
        lev["demand_growth"] = model_fields(st, sm.Growth, growth, "levers.demand_growth",
                                            ["default"], ver, columns=3)
        lev["demand_growth"]["teams"] = mapping_editor(
            "Demand growth by team [% a year]", growth.get("teams", {}), "team", ["growth"],
            f"sc{ver}_growth", org_teams, scalar="growth", percent=True)

    with st.expander("Finance and solver"):
        inputs = new.setdefault("inputs", {})
        c = st.columns(2)
        inputs["impute_cost"] = c[0].selectbox(
            state.SETTING_LABELS["impute_cost"], [None, "grade", "role"],
            index=[None, "grade", "role"].index(inputs.get("impute_cost")),
            key=f"sc{ver}_impute_cost", format_func=IMPUTE_CHOICES.get,
            help="A position the roster gives no cost counts no pay unless you choose here "
                 "to cost it at the median cost per FTE of its peers; every imputed row is "
                 "listed. (inputs.impute_cost)")
        inputs["on_cost_rate"] = field_widget(
            c[1], sm.Inputs, "on_cost_rate", inputs.get("on_cost_rate"),
            f"sc{ver}_on_cost_rate", state.SETTING_LABELS["on_cost_rate"])
        new["finance"] = model_fields(st, sm.Finance, doc.get("finance", {}), "finance",
                                      ["discount_rate"], ver)
        new["solver"] = model_fields(st, sm.Solver, doc.get("solver", {}), "solver",
                                     ["backend", "time_limit", "gap", "integer"], ver, columns=4)
    return new


def render() -> None:
    """Draw the page."""
    st.title("Scenario")
    _load_controls()
    doc = state.scenario_doc()
    origin = st.session_state.get("scenario_origin", "")
    tags = len(doc.get("inputs", {}).get("tag_overrides", []) or [])
    heading = st.empty()  # filled at the end: the scenario as applied or saved on this run
    note = st.session_state.pop("load_note", None)
    if note:
        st.warning(state.md(note))
    org = state.current_org()
    if org is not None and state.team_column(org) == "manager":
        st.warning("This roster has no team, department or cost-centre column: the plan "
                   "treats the organisation as one team. Map a team column on the Data page.")
    teams = sorted(org.graph.teams()["team"].astype(str)) if org is not None else []
    roles = sorted(org.roster["role_id"].dropna().astype(str).unique()) if org is not None \
        else []
    ver = st.session_state.get("form_version", 0)
    with st.form("scenario_form"):
        new = build_doc(doc, ver, teams, roles,
                        library_labels(org.library) if org is not None else None)
        applied = st.form_submit_button("Apply", type="primary")
        st.subheader("Save")
        st.caption("Saving applies what the form shows first, then keeps it as a new version "
                   "in the store.")
        c = st.columns([2, 2, 1])
        note = c[0].text_input("Note for this version", key="save_note")
        author = c[1].text_input("Author", key="save_author")
        save = c[2].form_submit_button("Save as a new version")
    if applied or save:
        errors = state.validate_doc(new)
        st.session_state["scenario_errors"] = errors
        if not errors:
            state.set_scenario_doc(new)
            if applied:
                st.success(f"Applied. Run it on the "
                           f"{state.page_name('planner/ui/plan.py')} page.")
    errors = st.session_state.get("scenario_errors") or []
    if errors:
        st.error(("Not saved and not applied" if save else "The scenario was not applied") +
                 ": fix these settings.")
        st.dataframe(pd.DataFrame(errors, columns=["setting", "problem"]), hide_index=True,
                     width="stretch")
    elif save:
        try:
            # the store keeps the scenario's one document, as the CLI and the runs write it
            saved = state.store().save_scenario(
                sm.scenario_from_dict(new, base_dir=state.MODELS), by=state.acting(author),
                note=note)
            st.success(f"Applied and saved {state.md(saved.name)} version {saved.version}.")
        except PlannerError as exc:
            st.error(state.md(f"Applied, not saved: {exc}"))
    heading.caption(f"Working scenario: **{state.md(state.scenario_doc().get('name', ''))}** "
                    f"(from {state.md(origin)}); {tags} task tag(s) changed on the "
                    f"{state.page_name('planner/ui/work.py')} page.")
    st.download_button("Download the scenario as applied (YAML)",
                       yaml.safe_dump(state.scenario_doc(), sort_keys=False),
                       file_name=SCENARIO_FILE, mime="application/yaml")


if __name__ == "__main__":  # run as a page by st.navigation (streamlit_app.py)
    render()
    state.next_step("planner/ui/scenario.py")
