"""Drive the app in a real browser: `streamlit run` on a free port and Debian's Chromium
through Playwright. Shared by the end-to-end test and the app benchmark."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-gpu",
                 "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    """Debian's Chromium, if installed."""
    for name in ("/usr/bin/chromium", shutil.which("chromium") or "",
                 shutil.which("chromium-browser") or ""):
        if name and Path(name).exists():
            return name
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_WATCH_RUN = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const run = window.__plannerRun = {started: false, done: false};
  if (window.__plannerWatch) window.__plannerWatch.disconnect();
  window.__plannerWatch = new MutationObserver(() => {
    const s = app.getAttribute('data-test-script-state');
    if (s === 'running') run.started = true;
    else if (run.started && s === 'notRunning') run.done = true;
  });
  window.__plannerWatch.observe(app, {attributes: true,
                                      attributeFilter: ['data-test-script-state']});
}"""
_PAINTED = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


@contextmanager
def streamlit_server(store_url: str, timeout: float = 60.0) -> Iterator[str]:
    """`streamlit run streamlit_app.py` on a free localhost port; yields its base URL."""
    port = free_port()
    env = {**os.environ, "PLANNER_STORE_URL": store_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--runner.magicEnabled", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                raise RuntimeError(f"streamlit did not become healthy on {url}:\n{out}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def browser_page(width: int = 1400, height: int = 1000) -> Iterator[object]:
    """A headless Chromium page (Playwright), downloads allowed."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True,
                                    args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height},
                                          accept_downloads=True)
            yield context.new_page()
        finally:
            browser.close()


@dataclass
class AppDriver:
    """Steps through the app the way a planner would."""

    page: object
    url: str
    shots: Path | None = None

    def wait_idle(self, timeout: float = 60.0) -> None:
        """Wait until the script has run and its output has settled."""
        self.page.wait_for_function(
            "() => { const a = document.querySelector('[data-testid=\"stApp\"]');"
            " return a && a.getAttribute('data-test-script-state') === 'notRunning'; }",
            timeout=timeout * 1000)
        self.fail_on_exception()

    def fail_on_exception(self) -> None:
        boxes = self.page.locator('[data-testid="stException"]')
        if boxes.count():
            raise AssertionError("Streamlit exception box: " + boxes.first.inner_text())

    def wait_text(self, text: str, timeout: float = 60.0) -> None:
        self.page.get_by_text(text, exact=False).first.wait_for(timeout=timeout * 1000)

    def open(self, timeout: float = 120.0) -> float:
        t0 = time.perf_counter()
        self.page.goto(self.url)
        self.wait_text("Validation:", timeout)
        self.wait_idle(timeout)
        return time.perf_counter() - t0

    def goto(self, title: str, ready_text: str, timeout: float = 60.0) -> float:
        """Click a page in the sidebar; seconds until its content is shown and idle."""
        t0 = time.perf_counter()
        self.page.locator('[data-testid="stSidebarNav"]').get_by_role(
            "link", name=title, exact=True).click()
        self.wait_text(ready_text, timeout)
        self.wait_idle(timeout)
        return time.perf_counter() - t0

    def click_button(self, label: str, ready_text: str, timeout: float = 60.0) -> float:
        """Press a button; seconds until ``ready_text`` shows and the script is idle."""
        t0 = time.perf_counter()
        self.page.get_by_role("button", name=label, exact=True).first.click()
        self.wait_started()
        self.wait_text(ready_text, timeout)
        self.wait_idle(timeout)
        return time.perf_counter() - t0

    def wait_started(self, timeout: float = 2.0) -> None:
        """Wait (briefly) for the script to start running after an action, so that a
        following :meth:`wait_idle` does not see the state from before the action."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(
                "() => { const a = document.querySelector('[data-testid=\"stApp\"]');"
                " return a && a.getAttribute('data-test-script-state') === 'running'; }",
                timeout=timeout * 1000, polling=10)
        except PlaywrightTimeout:
            pass  # it ran and finished within the polling interval

    def timed(self, action: Callable[[], None], timeout: float = 60.0) -> float:
        """Seconds from ``action`` (a click, a key press) until the script run it starts has
        finished and the browser has painted its output. A page's change of script state is
        watched from before the action, so a run quicker than any polling is still seen."""
        self.page.evaluate(_WATCH_RUN)
        t0 = time.perf_counter()
        action()
        self.page.wait_for_function("() => window.__plannerRun.done", timeout=timeout * 1000,
                                    polling=10)
        self.page.evaluate(_PAINTED)
        elapsed = time.perf_counter() - t0
        self.fail_on_exception()
        return elapsed

    def grid_scroll(self, index: int = 0) -> dict[str, float]:
        """The scroll position of the ``index``-th table (data editor or dataframe)."""
        return self.page.evaluate(
            "i => { const s = document.querySelectorAll('[data-testid=\"stDataFrame\"] "
            ".dvn-scroller')[i]; return {left: s.scrollLeft, top: s.scrollTop}; }", index)

    def scroll_grid(self, left: float, top: float, index: int = 0) -> dict[str, float]:
        """Scroll the ``index``-th table to (``left``, ``top``) pixels; where it got to."""
        grid = self.page.locator('[data-testid="stDataFrame"] .dvn-scroller').nth(index)
        grid.wait_for()
        grid.evaluate("(s, [left, top]) => { s.scrollLeft = left; s.scrollTop = top; }",
                      [left, top])
        self.page.wait_for_timeout(300)  # the grid draws the cells scrolled into view
        return self.grid_scroll(index)

    def grid_columns(self, index: int = 0) -> list[str]:
        """Titles of the columns the ``index``-th table shows on screen now (the grid's
        accessibility table holds only the visible columns)."""
        return self.page.locator('[data-testid="stDataFrame"]').nth(index).locator(
            'th[role="columnheader"]').all_inner_texts()

    def edit_grid_cell(self, column: str, row: int, text: str, index: int = 0) -> None:
        """Type ``text`` into a cell of the ``index``-th data editor: the cell of the column
        titled ``column`` on the ``row``-th row shown on screen, then Enter."""
        grid = self.page.locator('[data-testid="stDataFrame"]').nth(index)
        heads = grid.locator('th[role="columnheader"]')
        cols = {heads.nth(i).inner_text(): int(heads.nth(i).get_attribute("aria-colindex")) - 1
                for i in range(heads.count())}
        if column not in cols:
            raise AssertionError(f"column {column!r} is not on screen: {sorted(cols)}")
        box = grid.locator("canvas").first.bounding_box()
        # click the first column shown on that row, then walk right with the arrow keys
        self.page.mouse.click(box["x"] + 5, box["y"] + 35 * (row + 1) + 17)
        self.page.wait_for_function("() => document.activeElement.id.startsWith('glide-cell-')")
        at = int(self.page.evaluate("() => document.activeElement.id").split("-")[2])
        for _ in range(cols[column] - at):
            self.page.keyboard.press("ArrowRight")
        self.page.wait_for_timeout(100)  # the grid moves its selection on the next frame
        self.page.keyboard.type(text, delay=30)
        self.page.keyboard.press("Enter")

    def screenshot(self, name: str) -> None:
        if self.shots is not None:
            self.shots.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)
