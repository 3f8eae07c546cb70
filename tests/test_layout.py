"""The package's layout, written down and held: what may import what, where the faces'
libraries are imported, the old import paths, and a test file for every module.

Every import statement is read with ``ast`` (imports inside functions and under
``TYPE_CHECKING`` included), so a deferred import cannot hide a dependency.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from planner._moved import MOVED
from tests.conftest import ROOT

PACKAGE = ROOT / "planner"

# --- the layering -------------------------------------------------------------------------
# Each unit (a package, or a root module) and the units it may import, lowest first. A module
# belongs to the longest unit its name starts with; it may always import its own unit (and
# only its own: ``planner.plan.check`` is a unit apart from the rest of ``planner.plan``).
FOUNDATION = {"planner.errors", "planner.domain", "planner.schema", "planner.status",
              "planner.settings", "planner._lazy"}
"""Errors and problems, the domain's kinds, table schemas, statuses, settings: they import
no other unit."""
WORDS = FOUNDATION | {"planner.labels"}
CORE = WORDS | {"planner.work", "planner.roster", "planner.scenario", "planner.optimise",
                "planner.compliance"}
ANSWER = CORE | {"planner.plan", "planner.io"}

LAYERS: dict[str, set[str]] = {
    **{unit: FOUNDATION for unit in FOUNDATION},
    # The words for ids read the library's role titles and the objective kinds; both imports
    # are deferred into the functions that need them, because work.library uses count_of.
    "planner.labels": FOUNDATION | {"planner.work", "planner.scenario"},
    "planner.work": WORDS,
    "planner.roster": WORDS | {"planner.work"},  # titles are matched to the library's roles
    "planner.scenario": WORDS | {"planner.work"},  # capabilities name the library's tasks
    "planner.optimise": WORDS | {"planner.work", "planner.roster", "planner.scenario"},
    # The law as data: rule sets and their windows, apart from the optimiser and the plan.
    "planner.compliance": WORDS,
    "planner.plan": ANSWER,
    # The independent checker re-derives what it checks from the plan folder and the
    # scenario: never the optimiser nor the plan-table builders.
    "planner.plan.check": WORDS | {"planner.scenario", "planner.io.plan_folder"},
    "planner.io": WORDS | {"planner.roster", "planner.work", "planner.scenario",
                           "planner.plan"},
    "planner.review": FOUNDATION,  # the sign-off rules: pure, no database
    "planner.migrations": set(),  # Alembic's scripts: SQLAlchemy and Alembic alone
    "planner.store": (ANSWER - {"planner.optimise"}) | {"planner.review", "planner.migrations"},
    "planner.batch": ANSWER | {"planner.store"},
    "planner.cli": ANSWER | {"planner.store", "planner.batch", "planner.review"},
    "planner.ui": ANSWER | {"planner.store", "planner.batch", "planner.review"},
    "planner._moved": set(),  # answers the old names through importlib, by their strings
    "planner.__main__": {"planner.cli"},
    "planner": {"planner._lazy", "planner._moved"},  # the public names are lazy strings
}

CORE_UNITS = ("planner.roster", "planner.work", "planner.scenario", "planner.optimise",
              "planner.compliance",
              "planner.errors", "planner.domain", "planner.schema", "planner.labels",
              "planner.status", "planner.settings", "planner._lazy", "planner.review")
"""The core: it never imports the pipeline, the plan folder or any face."""
ABOVE_THE_CORE = ("planner.plan", "planner.io", "planner.api", "planner.cli", "planner.ui",
                  "planner.store", "planner.batch")

KNOWN_BREAKS: dict[str, str] = {}
"""Module -> why it breaks the layering today (xfail, strict: remove the entry when fixed)."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_module(name: str) -> bool:
    return name in MODULES


@cache
def _tree(module: str) -> ast.Module:
    return ast.parse(MODULES[module].read_text(encoding="utf-8"))


