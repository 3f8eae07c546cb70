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
from collections.abc import Iterator
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

    def screenshot(self, name: str) -> None:
        if self.shots is not None:
            self.shots.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)
