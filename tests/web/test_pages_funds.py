"""Fund pages, applications with their breakdown editor, decision receipts and the review queue,
whole or as htmx fragments."""

from __future__ import annotations

import re
from datetime import date, datetime
from uuid import UUID

import pytest

from domain.clock import SEOUL
from domain.context import Context
from domain.vocabulary import ProjectFormat

PASSWORD = "a-long-password"
HX = {"HX-Request": "true"}


# -- helpers shared by the staff page tests ----------------------------------------------------


def csrf(web, path: str = "/signin") -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', web.get(path).text)
    assert found, path
    return found.group(1)


def join(filmhouse, name: str, roles=("director",), university_id: UUID | None = None) -> UUID:
    email = f"{name.lower().replace(' ', '.')}@filmhouse.test"
    return filmhouse.sign_up(
        Context(None),
        email=email,
        password=PASSWORD,
        name=name,
        roles=list(roles),
        university_id=university_id,
    )


def admin(filmhouse, name: str = "Admin Kim") -> UUID:
    email = f"{name.lower().replace(' ', '.')}@filmhouse.test"
    return filmhouse.create_admin(email=email, password=PASSWORD, name=name)


def grant(filmhouse, admin_id: UUID, member_id: UUID, role: str) -> None:
    filmhouse.grant_role(Context(admin_id), member_id, role)