@cache
def imports_of(module: str) -> tuple[tuple[str, int], ...]:
    """(imported module, line) for every import statement of ``module``, relative imports
    resolved and ``from package import submodule`` read as the submodule."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    for node in ast.walk(_tree(module)):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.append((sub if _is_module(sub) else base, node.lineno))
    return tuple(out)


def unit_of(name: str) -> str | None:
    """The longest unit of LAYERS that ``name`` is or lies inside."""
    units = [u for u in LAYERS if name == u or name.startswith(u + ".")]
    return max(units, key=len) if units else None


def _inside(name: str, units: set[str] | tuple[str, ...]) -> bool:
    return any(name == u or name.startswith(u + ".") for u in units)


def _marked(modules: list[str], breaks: dict[str, str]) -> list[object]:
    return [pytest.param(m, marks=pytest.mark.xfail(strict=True, reason=breaks[m]))
            if m in breaks else m for m in modules]


def test_every_module_has_a_layer() -> None:
    assert [m for m in MODULES if unit_of(m) is None] == []


@pytest.mark.parametrize("module", _marked(sorted(MODULES), KNOWN_BREAKS))
def test_imports_follow_the_layers(module: str) -> None:
    own = unit_of(module)
    allowed = LAYERS[own]
    wrong = [f"line {line}: {name}" for name, line in imports_of(module)
             if name.split(".")[0] == "planner" and unit_of(name) != own
             and not _inside(name, allowed)]
    assert wrong == [], f"{module} ({own}) may import only {sorted(allowed)}"


@pytest.mark.parametrize("module", [m for m in sorted(MODULES) if _inside(m, CORE_UNITS)])
def test_the_core_never_imports_the_pipeline_or_a_face(module: str) -> None:
    wrong = [f"line {line}: {name}" for name, line in imports_of(module)
             if _inside(name, ABOVE_THE_CORE)]
    assert wrong == []


def test_the_layering_reads_every_kind_of_import() -> None:
    """The reader sees imports inside functions and submodules imported from a package."""
    assert "planner.plan.run" in {n for n, _ in imports_of("planner.batch")}  # in sweep()
    assert any(n == "planner.roster.tree" for n, _ in imports_of("planner.roster.graph"))
    labels = {n for n, _ in imports_of("planner.labels")}
    assert {"planner.work.library", "planner.scenario.model"} <= labels  # inside functions


@cache
def lazy_names() -> dict[str, set[str]]:
    """Package -> the public names its ``__init__`` resolves lazily (its ``_NAMES`` map)."""
    out: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        if path.name != "__init__.py":
            continue
        for node in ast.walk(_tree(module)):
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
                    and any(isinstance(t, ast.Name) and t.id == "_NAMES" for t in node.targets)):
                out[module] = {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
    return out


def test_lazy_names_are_read() -> None:
    lazy = lazy_names()
    assert {"load_org", "run_scenario", "sweep"} <= lazy["planner"]
    assert "load_roster" in lazy["planner.roster"]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_import_names_from_their_concrete_module(module: str) -> None:
    """Inside the package a name comes from the module that defines it
    (``planner.scenario.model``), never through a package's lazy public names."""
    lazy = lazy_names()
    wrong = []
    for node in ast.walk(_tree(module)):
        if isinstance(node, ast.ImportFrom) and node.module in lazy and not node.level:
            wrong += [f"line {node.lineno}: from {node.module} import {a.name}"
                      for a in node.names if a.name in lazy[node.module]
                      and not _is_module(f"{node.module}.{a.name}")]
    assert wrong == []


# --- the faces' libraries -----------------------------------------------------------------
FACE_LIBRARIES = {
    "streamlit": ("planner.ui",),
    "typer": ("planner.cli",),
    "click": ("planner.cli",),
    "rich": ("planner.cli",),  # the sweep's progress bar is drawn by the CLI, not batch
}


@pytest.mark.parametrize("library", sorted(FACE_LIBRARIES))
def test_face_libraries_are_imported_only_by_their_face(library: str) -> None:
    wrong = [f"{m} line {line}" for m in MODULES for name, line in imports_of(m)
             if name.split(".")[0] == library and not _inside(m, FACE_LIBRARIES[library])]
    assert wrong == []


