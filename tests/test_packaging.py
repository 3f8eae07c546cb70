"""The project installs what it tested: the lock covers every dependency, satisfies
pyproject.toml and keeps the versions known to regress out; nothing archived is committed."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _declared() -> list[Requirement]:
    project = _pyproject()["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        reqs += [Requirement(r) for r in extra]
    return reqs


def _locked() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        assert sep, f"constraints.txt: expected NAME==VERSION, found {line!r}"
        pins[canonicalize_name(name)] = Version(version)
    return pins


def test_every_dependency_has_a_lower_bound() -> None:
    for req in _declared():
        assert any(s.operator in (">=", "==", "~=") for s in req.specifier), (
            f"pyproject.toml: {req} has no lower bound")


def test_the_lock_pins_every_declared_dependency_within_its_range() -> None:
    pins = _locked()
    for req in _declared():
        name = canonicalize_name(req.name)
        assert name in pins, f"constraints.txt does not pin {req.name}: run `make lock`"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {req.name}=={pins[name]}, outside pyproject.toml's {req}")


def test_highspy_releases_known_to_regress_are_excluded() -> None:
    highspy = next(r for r in _declared() if r.name == "highspy")
    assert not highspy.specifier.contains("1.16.0")
    assert highspy.specifier.contains("1.15.1")
    assert _locked()["highspy"] == Version("1.15.1")


def test_licence_is_an_spdx_string() -> None:
    data = _pyproject()
    assert data["project"]["license"] == "Apache-2.0"
    setuptools = next(Requirement(r) for r in data["build-system"]["requires"]
                      if r.startswith("setuptools"))
    assert not setuptools.specifier.contains("76.1.0"), "SPDX licences need setuptools>=77"


def test_makefile_installs_from_the_lock() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    stamp_rule = re.search(r"^\$\(STAMP\):(.*)$", makefile, re.M)
    assert stamp_rule and "constraints.txt" in stamp_rule.group(1)
    assert "-c constraints.txt -e" in makefile
    for target in ("lock:", "test-latest:"):
        assert re.search(rf"^{target}", makefile, re.M), f"Makefile has no {target} target"


ARCHIVE = re.compile(r"\.(whl|egg|zip|tar|tgz|gz|bz2|xz|7z|rar)$", re.I)


def test_no_archive_is_committed() -> None:
    try:
        files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                               check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    archives = [f for f in files if ARCHIVE.search(f)]
    assert archives == [], f"archives committed (build test fixtures in the test): {archives}"
