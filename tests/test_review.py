"""The review rules: states, the four-eyes rule, roles and approval chains (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.review import (
    Action,
    ApprovalStep,
    ReviewRefused,
    ReviewState,
    after,
    approve,
    figures,
    has_role,
    required_steps,
)

NO_ROLES: dict[str, frozenset[str]] = {}


@pytest.mark.parametrize(("state", "action", "actor", "expected"), [
    (ReviewState.DRAFT, Action.SUBMIT, "ann", ReviewState.SUBMITTED),
    (ReviewState.REJECTED, Action.SUBMIT, "ann", ReviewState.SUBMITTED),
    (ReviewState.WITHDRAWN, Action.SUBMIT, "ann", ReviewState.SUBMITTED),
    (ReviewState.SUBMITTED, Action.WITHDRAW, "ann", ReviewState.WITHDRAWN),
    (ReviewState.SUBMITTED, Action.REJECT, "bob", ReviewState.REJECTED),
    (ReviewState.APPROVED, Action.COMMENT, "bob", ReviewState.APPROVED),
])
def test_the_states_a_version_moves_through(state, action, actor, expected) -> None:
    assert after(state, action, actor=actor, submitter="ann", roles=NO_ROLES) is expected


@pytest.mark.parametrize(("state", "action", "actor", "match"), [
    (ReviewState.APPROVED, Action.SUBMIT, "ann", "only a draft, rejected or withdrawn"),
    (ReviewState.SUBMITTED, Action.SUBMIT, "ann", "this one is submitted"),
    (ReviewState.DRAFT, Action.WITHDRAW, "ann", "only a submitted version can be withdrawn"),
    (ReviewState.SUBMITTED, Action.WITHDRAW, "bob", r"only its submitter \(ann\)"),
    (ReviewState.SUBMITTED, Action.REJECT, "ann", "four-eyes rule"),
    (ReviewState.DRAFT, Action.REJECT, "bob", "only a submitted version"),
])
def test_refusals_say_why(state, action, actor, match) -> None:
    with pytest.raises(ReviewRefused, match=match):
        after(state, action, actor=actor, submitter="ann", roles=NO_ROLES)


def test_roles_once_defined_are_needed() -> None:
    roles = {"ann": frozenset({"planner"}), "root": frozenset({"admin"}),
             "vic": frozenset({"viewer"})}
    assert has_role(NO_ROLES, "anyone", "approver")  # no roles: everyone every role
    assert has_role(roles, "root", "finance") and not has_role(roles, "ann", "approver")
    assert not has_role(roles, "stranger", "viewer")
    with pytest.raises(ReviewRefused, match="planner role"):
        after(ReviewState.DRAFT, Action.SUBMIT, actor="vic", submitter=None, roles=roles)
    with pytest.raises(ReviewRefused, match="no role in this store"):
        after(ReviewState.DRAFT, Action.COMMENT, actor="stranger", submitter=None, roles=roles)


HR_THEN_FINANCE = (ApprovalStep("hr"), ApprovalStep("finance", above_one_off_cost=100_000,
                                                    above_redundancies=10))


@pytest.mark.parametrize(("plan", "expected"), [
    ({"one_off_cost": 50_000, "redundancies": 2}, ["hr"]),
    ({"one_off_cost": 150_000, "redundancies": 2}, ["hr", "finance"]),
    ({"one_off_cost": 50_000, "redundancies": 11}, ["hr", "finance"]),
    ({}, ["hr", "finance"]),  # no run: no figures, every step applies
])
def test_a_chain_step_applies_above_its_thresholds(plan, expected) -> None:
    assert [s.role for s in required_steps(HR_THEN_FINANCE, plan)] == expected


def test_a_chain_of_only_thresholds_still_needs_one_approval() -> None:
    chain = (ApprovalStep("finance", above_one_off_cost=1e6),)
    assert [s.role for s in required_steps(chain, {"one_off_cost": 1.0})] == ["approver"]
    assert [s.role for s in required_steps((), {"one_off_cost": 1.0})] == ["approver"]


def test_a_chain_is_approved_in_order_by_different_people() -> None:
    roles = {"h": frozenset({"hr"}), "f": frozenset({"finance"}), "x": frozenset({"hr",
                                                                                  "finance"})}
    plan = {"one_off_cost": 1e6, "redundancies": 0}
    kw = dict(submitter="p", roles=roles, chain=HR_THEN_FINANCE, plan_figures=plan)
    with pytest.raises(ReviewRefused, match="the next approval is hr"):
        approve(ReviewState.SUBMITTED, actor="f", approved_by=[], **kw)
    first = approve(ReviewState.SUBMITTED, actor="x", approved_by=[], **kw)
    assert first.state is ReviewState.SUBMITTED and [s.role for s in first.remaining] == [
        "finance"]
    with pytest.raises(ReviewRefused, match="already approved a step"):
        approve(ReviewState.SUBMITTED, actor="x", approved_by=["x"], **kw)
    assert approve(ReviewState.SUBMITTED, actor="f", approved_by=["x"],
                   **kw).state is ReviewState.APPROVED


def test_figures_add_up_the_one_off_cost() -> None:
    got = figures({"status": "optimal", "one_off_cost": {"severance": 10.0, "hiring": 2.5},
                   "redundancies": 3.0, "currency": "GBP"})
    assert got == {"one_off_cost": 12.5, "status": "optimal", "redundancies": 3.0,
                   "currency": "GBP"}
    assert figures(None) == {}


def test_a_role_name_is_checked() -> None:
    with pytest.raises(ReviewRefused, match="expected a role name .* found 'HR team'"):
        ApprovalStep("HR team")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([Action.SUBMIT, Action.WITHDRAW, Action.REJECT,
                                 Action.COMMENT, Action.APPROVE]), max_size=12),
       st.lists(st.sampled_from(["ann", "bob", "cat"]), min_size=12, max_size=12))
def test_no_sequence_of_actions_approves_a_version_without_a_second_person(actions,
                                                                           actors) -> None:
    """Whatever happens, an approved version was approved by someone other than its last
    submitter, and only from submitted."""
    state, submitter, done = ReviewState.DRAFT, None, []
    for action, actor in zip(actions, actors, strict=False):
        before = state
        try:
            if action is Action.APPROVE:
                decision = approve(state, actor=actor, submitter=submitter, roles=NO_ROLES,
                                   chain=(), plan_figures=None, approved_by=done)
                state = decision.state
                assert actor != submitter and before is ReviewState.SUBMITTED
            else:
                state = after(state, action, actor=actor, submitter=submitter, roles=NO_ROLES)
                if action is Action.SUBMIT:
                    submitter, done = actor, []
        except ReviewRefused:
            assert state is before
        if before is ReviewState.APPROVED:
            assert state is ReviewState.APPROVED  # nothing leaves approved
