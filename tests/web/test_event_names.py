"""The audit timeline names every event of the domain in the reader's language: each
aggregate's events have their own names ("Opened" is an account opened, a waitlist opened)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from eventsourcing.domain import CanMutateAggregate

import domain
from tests.web.test_pages_funds import HX, admin, grant, join, sign_in
from web.display.event_names import GENERIC, event_names
from web.i18n import speaking


def domain_events() -> set[str]:
    """Every event class of the domain as the log names it, "Aggregate.EventClass"."""
    found: set[str] = set()
    for module_info in pkgutil.walk_packages(domain.__path__, "domain."):
        module = importlib.import_module(module_info.name)
        for item in vars(module).values():
            if isinstance(item, type) and item.__module__ == module.__name__:
                for nested in vars(item).values():
                    if isinstance(nested, type) and issubclass(nested, CanMutateAggregate):
                        found.add(f"{item.__name__}.{nested.__name__}")
    return found


def test_every_event_of_the_domain_has_a_name():
    named = event_names()
    unnamed = sorted(
        kind for kind in domain_events() if kind not in named and kind.split(".")[-1] not in GENERIC
    )
    assert unnamed == []


def test_no_name_is_kept_for_an_event_the_domain_no_longer_has():
    assert sorted(set(event_names()) - domain_events()) == []


def test_every_event_name_has_its_korean():
    english = event_names()
    with speaking("ko"):
        korean = event_names()
    assert sorted(name for kind, name in english.items() if korean[kind] == name) == []


@pytest.fixture
def auditor(web, filmhouse):
    member = join(filmhouse, "Auditor Moon", roles=("crew",))
    grant(filmhouse, admin(filmhouse), member, "auditor")
    sign_in(web, "Auditor Moon")


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.usefixtures("auditor")
def test_the_timeline_names_events_in_the_reader_s_language(web, filmhouse, htmx):
    member = join(filmhouse, "Director Lee")
    korean = web.get(
        f"/audit/entities/{member}", headers={"Accept-Language": "ko", **(HX if htmx else {})}
    )
    assert korean.status_code == 200
    assert ">회원 가입</td>" in korean.text and "Member registered" not in korean.text
    assert ("<html" in korean.text) is not htmx
    english = web.get(f"/audit/entities/{member}", headers=HX if htmx else {})
    assert ">Member registered</td>" in english.text
