"""A throwaway PostgreSQL cluster for the store's tests: Debian's ``postgresql`` package
(``make system-deps`` installs it), a cluster in a temporary folder on a free local port, owned
by a non-root user (PostgreSQL refuses to run as root), removed at the end.

:func:`start` returns the running cluster, or the reason it cannot run (the tests that need it
skip with that reason).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    """A running cluster: ``port`` on 127.0.0.1, superuser ``planner``, trust sign-in."""

    folder: Path
    port: int
    bindir: Path
    as_user: list[str]
    _numbers: itertools.count = field(default_factory=itertools.count)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run one of the cluster's programs as its owner."""
        return subprocess.run([*self.as_user, str(self.bindir / args[0]), *args[1:]],
                              capture_output=True, text=True, timeout=120, check=True)

    def new_database(self) -> str:
        """A new empty database on the cluster; returns its SQLAlchemy URL."""
        import psycopg

        name = f"t{os.getpid()}_{next(self._numbers)}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=planner dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://planner@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        """Stop the server and remove the cluster's folder."""
        try:
            self.run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Cluster | str:
    """Start a cluster, or say why one cannot start."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    bindir = _bindir()
    if bindir is None:
        return ("PostgreSQL is not installed: `make system-deps` installs Debian's postgresql "
                "package (apt-get, as root)")
    folder = Path(tempfile.mkdtemp(prefix="planner-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL will not run as root: the package's own user owns it
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder)
            return "running as root and there is no postgres user to own the cluster"
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    cluster = Cluster(folder, _free_port(), bindir, as_user)
    data = folder / "data"
    try:
        cluster.run("initdb", "-D", str(data), "-U", "planner", "--auth=trust", "-E", "UTF8",
                    "--no-sync")
        cluster.run("pg_ctl", "-D", str(data), "-l", str(folder / "server.log"), "-w", "-o",
                    f"-p {cluster.port} -k {folder} -c listen_addresses=127.0.0.1 "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                    "-c max_connections=60", "start")
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        log = (folder / "server.log")
        detail = log.read_text()[-500:] if log.exists() else getattr(exc, "stderr", "")
        shutil.rmtree(folder, ignore_errors=True)
        return f"PostgreSQL did not start: {detail}"
    return cluster
