"""Sign-off in the store: review states, roles, approval chains, the audit trail, and
concurrent reviewers; each test on SQLite and on PostgreSQL (the ``store_url`` fixture)."""

from __future__ import annotations

import multiprocessing as mp
import threading

import pandas as pd
import pytest

from planner.review import Actor, ApprovalStep, Face, ReviewRefused
from planner.store import Store, StoreError

SUMMARY = {"status": "optimal", "objective": 120_000.0, "redundancies": 4.0,
           "one_off_cost": {"severance": 100_000.0, "reskilling": 20_000.0}}
TABLES = {"staffing": pd.DataFrame({"role": ["Clerk"], "fte": [3.0]})}


def _submitted(st: Store, name: str = "Plan A", by: str = "ann", summary=SUMMARY) -> int:
    saved = st.save_scenario({"name": name}, by=by)
    st.save_run(saved.id, summary, TABLES, by=by, input_hashes={"roster.csv": "aaa"})
    st.submit(saved.id, by=by, comment="ready for review")
    return saved.id


def test_a_version_goes_from_draft_to_approved_with_its_history(store_url: str) -> None:
    st = Store(store_url)
    sid = _submitted(st)
    with pytest.raises(ReviewRefused, match="four-eyes rule"):
        st.approve(sid, by="ann")
    st.comment(sid, "the severance looks high", by="fin")
    done = st.approve(sid, by="bob", comment="agreed")
    assert done.state == "approved"
    history = done.as_json()["history"]
    assert [(h["action"], h["who"], h["state"]) for h in history] == [
        ("save", "ann", "draft"), ("run", "ann", "draft"), ("submit", "ann", "submitted"),
        ("comment", "fin", "submitted"), ("approve", "bob", "approved")]
    assert history[2]["comment"] == "ready for review" and not history[4]["authenticated"]
    approval = st.approval(sid)
    assert approval["figures"]["one_off_cost"] == 120_000.0
    assert approval["input_hashes"] == {"roster.csv": "aaa"}
    assert [s["who"] for s in approval["steps"]] == ["bob"]


def test_an_approved_version_and_its_runs_stay_as_approved(store_url: str) -> None:
    st = Store(store_url)
    sid = _submitted(st)
    st.approve(sid, by="bob")
    with pytest.raises(ReviewRefused, match="approved and cannot be deleted"):
        st.delete_scenario(sid, by="ann")
    with pytest.raises(ReviewRefused, match="only a draft, rejected or withdrawn"):
        st.submit(sid, by="ann")
    st.save_run(sid, SUMMARY, TABLES, input_hashes={"roster.csv": "bbb"})
    st.save_run(sid, SUMMARY, TABLES, input_hashes={"roster.csv": "aaa"})
    marks = st.runs().sort_values("run_id")["approval"].tolist()
    assert marks == ["approved run", "not the approved run: other inputs",
                     "not the approved run"]
    nxt = st.save_scenario({"name": "Plan A", "changed": True}, by="ann")
    assert st.scenario(nxt.id)["state"] == "draft" and nxt.version == 2
    assert st.current_approved("Plan A") == sid


def test_reject_withdraw_and_submit_again(store_url: str) -> None:
    st = Store(store_url)
    sid = _submitted(st)
    assert st.reject(sid, by="bob", comment="cut fewer posts").state == "rejected"
    assert st.submit(sid, by="ann").state == "submitted"
    with pytest.raises(ReviewRefused, match=r"only its submitter \(ann\)"):
        st.withdraw(sid, by="bob")
    assert st.withdraw(sid, by="ann").state == "withdrawn"
    with pytest.raises(ReviewRefused, match="only a submitted version"):
        st.approve(sid, by="bob")
    with pytest.raises(ReviewRefused, match="expected a comment"):
        st.comment(sid, "  ", by="bob")
    with pytest.raises(StoreError, match="expected a scenario id, found 999"):
        st.submit(999, by="ann")
    st.delete_scenario(sid, by="ann")  # a withdrawn version can go
    assert st.scenarios().empty


def test_roles_live_in_the_store_and_only_an_admin_changes_them(store_url: str) -> None:
    st = Store(store_url)
    assert st.roles() == {} and st.has_role("anyone", "approver")
    with pytest.raises(ReviewRefused, match="the first role given must be admin"):
        st.grant("bob", "approver", by="ann")
    st.grant("root", "admin", by="root")
    with pytest.raises(ReviewRefused, match="giving a role needs the admin role"):
        st.grant("ann", "admin", by="ann")
    st.grant("ann", "planner", by="root")
    st.grant("bob", "approver", by="root")
    st.grant("vic", "viewer", by="root")
    with pytest.raises(ReviewRefused, match="saving a scenario needs the planner role"):
        st.save_scenario({"name": "X"}, by="vic")
    sid = _submitted(st)
    assert st.waiting("bob")["id"].tolist() == [sid] and st.waiting("vic").empty
    with pytest.raises(ReviewRefused, match="a role vic does not hold"):
        st.approve(sid, by="vic")
    with pytest.raises(ReviewRefused, match="only admin"):
        st.revoke("root", "admin", by="root")
    st.revoke("bob", "approver", by="root")
    assert st.roles()["root"] == frozenset({"admin"}) and "bob" not in st.roles()


