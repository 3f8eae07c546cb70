"""The scenario and run store: immutable scenario versions, the runs made from them, their
review (sign-off), the roles of its users and an append-only audit trail of every action.

SQLAlchemy over a SQLite file in the working folder by default (``planner.db``), or any
database URL for a shared store (``postgresql+psycopg://...``, tested on PostgreSQL 15). The
schema is Alembic's (:mod:`planner.migrations`): a fresh database gets it on first use and an
older one is upgraded in place. Each action is one transaction with its audit entry: an
interrupted save leaves the store as it was. SQLite runs in WAL mode with a busy timeout and
takes its write lock when a writing transaction begins, so several processes can write at once;
PostgreSQL locks the version row an approval changes, so two approvers racing give one approval
and one refusal. The review rules themselves are :mod:`planner.review`'s.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from planner import review
from planner.errors import PlannerError
from planner.io.plan_folder import read_table, table_csv, write_plan_folder
from planner.migrations import HEAD
from planner.review import Action, Actor, ApprovalStep, Face, ReviewRefused, ReviewState
from planner.scenario.model import Scenario, scenario_document
from planner.settings import STORE_URL, USER
from planner.work.download import file_sha256 as file_hash  # one definition of a file's hash

if TYPE_CHECKING:
    from planner.plan.tables import Plan

DEFAULT_URL = STORE_URL.default


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""


class ScenarioVersion(Base):
    """One immutable version of a scenario, with where its review stands."""

    __tablename__ = "scenario_versions"
    __table_args__ = (UniqueConstraint("name", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    version: Mapped[int] = mapped_column(Integer)
    parent_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    author: Mapped[str] = mapped_column(String(200), default="")
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    input_hashes: Mapped[dict[str, str]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(20), default=ReviewState.DRAFT.value,
                                       server_default=ReviewState.DRAFT.value)
    submission: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """How many times the version was submitted: approvals belong to one submission."""
    submitted_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    submitted_run_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Run(Base):
    """A run of a scenario version: its plan tables, status, solver figures and timing."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenario_versions.id",
                                                        ondelete="CASCADE"), index=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(40))
    objective: Mapped[float | None] = mapped_column(Float, nullable=True)
    solve_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    tables: Mapped[dict[str, str]] = mapped_column(JSON)
    """Table name -> raw CSV text (:func:`planner.io.plan_folder.table_csv`)."""
    input_hashes: Mapped[dict[str, str] | None] = mapped_column(JSON, nullable=True)
    """Input file name -> SHA-256 of the files the run read (None: not recorded)."""


class AuditEntry(Base):
    """One action on the store. Rows are only ever added (no method changes or removes one),
    and they outlive the version they name (no foreign key)."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    who: Mapped[str] = mapped_column(String(200))
    authenticated: Mapped[bool] = mapped_column(Boolean)
    face: Mapped[str] = mapped_column(String(10))
    action: Mapped[str] = mapped_column(String(20))
    scenario_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    scenario: Mapped[str | None] = mapped_column(String(200), nullable=True)
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    run_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str | None] = mapped_column(String(20), nullable=True)
    """The version's review state after the action."""
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ApprovalRecord(Base):
    """One approved step of a submission, with the run it approved: its figures and the
    hashes of its input files, so what was approved is visible later."""

    __tablename__ = "approvals"
    __table_args__ = (UniqueConstraint("scenario_id", "submission", "step"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenario_versions.id",
                                                        ondelete="CASCADE"), index=True)
    submission: Mapped[int] = mapped_column(Integer)
    step: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(40))
    who: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    run_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    input_hashes: Mapped[dict[str, str]] = mapped_column(JSON)


class UserRole(Base):
    """A role a user holds (:class:`planner.review.Role` or a chain's own)."""

    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("user", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))


class ChainStep(Base):
    """One step of the store's approval chain (none: :data:`planner.review.DEFAULT_CHAIN`)."""

    __tablename__ = "approval_chain"

    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    role: Mapped[str] = mapped_column(String(40))
    above_one_off_cost: Mapped[float | None] = mapped_column(Float, nullable=True)
    above_redundancies: Mapped[float | None] = mapped_column(Float, nullable=True)


