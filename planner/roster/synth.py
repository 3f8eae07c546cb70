"""Seeded synthetic organisations, from 10 to millions of positions.

The generator builds a hierarchy top-down, one layer at a time with numpy: each manager
gets a span drawn around the value that fills the target number of layers (3 to 15
direct reports, 5 to 9 layers for a few hundred positions and up), hands its remaining
budget of positions to the managers among its reports, and the rest of its reports are
individual contributors. Every position gets a role (by function and level), a title drawn
from the role's aliases, a grade, a location, pay by role and grade, and an employment type.
No names: the planner works with positions.

Roles and titles come from the fictional company's job catalogue
(``data/sample_org_roles.csv``: the 64 roles of the library as it stood when the sample org
was made), not from the growing library, so that the same seed keeps giving the same roster
when roles or aliases are added to the library; a ``library`` given instead is drawn from.

The same ``positions`` and ``seed`` always give the same roster.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from planner.schema import RoleSchema
from planner.work.library import Library, data_dir, validate_table

COMPANY_ROLES_FILE = "sample_org_roles.csv"
"""The fictional company's job catalogue in the data folder (the columns of roles.csv)."""

FUNCTION_WEIGHTS: dict[str, float] = {
    "customer_support": 0.20, "operations": 0.16, "sales": 0.13, "engineering": 0.12,
    "finance": 0.07, "marketing": 0.06, "it": 0.06, "data": 0.05, "hr": 0.05,
    "product": 0.04, "legal": 0.03, "procurement": 0.03,
}
"""Share of the workforce per function."""
FUNCTION_NAMES: dict[str, str] = {
    "customer_support": "Customer Support", "operations": "Operations", "sales": "Sales",
    "engineering": "Engineering", "finance": "Finance", "marketing": "Marketing",
    "it": "IT", "data": "Data & Analytics", "hr": "People", "product": "Product",
    "legal": "Legal & Compliance", "procurement": "Procurement", "executive": "Executive Office",
}
LOCATIONS: dict[str, float] = {
    "London": 0.34, "Manchester": 0.2, "Leeds": 0.14, "Glasgow": 0.12, "Bristol": 0.1,
    "Dublin": 0.06, "Remote": 0.04,
}
EMPLOYMENT: dict[str, float] = {
    "permanent": 0.88, "fixed_term": 0.06, "contractor": 0.04, "temporary": 0.02,
}
MIN_SPAN, MAX_SPAN = 3, 15
MAX_LAYERS = 9
COMPANY = "Northwind Mutual"
"""The fictional company of the bundled sample org."""


MEAN_SPAN = 7.0
"""Average direct reports per manager the generator aims for [positions]."""


@dataclass(frozen=True)
class _Tree:
    parent: np.ndarray
    depth: np.ndarray
    function: np.ndarray
    unit: np.ndarray
    n_children: np.ndarray


def target_layers(positions: int) -> int:
    """Layers a realistic org of this size has: 5 from a few hundred positions, up to 9."""
    if positions <= 2:
        return positions
    layers = int(round(np.log(positions) / np.log(8.0))) + 2
    return int(np.clip(layers, 2 if positions < 60 else 5, MAX_LAYERS))


def layer_sizes(positions: int, heads: int, layers: int) -> np.ndarray:
    """Positions per layer: 1 at the top, ``heads`` below it, then growing geometrically."""
    if layers <= 2:
        return np.array([1, positions - 1][:layers], dtype=np.int64)
    rest = positions - 1
    lo, hi = 1.0, 64.0
    for _ in range(80):  # bisection on the growth ratio g: heads * sum g^k = rest
        g = (lo + hi) / 2
        total = heads * sum(g**k for k in range(layers - 1))
        lo, hi = (g, hi) if total < rest else (lo, g)
    sizes = [1] + [max(1, int(round(heads * g**k))) for k in range(layers - 2)]
    sizes.append(positions - sum(sizes))
    while sizes[-1] < sizes[-2]:  # rounding left too few for the bottom layer
        sizes[-2] -= 1
        sizes[-1] += 1
    return np.array(sizes, dtype=np.int64)