def test_an_approval_chain_by_role_above_a_cost(store_url: str) -> None:
    st = Store(store_url)
    for user, role in [("root", "admin"), ("ann", "planner"), ("hana", "hr"),
                       ("fred", "finance")]:
        st.grant(user, role, by="root")
    with pytest.raises(ReviewRefused, match="setting the approval chain needs the admin"):
        st.set_chain([ApprovalStep("hr")], by="ann")
    st.set_chain([ApprovalStep("hr"), ApprovalStep("finance", above_one_off_cost=100_000)],
                 by="root")
    small = _submitted(st, "Small", summary={**SUMMARY, "one_off_cost": {"severance": 5.0}})
    big = _submitted(st, "Big")
    assert st.approve(small, by="hana").state == "approved"  # under the cost: HR alone
    with pytest.raises(ReviewRefused, match="the next approval is hr"):
        st.approve(big, by="fred")
    assert st.approve(big, by="hana").state == "submitted"
    assert st.waiting("fred")["next_step"].tolist() == ["finance above a one-off cost of "
                                                        "100,000"]
    assert st.approve(big, by="fred").state == "approved"
    assert [s["role"] for s in st.approval(big)["steps"]] == ["hr", "finance"]


def test_the_audit_trail_only_grows(store_url: str, tmp_path) -> None:
    """Through every public action, the trail so far stays as it was and one entry (or none
    for a refusal) is added; deleting a version keeps its entries."""
    st = Store(store_url)
    app = Actor("Ann Lee", authenticated=True, face=Face.APP)
    seen = st.audit()
    steps = [
        lambda: st.save_scenario({"name": "A"}, by=app),
        lambda: st.save_run(1, SUMMARY, {}, by="ann"),
        lambda: st.submit(1, by=app),
        lambda: st.comment(1, "why?", by="bob"),
        lambda: st.approve(1, by=app),  # refused: four eyes
        lambda: st.reject(1, by="bob"),
        lambda: st.export_run(1, tmp_path / "out", by="bob", names=True),
        lambda: st.save_scenario({"name": "B"}, by="bob"),
        lambda: st.delete_scenario(2, by="bob"),
        lambda: st.grant("root", "admin", by="root"),
        lambda: st.set_chain([ApprovalStep("hr")], by="root"),
        lambda: st.revoke("root", "hr", by="root"),  # refused: not held
    ]
    for step in steps:
        try:
            step()
        except ReviewRefused:
            pass
        now = st.audit()
        assert len(now) - len(seen) in (0, 1)
        assert _records(now.head(len(seen))) == _records(seen)
        seen = now
    assert seen["action"].tolist() == ["save", "run", "submit", "comment", "reject", "export",
                                       "save", "delete", "grant", "chain"]
    assert seen.loc[0, "authenticated"] and seen.loc[0, "face"] == "app"
    assert seen[seen["scenario_id"] == 2]["action"].tolist() == ["save", "delete"]
    public = {n for n in dir(Store) if not n.startswith("_")}
    assert not {n for n in public if "audit" in n} - {"audit"}  # nothing else touches it


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    return [{k: None if pd.isna(v) else v for k, v in row.items()}
            for row in frame.to_dict("records")]


def _worker(args: tuple[str, int]) -> dict[str, int]:
    url, k = args
    st = Store(url)
    done = {"saved": 0, "approved": 0, "refused": 0}
    for _ in range(2):
        saved = st.save_scenario({"name": "shared", "writer": k}, by=f"w{k}")
        st.save_run(saved.id, SUMMARY, TABLES, by=f"w{k}")
        st.submit(saved.id, by=f"w{k}")
        done["saved"] += 1
    for sid in st.waiting(f"w{k}")["id"]:
        try:
            st.approve(int(sid), by=f"w{k}")
            done["approved"] += 1
        except ReviewRefused:  # another worker approved it first
            done["refused"] += 1
    return done


def test_eight_processes_saving_running_and_approving_lose_nothing(store_url: str) -> None:
    Store(store_url).engine.dispose()  # the schema first; no connection crosses the fork
    with mp.get_context("fork").Pool(8) as pool:
        results = pool.map(_worker, [(store_url, k) for k in range(8)])
    st = Store(store_url)
    scen = st.scenarios()
    assert sorted(scen["version"]) == list(range(1, 17)) and len(st.runs()) == 16
    approvals = sum(r["approved"] for r in results)
    assert (scen["state"] == "approved").sum() == approvals
    actions = st.audit()["action"].value_counts().to_dict()
    assert actions == {"save": 16, "run": 16, "submit": 16, **(
        {"approve": approvals} if approvals else {})}


def test_two_approvers_racing_give_one_approval_and_one_refusal(store_url: str) -> None:
    sid = _submitted(Store(store_url))
    stores = [Store(store_url), Store(store_url)]
    start, outcomes = threading.Barrier(2), []

    def approve(i: int) -> None:
        start.wait()
        try:
            outcomes.append(stores[i].approve(sid, by=f"approver{i}").state.value)
        except ReviewRefused as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=approve, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes)[0] == "approved"
    assert "only a submitted version can be approved or rejected; this one is approved" in (
        sorted(outcomes)[1])
    assert st_actions(stores[0], sid).count("approve") == 1


def st_actions(st: Store, sid: int) -> list[str]:
    return [h.action for h in st.history(sid).history]
