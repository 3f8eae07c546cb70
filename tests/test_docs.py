"""The documentation names everything a user meets: every problem code the code can emit
(docs/validation.md) and every setting (planner/settings.py's and the settings a problem
names).

The codes are read from the code itself with ``ast``: every ``Problem(...)``, and every call
of a function that passes one of its parameters on as a problem's code (``_Problems.rows``,
``validate._problem``, ``load._number``, ...), found to a fixed point, so a new helper is
seen without changing this test.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from planner.errors import SETTINGS as PROBLEM_SETTINGS
from planner.settings import SETTINGS
from tests.conftest import ROOT


@dataclass(frozen=True)
class Maker:
    """A function that makes a problem with the code given at ``index`` or as ``keyword``
    (index None: keyword only); a method's index does not count ``self``."""

    module: Path
    name: str
    index: int | None
    keyword: str
    default: str | None = None


def _called(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _code_argument(call: ast.Call, maker: Maker) -> ast.expr | None:
    for k in call.keywords:
        if k.arg == maker.keyword:
            return k.value
    if maker.index is not None and maker.index < len(call.args):
        if not any(isinstance(a, ast.Starred) for a in call.args[:maker.index + 1]):
            return call.args[maker.index]
    return None


def _functions(tree: ast.AST) -> dict[ast.AST, ast.FunctionDef]:
    """Every node -> the innermost function it is in."""
    out: dict[ast.AST, ast.FunctionDef] = {}

    def visit(node: ast.AST, fn: ast.FunctionDef | None) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else fn
            if fn is not None:
                out[child] = fn
            visit(child, inner)

    visit(tree, None)
    return out


def _parameters(fn: ast.FunctionDef) -> list[str]:
    return [a.arg for a in fn.args.posonlyargs + fn.args.args]


@cache
def scan() -> tuple[dict[str, str], tuple[Maker, ...], tuple[str, ...]]:
    """(code -> where it is first emitted, the problem makers, the code arguments that are
    neither a literal nor a parameter passed on)."""
    trees = {p: ast.parse(p.read_text(encoding="utf-8"))
             for p in sorted((ROOT / "planner").rglob("*.py"))}
    within = {p: _functions(t) for p, t in trees.items()}
    makers = [Maker(ROOT / "planner" / "errors.py", "Problem", 0, "code")]

    def maker_of(path: Path, call: ast.Call) -> Maker | None:
        # Problem anywhere; another maker only in its own module (names such as ``rows``
        # are common).
        name = _called(call)
        return next((m for m in makers if m.name == name
                     and (m.name == "Problem" or m.module == path)), None)

    changed = True
    while changed:
        changed = False
        for path, tree in trees.items():
            for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
                maker, fn = maker_of(path, call), within[path].get(call)
                arg = _code_argument(call, maker) if maker else None
                if fn is None or not isinstance(arg, ast.Name):
                    continue
                if any(m.module == path and m.name == fn.name for m in makers):
                    continue
                positional, kwonly = _parameters(fn), [a.arg for a in fn.args.kwonlyargs]
                if arg.id in positional:
                    index = positional.index(arg.id)
                    index -= 1 if positional[0] in ("self", "cls") else 0
                    makers.append(Maker(path, fn.name, index, arg.id))
                    changed = True
                elif arg.id in kwonly:
                    default = fn.args.kw_defaults[kwonly.index(arg.id)]
                    makers.append(Maker(path, fn.name, None, arg.id,
                                        default.value if isinstance(default, ast.Constant)
                                        else None))
                    changed = True

    codes: dict[str, str] = {}
    unread: list[str] = []
    for m in makers:
        if m.default:
            codes.setdefault(m.default, f"{m.module.relative_to(ROOT)} ({m.name}'s default)")
    for path, tree in trees.items():
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            maker = maker_of(path, call)
            if maker is None:
                continue
            fn = within[path].get(call)
            passed_on = set(_parameters(fn) + [a.arg for a in fn.args.kwonlyargs]) if fn else set()
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            arg = _code_argument(call, maker)
            if arg is None:
                if maker.default is None and not any(k.arg is None for k in call.keywords):
                    unread.append(f"{where} {ast.unparse(call)[:80]}")
                continue  # ``Problem(**fields)`` rebuilds a problem read back
            stack = [arg]
            while stack:
                a = stack.pop()
                if isinstance(a, ast.Constant) and isinstance(a.value, str):
                    codes.setdefault(a.value, where)
                elif isinstance(a, ast.IfExp):
                    stack += [a.body, a.orelse]
                elif isinstance(a, ast.Name) and a.id in passed_on:
                    pass  # a maker passing its parameter on: its callers are read
                elif isinstance(a, ast.Attribute) and a.attr == "code":
                    pass  # an existing problem's code, carried over
                else:
                    unread.append(f"{where} {ast.unparse(a)}")
    return codes, tuple(makers), tuple(unread)


def test_every_problem_code_is_documented() -> None:
    codes, _, _ = scan()
    doc = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    missing = sorted(f"{c} ({where})" for c, where in codes.items() if f"`{c}`" not in doc)
    assert not missing, f"docs/validation.md does not document: {missing}"


def test_every_code_argument_is_read() -> None:
    """A code the scan cannot read (a variable, a lookup) would escape the test above:
    write it as a literal, or pass it through a parameter."""
    _, _, unread = scan()
    assert unread == ()


def test_the_scan_sees_through_the_helpers_that_make_problems() -> None:
    codes, makers, _ = scan()
    assert {m.name for m in makers} >= {"Problem", "rows", "_problem", "_number"}
    # one code of each: by Problem, by _Problems.rows, by validate._problem, by _number's
    # keyword and by its default
    assert {"file_not_found", "fte_missing", "cycle", "fte_unusable", "bad_number"} <= set(codes)
    assert codes["cycle"].startswith("planner/roster/validate.py")
    assert len(codes) >= 45


def test_every_documented_code_is_emitted() -> None:
    """The tables of docs/validation.md list no code the code no longer emits."""
    codes, _, _ = scan()
    doc = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    listed = {line.split("`")[1] for line in doc.splitlines()
              if line.startswith("| `") and line.count("`") >= 2}
    assert sorted(listed - set(codes)) == []


def test_every_setting_is_documented() -> None:
    """docs/settings.md has a row for each setting of the environment (planner/settings.py)
    and for each setting a problem may name (errors.SETTINGS), as the code states it."""
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    rows = [f"| `{s.name}` | `{s.env}` | {f'`{s.default}`' if s.default else '-'} | {s.help} |"
            for s in SETTINGS]
    rows += [f"| `{key}` | {what} |" for key, what in PROBLEM_SETTINGS.items()]
    missing = [row for row in rows if row not in doc.splitlines()]
    assert missing == [], f"docs/settings.md lacks (or differs from): {missing}"
