"""The scenario and run store: immutable scenario versions and the runs made from them.

SQLAlchemy over a SQLite file in the working folder by default (``planner.db``), or any
database URL for a shared store (``postgresql://...``). Each save is one transaction: an
interrupted save leaves the store as it was. SQLite runs in WAL mode with a busy timeout
so several processes can write at once.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from planner.errors import PlannerError
from planner.io.plan_folder import read_table, table_csv, write_plan_folder
from planner.scenario.model import Scenario, scenario_document
from planner.settings import STORE_URL
from planner.work.download import file_sha256 as file_hash  # one definition of a file's hash

if TYPE_CHECKING:
    from planner.plan.tables import Plan

DEFAULT_URL = STORE_URL.default


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""


class ScenarioVersion(Base):
    """One immutable version of a scenario."""

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


class Store:
    """The store at a database URL (``url``, else the ``store_url`` setting:
    :data:`planner.settings.STORE_URL`)."""

    def __init__(self, url: str | None = None):
        self.url = STORE_URL.value(url)
        kwargs: dict[str, Any] = {}
        if self.url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": 60}
        self.engine = create_engine(self.url, **kwargs)
        if self.url.startswith("sqlite"):
            @event.listens_for(self.engine, "connect")
            def _sqlite_pragmas(conn, _record) -> None:  # noqa: ANN001
                cur = conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA busy_timeout=60000")
                cur.execute("PRAGMA foreign_keys=ON")
                cur.close()
        try:
            Base.metadata.create_all(self.engine)
        except OperationalError as exc:
            raise StoreError(f"store: expected a database at {self.url!r}, could not open it: "
                             f"{exc.orig}") from exc

    # Scenarios ---------------------------------------------------------------------------
    def save_scenario(self, body: dict[str, Any] | Scenario, *, author: str = "",
                      note: str = "", input_files: list[str] | None = None,
                      parent_version: int | None = None) -> SavedScenario:
        """Save a scenario as the next version of its name (versions are never changed).

        A :class:`planner.scenario.model.Scenario` is stored as its
        :func:`planner.scenario.model.scenario_document`, the document every face compares,
        with the hashes of its roster files unless ``input_files`` names others.
        """
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
                with Session(self.engine) as s, s.begin():
                    latest = s.scalar(select(func.max(ScenarioVersion.version)).where(
                        ScenarioVersion.name == name)) or 0
                    row = ScenarioVersion(
                        name=name, version=latest + 1,
                        parent_version=parent_version if parent_version is not None
                        else (latest or None),
                        author=author, created=datetime.now(UTC), note=note, body=body,
                        input_hashes=hashes)
                    s.add(row)
                    s.flush()
                    return SavedScenario(row.id, name, row.version)
            except IntegrityError:  # another writer took this version number: try the next
                if attempt == 19:
                    raise
        raise StoreError("store: could not save")  # pragma: no cover

    def scenarios(self) -> pd.DataFrame:
        """Every scenario version, newest first."""
        with Session(self.engine) as s:
            rows = s.execute(select(ScenarioVersion).order_by(
                ScenarioVersion.created.desc(), ScenarioVersion.id.desc())).scalars().all()
            return pd.DataFrame([{"id": r.id, "name": r.name, "version": r.version,
                                  "parent_version": r.parent_version, "author": r.author,
                                  "created": r.created, "note": r.note} for r in rows],
                                columns=["id", "name", "version", "parent_version", "author",
                                         "created", "note"])

    def scenario(self, scenario_id: int) -> dict[str, Any]:
        """One scenario version with its body and input hashes."""
        with Session(self.engine) as s:
            r = s.get(ScenarioVersion, scenario_id)
            if r is None:
                raise StoreError(f"store: expected a scenario id, found {scenario_id}")
            return {"id": r.id, "name": r.name, "version": r.version,
                    "parent_version": r.parent_version, "author": r.author,
                    "created": r.created.isoformat(), "note": r.note, "body": r.body,
                    "input_hashes": r.input_hashes}

    def delete_scenario(self, scenario_id: int) -> None:
        """Delete a scenario version and its runs."""
        with Session(self.engine) as s, s.begin():
            r = s.get(ScenarioVersion, scenario_id)
            if r is None:
                raise StoreError(f"store: expected a scenario id, found {scenario_id}")
            for run in s.execute(select(Run).where(Run.scenario_id == scenario_id)).scalars():
                s.delete(run)
            s.delete(r)

    # Runs ------------------------------------------------------------------------------------
    def save_plan(self, scenario: Scenario, plan: Plan, *, author: str = "",
                  note: str = "") -> SavedRun:
        """Save a scenario as its next version and its plan as a run of it: what every face
        stores for "save this run" (``planner run --save``, the app's Save).

        The version holds the scenario's one document and the hashes of its roster files;
        the run holds the plan's summary with its explanations, and its tables.
        """
        saved = self.save_scenario(scenario, author=author, note=note)
        return SavedRun(saved, self.save_run(saved.id, plan.saved_summary(), plan.tables))

    def save_run(self, scenario_id: int, summary: dict[str, Any],
                 tables: dict[str, pd.DataFrame]) -> int:
        """Save a run of a scenario version; returns the run id."""
        with Session(self.engine) as s, s.begin():
            if s.get(ScenarioVersion, scenario_id) is None:
                raise StoreError(f"store: expected a scenario id, found {scenario_id}")
            row = Run(scenario_id=scenario_id, created=datetime.now(UTC),
                      status=str(summary.get("status")), objective=summary.get("objective"),
                      solve_seconds=float(summary.get("solve_seconds", 0.0)),
                      summary=json.loads(json.dumps(summary, default=str)),
                      tables={k: table_csv(v) for k, v in tables.items()})
            s.add(row)
            s.flush()
            return row.id

    def runs(self) -> pd.DataFrame:
        """Every run, newest first, with its scenario's name and version."""
        with Session(self.engine) as s:
            q = select(Run, ScenarioVersion).join(ScenarioVersion).order_by(
                Run.created.desc(), Run.id.desc())
            rows = [{"run_id": r.id, "scenario": v.name, "version": v.version,
                     "status": r.status, "objective": r.objective,
                     "solve_seconds": r.solve_seconds, "created": r.created}
                    for r, v in s.execute(q).all()]
        return pd.DataFrame(rows, columns=["run_id", "scenario", "version", "status",
                                           "objective", "solve_seconds", "created"])

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

    def export_run(self, run_id: int, folder: str | os.PathLike[str]) -> Path:
        """Write a stored run back as a plan folder (for ``planner check`` and the CLI)."""
        return write_plan_folder(folder, *self.run_plan(run_id))
