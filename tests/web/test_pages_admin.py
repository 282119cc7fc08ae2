"""The admin console: each section whole and as an htmx fragment, each form's success and
refusal, and the role check (admins only)."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from domain.clock import SEOUL
from domain.context import Context
from tests.conftest import START
from tests.web.test_pages_funds import (
    HX,
    admin,
    applied,
    fund,
    join,
    post,
    project,
    sign_in,
    university_ids,
)

SECTIONS = [
    "/admin",
    "/admin/members",
    "/admin/partners",
    "/admin/opportunities",
    "/admin/workspaces",
    "/admin/bookings",
    "/admin/trainings",
    "/admin/funds",
    "/admin/reports",
    "/admin/what-if",
]


@pytest.fixture
def boss(filmhouse):
    return admin(filmhouse)


@pytest.fixture
def signed_admin(web, boss):
    sign_in(web, "Admin Kim")
    return boss


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("path", SECTIONS)
def test_every_section_renders_for_admins(web, signed_admin, path, htmx):
    response = web.get(path, headers=HX if htmx else {})
    assert response.status_code == 200, response.text
    assert 'id="admin-section"' in response.text
    assert ("<html" in response.text) is not htmx


@pytest.mark.parametrize("path", SECTIONS)
def test_sections_refuse_other_members(web, filmhouse, path):
    join(filmhouse, "Director Lee")
    sign_in(web, "Director Lee")
    assert web.get(path).status_code == 403


@pytest.mark.parametrize("path", ["/admin", "/admin/funds"])
def test_sections_ask_anonymous_visitors_to_sign_in(web, path):
    assert web.get(path).status_code == 401


# -- members ----------------------------------------------------------------------------------


def test_member_search_and_grant_and_revoke(web, filmhouse, signed_admin):
    member = join(filmhouse, "Coordinator Yoon", roles=("crew",))
    page = web.get("/admin/members?q=yoon", headers=HX)
    assert "Coordinator Yoon" in page.text and "Admin Kim" not in page.text
    response = post(
        web,
        f"/admin/members/{member}/grant",
        {"role": "coordinator", "q": "yoon"},
        page="/admin/members",
    )
    assert response.status_code == 303
    assert "coordinator" in {r.value for r in filmhouse.roles_of(member)}
    response = post(
        web,
        f"/admin/members/{member}/revoke",
        {"role": "coordinator"},
        htmx=True,
        page="/admin/members",
    )
    assert response.status_code == 200 and "Done." in response.text
    assert "coordinator" not in {r.value for r in filmhouse.roles_of(member)}


def test_grant_of_a_sign_up_role_is_refused_inline(web, filmhouse, signed_admin):
    member = join(filmhouse, "Crew Han", roles=("crew",))
    response = post(
        web, f"/admin/members/{member}/grant", {"role": "partner"}, page="/admin/members"
    )
    assert response.status_code == 422
    assert "Choose coordinator, auditor or admin" in response.text


def test_an_admin_cannot_revoke_their_own_admin_role(web, signed_admin):
    response = post(
        web,
        f"/admin/members/{signed_admin}/revoke",
        {"role": "admin"},
        htmx=True,
        page="/admin/members",
    )
    assert response.status_code == 409
    assert "cannot revoke their own admin role" in response.text


def test_grant_by_a_non_admin_is_403(web, filmhouse):
    member = join(filmhouse, "Director Lee")
    sign_in(web, "Director Lee")
    response = post(web, f"/admin/members/{member}/grant", {"role": "admin"})
    assert response.status_code == 403


# -- partners and opportunities -------------------------------------------------------------


@pytest.fixture
def partner(filmhouse):
    rep = join(filmhouse, "Partner Jung", roles=("partner",))
    return filmhouse.register_partner(
        Context(rep), name="Han River Pictures", kind="studio", business_number="124-81-00998"
    )


def test_pending_partner_is_verified(web, filmhouse, signed_admin, partner):
    assert "Han River Pictures" in web.get("/admin/partners").text
    response = post(web, f"/admin/partners/{partner}/verify", {}, htmx=True, page="/admin/partners")
    assert response.status_code == 200
    assert "No partner is waiting" in response.text


def test_partner_rejection_needs_a_reason(web, signed_admin, partner):
    response = post(
        web, f"/admin/partners/{partner}/reject", {"reason": ""}, page="/admin/partners"
    )
    assert response.status_code == 422 and "Say why" in response.text
    response = post(
        web,
        f"/admin/partners/{partner}/reject",
        {"reason": "The business number belongs to another company."},
        page="/admin/partners",
    )
    assert response.status_code == 303


def test_verifying_twice_is_a_conflict(web, filmhouse, signed_admin, partner, boss):
    filmhouse.verify_partner(Context(boss), partner)
    response = post(web, f"/admin/partners/{partner}/verify", {}, page="/admin/partners")
    assert response.status_code in (409, 303)


def test_opportunity_take_down(web, filmhouse, signed_admin, partner, boss):
    filmhouse.verify_partner(Context(boss), partner)
    rep = filmhouse.partner(partner).representative_id
    opportunity = filmhouse.post_opportunity(
        Context(rep),
        kind="call_for_pitches",
        title="Shorts for summer",
        description="Short films about the river.",
        criteria=["under 20 minutes"],
        deadline=START + timedelta(days=30),
    )
    assert "Shorts for summer" in web.get("/admin/opportunities").text
    response = post(
        web,
        f"/admin/opportunities/{opportunity}/take-down",
        {"reason": ""},
        page="/admin/opportunities",
    )
    assert response.status_code == 422
    response = post(
        web,
        f"/admin/opportunities/{opportunity}/take-down",
        {"reason": "Misleading terms."},
        htmx=True,
        page="/admin/opportunities",
    )
    assert response.status_code == 200 and "Shorts for summer" not in response.text


# -- workspaces -----------------------------------------------------------------------------------


def test_create_workspace_blackout_and_retire(web, filmhouse, signed_admin):
    response = post(
        web,
        "/admin/workspaces",
        {"name": "Edit Suite 9", "kind": "editing_suite", "capacity": "2"},
        page="/admin/workspaces",
    )
    assert response.status_code == 303
    page = web.get("/admin/workspaces").text
    link = page.split("Edit Suite 9")[0].rsplit('href="', 1)[1].split('"')[0]
    assert web.get(link).status_code == 200
    response = post(
        web,
        f"{link}/blackouts",
        {"start": "2026-04-01T09:00", "end": "2026-04-02T09:00", "reason": "Repairs"},
        htmx=True,
        page=link,
    )
    assert response.status_code == 200 and "Repairs" in response.text
    blackout = response.text.split("/blackouts/")[1].split("/remove")[0]
    response = post(web, f"{link}/blackouts/{blackout}/remove", {}, page=link)
    assert response.status_code == 303
    response = post(web, f"{link}/retire", {"reason": "Moved"}, page=link)
    assert response.status_code == 303
    response = post(web, f"{link}/retire", {"reason": "Again"}, page=link)
    assert response.status_code == 409


def test_create_workspace_refusals_are_inline(web, signed_admin):
    response = post(
        web, "/admin/workspaces", {"name": "", "kind": "editing_suite"}, page="/admin/workspaces"
    )
    assert response.status_code == 422 and "Give the room a name" in response.text
    response = post(
        web,
        "/admin/workspaces",
        {"name": "X", "kind": "spaceship"},
        htmx=True,
        page="/admin/workspaces",
    )
    assert response.status_code == 422 and "<html" not in response.text


def test_blackout_needs_times_and_reason(web, filmhouse, signed_admin):
    room = filmhouse.workspaces()[0]
    response = post(
        web,
        f"/admin/workspaces/{room.id}/blackouts",
        {"start": "", "end": "", "reason": "x"},
        page="/admin/workspaces",
    )
    assert response.status_code == 422 and "Give a start and an end" in response.text


def test_unknown_workspace_is_404(web, signed_admin):
    assert web.get("/admin/workspaces/00000000-0000-0000-0000-000000000000").status_code == 404


# -- booking requests -----------------------------------------------------------------------------


@pytest.fixture
def request_id(filmhouse):
    member = join(filmhouse, "Director Lee")
    room = next(w for w in filmhouse.workspaces() if w.kind.value == "screening_room")
    start = (START + timedelta(days=20)).replace(hour=14, minute=0)
    return filmhouse.book_workspace(
        Context(member), room.id, start=start, end=start + timedelta(hours=2)
    )


def test_booking_request_is_approved(web, filmhouse, signed_admin, request_id):
    assert "Director Lee" in web.get("/admin/bookings").text
    response = post(
        web,
        f"/admin/bookings/{request_id}/approve",
        {"reason": ""},
        htmx=True,
        page="/admin/bookings",
    )
    assert response.status_code == 200 and "No request is waiting" in response.text
    assert filmhouse.booking(request_id).status.value == "confirmed"


def test_booking_refusal_needs_a_reason_then_refuses(web, filmhouse, signed_admin, request_id):
    response = post(
        web, f"/admin/bookings/{request_id}/refuse", {"reason": ""}, page="/admin/bookings"
    )
    assert response.status_code == 422
    response = post(
        web,
        f"/admin/bookings/{request_id}/refuse",
        {"reason": "Festival week"},
        page="/admin/bookings",
    )
    assert response.status_code == 303
    response = post(web, f"/admin/bookings/{request_id}/approve", {}, page="/admin/bookings")
    assert response.status_code == 409


def test_strike_decision_needs_a_reason(web, signed_admin):
    response = post(
        web,
        "/admin/strikes/00000000-0000-0000-0000-000000000000/uphold",
        {"reason": ""},
        page="/admin/bookings",
    )
    assert response.status_code == 422
    response = post(
        web,
        "/admin/strikes/00000000-0000-0000-0000-000000000000/overturn",
        {"reason": "ok"},
        page="/admin/bookings",
    )
    assert response.status_code == 404


# -- trainings -----------------------------------------------------------------------------------


def test_schedule_attend_and_complete_a_training(web, filmhouse, signed_admin):
    response = post(
        web,
        "/admin/trainings",
        {
            "title": "AI-assisted editing",
            "skill": "ai editing",
            "capacity": "8",
            "starts": "2026-03-10T10:00",
            "ends": "2026-03-10T17:00",
        },
        page="/admin/trainings",
    )
    assert response.status_code == 303
    page = web.get("/admin/trainings").text
    link = page.split("AI-assisted editing")[0].rsplit('href="', 1)[1].split('"')[0]
    training_id = link.rsplit("/", 1)[1]
    crew = join(filmhouse, "Crew Han", roles=("crew",))
    filmhouse.enrol(Context(crew), UUID(training_id))
    assert "Crew Han" in web.get(link).text
    response = post(web, f"{link}/complete/{crew}", {}, page=link)
    assert response.status_code == 409  # not attended yet
    filmhouse.clock.set(START.replace(day=10, hour=18))
    response = post(
        web, f"{link}/attendance", {"session": "1", "present": str(crew)}, htmx=True, page=link
    )
    assert response.status_code == 200, response.text
    assert f'value="{crew}" checked' in response.text  # the register shows who was there
    response = post(web, f"{link}/complete/{crew}", {}, page=link)
    assert response.status_code == 303
    assert '<span class="tag">completed</span>' in web.get(link).text


def test_schedule_training_refusals_are_inline(web, signed_admin):
    response = post(
        web,
        "/admin/trainings",
        {"title": "", "skill": "", "capacity": "x"},
        htmx=True,
        page="/admin/trainings",
    )
    assert response.status_code == 422
    assert "Give the training a title" in response.text and "<html" not in response.text


# -- funds, reviewers, decisions, disbursements --------------------------------------------------


def test_open_and_close_a_fund(web, filmhouse, signed_admin):
    response = post(
        web,
        "/admin/funds",
        {
            "name": "Documentary Fund",
            "budget_krw": "10,000,000",
            "cap_krw": "2000000",
            "opens": "2026-03-01",
            "closes": "2026-05-31",
            "criteria": "story:2, craft",
            "min_reviews": "1",
        },
        page="/admin/funds",
    )
    assert response.status_code == 303
    page = web.get("/admin/funds").text
    assert "Documentary Fund" in page
    link = page.split("Documentary Fund")[0].rsplit('href="', 1)[1].split('"')[0]
    fund_id = link.rsplit("/", 1)[1]
    assert filmhouse.fund(UUID(fund_id)).criteria[0] == {"name": "story", "weight": 2}
    response = post(
        web,
        f"/admin/funds/{fund_id}/close",
        {"reason": "Budget moved"},
        htmx=True,
        page="/admin/funds",
    )
    assert response.status_code == 200
    response = post(web, f"/admin/funds/{fund_id}/close", {}, page="/admin/funds")
    assert response.status_code == 409


def test_open_fund_refusals(web, signed_admin):
    response = post(web, "/admin/funds", {"name": "", "budget_krw": "x"}, page="/admin/funds")
    assert response.status_code == 422 and "Give the fund a name" in response.text
    response = post(
        web,
        "/admin/funds",
        {
            "name": "F",
            "budget_krw": "100",
            "cap_krw": "200",
            "opens": "2026-03-01",
            "closes": "2026-04-01",
        },
        page="/admin/funds",
    )
    assert response.status_code == 422 and "cap_krw" in response.text


@pytest.fixture
def application(filmhouse, boss):
    director = join(filmhouse, "Director Lee")
    fund_id = fund(filmhouse, boss)
    return applied(filmhouse, director, fund_id, project(filmhouse, director))


def test_fund_page_lists_applications(web, filmhouse, signed_admin, application):
    fund_id = filmhouse.subsidy_application(application).fund_id
    response = web.get(f"/admin/funds/{fund_id}", headers=HX)
    assert response.status_code == 200 and "Night Bus" in response.text


def test_conflicts_are_shown_before_assigning_and_need_an_override(
    web, filmhouse, signed_admin, application
):
    reviewer = join(filmhouse, "Reviewer Park", roles=("crew",))
    page = web.get(f"/admin/applications/{application}?q=park")
    assert "Reviewer Park" in page.text and "Check for conflicts" in page.text
    page = web.get(f"/admin/applications/{application}?candidate={reviewer}", headers=HX)
    assert "No conflict of interest found" in page.text
    response = post(
        web,
        f"/admin/applications/{application}/reviewers",
        {"member_id": str(reviewer)},
        htmx=True,
        page=f"/admin/applications/{application}",
    )
    assert response.status_code == 200 and "The reviewer is appointed" in response.text
    response = post(
        web,
        f"/admin/applications/{application}/reviewers",
        {"member_id": str(reviewer)},
        page=f"/admin/applications/{application}",
    )
    assert response.status_code == 409 and "already a reviewer" in response.text


def test_conflicted_reviewer_is_refused_then_overridden(web, filmhouse, signed_admin, application):
    uni = university_ids(filmhouse)[0]
    aggregate = filmhouse.subsidy_application(application)
    # An applicant from the same university as the reviewer: make a second applicant.
    director = join(filmhouse, "Director Seo", university_id=uni)
    other = applied(filmhouse, director, aggregate.fund_id, project(filmhouse, director, "Rain"))
    reviewer = join(filmhouse, "Reviewer Bae", roles=("crew",), university_id=uni)
    page = web.get(f"/admin/applications/{other}?candidate={reviewer}")
    assert "same university as the applicant" in page.text and 'name="override_reason"' in page.text
    response = post(
        web,
        f"/admin/applications/{other}/reviewers",
        {"member_id": str(reviewer)},
        page=f"/admin/applications/{other}",
    )
    assert response.status_code == 409 and "conflict of interest" in response.text
    response = post(
        web,
        f"/admin/applications/{other}/reviewers",
        {"member_id": str(reviewer), "override_reason": "Only expert available"},
        page=f"/admin/applications/{other}",
    )
    assert response.status_code == 303
    assert "Only expert available" in web.get(f"/admin/applications/{other}").text


def test_decision_refusals_and_approval_then_disbursement(
    web, filmhouse, signed_admin, application
):
    path = f"/admin/applications/{application}"
    response = post(
        web,
        f"{path}/decision",
        {
            "approve": "yes",
            "amount_krw": "9000000",
            "reason_code": "meets_criteria",
            "reason": "Good",
        },
        page=path,
    )
    assert response.status_code == 422 and "cap" in response.text
    response = post(
        web,
        f"{path}/decision",
        {"approve": "yes", "amount_krw": "1000", "reason_code": "meets_criteria", "reason": ""},
        htmx=True,
        page=path,
    )
    assert response.status_code == 422 and "reason in words" in response.text
    response = post(
        web,
        f"{path}/decision",
        {
            "approve": "yes",
            "amount_krw": "2000000",
            "reason_code": "meets_criteria",
            "reason": "Clear plan",
        },
        page=path,
    )
    assert response.status_code == 303
    response = post(
        web,
        f"{path}/decision",
        {"approve": "no", "reason_code": "other", "reason": "again"},
        page=path,
    )
    assert response.status_code == 409
    response = post(web, f"{path}/disbursements", {"amount_krw": "3000000"}, page=path)
    assert response.status_code == 409
    response = post(
        web,
        f"{path}/disbursements",
        {"amount_krw": "1000000", "note": "First"},
        htmx=True,
        page=path,
    )
    assert response.status_code == 200 and "Tranche 1" in response.text


def test_decision_by_a_non_admin_is_403(web, filmhouse, application):
    join(filmhouse, "Crew Han", roles=("crew",))
    sign_in(web, "Crew Han")
    response = post(
        web,
        f"/admin/applications/{application}/decision",
        {"approve": "no", "reason_code": "other", "reason": "x"},
    )
    assert response.status_code == 403


# -- reports and what-if -------------------------------------------------------------------------


def test_member_report_is_resolved(web, filmhouse, signed_admin):
    a = join(filmhouse, "Crew Han", roles=("crew",))
    b = join(filmhouse, "Crew Oh", roles=("crew",))
    filmhouse.report_member(Context(a), b, kind="spam", reason="Sends ads.")
    page = web.get("/admin/reports").text
    assert "Sends ads." in page
    report = page.split("/admin/reports/")[1].split("/resolve")[0]
    response = post(web, f"/admin/reports/{report}/resolve", {"note": ""}, page="/admin/reports")
    assert response.status_code == 422
    response = post(
        web,
        f"/admin/reports/{report}/resolve",
        {"note": "Warned."},
        htmx=True,
        page="/admin/reports",
    )
    assert response.status_code == 200 and "No open reports" in response.text


def test_what_if_for_a_fund_and_for_bookings(web, filmhouse, signed_admin, application, boss):
    fund_id = filmhouse.subsidy_application(application).fund_id
    reviewer = join(filmhouse, "Reviewer Park", roles=("crew",))
    filmhouse.assign_reviewer(Context(boss), application, reviewer)
    filmhouse.review_application(Context(reviewer), application, score=4, comment="Good")
    filmhouse.decide_subsidy(
        Context(boss),
        application,
        approve=True,
        amount_krw=3_000_000,
        reason_code="meets_criteria",
        reason="ok",
    )
    response = web.get(f"/admin/what-if?fund_id={fund_id}&cap_krw=1000000", headers=HX)
    assert response.status_code == 200
    assert "Director Lee" in response.text and "\N{MINUS SIGN}₩2,000,000" in response.text
    response = web.get(f"/admin/what-if?fund_id={fund_id}&cap_krw=abc")
    assert response.status_code == 422
    since = (START - timedelta(days=7)).astimezone(SEOUL).strftime("%Y-%m-%dT%H:%M")
    until = (START + timedelta(days=7)).astimezone(SEOUL).strftime("%Y-%m-%dT%H:%M")
    response = web.get(f"/admin/what-if?since={since}&until={until}&quota_hours=4")
    assert response.status_code == 200 and "Result" in response.text
    response = web.get(f"/admin/what-if?since={until}&until={since}&quota_hours=4")
    assert response.status_code == 422


# -- way-finding: confirmations, titles, names, regions brought up to date -----------------------


WINTER = {
    "name": "Winter Fund",
    "budget_krw": "10,000,000",
    "cap_krw": "2000000",
    "opens": "2026-11-01",
    "closes": "2027-01-31",
}
OPENED = (
    "The fund Winter Fund is saved: it takes applications from 2026-11-01 through "
    "2027-01-31, Seoul time."
)


def test_open_fund_with_htmx_confirms_it_by_name_and_lists_it(web, signed_admin):
    response = post(web, "/admin/funds", WINTER, htmx=True, page="/admin/funds")
    assert response.status_code == 200
    assert OPENED in response.text and "<html" not in response.text
    row = response.text.split("Winter Fund</a>", 1)[1].split("</tr>", 1)[0]
    assert "just opened" in row and "2027-01-31" in row and "2027-02-01" not in row


def test_open_fund_without_javascript_confirms_it_after_the_redirect(web, filmhouse, signed_admin):
    response = post(web, "/admin/funds", WINTER, page="/admin/funds")
    assert response.status_code == 303
    where = response.headers["location"]
    assert where.startswith("/admin/funds?opened=")
    assert filmhouse.fund(UUID(where.split("=", 1)[1])).name == "Winter Fund"
    assert OPENED in web.get(where).text
    assert "just opened" not in web.get("/admin/funds").text


def test_open_fund_confirmation_is_in_korean_for_a_korean_reader(web, signed_admin):
    web.cookies.set("fh_lang", "ko")
    response = post(web, "/admin/funds", WINTER, htmx=True, page="/admin/funds")
    assert "Winter Fund 지원 사업을 저장했습니다" in response.text
    assert "2026-11-01부터 2027-01-31까지" in response.text


def test_decision_page_is_titled_by_project_and_applicant_and_links_the_pitch(
    web, filmhouse, signed_admin, application
):
    project_id = filmhouse.subsidy_application(application).project_id
    page = web.get(f"/admin/applications/{application}").text
    assert "<title>Night Bus, applied for by Director Lee · Film House</title>" in page
    assert f'<a href="/projects/{project_id}">Night Bus</a>' in page
    assert f'href="/applications/{application}"' in page
    assert "Admin —" not in page


def facts_of(html: str) -> str:
    return html.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]


def test_deciding_with_htmx_brings_the_status_grant_and_fund_balance_up_to_date(
    web, filmhouse, signed_admin, application
):
    path = f"/admin/applications/{application}"
    before = facts_of(web.get(path).text)
    assert "₩20,000,000 of ₩20,000,000" in before
    answer = post(
        web,
        f"{path}/decision",
        {
            "approve": "yes",
            "amount_krw": "2,000,000",
            "reason_code": "meets_criteria",
            "reason": "Clear plan",
        },
        htmx=True,
        page=path,
    )
    assert answer.status_code == 200
    assert "Decided. The receipt is ready for the applicant." in answer.text
    swapped = facts_of(answer.text)
    assert swapped == facts_of(web.get(path).text)
    assert "₩18,000,000 of ₩20,000,000" in swapped and "₩2,000,000" in swapped


def test_the_console_names_reports_of_members_and_reaches_the_fairness_report(web, signed_admin):
    page = web.get("/admin").text
    assert '<a href="/admin/reports">Reports of members</a>' in page
    assert '<a href="/dashboard#fairness">Fairness report</a>' in page
    assert ">Reports<" not in page
    assert 'id="fairness"' in web.get("/dashboard").text
    assert "Reports of members" in web.get("/admin/reports", headers=HX).text


def test_a_fund_in_the_console_is_titled_by_its_name(web, filmhouse, signed_admin, application):
    fund_id = filmhouse.subsidy_application(application).fund_id
    page = web.get(f"/admin/funds/{fund_id}").text
    assert "<title>Short Film Fund 2026 · Film House</title>" in page