def _spans(children: int, managers: int, rng: np.random.Generator,
           weights: np.ndarray | None = None) -> np.ndarray:
    """Split ``children`` over ``managers``: each span within [3, 15] where the sizes allow."""
    lo = MIN_SPAN if children >= MIN_SPAN * managers else 1
    hi = max(MAX_SPAN, int(np.ceil(children / managers)))
    w = rng.gamma(2.0, 1.0, managers) if weights is None else weights.astype(float)
    spans = np.full(managers, lo, dtype=np.int64)
    extra = children - lo * managers
    spans += np.floor(extra * w / w.sum()).astype(np.int64)
    short = children - spans.sum()
    spans[np.argsort(-w)[:short]] += 1
    for _ in range(100):  # move overflow above the cap to managers with room
        over = np.maximum(spans - hi, 0)
        if not over.any():
            break
        spans -= over
        room = np.flatnonzero(spans < hi)
        add = np.bincount(rng.choice(room, int(over.sum())), minlength=managers)
        spans += add
    return spans


def _build_tree(n: int, rng: np.random.Generator) -> _Tree:
    functions = np.array(list(FUNCTION_WEIGHTS))
    fweights = np.array(list(FUNCTION_WEIGHTS.values()))
    layers = target_layers(n)
    if layers > 2:
        # As many function heads as the org can give spans of at least three.
        for heads in range(int(min(len(functions), max(1, (n - 1) // 5))), 0, -1):
            sizes = layer_sizes(n, heads, layers)
            if sizes[2] >= MIN_SPAN * heads:
                break
    else:
        heads = n - 1
        sizes = layer_sizes(n, heads, layers)
    parent = [np.array([-1], dtype=np.int64)]
    function = [np.array(["executive"], dtype=object)]
    unit = [np.array([-1], dtype=np.int64)]
    start = 0  # index of the first node of the current layer
    for k in range(1, len(sizes)):
        prev = np.arange(start, start + sizes[k - 1])
        kids = int(sizes[k])
        if k == 1:
            mgrs = prev
            spans = np.array([kids])
        elif k == 2:
            mgrs = prev  # every function head manages
            spans = _spans(kids, len(mgrs), rng, weights=fweights[: len(mgrs)])
        else:
            # Stratified by function, so each function keeps its share of the workforce.
            prev_func = np.concatenate(function)[prev]
            names, counts = np.unique(prev_func, return_counts=True)
            alloc = np.floor(kids * counts / counts.sum()).astype(np.int64)
            alloc[np.argsort(-counts)[: kids - alloc.sum()]] += 1
            mgr_parts, span_parts = [], []
            for name, f_kids in zip(names, alloc, strict=True):
                if f_kids == 0:
                    continue
                pool = prev[prev_func == name]
                m = int(np.clip(round(f_kids / MEAN_SPAN), np.ceil(f_kids / MAX_SPAN), len(pool)))
                m = max(1, min(m, f_kids // MIN_SPAN or 1))
                mgr_parts.append(np.sort(rng.choice(pool, m, replace=False)))
                span_parts.append(_spans(int(f_kids), m, rng))
            mgrs = np.concatenate(mgr_parts)
            spans = np.concatenate(span_parts)
            order = np.argsort(mgrs, kind="stable")
            mgrs, spans = mgrs[order], spans[order]
        par = np.repeat(mgrs, spans)
        parent.append(par)
        prev_func = np.concatenate(function)
        if k == 1:
            function.append(np.resize(functions[:heads], kids).astype(object))
            unit.append(np.full(kids, -1, dtype=np.int64))
        else:
            function.append(prev_func[par])
            prev_unit = np.concatenate(unit)
            u = prev_unit[par]
            if k == 2:
                u = np.arange(kids, dtype=np.int64)
            unit.append(u)
        start += int(sizes[k - 1])
    par = np.concatenate(parent)
    depth = np.concatenate([np.full(int(s), i + 1) for i, s in enumerate(sizes)])
    n_children = np.bincount(par[par >= 0], minlength=len(par))
    return _Tree(par, depth, np.concatenate(function), np.concatenate(unit), n_children)


def company_roles() -> pd.DataFrame:
    """The fictional company's job catalogue (:class:`planner.schema.RoleSchema`): the roles
    and titles a synthetic roster is drawn from by default."""
    frame = pd.read_csv(data_dir() / COMPANY_ROLES_FILE, dtype=str, keep_default_na=False)
    frame = frame.assign(
        is_manager=frame["is_manager"].str.lower().isin({"true", "1", "yes"}),
        typical_annual_cost=pd.to_numeric(frame["typical_annual_cost"]).astype(float))
    return validate_table(RoleSchema, frame, COMPANY_ROLES_FILE)


def synthesise(positions: int, seed: int = 0, *, library: Library | None = None,
               currency: str = "GBP", vacancy_rate: float = 0.04) -> pd.DataFrame:
    """Generate a synthetic roster.

    Parameters
    ----------
    positions : int
        Number of positions (10 to 10,000,000).
    seed : int
        Random seed; the same seed gives the same roster.
    library : Library, optional
        Role library to draw roles and titles from (default: the company's job catalogue,
        :func:`company_roles`).
    currency : str
        ISO code written in the ``currency`` column.
    vacancy_rate : float
        Share of individual-contributor positions left vacant [0-1].

    Returns
    -------
    DataFrame
        In the generic export layout: ``position_id``, ``employee_id``,
        ``manager_position_id``, ``job_title``, ``role_id`` (the role the title was drawn
        from, for testing matchers), ``team``, ``department``, ``cost_center``,
        ``location``, ``grade``, ``fte``, ``annual_cost`` [currency/year, at the row's FTE],
        ``currency``, ``employment_type``, ``start_date``, ``tags``.
    """
    if not 1 <= positions <= 10_000_000:
        raise ValueError(f"positions: expected 1 to 10,000,000, found {positions}")
    rng = np.random.default_rng(seed)
    t = _build_tree(positions, rng)
    n = len(t.parent)
    roles = (library.roles if library is not None else company_roles()).set_index("role_id")
    is_mgr = t.n_children > 0

    role = np.empty(n, dtype=object)
    role[0] = "chief_executive" if "chief_executive" in roles.index else roles.index[0]
    for fn in np.unique(t.function[1:]):
        in_fn = t.function == fn
        fn_roles = roles[roles["function"] == fn]
        mgr_roles = fn_roles[fn_roles["is_manager"]].sort_values("typical_annual_cost",
                                                                 ascending=False)
        ic_roles = fn_roles[~fn_roles["is_manager"]]
        if mgr_roles.empty:
            mgr_roles = roles[roles["is_manager"]].head(1)
        if ic_roles.empty:
            ic_roles = roles[~roles["is_manager"]].head(1)
        # Managers: the most senior manager role at layer 2, the least senior at the
        # bottom management layer, the ones between spread over the middle layers.
        m = in_fn & is_mgr
        m_depth = t.depth[m]
        rank = np.clip(m_depth - 2, 0, len(mgr_roles) - 1)
        role[m] = mgr_roles.index.to_numpy()[rank]
        ic = in_fn & ~is_mgr
        w = np.linspace(2.0, 1.0, len(ic_roles))
        role[ic] = rng.choice(ic_roles.index.to_numpy(), size=int(ic.sum()), p=w / w.sum())
    role[0] = "chief_executive" if "chief_executive" in roles.index else role[0]

    # Titles: a random alias of the role, sometimes with a seniority prefix.
    titles = np.empty(n, dtype=object)
    for r in np.unique(role):
        at = np.flatnonzero(role == r)
        options = [roles.at[r, "name"], *str(roles.at[r, "aliases"]).split("|")]
        options = [o for o in options if o]
        titles[at] = rng.choice(options, size=len(at))
    senior = (~is_mgr) & (rng.random(n) < 0.2)
    titles[senior] = "Senior " + titles[senior].astype(str)

    grade_num = np.where(is_mgr, np.clip(10 - t.depth, 5, 9),
                         rng.integers(1, 5, n) + senior.astype(int))
    grade_factor = 1.0 + 0.06 * (grade_num - 3) + np.where(is_mgr, 0.1 * np.maximum(
        5 - t.depth, 0), 0.0)
    base = roles.loc[role, "typical_annual_cost"].to_numpy(dtype=float)
    fte = np.where(rng.random(n) < 0.86, 1.0, rng.choice([0.5, 0.6, 0.8], n))
    fte[is_mgr] = np.where(rng.random(int(is_mgr.sum())) < 0.97, 1.0, 0.8)
    cost = np.round(base * grade_factor * rng.lognormal(0.0, 0.1, n) * fte, -1)

    loc_names = np.array(list(LOCATIONS))
    loc = rng.choice(len(loc_names), n, p=np.array(list(LOCATIONS.values())))
    # Teams mostly sit with their manager: a position inherits the manager's location
    # 80% of the time (parents come before children, so one pass in order suffices).
    inherit = rng.random(n) < 0.8
    for lo, hi in _layer_slices(t.depth):
        kids = np.arange(lo, hi)
        par = t.parent[kids]
        take = inherit[kids] & (par >= 0)
        loc[kids[take]] = loc[par[take]]

    vacant = (~is_mgr) & (rng.random(n) < vacancy_rate)
    emp_ids = rng.permutation(np.arange(100000, 100000 + n))
    employee = np.array([f"E{e}" for e in emp_ids], dtype=object)
    employee[vacant] = None
    pos_ids = np.array([f"P{i + 1:0{max(5, len(str(n)))}d}" for i in range(n)], dtype=object)
    manager = np.where(t.parent >= 0, pos_ids[np.maximum(t.parent, 0)], None)
    dept = np.array([FUNCTION_NAMES.get(f, f) for f in t.function], dtype=object)
    # Teams are the units of the managers two layers above the front line (about 10 to 40
    # people each); cost centres are the larger units at layer 3.
    team_depth = max(3, int(t.depth.max()) - 2)
    anc = np.arange(n)
    for _ in range(int(t.depth.max())):
        up = t.depth[anc] > team_depth
        if not up.any():
            break
        anc[up] = t.parent[anc[up]]
    at_depth = t.depth[anc] == team_depth
    codes = pd.Series(anc).where(at_depth)
    rank = codes.groupby(pd.Series(dept)).rank(method="dense")
    team = np.where(at_depth, dept + " " + rank.fillna(0).astype(int).astype(str), dept)
    cc_code = {f: f"{i + 1:02d}" for i, f in enumerate(["executive", *FUNCTION_WEIGHTS])}
    cost_center = np.array([f"CC-{cc_code.get(f, '99')}" for f in t.function], dtype=object)
    cost_center = np.where(t.unit >= 0, cost_center + "-" + (t.unit + 1).astype(str),
                           cost_center)
    emp_type = rng.choice(list(EMPLOYMENT), n, p=np.array(list(EMPLOYMENT.values())))
    emp_type[is_mgr] = "permanent"
    days = np.minimum(rng.exponential(5 * 365.25, n), 30 * 365.25).astype(np.int64)
    start = (pd.Timestamp("2026-10-01") - pd.to_timedelta(days, unit="D")).strftime("%Y-%m-%d")
    start = np.where(vacant, "", np.asarray(start, dtype=object))
    tags = np.full(n, "", dtype=object)
    regulated = np.isin(t.function, ["legal", "finance"]) & (rng.random(n) < 0.3)
    tags[regulated] = "regulated"
    critical = rng.random(n) < 0.03
    tags[critical] = np.where(tags[critical] == "", "critical", tags[critical] + "|critical")

    return pd.DataFrame({
        "position_id": pos_ids,
        "employee_id": employee,
        "manager_position_id": manager,
        "job_title": titles,
        "role_id": role,
        "team": team,
        "department": dept,
        "cost_center": cost_center,
        "location": loc_names[loc],
        "grade": np.array([f"G{g}" for g in grade_num], dtype=object),
        "fte": fte,
        "annual_cost": cost,
        "currency": currency,
        "employment_type": emp_type,
        "start_date": start,
        "tags": tags,
    })


def _layer_slices(depth: np.ndarray) -> list[tuple[int, int]]:
    """Contiguous index ranges per layer (the generator emits positions layer by layer)."""
    bounds = np.flatnonzero(np.diff(depth)) + 1
    edges = [0, *bounds.tolist(), len(depth)]
    return list(zip(edges[:-1], edges[1:], strict=True))[1:]


def write_roster(frame: pd.DataFrame, out: str | os.PathLike[str]) -> Path:
    """Write a synthetic roster as CSV, or as a workbook when ``out`` ends in ``.xlsx``
    (its folder is made when missing)."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        frame.to_excel(path, index=False)
    else:
        frame.to_csv(path, index=False)
    return path
