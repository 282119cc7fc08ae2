"""The closed vocabularies (member roles, workspace kinds, opportunity and deal kinds, pay bases,
partner and report kinds) are said in the reader's language wherever the console and the
dashboards show them, never as stored ("co_production", "co production")."""

from __future__ import annotations

import re
from datetime import timedelta
from enum import Enum

import pytest

from domain.context import Context
from domain.vocabulary import (
    DealKind,
    OpportunityKind,
    PartnerKind,
    PayBasis,
    ReportKind,
    Role,
    WorkspaceKind,
)
from tests.web.test_pages_funds import HX, admin, join, project, sign_in, university_ids
from web.display.vocabulary import CLOSED
from web.i18n import speaking

KO = {"Accept-Language": "ko"}
ENUMS: dict[str, type[Enum]] = {
    "member_role": Role,
    "workspace_kind": WorkspaceKind,
    "opportunity_kind": OpportunityKind,
    "pay_basis": PayBasis,
    "deal_kind": DealKind,
    "partner_kind": PartnerKind,
    "report_kind": ReportKind,
}


@pytest.mark.parametrize("name", sorted(CLOSED))
def test_every_value_of_a_closed_vocabulary_has_a_word_in_english_and_in_korean(name):
    labels = CLOSED[name]
    assert set(labels()) == {member.value for member in ENUMS[name]}
    with speaking("ko"):
        korean = labels()
    untranslated = [key for key, english in labels().items() if korean[key] == english]
    assert untranslated == []


@pytest.fixture
def console(web, filmhouse):
    """An admin signed in, a member reported for spam, a partner's call for pitches that a
    director's project won a co-production deal from."""
    boss = admin(filmhouse)
    director = join(filmhouse, "Director Lee", university_id=university_ids(filmhouse)[0])
    rep = join(filmhouse, "Park Studio", roles=("partner",))
    org = filmhouse.register_partner(
        Context(rep),
        name="Han River Pictures",
        kind="production_company",
        business_number="124-81-00998",
    )
    filmhouse.verify_partner(Context(boss), org)
    pending = join(filmhouse, "Choi Stream", roles=("partner",))
    filmhouse.register_partner(
        Context(pending), name="Night Owl Films", kind="streamer", business_number="220-81-62517"
    )
    opportunity = filmhouse.post_opportunity(
        Context(rep),
        kind="call_for_pitches",
        title="Night stories",
        description="Shorts.",
        criteria=["a pitched short"],
        deadline=filmhouse.clock.now() + timedelta(days=14),
    )
    film = project(filmhouse, director)
    filmhouse.pitch_project(Context(director), film)
    submission = filmhouse.submit_to_opportunity(Context(director), opportunity, film)
    filmhouse.shortlist_submission(Context(rep), submission, "Strong pitch.")
    filmhouse.sign_deal(
        Context(rep), submission, "Terms agreed.", amount_krw=10_000_000, kind="co_production"
    )
    filmhouse.report_member(Context(director), rep, kind="spam", reason="Ads in messages.")
    sign_in(web, "Admin Kim")
    return {"university": university_ids(filmhouse)[0]}


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    ("path", "said", "stored"),
    [
        (
            "/admin/members",
            ["관리", "감독", "파트너", "코디네이터"],
            ["admin", "director", "partner", "coordinator"],
        ),
        ("/admin/opportunities", ["기획안 공모"], ["call for pitches", "call_for_pitches"]),
        ("/admin/partners", ["스트리밍"], ["streamer"]),
        ("/admin/reports", ["스팸"], ["spam"]),
        ("/admin/workspaces", ["편집실", "AI 워크스테이션"], ["editing suite", "editing_suite"]),
    ],
)
def test_the_console_says_the_vocabulary_in_korean(web, console, htmx, path, said, stored):
    response = web.get(path, headers={**KO, **(HX if htmx else {})})
    assert response.status_code == 200
    shown = texts(response.text)
    assert [word for word in said if not any(word in text for text in shown)] == []
    assert [word for word in stored if word in shown] == []
    assert ("<html" in response.text) is not htmx


@pytest.mark.parametrize("htmx", [False, True])
def test_the_dashboards_say_deal_and_workspace_kinds_in_korean(web, console, htmx):
    for path in ("/dashboard", f"/dashboard/universities/{console['university']}"):
        response = web.get(path, headers={**KO, **(HX if htmx else {})})
        assert response.status_code == 200
        assert "공동제작" in texts(response.text) and "co production" not in response.text
        assert ("<html" in response.text) is not htmx
    centre = web.get("/dashboard", headers=KO).text
    assert "편집실" in texts(centre) and "editing_suite" not in centre


def test_the_dashboard_in_english_says_the_kinds_as_words(web, console):
    centre = web.get("/dashboard").text
    assert "Co-production" in centre and "Editing suite" in centre


def texts(html: str) -> set[str]:
    """What a reader reads on the page, text by text (a list "a, b" as its items)."""
    html = re.sub(r"<(script|style|datalist)\b.*?</\1>", " ", html, flags=re.S)
    found = {" ".join(t.split()) for t in re.findall(r">([^<]+)<", html)}
    return {item.strip() for text in found for item in re.split(r"[,·]", text)} - {""}


def test_the_home_page_names_the_network_s_universities_in_the_reader_s_language(web):
    from domain.university import NETWORK

    _slug, english, korean = NETWORK[0]
    in_korean = web.get("/", headers=KO).text
    assert f"<li>{korean}</li>" in in_korean and english not in in_korean
    in_english = web.get("/").text
    assert f'<li>{english} <span lang="ko">{korean}</span></li>' in in_english
