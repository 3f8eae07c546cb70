"""Sign-off: the review states of a scenario version, who may act, and approval chains.

Pure rules, no database: :mod:`planner.store` keeps the states, the approvals and the audit
trail, and asks these functions whether an action is allowed and what state it leads to.

A version moves ``draft -> submitted -> approved | rejected``, or back from ``submitted`` to
``withdrawn`` by its submitter. A rejected or withdrawn version may be submitted again. Nobody
approves their own submission (the four-eyes rule), and nobody fills two steps of one chain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from planner.errors import PlannerError


class ReviewState(StrEnum):
    """Where a scenario version stands in its review."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Action(StrEnum):
    """What the audit trail records (every action on the store)."""

    SAVE = "save"
    RUN = "run"
    SUBMIT = "submit"
    COMMENT = "comment"
    APPROVE = "approve"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    DELETE = "delete"
    EXPORT = "export"
    GRANT = "grant"
    REVOKE = "revoke"
    CHAIN = "chain"


class Face(StrEnum):
    """Which face of the planner an action came from."""

    CLI = "cli"
    APP = "app"
    API = "api"


class Role(StrEnum):
    """The built-in roles. Approval chains may name roles of their own (``hr``, ``finance``)."""

    VIEWER = "viewer"
    """Sees the store's scenarios and plans, without salaries or names; may comment."""
    PLANNER = "planner"
    """Saves scenarios and runs, submits them, and sees salaries and names."""
    APPROVER = "approver"
    """Approves or rejects a submission (the default chain's one step)."""
    ADMIN = "admin"
    """Gives and takes roles and sets the approval chain; holds every other role."""


BUILT_IN_ROLES: tuple[str, ...] = tuple(r.value for r in Role)
_ROLE_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


class ReviewRefused(PlannerError):
    """An action the review rules do not allow (the message says why and what would do)."""


def check_role_name(role: str) -> str:
    """``role`` when it is a usable role name (lower case letters, digits, ``_``, ``-``)."""
    if not _ROLE_NAME.match(role):
        raise ReviewRefused(f"store: expected a role name such as {', '.join(BUILT_IN_ROLES)} "
                            f"or hr, finance (lower case, up to 40 characters), found {role!r}")
    return role


@dataclass(frozen=True)
class Actor:
    """Who acts: a ``name``, whether a sign-in proved it (``authenticated``), and the face."""

    name: str
    authenticated: bool = False
    face: Face = Face.API

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ReviewRefused("store: expected the name of who acts, found an empty name; "
                                "name who acts, or set the user setting (PLANNER_USER)")


@dataclass(frozen=True)
class ApprovalStep:
    """One step of an approval chain: someone holding ``role`` approves.

    The step applies to every submission unless a threshold is given; then only to one
    whose plan's one-off cost is above ``above_one_off_cost`` [currency] or whose
    redundancies are above ``above_redundancies`` [FTE]. A submission without a run has no
    figures, and every step applies to it.
    """

    role: str
    above_one_off_cost: float | None = None
    above_redundancies: float | None = None

    def __post_init__(self) -> None:
        check_role_name(self.role)

    def applies(self, figures: Mapping[str, Any] | None) -> bool:
        """Whether this step is needed for a plan with these ``figures`` (:func:`figures`)."""
        if self.above_one_off_cost is None and self.above_redundancies is None:
            return True
        if not figures:
            return True
        cost, red = figures.get("one_off_cost"), figures.get("redundancies")
        return ((self.above_one_off_cost is not None
                 and (cost is None or cost > self.above_one_off_cost))
                or (self.above_redundancies is not None
                    and (red is None or red > self.above_redundancies)))

    def describe(self) -> str:
        """The step in words: "approver", "finance above a one-off cost of 100,000"."""
        conds = []
        if self.above_one_off_cost is not None:
            conds.append(f"a one-off cost of {self.above_one_off_cost:,.0f}")
        if self.above_redundancies is not None:
            conds.append(f"{self.above_redundancies:g} redundancies (FTE)")
        return self.role + (f" above {' or '.join(conds)}" if conds else "")


DEFAULT_CHAIN: tuple[ApprovalStep, ...] = (ApprovalStep(Role.APPROVER.value),)
"""One approval by someone other than the submitter, who holds the approver role (everyone
does in a store with no roles)."""


def figures(summary: Mapping[str, Any] | None) -> dict[str, Any]:
    """The figures an approval records from a run's summary: status, objective, the total
    one-off cost [currency] (its categories added up), redundancies [FTE], FTE before and
    after, the run-rate cost after [currency/year] and the currency."""
    if not summary:
        return {}
    one_off = summary.get("one_off_cost")
    if isinstance(one_off, Mapping):
        one_off = float(sum(v for v in one_off.values() if v is not None))
    keep = ("status", "objective", "total_cost", "redundancies", "fte_before", "fte_after",
            "run_rate_cost_after", "currency")
    return {"one_off_cost": one_off, **{k: summary.get(k) for k in keep if k in summary}}


