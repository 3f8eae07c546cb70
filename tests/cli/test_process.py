"""The command line as a real process: what reaches standard output, `python -m`, start-up.

`CliRunner` replaces ``sys.stdout`` and never sees what a C library writes to file
descriptor 1, so these tests run the CLI in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "models"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def _python(*args: str, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=cwd, env=_env(), capture_output=True,
                          text=True, timeout=timeout)


@pytest.mark.parametrize("module", ["planner", "planner.cli"])
def test_python_m_knows_every_command_group(module: str) -> None:
    for group, command in [("tasks", "import-onet"), ("tagger", "evaluate"),
                           ("data", "download"), ("store", "export-run")]:
        result = _python("-m", module, group, "--help")
        assert result.returncode == 0, result.stderr
        assert command in result.stdout
    result = _python("-m", module, "tag", "--help")
    assert result.returncode == 0, result.stderr


def test_help_and_import_do_not_load_the_heavy_modules() -> None:
    probe = textwrap.dedent("""
        import sys
        import planner
        after_import = sorted(m for m in ("pandas", "pandera", "networkx", "pydantic",
                                          "planner.batch", "planner.scenario.model")
                              if m in sys.modules)
        sys.argv = ["planner", "--help"]
        from planner.cli import main
        try:
            main()
        except SystemExit:
            pass
        after_help = sorted(m for m in ("pandas", "pandera", "networkx", "pydantic",
                                        "planner.batch", "planner.scenario.model")
                            if m in sys.modules)
        sys.stderr.write(repr((after_import, after_help)))
    """)
    result = _python("-c", probe)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "([], [])"
    assert "run" in result.stdout  # the help itself was printed


def test_lazy_public_api_still_resolves() -> None:
    result = _python("-c", "import planner; print(planner.run_scenario.__module__, "
                     "planner.sweep.__module__, planner.load_org.__name__, "
                     "planner.batch.__name__, 'load_org' in dir(planner))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["planner.plan.run", "planner.batch", "load_org",
                                     "planner.batch", "True"]


# A stand-in for highspy 1.16, which prints its banner on file descriptor 1 inside Highs(),
# before any option can be set; and a library that print()s.
LOUD_SOLVER = textwrap.dedent("""
    import os, sys
    import highspy

    class LoudHighs(highspy.Highs):
        def __init__(self, *args, **kwargs):
            os.write(1, b"Running HiGHS 1.16.0 (git hash: x): Copyright (c) 2025 banner\\n")
            print("a library printing on sys.stdout")
            super().__init__(*args, **kwargs)

    highspy.Highs = LoudHighs
    from planner.cli import main
    sys.argv = ["planner", *sys.argv[1:]]
    main()
""")


def test_run_json_is_the_only_thing_on_stdout_even_when_the_solver_prints(
        tmp_path: Path) -> None:
    driver = tmp_path / "loud.py"
    driver.write_text(LOUD_SOLVER, encoding="utf-8")
    result = _python(str(driver), "run", str(MODELS / "automation_push.yaml"), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)  # the whole of stdout is one JSON document
    assert payload["status"] in ("optimal", "feasible")
    assert "banner" in result.stderr and "a library printing" in result.stderr


def test_text_mode_keeps_stdout(tmp_path: Path) -> None:
    driver = tmp_path / "loud.py"
    driver.write_text(LOUD_SOLVER, encoding="utf-8")
    result = _python(str(driver), "run", str(MODELS / "automation_push.yaml"))
    assert result.returncode == 0, result.stderr
    assert "FTE" in result.stdout  # the text answer is on stdout as before


def test_validate_json_through_a_process() -> None:
    result = _python("-m", "planner", "validate", str(ROOT / "data" / "sample_org.csv"),
                     "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["valid"] is True


def test_sweep_json_through_a_process(tmp_path: Path) -> None:
    result = _python("-m", "planner", "sweep", str(MODELS / "automation_push.yaml"),
                     "--set", "levers.span.max=10,12", "--workers", "1",
                     "--out", str(tmp_path / "r.csv"), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["runs"] == 2


def test_validate_says_a_file_without_holders_does_not_say_who_is_in_post(
        tmp_path: Path) -> None:
    import csv
    path = tmp_path / "posts.csv"
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["position_id", "manager_position_id", "job_title", "fte", "annual_cost"])
        w.writerow(["A", "", "Director", "1", "90000"])
        w.writerows([f"P{i}", "A", "Analyst", "1", "40000"] for i in range(4))
    result = _python("-m", "planner.cli", "validate", str(path))
    out = " ".join(result.stdout.split())
    assert "5 positions (people not in the file: no employee id or name column, 0 pools)" in out
    assert "vacancies" not in out
    body = json.loads(_python("-m", "planner.cli", "validate", str(path), "--json").stdout)
    assert body["summary"]["people"] is None and body["summary"]["vacancies"] is None
    assert body["summary"]["holders_unknown"] == 5
    result = _python("-m", "planner.cli", "org", str(path))
    assert "people not in the file" in " ".join(result.stdout.split())