class StoreError(PlannerError):
    """A store operation failed (unknown id, a database that cannot be opened)."""


@dataclass(frozen=True)
class SavedScenario:
    """What a save returns."""

    id: int
    name: str
    version: int


@dataclass(frozen=True)
class SavedRun:
    """What :meth:`Store.save_plan` returns: the scenario version saved and the run's id."""

    scenario: SavedScenario
    run_id: int

    @property
    def name(self) -> str:
        """The scenario's name."""
        return self.scenario.name

    @property
    def version(self) -> int:
        """The scenario version the run belongs to."""
        return self.scenario.version


@dataclass(frozen=True)
class HistoryEntry:
    """One entry of a version's history: an audit entry in the words a reviewer reads."""

    action: str
    who: str
    authenticated: bool
    face: str
    when: str
    """ISO 8601 time in UTC."""
    comment: str
    state: str | None
    """The version's state after the action."""
    run_id: int | None


@dataclass(frozen=True)
class Review:
    """A version's review: its id, name, version number, state and history (oldest first)."""

    id: int
    name: str
    version: int
    state: ReviewState
    history: tuple[HistoryEntry, ...]

    def as_json(self) -> dict[str, Any]:
        """The answer of the review commands in JSON (their json option)."""
        return {"id": self.id, "name": self.name, "version": self.version,
                "state": self.state.value,
                "history": [{"action": h.action, "who": h.who,
                             "authenticated": h.authenticated, "face": h.face,
                             "when": h.when, "comment": h.comment, "state": h.state,
                             "run_id": h.run_id} for h in self.history]}


def who(name: str | None = None, face: Face = Face.API) -> Actor:
    """Who acts when no sign-in says so: ``name``, else the ``user`` setting
    (``PLANNER_USER``), else the user logged in to the computer; never authenticated."""
    try:
        fallback = getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment
        fallback = ""
    return Actor((name or USER.value() or fallback).strip(), authenticated=False, face=face)


def _actor(by: Actor | str | None, author: str = "") -> Actor:
    if isinstance(by, Actor):
        return by
    return who(by or author or None)


AUDIT_COLUMNS = ["id", "when", "who", "authenticated", "face", "action", "scenario_id",
                 "scenario", "version", "run_id", "comment", "state"]


