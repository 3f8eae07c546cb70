"""Lazy public names: a name's module is imported on its first use, the value is cached in
the package, unknown names fail as attributes do, and ``dir`` lists the names. A package of
its own (written into ``tmp_path``) shows the module loads; the real package's names are
checked to resolve to what they name."""

from __future__ import annotations

import importlib
import sys
import textwrap

import pytest

from planner._lazy import lazy_exports


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A package ``lazypkg`` with a module ``things``, a subpackage ``sub`` and lazy names
    for a function, a renamed attribute and the subpackage."""
    root = tmp_path / "lazypkg"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text(textwrap.dedent("""
        from planner._lazy import lazy_exports
        _NAMES = {"double": "lazypkg.things", "twice": "lazypkg.things:double",
                  "sub": "lazypkg.sub", "broken": "lazypkg.things:missing"}
        __getattr__, __dir__ = lazy_exports(__name__, _NAMES)
    """))
    (root / "things.py").write_text("CALLS = []\n\ndef double(x):\n    return 2 * x\n")
    (root / "sub" / "__init__.py").write_text("VALUE = 7\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("lazypkg")
    for name in [m for m in sys.modules if m == "lazypkg" or m.startswith("lazypkg.")]:
        del sys.modules[name]


def test_a_name_is_imported_on_first_use_and_then_cached(package):
    assert "lazypkg.things" not in sys.modules
    assert "double" not in vars(package)
    assert package.double(4) == 8
    assert "lazypkg.things" in sys.modules
    # cached in the package: later lookups find it without __getattr__
    assert vars(package)["double"] is sys.modules["lazypkg.things"].double


def test_a_name_may_name_another_attribute_or_a_subpackage(package):
    assert package.twice is importlib.import_module("lazypkg.things").double
    assert package.sub is importlib.import_module("lazypkg.sub")
    assert package.sub.VALUE == 7


def test_unknown_names_fail_as_attributes_do(package):
    with pytest.raises(AttributeError, match="module 'lazypkg' has no attribute 'nothing'"):
        package.nothing  # noqa: B018
    assert not hasattr(package, "nothing")
    with pytest.raises(AttributeError, match="missing"):  # a name whose target is gone
        package.broken  # noqa: B018


def test_dir_lists_the_lazy_names_before_they_are_used(package):
    assert {"double", "twice", "sub", "broken", "_NAMES"} <= set(dir(package))
    assert "lazypkg.things" not in sys.modules


def test_the_getattr_of_a_package_answers_only_its_names():
    getattr_, dir_ = lazy_exports("planner", {"Problem": "planner.errors"})
    from planner.errors import Problem

    assert getattr_("Problem") is Problem
    assert "Problem" in dir_()
    with pytest.raises(AttributeError):
        getattr_("load_org")  # a name of the real map, not of this one


def test_the_public_api_resolves_to_the_modules_it_names():
    import planner
    from planner.plan.run import run
    from planner.roster.org import load_org

    assert planner.load_org is load_org
    assert planner.run_scenario is run
    assert planner.batch is importlib.import_module("planner.batch")
    assert set(planner.__all__) <= set(dir(planner))
