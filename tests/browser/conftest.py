"""Browser journeys: `filmhouse serve` as a real process over a short demo history, driven by
Debian's Chromium through Playwright (never a browser Playwright downloads itself).

Without /usr/bin/chromium (or the playwright package) these tests are skipped with the reason,
except under CI, where that is a failure. `make setup` installs both.
Set FILMHOUSE_SCREENS=/some/dir to keep desktop and phone screenshots of the main pages.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from domain.clock import SEOUL, SettableClock, SystemClock, seoul_time
from projections.log.eventstore import open_application
from tests.browser import fetch_axe
from tests.conftest import FAST_ARGON2
from web.cli import prepare
from web.demo import generate
from web.demo.cast import DEMO_ACCOUNTS, DemoAccount

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SECRET = "browser-test-secret-browser-test-secret"
DEMO_MEMBERS = 120
DEMO_WEEKS = 30
STEP_TIMEOUT_MS = 10_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (make setup installs Debian's chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[dev]')"
    return None


def _require_browser() -> None:
    problem = _missing()
    if problem is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"browser tests are required in CI: {problem}")
    pytest.skip(f"no browser: {problem}")


def account(role: str) -> DemoAccount:
    return next(a for a in DEMO_ACCOUNTS if a.role == role)


@dataclass(frozen=True)
class LiveServer:
    url: str
    database_url: str
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _load_demo(database_url: str) -> None:
    """A short demo history (the real generator), ending about now."""
    start = SystemClock().now().astimezone(SEOUL) - timedelta(weeks=DEMO_WEEKS)
    monday = start.date() - timedelta(days=start.weekday())
    filmhouse = open_application(
        database_url,
        secret=SECRET.encode(),
        passwords=FAST_ARGON2,
        clock_=SettableClock(seoul_time(monday, datetime.min.time()) + timedelta(hours=9)),
    )
    try:
        prepare(filmhouse)
        generate(filmhouse, members=DEMO_MEMBERS, weeks=DEMO_WEEKS, say=lambda line: None)
    finally:
        filmhouse.close()


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"filmhouse serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"filmhouse serve did not answer /healthz within 90 s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    _require_browser()
    # A memory-backed directory when there is one: SQLite's syncs then cost nothing.
    parent = "/dev/shm" if Path("/dev/shm").is_dir() else None
    workdir = Path(tempfile.mkdtemp(prefix="filmhouse-browser-", dir=parent))
    try:
        yield from _serve(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _serve(workdir: Path) -> Iterator[LiveServer]:
    database_url = f"sqlite:///{workdir}/filmhouse.sqlite"
    _load_demo(database_url)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "FILMHOUSE_DATABASE_URL": database_url,
        "FILMHOUSE_SECRET": SECRET,
        "FILMHOUSE_TIMERS": "off",
        "FILMHOUSE_ENV": "development",
    }
    log = workdir / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "web.cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_healthy(url, process, log)
        yield LiveServer(url=url, database_url=database_url, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# The test session's one Chromium: the browser tests and the walk (tests/walk) each declare the
# fixture, and Playwright's sync API runs one instance per thread, so both get this one.
_CHROMIUM: list[Any] = []


@pytest.fixture(scope="session")
def browser(pytestconfig: pytest.Config) -> Any:
    _require_browser()
    if not _CHROMIUM:
        from playwright.sync_api import expect, sync_playwright

        expect.set_options(timeout=STEP_TIMEOUT_MS)
        playwright = sync_playwright().start()
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        _CHROMIUM.append(chromium)

        def stop() -> None:
            chromium.close()
            playwright.stop()
            _CHROMIUM.clear()

        pytestconfig.add_cleanup(stop)
    return _CHROMIUM[0]


FAILED = pytest.StashKey[bool]()
FAILURES = Path(tempfile.gettempdir()) / "filmhouse-browser-failures"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
    return report


@pytest.fixture
def new_page(
    request: pytest.FixtureRequest, browser: Any, live_server: LiveServer
) -> Iterator[Any]:
    """`new_page(viewport=None, axe=False)`: a page in a fresh context (its own cookies: one
    person). When the test fails, every page it opened is kept as a screenshot."""
    contexts: list[Any] = []

    def make(viewport: dict[str, int] | None = None, axe: bool = False) -> Any:
        context = browser.new_context(
            base_url=live_server.url,
            locale="en-GB",
            timezone_id="Asia/Seoul",
            viewport=viewport or DESKTOP,
        )
        context.set_default_timeout(STEP_TIMEOUT_MS)
        if axe:
            # An init script runs outside the page's CSP, which rightly refuses inline scripts.
            context.add_init_script(path=str(fetch_axe.ensure()))
        contexts.append(context)
        return context.new_page()

    yield make
    if request.node.stash.get(FAILED, False):
        FAILURES.mkdir(exist_ok=True)
        for n, context in enumerate(contexts):
            for m, opened in enumerate(context.pages):
                shot = FAILURES / f"{request.node.name}-{n}-{m}.png"
                opened.screenshot(path=str(shot), full_page=True)
                print(f"failure screenshot: {shot} ({opened.url})")
        print("the server's log ends:", *live_server.log.read_text().splitlines()[-40:], sep="\n")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Any) -> Any:
    return new_page()


def sign_in(page: Any, email: str, password: str, next_path: str = "/") -> None:
    page.goto(f"/signin?next={next_path}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.locator("#signin-form").get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/signin" not in url)


def sign_in_as(page: Any, role: str, next_path: str = "/") -> None:
    demo = account(role)
    sign_in(page, demo.email, demo.password, next_path)


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — '
                                                   + n.failureSummary.split('\\n').slice(1, 2))}));
}"""


def serious_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now (the page must come
    from `new_page(axe=True)`)."""
    return list(page.evaluate(AXE_RUN))
