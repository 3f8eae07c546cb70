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
    _started: int = 0
    _ended: int = 0
    _ended_at: float = 0.0
    """Script runs the server has started and ended, and when the last ended (:meth:`timed`)."""

    def __post_init__(self) -> None:
        self.page.on("websocket", self._on_websocket)

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

    def timed(self, action: Callable[[], None], timeout: float = 60.0,
              settle: float = 0.3) -> float:
        """Seconds from ``action`` (a click, a key press) until the script runs it starts (the
        whole page or a fragment, and any run the browser asks for on receiving their output)
        have finished and the browser has painted the result. Runs are followed through the
        server's own messages on the page's websocket, so a run quicker than any polling of
        the page is still seen; the ``settle`` seconds waited for a follow-up run are not
        counted. The page is let settle first, so the action does not land in a run still
        going (which would take it in without a run of its own)."""
        self._settle(settle, timeout)
        started = self._started
        t0 = time.perf_counter()
        action()
        deadline = t0 + timeout
        while self._started == started:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"no script run started within {timeout} s")
            self.page.wait_for_timeout(5)
        self._settle(settle, deadline - time.perf_counter())
        p0 = time.perf_counter()
        self.page.evaluate(_PAINTED)
        elapsed = self._ended_at - t0 + time.perf_counter() - p0
        self.fail_on_exception()
        return elapsed

    def _settle(self, settle: float, timeout: float) -> None:
        """Wait until every run started has ended and none has started for ``settle`` s."""
        deadline = time.perf_counter() + timeout
        while True:
            if self._ended >= self._started:
                mark = self._started
                quiet = time.perf_counter() + settle
                while self._started == mark and time.perf_counter() < quiet:
                    self.page.wait_for_timeout(5)
                if self._started == mark and self._ended >= self._started:
                    return
            if time.perf_counter() > deadline:
                raise TimeoutError(f"the app's script runs did not end within {timeout} s")
            self.page.wait_for_timeout(5)

    def _on_websocket(self, ws: object) -> None:
        ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload: bytes | str) -> None:
        """Count the script runs the server starts and ends."""
        from google.protobuf.message import DecodeError
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if isinstance(payload, str):
            return
        msg = ForwardMsg()
        try:
            msg.ParseFromString(payload)
        except DecodeError:  # not a ForwardMsg: not a run's start or end
            return
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self._started += 1
        elif kind == "script_finished":
            self._ended += 1
            self._ended_at = time.perf_counter()

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

    def grid_with_column(self, column: str, timeout: float = 30.0) -> int:
        """The index of the first table that shows ``column``, each brought into view (a
        grid draws its headers once on screen)."""
        deadline = time.monotonic() + timeout
        grids = self.page.locator('[data-testid="stDataFrame"]')
        while True:
            for i in range(grids.count()):
                grids.nth(i).scroll_into_view_if_needed()
                self.page.wait_for_timeout(200)
                if column in self.grid_columns(i):
                    return i
            if time.monotonic() > deadline:
                raise AssertionError(f"no table shows a column {column!r}")
            self.page.wait_for_timeout(500)

    def type_in_grid_cell(self, column: str, row: int, text: str, index: int = 0) -> None:
        """Open the editor of a cell of the ``index``-th data editor (the column titled
        ``column``, the ``row``-th row shown on screen) and type ``text`` into it; Enter (the
        caller's) commits it."""
        grid = self.page.locator('[data-testid="stDataFrame"]').nth(index)
        heads = grid.locator('th[role="columnheader"]')
        cols = {heads.nth(i).inner_text(): int(heads.nth(i).get_attribute("aria-colindex")) - 1
                for i in range(heads.count())}
        if column not in cols:
            raise AssertionError(f"column {column!r} is not on screen: {sorted(cols)}")
        # move the focus off the grid, click the first column shown on that row, then walk
        # right with the arrow keys to the column wanted
        self.page.locator("h1").first.click()
        self.page.wait_for_function(
            "() => !document.activeElement.id.startsWith('glide-cell-')")
        box = grid.locator("canvas").first.bounding_box()
        first = f"glide-cell-{min(cols.values())}-"  # the first column on screen
        for _ in range(3):  # the first click may only focus the grid's canvas
            self.page.mouse.click(box["x"] + 5, box["y"] + 35 * (row + 1) + 17)
            if self._wait_js(f"() => document.activeElement.id.startsWith('{first}')", 1):
                break
        _, _, at, at_row = self.page.evaluate("() => document.activeElement.id").split("-")
        for _ in range(cols[column] - int(at)):
            self.page.keyboard.press("ArrowRight")
        self.page.wait_for_function(
            f"() => document.activeElement.id === 'glide-cell-{cols[column]}-{at_row}'")
        self.page.keyboard.press("Enter")  # opens the cell's editor
        editor = self.page.locator(".gdg-input")
        editor.wait_for()
        editor.fill(text)

    def _wait_js(self, predicate: str, timeout: float) -> bool:
        """Wait until a JS predicate holds; False if it did not within ``timeout`` s."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(predicate, timeout=timeout * 1000)
        except PlaywrightTimeout:
            return False
        return True

    def screenshot(self, name: str) -> None:
        if self.shots is not None:
            self.shots.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)
