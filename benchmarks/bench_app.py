"""App speed in a real browser (issues 5 and 11): the first page of a fresh server, every
page after it, each view of the Organisation page, each section of the plan, a tag edit (and
whether the grid stays where it was), and a re-run after a lever change, on the bundled
sample org (1,500 positions).

`streamlit run streamlit_app.py` on a free localhost port, driven by Debian's Chromium through
Playwright (headless), exactly as tests/e2e does. Each time runs from the click (or key press)
until the script run it starts has finished and the browser has painted the result. Pages are
visited once to warm up (the first load: imports, reading the roster, plotly.js), then
``--repeat`` times; re-runs change the span of control cap each time so no result comes from
a cache; tag edits alternate between two values so each one changes the scenario.

Reproduce:  .venv/bin/python benchmarks/bench_app.py --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.ui.plan import SECTIONS  # noqa: E402
from tests.e2e.harness import AppDriver, browser_page, streamlit_server  # noqa: E402

PAGES = [("Data", "Validation:"), ("Organisation", "Spans and layers flags"),
         ("Work and tags", "Role task mix"), ("Evidence", "tasks of this organisation"),
         ("Scenario", "Common levers"),
         ("Run and plan", "Why this plan"), ("Compare", "Headline"),
         ("Export", "Finance workbook")]
VIEWS = ["Icicle", "Sunburst", "Reporting lines", "Treemap"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--large", type=int, default=10_000,
                        help="positions of a synthetic org uploaded for the Organisation views "
                             "(0 to skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, \
            streamlit_server(f"sqlite:///{Path(tmp) / 'store.db'}") as url, \
            browser_page() as page:
        app = AppDriver(page, url)
        first = app.open()
        page.get_by_text("Show salaries and costs", exact=True).click()
        app.wait_idle()
        app.goto("Run and plan", "Set the levers and press Run")
        first_run = app.click_button("Run", "Why this plan")
        page.get_by_label("Span of control cap").fill("11")
        page.get_by_label("Span of control cap").press("Tab")
        app.click_button("Run", "Showing run 2 of 2")  # a second run, so compare has two
        warm = {}
        for path, ready in PAGES:
            warm[path] = app.goto(path, ready)
        times: dict[str, list[float]] = {p: [] for p, _ in PAGES}
        for _ in range(args.repeat):
            for path, ready in PAGES:
                times[path].append(app.goto(path, ready))
        app.goto("Run and plan", "Why this plan")
        reruns = []
        for i in range(args.repeat):
            page.get_by_label("Span of control cap").fill(str(6 + i))
            page.get_by_label("Span of control cap").press("Tab")
            reruns.append(app.click_button("Run", f"Showing run {3 + i} of {3 + i}"))
        sections = _switches(app, page, args.repeat, [*SECTIONS[1:], SECTIONS[0]],
                             lambda name: page.get_by_role("radio", name=name, exact=True))
        app.goto("Organisation", "Spans and layers flags")
        views = _switches(app, page, args.repeat, VIEWS,
                          lambda name: page.get_by_text(name, exact=True).first)
        edits, kept = _tag_edits(app, page, args.repeat)
        large = _large_org(app, page, args.large, Path(tmp)) if args.large else {}
    print(f"first page of a fresh server: {first:.2f} s (target 5 s); "
          f"first run: {first_run:.2f} s")
    print("| page | first visit [s] | median after [s] | max after [s] | target |")
    print("|---|---:|---:|---:|---|")
    for path, _ in PAGES:
        t = times[path]
        print(f"| {path} | {warm[path]:.2f} | {statistics.median(t):.2f} | {max(t):.2f} | 2 s |")
    print(f"| re-run after a lever change | | {statistics.median(reruns):.2f} | "
          f"{max(reruns):.2f} | 3 s |")
    print("\n| switch or edit | median [s] | max [s] | target |")
    print("|---|---:|---:|---|")
    for name, t in {**{f"Organisation view: {v}": views[v] for v in VIEWS},
                    **{f"Plan section: {x}": sections[x] for x in SECTIONS},
                    "Tag edit (Work and tags)": edits}.items():
        print(f"| {name} | {statistics.median(t):.2f} | {max(t):.2f} | 1 s |")
    print(f"\nThe grid kept its scroll position after {sum(kept)} of {len(kept)} tag edits.")
    if large:
        print(f"\nSynthetic org of {args.large:,} positions, uploaded in the browser:")
        print("| view | seconds |")
        print("|---|---:|")
        for name, seconds in large.items():
            print(f"| {name} | {seconds:.2f} |")


def _switches(app: AppDriver, page: object, repeat: int, names: list[str],
              control: object) -> dict[str, list[float]]:
    """Seconds to switch to each of ``names`` (``control(name)`` is what to click), in turn,
    ``repeat`` times after a first round to warm up."""
    out: dict[str, list[float]] = {n: [] for n in names}
    for i in range(repeat + 1):
        for name in names:
            t = app.timed(control(name).click)
            if i:
                out[name].append(t)
    return out


def _tag_edits(app: AppDriver, page: object, repeat: int) -> tuple[list[float], list[bool]]:
    """Seconds from committing a new automatable share typed into the tags grid (scrolled
    down and right first) until the page has run again; and whether the grid kept its scroll
    position each time."""
    app.goto("Work and tags", "Role task mix")
    times, kept = [], []
    for i in range(repeat + 1):
        for left in (200, 600, 10_000):  # right a little, or as far as the editable columns
            app.scroll_grid(left, 175)
            if "automatable share" in app.grid_columns():
                break
        app.type_in_grid_cell("automatable share", 2, ("0.35", "0.65")[i % 2])
        before = app.grid_scroll()
        t = app.timed(lambda: page.keyboard.press("Enter"))
        page.wait_for_timeout(300)  # a grid drawn anew is back at the top left by now
        if i:
            times.append(t)
            kept.append(app.grid_scroll() == before)
    return times, kept


def _large_org(app: AppDriver, page: object, positions: int, tmp: Path) -> dict[str, float]:
    """Upload a synthetic org through the browser; time each view of the Organisation page."""
    from planner.roster.synth import synthesise

    path = tmp / f"synthetic_{positions}.csv"
    synthesise(positions, seed=7).to_csv(path, index=False)
    app.goto("Data", "Validation:")
    page.get_by_text("Upload an export", exact=True).click()
    app.wait_idle()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    app.wait_text(f"{positions:,}", 300)
    app.wait_idle(300)
    out: dict[str, float] = {}
    out["Organisation (treemap)"] = app.goto("Organisation", "Spans and layers flags")
    for view in VIEWS:
        out[f"Organisation ({view.lower()})"] = app.timed(
            page.get_by_text(view, exact=True).first.click, 120)
    app.goto("Work and tags", "Role task mix")
    out["Organisation, visited again"] = app.goto("Organisation", "Spans and layers flags")
    return out


if __name__ == "__main__":
    main()
