"""``planner store ...``: the scenario and run store, its review (sign-off) and audit trail.

Who acts is ``--by NAME`` (``--author`` is its older name), else the ``user`` setting
(``PLANNER_USER``), else the user logged in, always recorded as not authenticated. A refusal
of the review rules (a self-approval, a role not held) exits 1 with the reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from planner.cli import render
from planner.cli.common import (
    ByOpt,
    JsonOpt,
    ScenarioArg,
    StoreOpt,
    exit_codes,
    print_json,
)

if TYPE_CHECKING:
    from planner.review import Actor
    from planner.scenario.model import Scenario
    from planner.store import Review, SavedScenario, Store

app = typer.Typer(help="The scenario and run store: versions, runs, review and audit.",
                  no_args_is_help=True)
role_app = typer.Typer(help="The roles of the store's users (an admin changes them).",
                       no_args_is_help=True)
app.add_typer(role_app, name="role")

IdArg = Annotated[int, typer.Argument(help="Scenario version id (`planner store list`).",
                                      show_default=False)]
CommentOpt = Annotated[str, typer.Option("--comment", help="Why: kept in the history.")]


def cli_actor(by: str | None) -> Actor:
    """Who acts on the command line (:func:`planner.store.who`, from the CLI)."""
    from planner.review import Face
    from planner.store import who

    with exit_codes():
        return who(by, Face.CLI)


def save_scenario(st: Store, sc: Scenario, *, by: str | None = None, note: str = "",
                  ) -> SavedScenario:
    """Save a scenario as the next version of its name, with its roster files (their hashes),
    by who acts (:func:`cli_actor`)."""
    with exit_codes():
        return st.save_scenario(sc, by=cli_actor(by), note=note)


@app.command("list")
def store_list(store_url: StoreOpt = None, as_json: JsonOpt = False) -> None:
    """List saved scenario versions (with their review state) and runs."""
    from planner.store import Store

    with exit_codes():
        st = Store(store_url)
    scen, runs = st.scenarios(), st.runs()
    if as_json:
        print_json({"scenarios": json.loads(scen.to_json(orient="records", date_format="iso")),
                    "runs": json.loads(runs.to_json(orient="records", date_format="iso"))})
        return
    render.print_frames(
        ("Scenario versions", scen,
         ("id", "name", "version", "parent", "author", "created", "note", "state")),
        ("Runs", runs, ("run", "scenario", "version", "status", "objective", "seconds",
                        "created", "state", "approval")))


@app.command("save")
def store_save(scenario: ScenarioArg,
               note: Annotated[str, typer.Option(help="What changed.")] = "",
               by: ByOpt = None, store_url: StoreOpt = None, as_json: JsonOpt = False) -> None:
    """Save a scenario file as the next version of its name (a draft)."""
    from planner.scenario.load import load_scenario
    from planner.store import Store

    with exit_codes(scenario=scenario):
        sc = load_scenario(scenario)
        saved = save_scenario(Store(store_url), sc, by=by, note=note)
    if as_json:
        print_json({"id": saved.id, "name": saved.name, "version": saved.version,
                    "state": "draft"})
        return
    render.say(f"saved {saved.name!r} version {saved.version} (id {saved.id}) as a draft")


@app.command("show")
def store_show(scenario_id: IdArg, store_url: StoreOpt = None) -> None:
    """Show a scenario version (JSON), with its review state and what was approved."""
    from planner.store import Store

    with exit_codes():
        st = Store(store_url)
        print_json({**st.scenario(scenario_id), "approval": st.approval(scenario_id)})


@app.command("delete")
def store_delete(scenario_id: IdArg, by: ByOpt = None, store_url: StoreOpt = None) -> None:
    """Delete a scenario version and its runs (not an approved or submitted one)."""
    from planner.store import Store

    with exit_codes():
        Store(store_url).delete_scenario(scenario_id, by=cli_actor(by))
    render.say(f"deleted scenario version {scenario_id} and its runs")


@app.command("export-run")
def store_export_run(run_id: Annotated[int, typer.Argument(help="Run id.")],
                     out: Annotated[Path, typer.Option("--out", help="Plan folder to write.")],
                     by: ByOpt = None, store_url: StoreOpt = None) -> None:
    """Write a stored run as a plan folder (then export, compare or check it)."""
    from planner.store import Store

    with exit_codes():
        Store(store_url).export_run(run_id, out, by=cli_actor(by))
    render.say(f"wrote run {run_id} to {out}")


# Review --------------------------------------------------------------------------------------

def _answer(review: Review, as_json: bool) -> None:
    if as_json:
        print_json(review.as_json())
        return
    render.say(f"{review.name!r} version {review.version} (id {review.id}): {review.state}")
    import pandas as pd

    rows = pd.DataFrame([{"when": h.when[:19].replace("T", " "), "action": h.action,
                          "who": h.who + ("" if h.authenticated else " (not authenticated)"),
                          "face": h.face, "comment": h.comment, "state": h.state or ""}
                         for h in review.history],
                        columns=["when", "action", "who", "face", "comment", "state"])
    render.print_frames(("History (UTC)", rows,
                         ("when", "action", "who", "from", "comment", "state")))


def _review_command(method: str, doc: str):  # noqa: ANN202
    def command(scenario_id: IdArg, comment: CommentOpt = "", by: ByOpt = None,
                store_url: StoreOpt = None, as_json: JsonOpt = False) -> None:
        from planner.store import Store

        with exit_codes():
            st = Store(store_url)
            act = getattr(st, method)
            actor = cli_actor(by)
            review = (act(scenario_id, comment, by=actor) if method == "comment"
                      else act(scenario_id, by=actor, comment=comment))
        _answer(review, as_json)

    command.__doc__ = doc
    command.__name__ = f"store_{method}"
    return command


for _method, _doc in [
        ("submit", "Submit a draft (or a rejected or withdrawn version) for approval, with "
                   "its latest run."),
        ("approve", "Approve the next step of a submission (never your own)."),
        ("reject", "Reject a submission (never your own)."),
        ("withdraw", "Withdraw your submission."),
        ("comment", "Comment on a version (give --comment)."),
]:
    app.command(_method)(_review_command(_method, _doc))


@app.command("history")
def store_history(scenario_id: IdArg, store_url: StoreOpt = None,
                  as_json: JsonOpt = False) -> None:
    """A version's state and every action on it (the audit trail), oldest first."""
    from planner.store import Store

    with exit_codes():
        review = Store(store_url).history(scenario_id)
    _answer(review, as_json)