class Store:
    """The store at a database URL (``url``, else the ``store_url`` setting:
    :data:`planner.settings.STORE_URL`)."""

    def __init__(self, url: str | None = None):
        self.url = STORE_URL.value(url)
        kwargs: dict[str, Any] = {}
        sqlite = self.url.startswith("sqlite")
        if sqlite:
            kwargs["connect_args"] = {"timeout": 60}
        elif self.url.startswith("postgresql://"):  # the driver the postgres extra installs
            self.url = "postgresql+psycopg://" + self.url.removeprefix("postgresql://")
        try:
            self.engine = create_engine(self.url, **kwargs)
        except ModuleNotFoundError as exc:
            raise StoreError(f"store: the database driver for {self.url!r} is not installed "
                             f"({exc.name}); for PostgreSQL install the postgres extra: "
                             "pip install 'planner[postgres]'") from exc
        if sqlite:
            @event.listens_for(self.engine, "connect")
            def _sqlite_pragmas(conn, _record) -> None:  # noqa: ANN001
                conn.isolation_level = None  # transactions begin in `_sqlite_begin`
                cur = conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA busy_timeout=60000")
                cur.execute("PRAGMA foreign_keys=ON")
                cur.close()

            @event.listens_for(self.engine, "begin")
            def _sqlite_begin(conn) -> None:  # noqa: ANN001
                # A writing transaction takes the write lock at once (waiting for it up to the
                # busy timeout): one that read first and then wrote could fail outright when
                # another writer committed in between.
                immediate = conn.get_execution_options().get("planner_write")
                conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
        self._writer = self.engine.execution_options(planner_write=True)
        try:
            self._migrate()
        except (OperationalError, ProgrammingError) as exc:
            raise StoreError(f"store: expected a database at {self.url!r}, could not open it: "
                             f"{exc.orig}") from exc

    # Schema --------------------------------------------------------------------------------
    def _revision(self) -> str | None:
        with self.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.scalar(text("SELECT version_num FROM alembic_version"))

    def _migrate(self) -> None:
        """Bring the database to :data:`planner.migrations.HEAD` (Alembic is imported only
        when there is something to do: the store opens in milliseconds once migrated)."""
        if self._revision() == HEAD:
            return
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        with self._writer.begin() as conn:
            if conn.dialect.name == "postgresql":  # one migrating process at a time
                conn.execute(text("SELECT pg_advisory_xact_lock(18018)"))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    # Transactions and the audit trail ------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[Session]:
        with Session(self._writer) as s, s.begin():
            yield s

    @staticmethod
    def _audit(s: Session, actor: Actor, action: Action, *,
               version: ScenarioVersion | None = None, run_id: int | None = None,
               comment: str = "", detail: dict[str, Any] | None = None) -> None:
        s.add(AuditEntry(at=datetime.now(UTC), who=actor.name,
                         authenticated=actor.authenticated, face=actor.face.value,
                         action=action.value,
                         scenario_id=version.id if version is not None else None,
                         scenario=version.name if version is not None else None,
                         version=version.version if version is not None else None,
                         run_id=run_id, comment=comment,
                         state=version.state if version is not None else None,
                         detail=json.loads(json.dumps(detail or {}, default=str))))

    @staticmethod
    def _version(s: Session, scenario_id: int, *, lock: bool = False) -> ScenarioVersion:
        q = select(ScenarioVersion).where(ScenarioVersion.id == scenario_id)
        r = s.scalar(q.with_for_update() if lock else q)
        if r is None:
            raise StoreError(f"store: expected a scenario id, found {scenario_id}")
        return r

    @staticmethod
    def _roles(s: Session) -> dict[str, frozenset[str]]:
        held: dict[str, set[str]] = {}
        for user, role in s.execute(select(UserRole.user, UserRole.role)).all():
            held.setdefault(user, set()).add(role)
        return {u: frozenset(r) for u, r in held.items()}

    def _require(self, s: Session, actor: Actor, role: str, doing: str) -> None:
        if not review.has_role(self._roles(s), actor.name, role):
            raise ReviewRefused(f"store: {doing} needs the {role} role, which {actor.name} "
                                "does not hold; an admin gives roles with `planner store role "
                                "grant`")

    # Scenarios ---------------------------------------------------------------------------
    def save_scenario(self, body: dict[str, Any] | Scenario, *, author: str = "",
                      note: str = "", input_files: list[str] | None = None,
                      parent_version: int | None = None,
                      by: Actor | str | None = None) -> SavedScenario:
        """Save a scenario as the next version of its name (versions are never changed); it
        starts as a draft, whatever the state of the versions before it.

        A :class:`planner.scenario.model.Scenario` is stored as its
        :func:`planner.scenario.model.scenario_document`, the document every face compares,
        with the hashes of its roster files unless ``input_files`` names others. ``by`` (or
        ``author``, its older name) is who saves it (:func:`who` when neither is given).
        """
        actor = _actor(by, author)
        if isinstance(body, Scenario):
            if input_files is None:
                input_files = [str(body.resolve(f)) for f in body.inputs.roster_files]
            body = scenario_document(body)
        name = str(body.get("name", "")).strip()
        if not name:
            raise StoreError("store: expected a scenario with a name, found none")
        hashes = {str(Path(f).name): file_hash(f) for f in input_files or [] if Path(f).exists()}
        for attempt in range(20):
            try:
                with self._write() as s:
                    self._require(s, actor, review.Role.PLANNER.value, "saving a scenario")
                    latest = s.scalar(select(func.max(ScenarioVersion.version)).where(
                        ScenarioVersion.name == name)) or 0
                    row = ScenarioVersion(
                        name=name, version=latest + 1,
                        parent_version=parent_version if parent_version is not None
                        else (latest or None),
                        author=actor.name, created=datetime.now(UTC), note=note, body=body,
                        input_hashes=hashes, state=ReviewState.DRAFT.value, submission=0)
                    s.add(row)
                    s.flush()
                    self._audit(s, actor, Action.SAVE, version=row, comment=note)
                    return SavedScenario(row.id, name, row.version)
            except IntegrityError:  # another writer took this version number: try the next
                if attempt == 19:
                    raise
        raise StoreError("store: could not save")  # pragma: no cover

    def scenarios(self) -> pd.DataFrame:
        """Every scenario version, newest first, with its review state."""
        cols = ["id", "name", "version", "parent_version", "author", "created", "note",
                "state"]
        with Session(self.engine) as s:
            rows = s.execute(select(ScenarioVersion).order_by(
                ScenarioVersion.created.desc(), ScenarioVersion.id.desc())).scalars().all()
            return pd.DataFrame([{c: getattr(r, c) for c in cols} for r in rows], columns=cols)

    def scenario(self, scenario_id: int) -> dict[str, Any]:
        """One scenario version with its body, input hashes and review state."""
        with Session(self.engine) as s:
            r = self._version(s, scenario_id)
            return {"id": r.id, "name": r.name, "version": r.version,
                    "parent_version": r.parent_version, "author": r.author,
                    "created": r.created.isoformat(), "note": r.note, "body": r.body,
                    "input_hashes": r.input_hashes, "state": r.state,
                    "submitted_by": r.submitted_by, "submitted_run_id": r.submitted_run_id}

    def delete_scenario(self, scenario_id: int, *, by: Actor | str | None = None) -> None:
        """Delete a scenario version and its runs; an approved or submitted version cannot be
        deleted (withdraw a submission first)."""
        actor = _actor(by)
        with self._write() as s:
            r = self._version(s, scenario_id, lock=True)
            if r.state in (ReviewState.APPROVED, ReviewState.SUBMITTED):
                raise ReviewRefused(
                    f"store: version {r.version} of {r.name!r} (id {r.id}) is {r.state} and "
                    "cannot be deleted" + (": an approved version and its runs are kept as "
                                           "they were approved" if r.state == "approved"
                                           else "; withdraw the submission first"))
            self._require(s, actor, review.Role.PLANNER.value, "deleting a version")
            self._audit(s, actor, Action.DELETE, version=r)
            s.execute(delete(ApprovalRecord).where(ApprovalRecord.scenario_id == scenario_id))
            s.execute(delete(Run).where(Run.scenario_id == scenario_id))
            s.delete(r)

    # Runs ------------------------------------------------------------------------------------
    def save_plan(self, scenario: Scenario, plan: Plan, *, author: str = "",
                  note: str = "", by: Actor | str | None = None) -> SavedRun:
        """Save a scenario as its next version and its plan as a run of it: what every face
        stores for "save this run" (``planner run --save``, the app's Save).

        The version holds the scenario's one document and the hashes of its roster files;
        the run holds the plan's summary with its explanations, its tables and the same
        hashes (the inputs it was run on).
        """
        actor = _actor(by, author)
        saved = self.save_scenario(scenario, note=note, by=actor)
        hashes = self.scenario(saved.id)["input_hashes"]
        return SavedRun(saved, self.save_run(saved.id, plan.saved_summary(), plan.tables,
                                             by=actor, input_hashes=hashes))

    def save_run(self, scenario_id: int, summary: dict[str, Any],
                 tables: dict[str, pd.DataFrame], *, by: Actor | str | None = None,
                 input_hashes: dict[str, str] | None = None) -> int:
        """Save a run of a scenario version, on the inputs whose hashes are ``input_hashes``
        (the version's when not given); returns the run id. A new run of an approved version
        is kept beside the approved one, and :meth:`runs` says it is not the approved one."""
        actor = _actor(by)
        with self._write() as s:
            v = self._version(s, scenario_id)
            self._require(s, actor, review.Role.PLANNER.value, "saving a run")
            row = Run(scenario_id=scenario_id, created=datetime.now(UTC),
                      status=str(summary.get("status")), objective=summary.get("objective"),
                      solve_seconds=float(summary.get("solve_seconds", 0.0)),
                      summary=json.loads(json.dumps(summary, default=str)),
                      tables={k: table_csv(v) for k, v in tables.items()},
                      input_hashes=dict(input_hashes if input_hashes is not None
                                        else v.input_hashes))
            s.add(row)
            s.flush()
            self._audit(s, actor, Action.RUN, version=v, run_id=row.id,
                        detail={"status": row.status})
            return row.id

    def runs(self) -> pd.DataFrame:
        """Every run, newest first, with its scenario's name, version and review state, and
        ``approval``: "approved run" for the run an approval recorded, "not the approved run"
        (with "other inputs" when its input files differ from the approved run's) for another
        run of an approved version, empty otherwise."""
        with Session(self.engine) as s:
            approved = self._approved_runs(s)
            q = select(Run, ScenarioVersion).join(ScenarioVersion).order_by(
                Run.created.desc(), Run.id.desc())
            rows = [{"run_id": r.id, "scenario": v.name, "version": v.version,
                     "status": r.status, "objective": r.objective,
                     "solve_seconds": r.solve_seconds, "created": r.created,
                     "state": v.state,
                     "approval": _approval_mark(r, approved.get(v.id))
                     if v.state == ReviewState.APPROVED else ""}
                    for r, v in s.execute(q).all()]
        return pd.DataFrame(rows, columns=["run_id", "scenario", "version", "status",
                                           "objective", "solve_seconds", "created", "state",
                                           "approval"])

    @staticmethod
    def _approved_runs(s: Session) -> dict[int, ApprovalRecord]:
        """Approved version id -> its last approval record (the run and inputs approved)."""
        q = (select(ApprovalRecord).join(ScenarioVersion)
             .where(ScenarioVersion.state == ReviewState.APPROVED.value,
                    ApprovalRecord.submission == ScenarioVersion.submission)
             .order_by(ApprovalRecord.step))
        return {a.scenario_id: a for a in s.execute(q).scalars()}

    def run_plan(self, run_id: int) -> tuple[dict[str, Any], dict[str, pd.DataFrame],
                                             dict[str, Any]]:
        """A stored run in memory, as compare and finance take a plan: its summary (with
        its explanations), its tables and its scenario version's document."""
        import io

        with Session(self.engine) as s:
            r = s.get(Run, run_id)
            if r is None:
                raise StoreError(f"store: expected a run id, found {run_id}")
            v = s.get(ScenarioVersion, r.scenario_id)
            # The store keeps the tables as raw CSV text (format 1: pandas' quoting, no escape).
            tables = {name: read_table(io.StringIO(text), name, 1,
                                       where=f"store run {run_id}, table {name}",
                                       fix="save the run again")
                      for name, text in r.tables.items()}
            return r.summary, tables, v.body

    def export_run(self, run_id: int, folder: str | os.PathLike[str], *,
                   by: Actor | str | None = None, names: bool = False) -> Path:
        """Write a stored run back as a plan folder (for ``planner check`` and the CLI); the
        audit trail records who exported it, and ``names`` when the export holds names."""
        actor = _actor(by)
        written = write_plan_folder(folder, *self.run_plan(run_id))  # an unknown id: no entry
        with self._write() as s:
            r = s.get(Run, run_id)
            self._audit(s, actor, Action.EXPORT,
                        version=s.get(ScenarioVersion, r.scenario_id) if r else None,
                        run_id=run_id, detail={"folder": str(folder), "names": names})
        return written

    # Review ------------------------------------------------------------------------------------
    def submit(self, scenario_id: int, *, by: Actor | str | None = None,
               comment: str = "") -> Review:
        """Submit a version for approval, with its latest run when it has one."""
        actor = _actor(by)
        with self._write() as s:
            v = self._version(s, scenario_id, lock=True)
            state = review.after(ReviewState(v.state), Action.SUBMIT, actor=actor.name,
                                 submitter=v.submitted_by, roles=self._roles(s))
            latest = s.scalar(select(Run.id).where(Run.scenario_id == v.id)
                              .order_by(Run.id.desc()).limit(1))
            v.state, v.submitted_by, v.submitted_run_id = state.value, actor.name, latest
            v.submission += 1
            self._audit(s, actor, Action.SUBMIT, version=v, run_id=latest, comment=comment)
        return self.history(scenario_id)

    def withdraw(self, scenario_id: int, *, by: Actor | str | None = None,
                 comment: str = "") -> Review:
        """Withdraw a submission (its submitter or an admin)."""
        return self._step(scenario_id, Action.WITHDRAW, _actor(by), comment)

    def reject(self, scenario_id: int, *, by: Actor | str | None = None,
               comment: str = "") -> Review:
        """Reject a submission (anyone but its submitter who may approve its next step)."""
        return self._step(scenario_id, Action.REJECT, _actor(by), comment)

    def comment(self, scenario_id: int, comment: str, *,
                by: Actor | str | None = None) -> Review:
        """Comment on a version, whatever its state."""
        if not comment.strip():
            raise ReviewRefused("store: expected a comment, found an empty one; write what "
                                "you want to say")
        return self._step(scenario_id, Action.COMMENT, _actor(by), comment)

    def _step(self, scenario_id: int, action: Action, actor: Actor, comment: str) -> Review:
        with self._write() as s:
            v = self._version(s, scenario_id, lock=True)
            roles = self._roles(s)
            if action is Action.REJECT:  # a rejection takes the role of the step it stops
                step = self._next_step(s, v)
                if not review.has_role(roles, actor.name, step.role):
                    raise ReviewRefused(f"store: the next review is {step.describe()}, a role "
                                        f"{actor.name} does not hold")
            state = review.after(ReviewState(v.state), action, actor=actor.name,
                                 submitter=v.submitted_by, roles=roles)
            v.state = state.value
            self._audit(s, actor, action, version=v, comment=comment)
        return self.history(scenario_id)

    def _chain(self, s: Session) -> list[ApprovalStep]:
        return [ApprovalStep(c.role, c.above_one_off_cost, c.above_redundancies)
                for c in s.execute(select(ChainStep).order_by(ChainStep.position)).scalars()]

    def _figures(self, s: Session, v: ScenarioVersion) -> dict[str, Any]:
        run = s.get(Run, v.submitted_run_id) if v.submitted_run_id is not None else None
        return review.figures(run.summary if run is not None else None)

    def _approvers(self, s: Session, v: ScenarioVersion) -> list[str]:
        return list(s.scalars(select(ApprovalRecord.who).where(
            ApprovalRecord.scenario_id == v.id, ApprovalRecord.submission == v.submission)
            .order_by(ApprovalRecord.step)))

    def _next_step(self, s: Session, v: ScenarioVersion) -> ApprovalStep:
        steps = review.required_steps(self._chain(s), self._figures(s, v))
        return steps[min(len(self._approvers(s, v)), len(steps) - 1)]

    def approve(self, scenario_id: int, *, by: Actor | str | None = None,
                comment: str = "") -> Review:
        """Approve the next step of a submission; on the chain's last step the version is
        approved. The approval records the submitted run's figures and input hashes."""
        actor = _actor(by)
        with self._write() as s:
            v = self._version(s, scenario_id, lock=True)
            done = self._approvers(s, v)
            figures = self._figures(s, v)
            decision = review.approve(ReviewState(v.state), actor=actor.name,
                                      submitter=v.submitted_by, roles=self._roles(s),
                                      chain=self._chain(s), plan_figures=figures,
                                      approved_by=done)
            run = s.get(Run, v.submitted_run_id) if v.submitted_run_id is not None else None
            s.add(ApprovalRecord(scenario_id=v.id, submission=v.submission, step=len(done),
                                 role=decision.step.role, who=actor.name, at=datetime.now(UTC),
                                 run_id=v.submitted_run_id, figures=figures,
                                 input_hashes=dict(run.input_hashes or {}) if run else {}))
            v.state = decision.state.value
            self._audit(s, actor, Action.APPROVE, version=v, run_id=v.submitted_run_id,
                        comment=comment,
                        detail={"step": decision.step.describe(), "figures": figures,
                                "remaining": [r.describe() for r in decision.remaining]})
        return self.history(scenario_id)

    def history(self, scenario_id: int) -> Review:
        """A version's review: its state and every action on it, oldest first."""
        with Session(self.engine) as s:
            v = self._version(s, scenario_id)
            entries = s.execute(select(AuditEntry).where(AuditEntry.scenario_id == scenario_id)
                                .order_by(AuditEntry.id)).scalars().all()
            return Review(v.id, v.name, v.version, ReviewState(v.state), tuple(
                HistoryEntry(e.action, e.who, e.authenticated, e.face,
                             _utc(e.at).isoformat(), e.comment, e.state, e.run_id)
                for e in entries))

    def approval(self, scenario_id: int) -> dict[str, Any] | None:
        """What was approved of an approved version: the run, its figures and input hashes,
        and who approved each step (None for a version that is not approved)."""
        with Session(self.engine) as s:
            v = self._version(s, scenario_id)
            if v.state != ReviewState.APPROVED:
                return None
            recs = s.execute(select(ApprovalRecord).where(
                ApprovalRecord.scenario_id == v.id, ApprovalRecord.submission == v.submission)
                .order_by(ApprovalRecord.step)).scalars().all()
            last = recs[-1]
            return {"run_id": last.run_id, "figures": last.figures,
                    "input_hashes": last.input_hashes,
                    "steps": [{"role": r.role, "who": r.who, "when": _utc(r.at).isoformat()}
                              for r in recs]}

    def waiting(self, user: str) -> pd.DataFrame:
        """The submissions whose next step ``user`` may approve: not their own, not a step
        they have already approved, and a role they hold."""
        cols = ["id", "name", "version", "submitted_by", "run_id", "next_step"]
        rows = []
        with Session(self.engine) as s:
            roles, chain = self._roles(s), self._chain(s)
            for v in s.execute(select(ScenarioVersion).where(
                    ScenarioVersion.state == ReviewState.SUBMITTED.value)
                    .order_by(ScenarioVersion.id)).scalars():
                done = self._approvers(s, v)
                steps = review.required_steps(chain, self._figures(s, v))
                step = steps[min(len(done), len(steps) - 1)]
                if (user != v.submitted_by and user not in done
                        and review.has_role(roles, user, step.role)):
                    rows.append({"id": v.id, "name": v.name, "version": v.version,
                                 "submitted_by": v.submitted_by, "run_id": v.submitted_run_id,
                                 "next_step": step.describe()})
        return pd.DataFrame(rows, columns=cols)

    def current_approved(self, name: str) -> int | None:
        """The id of the newest approved version of scenario ``name`` (None: none is)."""
        with Session(self.engine) as s:
            return s.scalar(select(ScenarioVersion.id).where(
                ScenarioVersion.name == name, ScenarioVersion.state == "approved")
                .order_by(ScenarioVersion.version.desc()).limit(1))

    # The audit trail ---------------------------------------------------------------------------
    def audit(self, scenario_id: int | None = None) -> pd.DataFrame:
        """The audit trail, oldest first (of one version when ``scenario_id`` is given)."""
        with Session(self.engine) as s:
            q = select(AuditEntry).order_by(AuditEntry.id)
            if scenario_id is not None:
                q = q.where(AuditEntry.scenario_id == scenario_id)
            rows = [{"id": e.id, "when": _utc(e.at), "who": e.who,
                     "authenticated": e.authenticated, "face": e.face, "action": e.action,
                     "scenario_id": e.scenario_id, "scenario": e.scenario,
                     "version": e.version, "run_id": e.run_id, "comment": e.comment,
                     "state": e.state} for e in s.execute(q).scalars()]
        return pd.DataFrame(rows, columns=AUDIT_COLUMNS)

    # Roles and the approval chain ------------------------------------------------------------
    def roles(self) -> dict[str, frozenset[str]]:
        """User -> the roles they hold (empty: no roles defined, everyone holds every role)."""
        with Session(self.engine) as s:
            return self._roles(s)

    def has_role(self, user: str, role: str) -> bool:
        """Whether ``user`` holds ``role`` (everyone does in a store with no roles)."""
        return review.has_role(self.roles(), user, role)

    def grant(self, user: str, role: str, *, by: Actor | str | None = None) -> None:
        """Give ``user`` a role (an admin only; the first role a store gives is an admin's,
        so that someone can change roles afterwards)."""
        actor = _actor(by)
        role = review.check_role_name(role)
        if not user.strip():
            raise ReviewRefused("store: expected the name of a user to give a role to")
        with self._write() as s:
            held = self._roles(s)
            self._require(s, actor, review.Role.ADMIN.value, "giving a role")
            if not held and role != review.Role.ADMIN.value:
                raise ReviewRefused("store: this store has no roles yet, so everyone holds "
                                    "every role; the first role given must be admin (someone "
                                    "who can change roles), found " + repr(role))
            if role in held.get(user, frozenset()):
                return
            s.add(UserRole(user=user, role=role))
            self._audit(s, actor, Action.GRANT, detail={"user": user, "role": role})

    def revoke(self, user: str, role: str, *, by: Actor | str | None = None) -> None:
        """Take a role from ``user`` (an admin only; the last admin's admin role stays)."""
        actor = _actor(by)
        with self._write() as s:
            held = self._roles(s)
            self._require(s, actor, review.Role.ADMIN.value, "taking a role")
            if role not in held.get(user, frozenset()):
                raise ReviewRefused(f"store: {user} does not hold the {role} role")
            admins = [u for u, r in held.items() if review.Role.ADMIN.value in r]
            if role == review.Role.ADMIN.value and admins == [user]:
                raise ReviewRefused(f"store: {user} is the only admin; give another user the "
                                    "admin role first")
            s.execute(delete(UserRole).where(UserRole.user == user, UserRole.role == role))
            self._audit(s, actor, Action.REVOKE, detail={"user": user, "role": role})

    def chain(self) -> list[ApprovalStep]:
        """The approval chain (empty: :data:`planner.review.DEFAULT_CHAIN`)."""
        with Session(self.engine) as s:
            return self._chain(s)

    def set_chain(self, steps: Sequence[ApprovalStep], *,
                  by: Actor | str | None = None) -> None:
        """Set the approval chain (an admin only); no steps: back to the default."""
        actor = _actor(by)
        with self._write() as s:
            self._require(s, actor, review.Role.ADMIN.value, "setting the approval chain")
            s.execute(delete(ChainStep))
            for i, step in enumerate(steps):
                s.add(ChainStep(position=i, role=step.role,
                                above_one_off_cost=step.above_one_off_cost,
                                above_redundancies=step.above_redundancies))
            self._audit(s, actor, Action.CHAIN,
                        detail={"steps": [st.describe() for st in steps]})


def _utc(at: datetime) -> datetime:
    """SQLite gives back times without their zone: they were saved in UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _approval_mark(run: Run, approved: ApprovalRecord | None) -> str:
    if approved is None:
        return ""
    if run.id == approved.run_id:
        return "approved run"
    if (run.input_hashes or {}) != (approved.input_hashes or {}):
        return "not the approved run: other inputs"
    return "not the approved run"
