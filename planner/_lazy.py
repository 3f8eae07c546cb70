"""Lazy public names for packages (PEP 562): ``import planner`` costs milliseconds, and
pandas, the optimiser and the batch package are imported on the first use of a name that
needs them."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, names: Mapping[str, str]) -> tuple[Callable[[str], Any],
                                                                   Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for `package` whose public `names` map to the module
    that defines each (``{"load_org": "planner.roster.org"}``), to ``module:attribute`` where the
    names differ, or to the subpackage itself (``{"batch": "planner.batch"}``)."""

    def __getattr__(name: str) -> Any:
        try:
            module, _, attribute = names[name].partition(":")
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        loaded = importlib.import_module(module)
        if module == f"{package}.{name}":
            value = loaded
        else:
            value = getattr(loaded, attribute or name)
        globals_of_package = importlib.import_module(package).__dict__
        globals_of_package[name] = value  # later lookups skip __getattr__
        return value

    def __dir__() -> list[str]:
        return sorted(set(importlib.import_module(package).__dict__) | set(names))

    return __getattr__, __dir__
