"""App speed in a real browser (issue 5): every page after the first load, and a re-run
after a lever change, on the bundled sample org (1,500 positions).

`streamlit run streamlit_app.py` on a free localhost port, driven by Debian's Chromium through
Playwright (headless), exactly as tests/e2e does. Each time runs from the click until the
page's last element is shown and the script reports it has finished. Pages are visited once
to warm up (the first load: imports, reading the roster, plotly.js), then ``--repeat`` times;
re-runs change the span of control cap each time so no result comes from a cache.

Reproduce:  .venv/bin/python benchmarks/bench_app.py --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.harness import AppDriver, browser_page, streamlit_server  # noqa: E402

PAGES = [("Data", "Validation:"), ("Organisation", "Spans and layers flags"),
         ("Work and tags", "Role task mix"), ("Evidence", "tasks of this organisation"),
         ("Scenario", "Common levers"),
         ("Run and plan", "Why this plan"), ("Compare", "Headline"),
         ("Export", "Finance workbook")]


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
        large = _large_org(app, page, args.large, Path(tmp)) if args.large else {}
    print(f"first load (cold server): {first:.2f} s; first run: {first_run:.2f} s")
    print("| page | first visit [s] | median after [s] | max after [s] | target |")
    print("|---|---:|---:|---:|---|")
    for path, _ in PAGES:
        t = times[path]
        print(f"| {path} | {warm[path]:.2f} | {statistics.median(t):.2f} | {max(t):.2f} | 2 s |")
    print(f"| re-run after a lever change | | {statistics.median(reruns):.2f} | "
          f"{max(reruns):.2f} | 3 s |")
    if large:
        print(f"\nSynthetic org of {args.large:,} positions, uploaded in the browser:")
        print("| view | seconds |")
        print("|---|---:|")
        for name, seconds in large.items():
            print(f"| {name} | {seconds:.2f} |")


def _large_org(app: AppDriver, page: object, positions: int, tmp: Path) -> dict[str, float]:
    """Upload a synthetic org through the browser; time each view of the Organisation page."""
    from planner.synth import synthesise

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
    for view in ("Icicle", "Sunburst", "Reporting lines", "Treemap"):
        t0 = time.perf_counter()
        page.get_by_text(view, exact=True).first.click()
        page.wait_for_timeout(100)
        app.wait_idle(120)
        out[f"Organisation ({view.lower()})"] = time.perf_counter() - t0
    app.goto("Work and tags", "Role task mix")
    out["Organisation, visited again"] = app.goto("Organisation", "Spans and layers flags")
    return out


if __name__ == "__main__":
    main()
