"""The import paths of the flat layout before 0.2, kept for one release.

``import planner.api`` or ``from planner.ingest.load import load_roster`` still work: each old
name is the same module object as its new home (so monkeypatching either patches both), and
importing it warns with :class:`DeprecationWarning` naming the new path. The table is the only
record of the move; nothing else in the package uses the old paths.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from types import ModuleType

MOVED = {
    "planner.api": "planner.roster.org",
    "planner.ingest": "planner.roster",
    "planner.ingest.load": "planner.roster.load",
    "planner.ingest.parse": "planner.roster.parse",
    "planner.ingest.presets": "planner.roster.presets",
    "planner.ingest.readers": "planner.roster.readers",
    "planner.validate": "planner.roster.validate",
    "planner.tree": "planner.roster.tree",
    "planner.org": "planner.roster.graph",
    "planner.synth": "planner.roster.synth",
    "planner.flags": "planner.roster.flags",
    "planner.onet": "planner.work.onet",
    "planner.tagger": "planner.work.tagger",
    "planner.tagging": "planner.work.tags",
    "planner.download": "planner.work.download",
    "planner.optimise.run": "planner.plan.run",
    "planner.check": "planner.plan.check",
    "planner.finance": "planner.plan.finance",
    "planner.compare": "planner.plan.compare",
    "planner.planfolder": "planner.io.plan_folder",
    "planner.exports": "planner.io.workbook",
}
"""Old module -> new module. ``planner.work``, ``planner.scenario`` and ``planner.plan`` are
packages now; their package names re-export what the old modules defined."""


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds an old name first (before the path finder could load a second copy of the
    module from its new folder) and answers with the module at its new path."""

    def find_spec(self, fullname, path=None, target=None):  # noqa: D102
        if fullname not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec) -> ModuleType:  # noqa: D102
        new = MOVED[spec.name]
        warnings.warn(f"{spec.name} has moved to {new}; the old path goes in the next "
                      "release", DeprecationWarning, stacklevel=2)
        module = importlib.import_module(new)
        self._spec = module.__spec__  # the import system sets __spec__ to the alias's spec
        return module

    def exec_module(self, module: ModuleType) -> None:  # noqa: D102
        module.__spec__ = self._spec


def install() -> None:
    """Put the alias finder first on ``sys.meta_path`` (once)."""
    if not any(isinstance(f, _Alias) for f in sys.meta_path):
        sys.meta_path.insert(0, _Alias())