def test_the_app_entry_imports_only_the_ui() -> None:
    tree = ast.parse((ROOT / "streamlit_app.py").read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert {n for n in names if n.startswith("planner")} <= {"planner.ui"} | {
        n for n in names if n.startswith("planner.ui.")}


# --- the old import paths -----------------------------------------------------------------
def _sources() -> list[Path]:
    paths = [*PACKAGE.rglob("*.py"), ROOT / "streamlit_app.py",
             *(ROOT / "benchmarks").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
    return [p for p in paths if p.name != "_moved.py" and p != Path(__file__)]


def test_nothing_imports_an_old_path() -> None:
    """Neither the package, its tests nor the benchmarks use a path of ``_moved.MOVED``:
    not in an import statement, nor in a string naming a module (a lazy map, a monkeypatch
    target, ``importlib.import_module``)."""
    old = set(MOVED)
    wrong = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value.partition(":")[0]
                names = [text] if text.startswith("planner.") and " " not in text else []
            for name in names:
                parts = name.split(".")
                prefixes = {".".join(parts[:i]) for i in range(2, len(parts) + 1)}
                if prefixes & old:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    assert wrong == []


OLD_PATHS_PROBE = r"""
import importlib, json, sys, warnings
import planner
from planner._moved import MOVED
out = {}
for old, new in MOVED.items():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = importlib.import_module(old)
    out[old] = {
        "same": module is importlib.import_module(new) and sys.modules[old] is module,
        "warnings": [str(w.message) for w in caught if w.category is DeprecationWarning],
        "name": module.__name__,
        "spec": module.__spec__.name,
    }
from planner.ingest.load import load_roster
from planner.roster.load import load_roster as new_load_roster
out["from-import"] = load_roster is new_load_roster
print(json.dumps(out))
"""


def test_old_paths_still_work_warn_and_are_the_new_modules() -> None:
    """In a fresh interpreter (a clean ``sys.modules``): each old path imports, warns once
    with DeprecationWarning naming the new path, and is the very module at the new path."""
    done = subprocess.run([sys.executable, "-c", OLD_PATHS_PROBE], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found.pop("from-import") is True
    assert set(found) == set(MOVED)
    for old, new in MOVED.items():
        got = found[old]
        assert got["same"], old
        assert (got["name"], got["spec"]) == (new, new), old
        assert len(got["warnings"]) == 1, (old, got["warnings"])
        assert old in got["warnings"][0] and new in got["warnings"][0]


# --- tests mirror the package -------------------------------------------------------------
NOT_MIRRORED: dict[str, str] = {
    "planner.__main__": "two lines that call the CLI; tests/cli/test_process.py runs "
                        "`python -m planner` in a subprocess",
    "planner.cli.__main__": "two lines that call the CLI; tests/cli/test_process.py runs "
                            "`python -m planner.cli` in a subprocess",
    "planner._moved": "the old paths' table; this file tests it (test_old_paths_...)",
    "planner.optimise.families": "the builder's parts: tests/optimise/test_model.py counts "
                                 "each family's rows, their order and their kinds",
    "planner.optimise.variables": "tests/optimise/test_model.py checks the variable blocks "
                                  "and their sizes",
    "planner.optimise.costs": "tests/optimise/test_model.py checks the one cost definition "
                              "of the objective and the budget rows",
    "planner.cli.common": "the --json guard and the exit codes: tests/cli/test_process.py runs "
                          "the commands in real processes",
    "planner.migrations.versions.0001_versions_and_runs": "tests/migrations/test_env.py runs "
        "every revision on both databases and upgrades a store made before migrations",
    "planner.migrations.versions.0002_sign_off": "tests/migrations/test_env.py runs every "
        "revision on both databases and checks them against the models",
    "planner.cli.data": "tests/work/test_download.py drives `planner data download` against "
                        "a local server",
    "planner.scenario.translate": "tests/scenario/test_model.py and test_load.py check each "
                                  "problem's key path, the translation's whole output",
    "planner.roster.flags": "three default thresholds, no logic; tests/roster/test_graph.py "
                            "tests the flags they feed",
}
"""Modules that need no test file of their own, and why."""

UNTESTED: dict[str, str] = {}
"""Modules without a mirroring test file today (xfail, strict: remove the entry with the
file that tests it)."""


def mirror_of(module: str) -> tuple[Path, str]:
    """The folder and the stem of a module's tests: ``planner.roster.load`` ->
    ``tests/roster`` and ``load`` (``test_load.py``, ``test_load_*.py`` or ``load/``); a
    private module's stem drops its underscore (``planner._lazy`` -> ``test_lazy.py``)."""
    parts = module.split(".")[1:]
    return ROOT.joinpath("tests", *parts[:-1]), parts[-1].lstrip("_")


def has_tests(module: str) -> bool:
    folder, stem = mirror_of(module)
    if MODULES[module].name == "__init__.py":
        return (folder / stem).is_dir()
    return ((folder / f"test_{stem}.py").exists() or any(folder.glob(f"test_{stem}_*.py"))
            or (folder / stem).is_dir())


MIRRORED = sorted(m for m in MODULES if MODULES[m].name != "__init__.py"
                  and m not in NOT_MIRRORED)


@pytest.mark.parametrize("module", _marked(MIRRORED, UNTESTED))
def test_every_module_has_a_mirroring_test_file(module: str) -> None:
    folder, stem = mirror_of(module)
    assert has_tests(module), f"expected {folder.relative_to(ROOT)}/test_{stem}.py"


@pytest.mark.parametrize("package", sorted(m for m in MODULES
                                           if MODULES[m].name == "__init__.py"
                                           and m != "planner"))
def test_every_subpackage_has_a_test_folder(package: str) -> None:
    folder, stem = mirror_of(package)
    assert (folder / stem).is_dir(), f"expected tests/{'/'.join(package.split('.')[1:])}/"


def test_the_exceptions_name_real_modules() -> None:
    assert set(NOT_MIRRORED) <= set(MODULES) and set(UNTESTED) <= set(MODULES)
    assert not set(NOT_MIRRORED) & set(UNTESTED)
    assert [m for m in NOT_MIRRORED if has_tests(m)] == []  # an exception no longer needed


# --- where I/O happens ----------------------------------------------------------------------
FILE_LIBRARIES = {"yaml", "json", "sqlalchemy", "openpyxl", "xlsxwriter", "pyarrow", "urllib",
                  "requests", "shutil", "tempfile", "zipfile", "csv", "pickle"}
FILE_CALLS = {"open", "read_text", "write_text", "read_bytes", "write_bytes", "read_csv",
              "to_csv", "read_excel", "to_excel", "read_parquet", "to_parquet", "mkdir"}


def io_of(module: str) -> list[str]:
    """The file, database and network libraries ``module`` imports and the file calls it
    makes, by line."""
    out = [f"line {line}: import {name}" for name, line in imports_of(module)
           if name.split(".")[0] in FILE_LIBRARIES]
    for node in ast.walk(_tree(module)):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) \
                else None
            if name in FILE_CALLS:
                out.append(f"line {node.lineno}: {name}()")
    return out


@pytest.mark.parametrize("module", [m for m in sorted(MODULES)
                                    if _inside(m, ("planner.optimise",))])
def test_the_optimiser_does_no_io(module: str) -> None:
    assert io_of(module) == []


SCENARIO_IO: dict[str, str] = {}
"""Scenario modules that read files outside ``scenario.load`` (xfail, strict)."""
PARSES_TEXT = {"planner.scenario.keypaths": "import yaml"}
"""Imports of a file library that read no file: ``PATH=VALUE`` values are parsed as YAML
text."""


@pytest.mark.parametrize("module", _marked(
    [m for m in sorted(MODULES) if _inside(m, ("planner.scenario",))
     and m != "planner.scenario.load"], SCENARIO_IO))
def test_only_scenario_load_reads_scenario_files(module: str) -> None:
    """``scenario_from_dict`` does no I/O: every file a scenario names is read in
    ``planner.scenario.load``."""
    assert [f for f in io_of(module) if not f.endswith(PARSES_TEXT.get(module, "\0"))] == []


TEMP_FOLDERS: dict[str, str] = {}
"""Modules that still write a plan to a temporary folder to read it back (xfail, strict)."""


@pytest.mark.parametrize("module", _marked(sorted(MODULES), TEMP_FOLDERS))
def test_plans_stay_in_memory_not_in_temporary_folders(module: str) -> None:
    """compare, check and finance take in-memory plans: no face writes a plan to a
    temporary folder to read it back."""
    made = [f"line {n.lineno}" for n in ast.walk(_tree(module))
            if isinstance(n, ast.Attribute) and n.attr in ("TemporaryDirectory", "mkdtemp")]
    assert made == []


# The plan folder's file names are spelled in planner/io/plan_folder.py only:
# tests/io/test_plan_folder.py checks every module against plan_folder.FILES.