@app.command("waiting")
def store_waiting(by: ByOpt = None, store_url: StoreOpt = None,
                  as_json: JsonOpt = False) -> None:
    """The submissions waiting for your approval."""
    from planner.store import Store

    with exit_codes():
        actor = cli_actor(by)
        frame = Store(store_url).waiting(actor.name)
    if as_json:
        print_json({"user": actor.name, "waiting": json.loads(frame.to_json(orient="records"))})
        return
    render.print_frames((f"Waiting for {actor.name}", frame,
                         ("id", "name", "version", "submitted by", "run", "next step")))


# Roles and the approval chain ------------------------------------------------------------------

@role_app.command("list")
def role_list(store_url: StoreOpt = None, as_json: JsonOpt = False) -> None:
    """The roles of the store's users (none: everyone holds every role)."""
    from planner.store import Store

    with exit_codes():
        roles = Store(store_url).roles()
    if as_json:
        print_json({"roles": {u: sorted(r) for u, r in roles.items()},
                    "everyone_every_role": not roles})
        return
    if not roles:
        render.say("No roles are defined in this store: everyone holds every role (viewer, "
                   "planner, approver, admin). An admin defines them with `planner store role "
                   "grant NAME admin` first.")
        return
    for user, held in sorted(roles.items()):
        render.say(f"{user}: {', '.join(sorted(held))}")


@role_app.command("grant")
def role_grant(user: Annotated[str, typer.Argument(help="The user's name.")],
               role: Annotated[str, typer.Argument(help="viewer, planner, approver, admin, "
                                                   "or a chain's role (hr, finance).")],
               by: ByOpt = None, store_url: StoreOpt = None) -> None:
    """Give a user a role (an admin only; a store's first role is an admin's)."""
    from planner.store import Store

    with exit_codes():
        Store(store_url).grant(user, role, by=cli_actor(by))
    render.say(f"{user} holds the {role} role")


@role_app.command("revoke")
def role_revoke(user: Annotated[str, typer.Argument(help="The user's name.")],
                role: Annotated[str, typer.Argument(help="The role to take.")],
                by: ByOpt = None, store_url: StoreOpt = None) -> None:
    """Take a role from a user (an admin only)."""
    from planner.store import Store

    with exit_codes():
        Store(store_url).revoke(user, role, by=cli_actor(by))
    render.say(f"{user} no longer holds the {role} role")


def parse_step(text: str):  # noqa: ANN201
    """``ROLE``, ``ROLE:cost>AMOUNT``, ``ROLE:redundancies>FTE`` or both, as a step."""
    from planner.review import ApprovalStep, ReviewRefused

    role, *conds = text.split(":")
    limits: dict[str, float] = {}
    for cond in conds:
        key, sep, value = cond.partition(">")
        field = {"cost": "above_one_off_cost", "redundancies": "above_redundancies"}.get(
            key.strip())
        try:
            if not sep or field is None:
                raise ValueError
            limits[field] = float(value.replace(",", ""))
        except ValueError:
            raise ReviewRefused(f"store chain: expected ROLE, ROLE:cost>AMOUNT or "
                                f"ROLE:redundancies>FTE, found {text!r}") from None
    return ApprovalStep(role.strip(), **limits)


@app.command("chain")
def store_chain(steps: Annotated[list[str] | None, typer.Argument(
                    help="Steps in order: ROLE, ROLE:cost>AMOUNT, ROLE:redundancies>FTE.",
                    show_default=False)] = None,
                default: Annotated[bool, typer.Option(
                    "--default", help="Back to one approval by an approver.")] = False,
                by: ByOpt = None, store_url: StoreOpt = None) -> None:
    """Show the approval chain, or set it (an admin only)."""
    from planner.review import DEFAULT_CHAIN
    from planner.store import Store

    with exit_codes():
        st = Store(store_url)
        if steps or default:
            st.set_chain([parse_step(s) for s in steps or []], by=cli_actor(by))
        chain = st.chain()
    words = " then ".join(s.describe() for s in chain or DEFAULT_CHAIN)
    render.say(f"Approval chain: {words}" + ("" if chain else " (the default)")
               + "; nobody approves their own submission or two steps of one.")
