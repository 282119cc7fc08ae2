"""A person of one role, in one language, on a phone: from the home page they follow every link
they are shown (each kind of page a few times, so a large demo is sampled, not exhausted) and
read every page. Whatever they should not meet is written down as a finding.

Findings: a server error; a refusal (4xx) behind a link the page offered; raw data where a
person reads; English left on a Korean page; a page that scrolls sideways on a phone; texts
drawn over one another. Every kind of page is kept as a screenshot, phone and desktop.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.walk.oracle import Oracle, problems
from tests.walk.reading import Reading, read_page

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}")
_NUMBER = re.compile(r"(?<=/)\d+(?=/|$)")
# Links that are not pages to read: actions behind forms, the API, the language switch.
NOT_A_PAGE = re.compile(r"^/(signout|language|static/|api/|schema|healthz|readyz)")
# Links that download a file: checked for their answer, not read as a page.
DOWNLOAD = re.compile(r"/export\b|\.ics$|\.csv$|/files/|[?&]format=(csv|json)")


def kind_of_page(url: str) -> str:
    """A URL's route with its ids and numbers blanked and its query reduced to its names:
    `/projects/<id>?tab=` stands for every project's page."""
    parts = urlsplit(url)
    path = _NUMBER.sub("{n}", _ID.sub("{id}", parts.path))
    names = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(names) if names else "")


@dataclass
class Walk:
    """One person's walk; `findings` is what they met."""

    who: str
    korean: bool
    signed_in: bool
    oracle: Oracle
    screens: Path | None
    per_kind: int = 2
    most: int = 60
    findings: list[str] = field(default_factory=list)
    seen: Counter[str] = field(default_factory=Counter)
    noted: set[tuple[str, str]] = field(default_factory=set)
    pages: int = 0

    def note(self, url: str, problem: str) -> None:
        """A finding, once per kind of page and problem."""
        key = (kind_of_page(url), re.sub(r" \(\d+ px down\)$", "", problem))
        if key not in self.noted:
            self.noted.add(key)
            parts = urlsplit(url)
            where = parts.path + (f"?{parts.query}" if parts.query else "")
            self.findings.append(f"{self.who}: {where} — {problem}")

    def run(self, context: Any, base_url: str, start: list[str]) -> list[str]:
        page = context.new_page()
        page.set_viewport_size(PHONE)
        queue: deque[tuple[str, str]] = deque((base_url + path, "(start)") for path in start)
        queued = {url for url, _ in queue}
        while queue and self.pages < self.most:
            url, came_from = queue.popleft()
            kind = kind_of_page(url)
            if self.seen[kind] >= self.per_kind:
                continue
            self.seen[kind] += 1
            self.pages += 1
            for link in self.visit(context, page, url, kind, came_from):
                if link not in queued:
                    queued.add(link)
                    queue.append((link, url))
        page.close()
        return self.findings

    def visit(self, context: Any, page: Any, url: str, kind: str, came_from: str) -> list[str]:
        path = urlsplit(url).path
        if DOWNLOAD.search(url):
            answer = context.request.get(url, max_redirects=0)
            if answer.status >= 400:
                self.note(url, f"the download answers {answer.status} (linked from {came_from})")
            return []
        answer = page.goto(url, wait_until="load")
        status = answer.status if answer is not None else 0
        if status >= 500:
            self.note(url, f"a server error {status} (linked from {came_from})")
            return []
        if status >= 400:
            self.note(url, f"a refusal {status} behind a link it was shown (from {came_from})")
        landed = urlsplit(page.url).path
        if self.signed_in and landed == "/signin" and path != "/signin":
            self.note(url, f"sent to sign in again although signed in (from {came_from})")
        reading = self.check(page, url)
        if self.seen[kind] == 1 and self.screens is not None:
            self.keep_screenshots(page, kind)
        if status >= 400:
            return []
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        return [
            link.split("#")[0]
            for link in reading.links
            if link.startswith(origin) and not NOT_A_PAGE.match(urlsplit(link).path)
        ]

    def check(self, page: Any, url: str) -> Reading:
        """Read the page as it is now (after a load or an htmx swap) and note what a person
        should not meet on it."""
        reading = read_page(page)
        for problem in problems(self.oracle, reading.texts, korean=self.korean):
            self.note(url, problem)
        if reading.sideways > 0:
            self.note(url, f"scrolls sideways by {reading.sideways} px on a 375 px phone")
        for overlap in reading.overlaps:
            self.note(url, f"texts overlap on a phone: {overlap}")
        return reading

    def keep_screenshots(self, page: Any, kind: str) -> None:
        assert self.screens is not None
        self.screens.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9]+", "_", kind).strip("_") or "home"
        page.screenshot(path=str(self.screens / f"{name}-phone.png"), full_page=True)
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=str(self.screens / f"{name}-desktop.png"), full_page=True)
        page.set_viewport_size(PHONE)