def has_role(roles: Mapping[str, frozenset[str]], user: str, role: str) -> bool:
    """Whether ``user`` holds ``role``: everyone holds every role in a store with no roles
    (``roles`` empty), and an admin holds every role; anyone else holds the roles given."""
    if not roles:
        return True
    held = roles.get(user, frozenset())
    return role in held or Role.ADMIN.value in held


def after(state: ReviewState, action: Action, *, actor: str, submitter: str | None,
          roles: Mapping[str, frozenset[str]]) -> ReviewState:
    """The state a version in ``state`` moves to on ``action`` by ``actor`` (approvals, which
    depend on the chain, are :func:`approve`'s). Raises :class:`ReviewRefused` saying why."""
    if action is Action.COMMENT:
        if not has_role(roles, actor, Role.VIEWER.value):
            raise ReviewRefused(f"store: {actor} has no role in this store and cannot comment; "
                                "an admin gives roles with `planner store role grant`")
        return state
    if action is Action.SUBMIT:
        if state not in (ReviewState.DRAFT, ReviewState.REJECTED, ReviewState.WITHDRAWN):
            raise ReviewRefused(f"store: only a draft, rejected or withdrawn version can be "
                                f"submitted; this one is {state}")
        if not has_role(roles, actor, Role.PLANNER.value):
            raise ReviewRefused(f"store: submitting needs the planner role, which {actor} "
                                "does not hold")
        return ReviewState.SUBMITTED
    if action is Action.WITHDRAW:
        if state is not ReviewState.SUBMITTED:
            raise ReviewRefused(f"store: only a submitted version can be withdrawn; this one "
                                f"is {state}")
        # An admin of a store with roles may withdraw anyone's; in a store without roles
        # (where everyone is an admin) only the submitter may.
        if actor != submitter and not (roles and has_role(roles, actor, Role.ADMIN.value)):
            raise ReviewRefused(f"store: only its submitter ({submitter}) or an admin may "
                                f"withdraw a submission, not {actor}")
        return ReviewState.WITHDRAWN
    if action is Action.REJECT:
        _check_reviewer(state, actor, submitter)
        return ReviewState.REJECTED
    raise ValueError(f"after: expected comment, submit, withdraw or reject, got {action}")


def _check_reviewer(state: ReviewState, actor: str, submitter: str | None) -> None:
    if state is not ReviewState.SUBMITTED:
        raise ReviewRefused(f"store: only a submitted version can be approved or rejected; "
                            f"this one is {state}")
    if actor == submitter:
        raise ReviewRefused(f"store: {actor} submitted this version and cannot approve or "
                            "reject it (four-eyes rule); someone else must review it")


def required_steps(chain: Sequence[ApprovalStep],
                   plan_figures: Mapping[str, Any] | None) -> list[ApprovalStep]:
    """The steps of ``chain`` a plan with ``plan_figures`` needs, in order; at least one:
    when no step applies, the chain's first step without thresholds, else the default."""
    steps = [s for s in (chain or DEFAULT_CHAIN) if s.applies(plan_figures)]
    if steps:
        return steps
    plain = [s for s in chain if s.above_one_off_cost is None and s.above_redundancies is None]
    return plain[:1] or list(DEFAULT_CHAIN)


@dataclass(frozen=True)
class Approval:
    """What :func:`approve` decides: the step approved and the state it leaves."""

    step: ApprovalStep
    state: ReviewState
    remaining: tuple[ApprovalStep, ...]


def approve(state: ReviewState, *, actor: str, submitter: str | None,
            roles: Mapping[str, frozenset[str]], chain: Sequence[ApprovalStep],
            plan_figures: Mapping[str, Any] | None,
            approved_by: Iterable[str]) -> Approval:
    """Approve the next step of a submission: the next required step of ``chain``, after the
    ones already approved by ``approved_by`` (in order). The version is approved when no step
    remains; nobody fills two steps or approves their own submission."""
    _check_reviewer(state, actor, submitter)
    done = list(approved_by)
    steps = required_steps(chain, plan_figures)
    if actor in done:
        raise ReviewRefused(f"store: {actor} has already approved a step of this submission; "
                            "the next step needs someone else")
    if len(done) >= len(steps):  # pragma: no cover - the store approves on the last step
        raise ReviewRefused("store: every step of this submission is already approved")
    step = steps[len(done)]
    if not has_role(roles, actor, step.role):
        raise ReviewRefused(f"store: the next approval is {step.describe()}, a role {actor} "
                            "does not hold; an admin gives roles with `planner store role "
                            "grant`")
    remaining = tuple(steps[len(done) + 1:])
    return Approval(step, ReviewState.SUBMITTED if remaining else ReviewState.APPROVED,
                    remaining)