def sign_in(web, name: str) -> None:
    email = f"{name.lower().replace(' ', '.')}@filmhouse.test"
    response = web.post(
        "/signin",
        data={"_csrf_token": csrf(web), "email": email, "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def post(web, path: str, data: dict, htmx: bool = False, page: str = "/"):
    return web.post(
        path,
        data={"_csrf_token": csrf(web, page), **data},
        headers=HX if htmx else {},
        follow_redirects=False,
    )


def university_ids(filmhouse) -> list[UUID]:
    from domain.university import University

    ids = []
    for note in filmhouse.recorder.select_notifications(start=1, limit=200):
        event = filmhouse.mapper.to_domain_event(note)
        if isinstance(event, University.Joined):
            ids.append(event.originator_id)
    return ids


def project(filmhouse, director_id: UUID, title: str = "Night Bus") -> UUID:
    return filmhouse.create_project(
        Context(director_id),
        title=title,
        logline="A driver and a city at night.",
        genres=["drama"],
        format=ProjectFormat.SHORT,
        budget_krw=5_000_000,
        shoot_start=date(2026, 5, 1),
        shoot_end=date(2026, 5, 10),
    )


def fund(filmhouse, admin_id: UUID, **changes) -> UUID:
    terms = {
        "name": "Short Film Fund 2026",
        "budget_krw": 20_000_000,
        "cap_krw": 5_000_000,
        "opens": date(2026, 3, 1),
        "closes": date(2026, 6, 30),
        **changes,
    }
    return filmhouse.open_fund(Context(admin_id), **terms)


def applied(
    filmhouse, director_id: UUID, fund_id: UUID, project_id: UUID, amount: int = 3_000_000
) -> UUID:
    return filmhouse.apply_for_subsidy(
        Context(director_id),
        fund_id,
        project_id=project_id,
        amount_krw=amount,
        breakdown=[
            {"item": "Camera", "amount_krw": amount - 1_000_000},
            {"item": "Sound", "amount_krw": 1_000_000},
        ],
    )


@pytest.fixture
def setting(filmhouse):
    """An admin, a fund, a director with a project, a reviewer."""
    boss = admin(filmhouse)
    director = join(filmhouse, "Director Lee")
    reviewer = join(filmhouse, "Reviewer Park", roles=("crew",))
    project_id = project(filmhouse, director)
    fund_id = fund(filmhouse, boss)
    return {
        "admin": boss,
        "director": director,
        "reviewer": reviewer,
        "project": project_id,
        "fund": fund_id,
    }


# -- funds -------------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_funds_page_lists_funds_for_anyone(web, setting, htmx):
    response = web.get("/funds", headers=HX if htmx else {})
    assert response.status_code == 200
    assert "Short Film Fund 2026" in response.text
    assert "₩20,000,000" in response.text
    assert ("<html" in response.text) is not htmx


@pytest.mark.parametrize("htmx", [False, True])
def test_fund_page_shows_ledger_and_apply_form_to_directors(web, setting, htmx):
    sign_in(web, "Director Lee")
    response = web.get(f"/funds/{setting['fund']}", headers=HX if htmx else {})
    assert response.status_code == 200
    html = response.text
    assert "Ledger" in html and "Opened" in html
    assert '<label for="apply-project">' in html and "Night Bus" in html
    assert ("<html" in html) is not htmx


def test_fund_page_has_no_apply_form_for_crew(web, setting):
    sign_in(web, "Reviewer Park")
    html = web.get(f"/funds/{setting['fund']}").text
    assert 'id="apply-form"' not in html


def test_unknown_fund_is_404(web, setting):
    assert web.get("/funds/00000000-0000-0000-0000-000000000000").status_code == 404


def test_breakdown_row_fragment(web, setting):
    sign_in(web, "Director Lee")
    response = web.get(f"/funds/{setting['fund']}/breakdown-row", headers=HX)
    assert response.status_code == 200
    assert 'name="item"' in response.text and "<html" not in response.text


def test_add_a_line_without_javascript_keeps_what_was_typed(web, setting):
    sign_in(web, "Director Lee")
    response = post(
        web,
        f"/funds/{setting['fund']}/applications",
        {
            "project_id": str(setting["project"]),
            "amount_krw": "3000000",
            "item": "Camera",
            "amount": "2000000",
            "add_row": "1",
        },
        page=f"/funds/{setting['fund']}",
    )
    assert response.status_code == 200
    assert response.text.count('name="item"') == 2
    assert 'value="Camera"' in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_apply_with_a_breakdown_that_does_not_add_up_says_so(web, setting, htmx):
    sign_in(web, "Director Lee")
    response = post(
        web,
        f"/funds/{setting['fund']}/applications",
        {
            "project_id": str(setting["project"]),
            "amount_krw": "3000000",
            "item": ["Camera", "Sound"],
            "amount": ["2000000", "500000"],
        },
        htmx=htmx,
        page=f"/funds/{setting['fund']}",
    )
    assert response.status_code == 422
    assert "₩2,500,000" in response.text and "₩3,000,000" in response.text
    assert 'id="apply-breakdown-error"' in response.text
    assert ("<html" in response.text) is not htmx


@pytest.mark.parametrize("htmx", [False, True])
def test_apply_submits_and_goes_to_the_application(web, filmhouse, setting, htmx):
    sign_in(web, "Director Lee")
    response = post(
        web,
        f"/funds/{setting['fund']}/applications",
        {
            "project_id": str(setting["project"]),
            "amount_krw": "3,000,000",
            "item": ["Camera", "Sound", ""],
            "amount": ["2000000", "1000000", ""],
        },
        htmx=htmx,
        page=f"/funds/{setting['fund']}",
    )
    target = response.headers.get("HX-Redirect" if htmx else "location")
    assert response.status_code == (200 if htmx else 303)
    assert target.startswith("/applications/")
    page = web.get(target)
    assert page.status_code == 200
    assert "Version 1" in page.text and "Camera" in page.text
    assert "My applications" in web.get("/funds").text


def test_apply_above_the_cap_is_refused_inline(web, setting):
    sign_in(web, "Director Lee")
    response = post(
        web,
        f"/funds/{setting['fund']}/applications",
        {
            "project_id": str(setting["project"]),
            "amount_krw": "6000000",
            "item": "Everything",
            "amount": "6000000",
        },
        page=f"/funds/{setting['fund']}",
    )
    assert response.status_code == 422
    # The refusal names its field (amount_krw), so it shows next to the amount.
    assert 'id="apply-amount-error"' in response.text and "cap" in response.text


def test_apply_twice_is_a_conflict(web, filmhouse, setting):
    applied(filmhouse, setting["director"], setting["fund"], setting["project"])
    sign_in(web, "Director Lee")
    response = post(
        web,
        f"/funds/{setting['fund']}/applications",
        {
            "project_id": str(setting["project"]),
            "amount_krw": "1000",
            "item": "Tape",
            "amount": "1000",
        },
        page=f"/funds/{setting['fund']}",
    )
    assert response.status_code == 409
    assert "revise it instead" in response.text


def test_apply_needs_the_director_role(web, setting):
    sign_in(web, "Reviewer Park")
    response = post(
        web,
        f"/funds/{setting['fund']}/applications",
        {
            "project_id": str(setting["project"]),
            "amount_krw": "1000",
            "item": "Tape",
            "amount": "1000",
        },
    )
    assert response.status_code == 403


def test_apply_anonymous_is_401(web, setting):
    response = post(web, f"/funds/{setting['fund']}/applications", {"amount_krw": "1"})
    assert response.status_code == 401


# -- one application ---------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_application_page_for_its_applicant(web, filmhouse, setting, htmx):
    application_id = applied(filmhouse, setting["director"], setting["fund"], setting["project"])
    sign_in(web, "Director Lee")
    response = web.get(f"/applications/{application_id}", headers=HX if htmx else {})
    assert response.status_code == 200
    assert "Submitted" in response.text and 'id="revise-form"' in response.text
    assert ("<html" in response.text) is not htmx


def test_application_page_refuses_others(web, filmhouse, setting):
    application_id = applied(filmhouse, setting["director"], setting["fund"], setting["project"])
    join(filmhouse, "Other Director")
    sign_in(web, "Other Director")
    assert web.get(f"/applications/{application_id}").status_code == 403


def test_application_page_anonymous_is_401(web, filmhouse, setting):
    application_id = applied(filmhouse, setting["director"], setting["fund"], setting["project"])
    assert web.get(f"/applications/{application_id}").status_code == 401


def test_application_page_for_reviewers_keeps_them_anonymous_to_each_other(web, filmhouse, setting):
    application_id = applied(filmhouse, setting["director"], setting["fund"], setting["project"])
    filmhouse.assign_reviewer(Context(setting["admin"]), application_id, setting["reviewer"])
    sign_in(web, "Reviewer Park")
    response = web.get(f"/applications/{application_id}")
    assert response.status_code == 200
    assert "Reviewer 1" in response.text and 'id="revise-form"' not in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_revise_makes_a_new_version(web, filmhouse, setting, htmx):
    application_id = applied(filmhouse, setting["director"], setting["fund"], setting["project"])
    sign_in(web, "Director Lee")
    response = post(
        web,
        f"/applications/{application_id}/revise",
        {"amount_krw": "4000000", "item": ["Camera", "Sound"], "amount": ["3000000", "1000000"]},
        htmx=htmx,
        page=f"/applications/{application_id}",
    )
    assert response.status_code == (200 if htmx else 303)
    assert "Version 2" in web.get(f"/applications/{application_id}").text


def test_revise_with_nothing_changed_is_a_conflict(web, filmhouse, setting):
    application_id = applied(filmhouse, setting["director"], setting["fund"], setting["project"])
    sign_in(web, "Director Lee")
    response = post(
        web,
        f"/applications/{application_id}/revise",
        {"amount_krw": "3000000", "item": ["Camera", "Sound"], "amount": ["2000000", "1000000"]},
        page=f"/applications/{application_id}",
    )
    assert response.status_code == 409
    assert "already says exactly this" in response.text


def test_revise_by_someone_else_is_403(web, filmhouse, setting):
    application_id = applied(filmhouse, setting["director"], setting["fund"], setting["project"])
    join(filmhouse, "Other Director")
    sign_in(web, "Other Director")
    response = post(
        web,
        f"/applications/{application_id}/revise",
        {"amount_krw": "1000", "item": "Tape", "amount": "1000"},
    )
    assert response.status_code == 403


# -- the receipt -------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_receipt_shows_what_the_decision_was_based_on(web, filmhouse, setting, htmx):
    application_id = applied(filmhouse, setting["director"], setting["fund"], setting["project"])
    filmhouse.assign_reviewer(Context(setting["admin"]), application_id, setting["reviewer"])
    filmhouse.review_application(
        Context(setting["reviewer"]), application_id, score=4, comment="Strong plan."
    )
    filmhouse.decide_subsidy(
        Context(setting["admin"]),
        application_id,
        approve=True,
        amount_krw=2_500_000,
        reason_code="meets_criteria",
        reason="A clear plan and budget.",
    )
    sign_in(web, "Director Lee")
    response = web.get(f"/applications/{application_id}/receipt", headers=HX if htmx else {})
    assert response.status_code == 200
    html = response.text
    assert "₩2,500,000" in html and "Meets the criteria" in html and "A clear plan" in html
    assert "4.00" in html and "Admin Kim" in html and "₩20,000,000" in html
    assert ("<html" in html) is not htmx


def test_receipt_before_a_decision_is_404(web, filmhouse, setting):
    application_id = applied(filmhouse, setting["director"], setting["fund"], setting["project"])
    sign_in(web, "Director Lee")
    response = web.get(f"/applications/{application_id}/receipt")
    assert response.status_code == 404
    assert "not been decided yet" in response.text


def test_receipt_refuses_strangers(web, filmhouse, setting):
    application_id = applied(filmhouse, setting["director"], setting["fund"], setting["project"])
    filmhouse.decide_subsidy(
        Context(setting["admin"]),
        application_id,
        approve=False,
        reason_code="incomplete",
        reason="No schedule.",
    )
    join(filmhouse, "Stranger Choi", roles=("crew",))
    sign_in(web, "Stranger Choi")
    assert web.get(f"/applications/{application_id}/receipt").status_code == 403


# -- reviews -----------------------------------------------------------------------------------


@pytest.fixture
def assigned(filmhouse, setting):
    application_id = applied(filmhouse, setting["director"], setting["fund"], setting["project"])
    filmhouse.assign_reviewer(Context(setting["admin"]), application_id, setting["reviewer"])
    return application_id


@pytest.mark.parametrize("htmx", [False, True])
def test_review_queue_lists_what_waits(web, assigned, htmx):
    sign_in(web, "Reviewer Park")
    response = web.get("/reviews", headers=HX if htmx else {})
    assert response.status_code == 200
    assert "Night Bus" in response.text and 'name="score"' in response.text
    assert ("<html" in response.text) is not htmx


def test_review_queue_anonymous_is_401(web):
    assert web.get("/reviews").status_code == 401


@pytest.mark.parametrize("htmx", [False, True])
def test_review_is_recorded_and_leaves_the_queue(web, filmhouse, assigned, htmx):
    sign_in(web, "Reviewer Park")
    response = post(
        web,
        f"/applications/{assigned}/reviews",
        {"score": "4", "comment": "Good."},
        htmx=htmx,
        page="/reviews",
    )
    assert response.status_code == (200 if htmx else 303)
    if htmx:
        assert "is recorded" in response.text
    assert "Nothing waits for your review" in web.get("/reviews").text
    assert filmhouse.subsidy_application(assigned).reviews[0]["score"] == 4


@pytest.mark.parametrize("htmx", [False, True])
def test_review_without_score_or_comment_shows_inline_errors(web, assigned, htmx):
    sign_in(web, "Reviewer Park")
    response = post(
        web, f"/applications/{assigned}/reviews", {"comment": ""}, htmx=htmx, page="/reviews"
    )
    assert response.status_code == 422
    assert "Choose a score" in response.text and "Say in a few words" in response.text
    assert ("<html" in response.text) is not htmx


def test_review_twice_is_a_conflict(web, filmhouse, assigned, setting):
    filmhouse.review_application(Context(setting["reviewer"]), assigned, score=3, comment="Ok")
    filmhouse.revise_application(
        Context(setting["director"]),
        assigned,
        amount_krw=2_000_000,
        breakdown=[{"item": "Camera", "amount_krw": 2_000_000}],
    )
    filmhouse.review_application(Context(setting["reviewer"]), assigned, score=3, comment="Ok")
    sign_in(web, "Reviewer Park")
    response = post(
        web, f"/applications/{assigned}/reviews", {"score": "4", "comment": "x"}, page="/reviews"
    )
    assert response.status_code == 409


def test_review_by_someone_not_appointed_is_403(web, filmhouse, assigned):
    join(filmhouse, "Stranger Choi", roles=("crew",))
    sign_in(web, "Stranger Choi")
    response = post(web, f"/applications/{assigned}/reviews", {"score": "4", "comment": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize("htmx", [False, True])
def test_declare_conflict_takes_it_off_the_queue(web, filmhouse, assigned, setting, htmx):
    sign_in(web, "Reviewer Park")
    response = post(
        web,
        f"/applications/{assigned}/conflict",
        {"reason": "We studied together."},
        htmx=htmx,
        page="/reviews",
    )
    assert response.status_code == (200 if htmx else 303)
    assert filmhouse.subsidy_application(assigned).excluded(setting["reviewer"])
    assert "Nothing waits for your review" in web.get("/reviews").text


def test_declare_conflict_needs_a_reason(web, assigned):
    sign_in(web, "Reviewer Park")
    response = post(web, f"/applications/{assigned}/conflict", {"reason": ""}, page="/reviews")
    assert response.status_code == 422
    assert "Say what the conflict is" in response.text


def test_korean_fund_pages(web, setting):
    response = web.get("/funds", headers={"Accept-Language": "ko"})
    assert "지원" in response.text


def test_staff_catalogue_is_translated_into_korean():
    from babel.messages.pofile import read_po

    from web.i18n import LOCALES

    with (LOCALES / "ko" / "LC_MESSAGES" / "staff.po").open("rb") as source:
        catalogue = read_po(source, locale="ko")
    assert not [m.id for m in catalogue if m.id and not m.string]


def test_korean_receipt_and_review_queue(web, filmhouse, setting):
    application_id = applied(filmhouse, setting["director"], setting["fund"], setting["project"])
    filmhouse.decide_subsidy(
        Context(setting["admin"]),
        application_id,
        approve=False,
        reason_code="incomplete",
        reason="No schedule.",
    )
    sign_in(web, "Director Lee")
    html = web.get(
        f"/applications/{application_id}/receipt", headers={"Accept-Language": "ko"}
    ).text
    assert "결정 내역서" in html and "서류 미비" in html


# -- the closing day: shown as typed, open through it (Seoul time), closed the day after -------


@pytest.mark.parametrize("htmx", [False, True])
def test_a_fund_shows_its_closing_day_as_typed(web, filmhouse, htmx):
    boss = admin(filmhouse)
    fund_id = fund(filmhouse, boss, name="Winter Fund", closes=date(2027, 1, 31))
    listing = web.get("/funds", headers=HX if htmx else {}).text
    row = listing.split("Winter Fund</a>", 1)[1].split("</tr>", 1)[0]
    assert ">2027-01-31</time>" in row and "2027-02-01" not in row
    page = web.get(f"/funds/{fund_id}", headers=HX if htmx else {}).text
    assert re.search(r"2026-03-01</time>\s*through\s*<time[^>]*>2027-01-31</time>", page)
    assert "2027-02-01" not in page.split("Ledger")[0]
    sign_in(web, "Admin Kim")
    console = web.get("/admin/funds", headers=HX if htmx else {}).text
    assert ">2027-01-31</time>" in console and "2027-02-01" not in console


def test_the_timer_closes_a_fund_only_after_its_closing_day_seoul_time(web, filmhouse, clock):
    from projections.policies.timekeeper import close_due_funds

    boss = admin(filmhouse)
    fund(filmhouse, boss, name="Winter Fund", closes=date(2027, 1, 31))
    projector = web.app.state.projector
    clock.set(datetime(2027, 1, 31, 23, 59, 59, tzinfo=SEOUL))
    projector.wait_for()
    assert close_due_funds(filmhouse, projector, clock.now()) == 0
    row = web.get("/funds").text.split("Winter Fund</a>", 1)[1].split("</tr>", 1)[0]
    assert ">Open</td>" in row
    clock.set(datetime(2027, 2, 1, 0, 0, tzinfo=SEOUL))
    assert close_due_funds(filmhouse, projector, clock.now()) == 1
    projector.wait_for()
    row = web.get("/funds").text.split("Winter Fund</a>", 1)[1].split("</tr>", 1)[0]
    assert ">Closed</td>" in row


def test_conflicts_recorded_as_codes_are_said_in_the_readers_language():
    from domain.conflicts import ConflictCode, record
    from web.i18n import speaking
    from web.pages.fund_conflicts import conflict_words

    found = [
        record(ConflictCode.ON_PROJECT),
        record(ConflictCode.WORKED_TOGETHER, title="Blue Hour", years=5),
        record(ConflictCode.DECLARED, reason="my cousin"),
    ]
    with speaking("en"):
        assert conflict_words(found) == [
            "on the project",
            "worked with the applicant on Blue Hour in the last 5 years",
            "declared: my cousin",
        ]
    with speaking("ko"):
        assert conflict_words(found) == [
            "해당 프로젝트 참여자",
            "최근 5년 안에 신청자와 Blue Hour 작업을 함께함",
            "신고됨: my cousin",
        ]
