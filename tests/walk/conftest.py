"""The walk runs on its own server over the short demo history (the browser tests' set-up), so
that no journey's changes decide what the walk meets."""

from tests.browser.conftest import browser, live_server  # noqa: F401
