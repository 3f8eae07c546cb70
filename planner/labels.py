"""Words a planner reads for the model's ids: objectives, capabilities, roles, periods and
money.

The optimiser and the plan tables work with ids (``min_cost``, ``document_ai``,
``customer_support_team_lead``, period 3); every sentence and table a planner reads names
them through one :class:`Labels`: the objective's label, the capability's name (from the
scenario or the bundled catalogue), the role's title from the library, the scenario's period
label (``2027-Q1``) and money with the roster's currency.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from planner.work.library import Library

def roster_currency(roster: pd.DataFrame | None) -> str | None:
    """The currency code of a roster's costs: its one code, the codes joined by "/" when it
    holds several (the validation warns of a mix), None when it names none."""
    col = None if roster is None else roster.get("currency")
    if col is None:
        return None
    codes = sorted(set(col.dropna().astype(str).str.strip().str.upper()) - {""})
    return "/".join(codes) if codes else None


def format_money(value: float | None, currency: str | None = None, *,
                 compact: bool = False) -> str:
    """A sum of money as a planner reads it: ``GBP 1,210``; ``compact`` writes ``GBP 80.3m``
    and ``GBP 452k``; ``-`` for no value. Per what (a year, over the horizon) is the
    caller's to say."""
    if value is None or value != value:
        return "-"
    v = float(value)
    if compact and abs(v) >= 1e6:
        text = f"{v / 1e6:,.1f}m"
    elif compact and abs(v) >= 1e4:
        text = f"{v / 1e3:,.0f}k"
    else:
        text = f"{v:,.0f}"
    return f"{currency} {text}" if currency else text


ACRONYMS = {"ai": "AI", "hr": "HR", "it": "IT", "llm": "LLM", "ops": "ops"}

ACTIVITIES = {"applying_expertise": "Applying expertise", "data_collection": "Collecting data",
              "data_processing": "Processing data", "managing_others": "Managing others",
              "predictable_physical": "Predictable physical work",
              "stakeholder_interaction": "Working with stakeholders",
              "unpredictable_physical": "Unpredictable physical work"}
"""The words for the library's activity categories (``data/library/tasks.csv``)."""


def format_share(x: float) -> str:
    """A share in words, never rounded to none or to all: "under 1%", "over 99%", "42%"."""
    if 0 < x < 0.005:
        return "under 1%"
    return "over 99%" if 0.995 <= x < 1 else f"{x:.0%}"


def format_fte(x: float) -> str:
    """FTE as a planner reads it: whole above 10 ("1,423"), one decimal below ("8.6")."""
    return f"{x:,.0f}" if x >= 10 else f"{x:,.1f}"


def count_of(n: int, noun: str) -> str:
    """A count with its noun, plural when it is not one: "1 row", "1,377 rows"."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


PEOPLE_KEYS = {"redundancies": ("redundancies",), "hires": ("hires",),
               "moves_out": ("redeployments", "reskilled")}
"""A plan summary's people counts (``people``, plans solved in whole people) and the FTE
measures of the summary they count: moves out are the redeployments and reskilling starts."""


def people_fte(summary: Mapping[str, Any], key: str) -> str:
    """A decision of a plan summary in people with its FTE beside: "13 people (13.3 FTE)";
    only the FTE ("13.3 FTE") where the plan was not solved in whole people. Hires in whole
    people are the new posts and vacancies filled, without the backfill of expected leavers
    (:func:`backfill_clause`). ``key`` is a :data:`PEOPLE_KEYS` key."""
    fte = sum(float(summary.get(k) or 0.0) for k in PEOPLE_KEYS[key])
    people = (summary.get("people") or {}).get(key)
    if people is None:
        return f"{fte:,.1f} FTE"
    backfill = float(summary.get("backfill") or 0.0) if key == "hires" else 0.0
    return (f"{int(people):,} {'person' if people == 1 else 'people'} "
            f"({max(fte - backfill, 0.0):,.1f} FTE)")


def backfill_clause(summary: Mapping[str, Any]) -> str:
    """After the expected attrition, the hires that replace leavers as they go (the
    summary's ``backfill``, plans in whole people): ", of which 8.5 FTE refilled as people
    leave"; empty where there are none."""
    backfill = float(summary.get("backfill") or 0.0)
    return f", of which {backfill:,.1f} FTE refilled as people leave" if backfill >= 0.05 else ""


def humanise(ident: object) -> str:
    """An id as words: ``document_ai`` -> ``Document AI`` (for ids no name is known for)."""
    words = str(ident).replace("_", " ").replace("-", " ").split()
    if not words:
        return str(ident)
    out = [ACRONYMS.get(w.lower(), w) for w in words]
    return " ".join([out[0][:1].upper() + out[0][1:], *out[1:]])


def activity_label(category: object) -> str:
    """An activity category in words: ``managing_others`` -> "Managing others"."""
    return ACTIVITIES.get(str(category)) or humanise(category)


@cache
def catalogue_names() -> dict[str, str]:
    """Capability id -> name of the bundled catalogue (``data/capabilities.yaml``)."""
    import yaml

    from planner.work.library import data_dir

    try:
        doc = yaml.safe_load((data_dir() / "capabilities.yaml").read_text(encoding="utf-8"))
    except OSError:
        return {}
    return {str(c["id"]): str(c["name"]) for c in doc or []
            if isinstance(c, dict) and c.get("id") and c.get("name")}


def objective_label(kind: object) -> str:
    """``min_cost`` -> "Lowest total cost" (:attr:`planner.scenario.model.ObjectiveKind.label`)."""
    from planner.scenario.model import ObjectiveKind

    try:
        return ObjectiveKind(str(kind)).label
    except ValueError:
        return humanise(kind)


@dataclass(frozen=True)
class Labels:
    """The words for one plan's ids."""

    roles: Mapping[str, str] = field(default_factory=dict)
    """Role id -> title (the library's ``name``)."""
    capabilities: Mapping[str, str] = field(default_factory=dict)
    """Capability id -> name."""
    periods: tuple[str, ...] = ()
    """Period labels in order (``2027-Q1`` ...)."""
    currency: str | None = None
    """The roster's currency code."""

    def role(self, role_id: object) -> str:
        """A role's title: ``customer_support_team_lead`` -> "Customer Support Team Lead"."""
        return self.roles.get(str(role_id)) or humanise(role_id)

    def capability(self, cap_id: object) -> str:
        """A capability's name: ``document_ai`` -> "Document AI"."""
        return (self.capabilities.get(str(cap_id)) or catalogue_names().get(str(cap_id))
                or humanise(cap_id))

    def period(self, period: object) -> str:
        """A period's label: index 0 -> "2027-Q1"; a label is returned as it is."""
        if isinstance(period, int | float) and not isinstance(period, bool) and period == period:
            i = int(period)
            return self.periods[i] if 0 <= i < len(self.periods) else str(i + 1)
        return "" if period is None else str(period)

    def money(self, value: float | None, *, compact: bool = False) -> str:
        """Money with the currency code: "GBP 1,210" (:func:`planner.labels.format_money`)."""
        return format_money(value, self.currency, compact=compact)


def library_labels(library: Library) -> Labels:
    """The labels a task library knows: each role's title (its ``roles`` table)."""
    roles = library.roles
    return Labels(roles=dict(zip(roles["role_id"].astype(str), roles["name"].astype(str),
                                 strict=True)))
