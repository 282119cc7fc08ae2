"""Real users' journeys through the pages, in headless Chromium against `filmhouse serve`.
Each test is one person's path (or two people's, in two browser contexts), asserting what they
see. The server holds a short demo history; every journey makes its own new accounts or uses
the demo's, so the journeys do not depend on each other's order."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from domain.clock import SEOUL
from tests.browser.conftest import account, sign_in, sign_in_as

pytestmark = pytest.mark.browser

PASSWORD = "a long browser-test password"


def _unique(word: str) -> str:
    return f"{word}-{uuid4().hex[:8]}"


@dataclass(frozen=True)
class Given:
    """A member made through the JSON API, to set the scene a journey starts from."""

    member_id: str
    email: str
    name: str
    token: str

    def call(self, page: Any, path: str, data: dict[str, Any] | None = None) -> Any:
        answer = page.request.post(
            f"/api/v1{path}", data=data or {}, headers={"Authorization": f"Bearer {self.token}"}
        )
        assert answer.status in (200, 201), f"{path}: {answer.status} {answer.text()}"
        return answer.json()


def _given_member(
    page: Any,
    name: str,
    roles: list[str],
    skills: dict[str, int] | None = None,
    university_id: str | None = None,
) -> Given:
    email = f"{_unique(name.split()[0].lower())}@browser.test"
    body: dict[str, Any] = {"email": email, "password": PASSWORD, "name": name, "roles": roles}
    if university_id:
        body["university_id"] = university_id
    answer = page.request.post("/api/v1/auth/signup", data=body)
    assert answer.status == 201, answer.text()
    token = page.request.post(
        "/api/v1/auth/token", data={"email": email, "password": PASSWORD}
    ).json()["token"]
    member = Given(answer.json()["member_id"], email, name, token)
    for skill, level in (skills or {}).items():
        member.call(page, "/members/me/skills", {"skill": skill, "level": level})
    return member


def _given_admin(page: Any) -> Given:
    admin = account("admin")
    token = page.request.post(
        "/api/v1/auth/token", data={"email": admin.email, "password": admin.password}
    ).json()["token"]
    return Given("", admin.email, admin.name, token)


def _sign_up(page: Any, name: str, email: str, role_label: str) -> None:
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("checkbox", name=role_label).check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_director_pitches_and_a_recommended_cinematographer_accepts(new_page: Any) -> None:
    director = new_page()
    # Given a cinematographer who claims the rare skill the role will ask for.
    skill = _unique("super16")
    dp_name = f"Yoon {_unique('Dp')}"
    dp_email = _given_member(director, dp_name, ["crew"], {skill: 5, "lighting": 4}).email

    # The director signs up and pitches a project in the pitch editor.
    title = f"Night Ferry {uuid4().hex[:6]}"
    _sign_up(director, "Seo Director", f"{_unique('director')}@browser.test", "Director")
    director.get_by_role("navigation", name="Main").get_by_role("link", name="My projects").click()
    director.get_by_role("link", name="Pitch a project").click()
    director.get_by_label("Title").fill(title)
    director.get_by_label("Logline").fill("Two deckhands keep the last night ferry running.")
    director.get_by_label("Genres").fill("drama")
    director.get_by_label("Format", exact=True).select_option("short")
    director.get_by_label("Budget (KRW)").fill("30000000")
    shoot = date.today() + timedelta(days=90)
    director.get_by_label("First shoot day").fill(shoot.isoformat())
    director.get_by_label("Last shoot day").fill((shoot + timedelta(days=6)).isoformat())
    director.get_by_role("button", name="Save the draft").click()
    expect(director.get_by_role("heading", name=f"Edit the pitch: {title}")).to_be_visible()

    new_role = director.locator("#new-role")
    # A role the demo's veterans have never held, so the rare skill decides who fits it.
    new_role.get_by_label("Role", exact=True).fill("underwater cinematographer")
    new_role.get_by_label("Skills").fill(f"{skill}, lighting")
    new_role.get_by_label("From").fill(shoot.isoformat())
    new_role.get_by_label("Until").fill((shoot + timedelta(days=6)).isoformat())
    new_role.get_by_role("button", name="Add the role").click()
    expect(
        director.locator("#roles summary").filter(has_text="underwater cinematographer")
    ).to_be_visible()

    director.get_by_role("button", name="Pitch the project").click()
    expect(director.locator("#editor .fh-badge")).to_have_text("Pitched")

    # On the project page, the recommended crew panel lists the cinematographer.
    director.get_by_role("link", name="See the project page").click()
    expect(director.get_by_role("heading", name=title, level=1)).to_be_visible()
    role = director.locator("section.fh-role").filter(
        has=director.get_by_role("heading", name="underwater cinematographer")
    )
    expect(role.get_by_role("heading", name="Recommended crew")).to_be_visible()
    # The cinematographer is among the recommended crew, with the reasons in words.
    first = role.locator("li.fh-rec").filter(has=director.get_by_role("link", name=dp_name))
    expect(first.get_by_role("link", name=dp_name)).to_be_visible()
    expect(first).to_contain_text(f"claims {skill} (level 5)")
    first.get_by_role("button", name=f"Invite {dp_name}").click()
    expect(first).to_contain_text("Invited — waiting for their answer")
    pipeline = director.locator("#pipeline")
    director.reload()
    expect(pipeline.get_by_role("row").filter(has_text=dp_name)).to_contain_text(
        "Waiting for an answer"
    )

    # The cinematographer signs in, in another browser, and accepts.
    dp = new_page()
    sign_in(dp, dp_email, PASSWORD, "/my/invitations")
    row = dp.get_by_role("row").filter(has_text=title)
    expect(row).to_contain_text("Invitation")
    row.get_by_role("button", name="Accept").click()
    expect(row).to_contain_text("Accepted")
    dp.reload()
    expect(dp.locator("#invitations > ul").get_by_role("link", name=title)).to_be_visible()

    # The director sees the hire on the project page.
    director.reload()
    expect(role).to_contain_text("1 of 1 hired")
    expect(role.get_by_role("link", name=dp_name)).to_be_visible()
    expect(pipeline.get_by_role("row").filter(has_text=dp_name)).to_contain_text("Accepted")


def _seoul_today() -> date:
    return datetime.now(SEOUL).date()


def _open_calendar(page: Any, room: str, day: date) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Workspaces").click()
    page.get_by_role("link", name=f"Open the calendar · {room}").click()
    expect(page.get_by_role("heading", name=room, level=1)).to_be_visible()
    page.get_by_label("Go to").fill(day.isoformat())
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.locator("#workspace-calendar caption")).to_contain_text(day.strftime("%d"))


def test_crew_books_an_editing_suite_and_a_clashing_slot_is_refused(new_page: Any) -> None:
    room = "Editing Suite 3"
    day = _seoul_today() + timedelta(days=20)
    editor = new_page()
    editor_email = _given_member(editor, "Ahn Editor", ["crew"], {"editing": 4}).email
    rival = new_page()
    rival_email = _given_member(rival, "Moon Editor", ["crew"], {"editing": 3}).email

    # The editor picks 14:00 to 17:00 on the calendar, a start and then an end, and books it.
    sign_in(editor, editor_email, PASSWORD)
    _open_calendar(editor, room, day)
    grid = editor.locator("table.ws-grid")
    grid.get_by_role("link", name="14:00 free").click()
    expect(grid.get_by_role("link", name="14:00 chosen")).to_be_visible()
    grid.get_by_role("link", name="17:00 end here").click()
    expect(editor.locator("#booking-form")).to_contain_text("14:00")
    expect(editor.get_by_label("Start", exact=True)).to_have_value("14:00")
    expect(editor.get_by_label("End", exact=True)).to_have_value("17:00")
    editor.get_by_role("button", name="Book this time").click()
    expect(editor.get_by_role("status")).to_contain_text("Booked")
    expect(grid.locator("td.ws-mine").first).to_contain_text("yours")

    editor.get_by_role("navigation", name="Main").get_by_role("link", name="My bookings").click()
    upcoming = editor.get_by_role("row").filter(has_text=room)
    expect(upcoming).to_contain_text("14:00")

    # Another member asks for 15:00 to 18:00 the same day and is told why not, and what next.
    sign_in(rival, rival_email, PASSWORD)
    _open_calendar(rival, room, day)
    rival.get_by_label("Start", exact=True).select_option("15:00")
    rival.get_by_label("End", exact=True).select_option("18:00")
    rival.get_by_role("button", name="Book this time").click()
    refusal = rival.locator("#book").get_by_role("alert")
    expect(refusal).to_contain_text(f"{room} is taken 14:00–17:00")
    expect(refusal).to_contain_text("free from 17:00")
    expect(rival.get_by_role("button", name="Join the waitlist")).to_be_visible()


def test_admin_appoints_a_reviewer_past_a_conflict_decides_and_the_director_sees_the_receipt(
    new_page: Any,
) -> None:
    admin = new_page()
    # Given: an open fund needing one review, and a director's application to it.
    universities = admin.request.get("/api/v1/universities").json()
    school = next(u for u in universities if "Dongguk" in u["name"])["university_id"]
    today = _seoul_today()
    fund_name = f"Short Film Fund {uuid4().hex[:6]}"
    fund_id = _given_admin(admin).call(
        admin,
        "/funds",
        {
            "name": fund_name,
            "budget_krw": 50_000_000,
            "cap_krw": 10_000_000,
            "opens": f"{today - timedelta(days=1)}T09:00:00+09:00",
            "closes": f"{today + timedelta(days=30)}T18:00:00+09:00",
            "min_reviews": 1,
        },
    )["fund_id"]
    director = _given_member(
        admin, f"Jang {_unique('Director')}", ["director"], university_id=school
    )
    title = f"Salt Harbour {uuid4().hex[:6]}"
    shoot = today + timedelta(days=60)
    project_id = director.call(
        admin,
        "/projects",
        {
            "title": title,
            "logline": "A harbour town's last ice plant.",
            "genres": ["drama"],
            "format": "short",
            "budget_krw": 20_000_000,
            "shoot_start": shoot.isoformat(),
            "shoot_end": (shoot + timedelta(days=5)).isoformat(),
        },
    )["project_id"]
    director.call(admin, f"/projects/{project_id}/pitch")
    application_id = director.call(
        admin,
        f"/funds/{fund_id}/applications",
        {
            "project_id": project_id,
            "amount_krw": 8_000_000,
            "breakdown": [
                {"item": "camera rental", "amount_krw": 5_000_000},
                {"item": "location fees", "amount_krw": 3_000_000},
            ],
        },
    )["application_id"]
    classmate = _given_member(
        admin, f"Hwang {_unique('Classmate')}", ["crew"], university_id=school
    )
    outsider = _given_member(admin, f"Oh {_unique('Outsider')}", ["crew"])

    # The admin opens the application in the admin console.
    sign_in_as(admin, "admin", f"/admin/funds/{fund_id}")
    admin.get_by_role("link", name=title).first.click()
    expect(admin.get_by_role("heading", name="Review panel")).to_be_visible()
    expect(admin.get_by_role("cell", name="No reviewers appointed yet.")).to_be_visible()

    # A classmate of the applicant: the conflict is shown, and appointing is refused.
    admin.get_by_label("Find a member").fill(classmate.name)
    admin.get_by_role("button", name="Find").click()
    admin.get_by_role("listitem").filter(has_text=classmate.name).get_by_role(
        "link", name="Check for conflicts"
    ).click()
    check = admin.locator("#conflict-check")
    expect(check).to_contain_text("Conflicts of interest found:")
    expect(check).to_contain_text("same university as the applicant")
    check.get_by_role("button", name="Appoint as reviewer").click()
    expect(admin.get_by_role("alert")).to_contain_text("same university")

    # Someone with no link to the applicant is appointed.
    admin.get_by_label("Find a member").fill(outsider.name)
    admin.get_by_role("button", name="Find").click()
    admin.get_by_role("listitem").filter(has_text=outsider.name).get_by_role(
        "link", name="Check for conflicts"
    ).click()
    expect(admin.locator("#conflict-check")).to_contain_text("No conflict of interest found.")
    admin.locator("#conflict-check").get_by_role("button", name="Appoint as reviewer").click()
    expect(admin.get_by_role("status")).to_contain_text("The reviewer is appointed.")
    expect(admin.get_by_role("row").filter(has_text=outsider.name)).to_be_visible()

    # The reviewer scores it (through the API); the admin decides.
    outsider.call(
        admin,
        f"/applications/{application_id}/reviews",
        {"score": 4, "comment": "A clear plan and a fair budget."},
    )
    admin.reload()
    admin.get_by_role("radio", name="Approve").check()
    admin.get_by_label("Amount granted (won)").fill("6000000")
    admin.get_by_label("Reason code").select_option(label="Meets the criteria")
    admin.get_by_label("Reason in words").fill("Strong pitch; the location fees are trimmed.")
    admin.get_by_role("button", name="Record the decision").click()
    expect(admin.get_by_role("status")).to_contain_text("Decided.")

    # The director finds the receipt from the funds page.
    reader = new_page()
    sign_in(reader, director.email, PASSWORD, "/funds")
    mine = reader.get_by_role("row").filter(has_text=title)
    expect(mine).to_contain_text("Approved")
    mine.get_by_role("link", name="Receipt").click()
    receipt = reader.locator("#receipt")
    expect(receipt.get_by_role("heading", name="Decision receipt")).to_be_visible()
    expect(receipt).to_contain_text("Approved: ₩6,000,000")
    expect(receipt).to_contain_text("Meets the criteria")
    expect(receipt).to_contain_text("Strong pitch; the location fees are trimmed.")
    expect(receipt).to_contain_text(fund_name)


def test_partner_scouts_a_pitched_project_and_registers_interest(new_page: Any) -> None:
    partner = new_page()
    # Given a director with a freshly pitched project.
    director = _given_member(partner, f"Kwon {_unique('Director')}", ["director"])
    title = f"Glass Market {uuid4().hex[:6]}"
    shoot = _seoul_today() + timedelta(days=75)
    project_id = director.call(
        partner,
        "/projects",
        {
            "title": title,
            "logline": "A night-market glassblower films her last season.",
            "genres": ["documentary"],
            "format": "feature",
            "budget_krw": 90_000_000,
            "shoot_start": shoot.isoformat(),
            "shoot_end": (shoot + timedelta(days=20)).isoformat(),
            "roles": [
                {
                    "role": "editor",
                    "skills": ["editing"],
                    "count": 1,
                    "start": shoot.isoformat(),
                    "end": (shoot + timedelta(days=20)).isoformat(),
                }
            ],
        },
    )["project_id"]
    director.call(partner, f"/projects/{project_id}/pitch")

    # The partner searches the scouting board as they type, and opens the project.
    sign_in_as(partner, "partner")
    partner.get_by_role("navigation", name="Main").get_by_role("link", name="Scouting").click()
    expect(partner.get_by_role("heading", name="Scouting", level=1)).to_be_visible()
    partner.get_by_role("search").get_by_label("Search").press_sequentially(title[-6:])
    found = partner.locator("#scout-projects").get_by_role("row").filter(has_text=title)
    expect(found).to_contain_text(director.name)
    expect(partner.locator("#scout-projects tbody tr")).to_have_count(1)
    found.get_by_role("link", name=f"Register interest {title}").click()

    # On the project page: a note to the director, interest registered, the director followed.
    expect(partner.get_by_role("heading", name=title, level=1)).to_be_visible()
    panel = partner.locator("#partner")
    panel.get_by_label("Note to the director (optional)").fill(
        "We co-produce documentaries; let's talk about distribution."
    )
    panel.get_by_role("button", name="Register interest").click()
    expect(panel).to_contain_text("You registered interest on")
    panel.get_by_role("button", name="Follow the director").click()
    expect(panel.get_by_role("button", name="Unfollow the director")).to_be_visible()

    partner.get_by_role("navigation", name="Main").get_by_role("link", name="Scouting").click()
    expect(partner.locator("#interests").get_by_role("link", name=title)).to_be_visible()
    expect(partner.locator("#directors").get_by_role("link", name=director.name)).to_be_visible()

    # The director sees who is interested, with the note.
    reader = new_page()
    sign_in(reader, director.email, PASSWORD, f"/projects/{project_id}")
    interested = reader.get_by_role("region", name="Partners interested")
    expect(interested).to_contain_text("let's talk about distribution")


def test_auditor_reads_a_projects_timeline_as_of_before_the_pitch_and_verifies_the_log(
    new_page: Any,
) -> None:
    auditor = new_page()
    # Given a project drafted, then pitched a couple of seconds later.
    director = _given_member(auditor, f"Seo {_unique('Director')}", ["director"])
    title = f"Paper Tide {uuid4().hex[:6]}"
    shoot = _seoul_today() + timedelta(days=80)
    project_id = director.call(
        auditor,
        "/projects",
        {
            "title": title,
            "logline": "A paper mill town votes on its river.",
            "genres": ["drama"],
            "format": "short",
            "budget_krw": 15_000_000,
            "shoot_start": shoot.isoformat(),
            "shoot_end": (shoot + timedelta(days=3)).isoformat(),
        },
    )["project_id"]
    auditor.wait_for_timeout(2100)
    director.call(auditor, f"/projects/{project_id}/pitch")

    # The auditor opens the project's history from its id.
    sign_in_as(auditor, "auditor")
    auditor.get_by_role("navigation", name="Main").get_by_role("link", name="Audit").click()
    auditor.get_by_label("Entity id").fill(project_id)
    auditor.get_by_role("button", name="Open its history").click()
    timeline = auditor.get_by_role("table", name="Every event of this entity, in log order")
    pitched = timeline.get_by_role("row").filter(
        has=auditor.get_by_role("cell", name="Project pitched", exact=True)
    )
    expect(pitched).to_have_count(1)
    expect(
        timeline.get_by_role("row").filter(
            has=auditor.get_by_role("cell", name="Project drafted", exact=True)
        )
    ).to_have_count(1)

    # As of one second before the pitch, the project was still a draft.
    pitched_at = datetime.fromisoformat(pitched.locator("time").get_attribute("datetime") or "")
    before = (pitched_at.astimezone(SEOUL) - timedelta(seconds=1)).replace(microsecond=0)
    auditor.get_by_label("Date and time (Seoul, UTC+9)").fill(
        before.replace(tzinfo=None).isoformat()
    )
    auditor.get_by_role("button", name="Show it as it stood").click()
    as_of = auditor.locator("#as-of")
    expect(as_of.get_by_role("heading")).to_contain_text("As it stood at")
    status = as_of.locator("dt", has_text=re.compile(r"^Status$")).locator(
        "xpath=following-sibling::dd[1]"
    )
    expect(status).to_have_text(re.compile(r"draft", re.IGNORECASE))
    expect(as_of).to_contain_text(title)

    # And now, pitched.
    after = pitched_at.astimezone(SEOUL).replace(microsecond=0) + timedelta(seconds=1)
    auditor.get_by_label("Date and time (Seoul, UTC+9)").fill(
        after.replace(tzinfo=None).isoformat()
    )
    auditor.get_by_role("button", name="Show it as it stood").click()
    expect(status).to_have_text(re.compile(r"pitched", re.IGNORECASE))

    # The whole log verifies.
    auditor.get_by_role("link", name="Audit console").click()
    auditor.get_by_role("link", name="Verify the log's integrity").click()
    expect(auditor.get_by_role("status")).to_contain_text("The log is intact.")
    expect(auditor.get_by_label("Current seal (copy and keep it elsewhere)")).not_to_be_empty()


def test_language_switch_turns_the_page_korean_and_it_stays_korean(page: Any) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language").select_option("ko")
    page.get_by_role("button", name="Change").click()

    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("navigation", name="주 메뉴")).to_be_visible()
    expect(page.get_by_role("link", name="로그인")).to_be_visible()

    page.get_by_role("link", name="로그인").click()
    expect(page).to_have_url(re.compile(r"/signin"))
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("heading", name="로그인")).to_be_visible()
    expect(page.get_by_label("이메일")).to_be_visible()
    expect(page.get_by_label("비밀번호")).to_be_visible()


def test_director_invites_from_a_recommendation_row_and_the_pipeline_shows_it_without_a_reload(
    new_page: Any,
) -> None:
    director_page = new_page()
    # Given a director's pitched project with a cinematographer's role open.
    skill = "cinematography"
    director = _given_member(director_page, f"Bae {_unique('Director')}", ["director"])
    shoot = _seoul_today() + timedelta(days=95)
    project_id = director.call(
        director_page,
        "/projects",
        {
            "title": f"Tide Clock {uuid4().hex[:6]}",
            "logline": "A harbour clock runs backwards.",
            "genres": ["drama"],
            "format": "short",
            "budget_krw": 18_000_000,
            "shoot_start": shoot.isoformat(),
            "shoot_end": (shoot + timedelta(days=4)).isoformat(),
            "roles": [
                {
                    "role": "cinematographer",
                    "skills": [skill],
                    "count": 1,
                    "start": shoot.isoformat(),
                    "end": (shoot + timedelta(days=4)).isoformat(),
                }
            ],
        },
    )["project_id"]
    director.call(director_page, f"/projects/{project_id}/pitch")

    # The director opens the project page: nobody is in the pipeline yet.
    sign_in(director_page, director.email, PASSWORD, f"/projects/{project_id}")
    pipeline = director_page.locator("#pipeline")
    expect(pipeline).to_contain_text("No invitations or applications yet")
    director_page.evaluate("window.notReloaded = true")

    # They invite the first recommended member; the row and the pipeline change in place.
    name = director_page.locator("li.fh-rec").first.get_by_role("link").first.inner_text()
    row = director_page.locator("li.fh-rec").filter(
        has=director_page.get_by_role("link", name=name, exact=True)
    )
    row.get_by_role("button", name=f"Invite {name}").click()
    expect(row).to_contain_text("Invited — waiting for their answer")
    invited = pipeline.get_by_role("row").filter(has_text=name)
    expect(invited).to_contain_text("Waiting for an answer")
    expect(pipeline).not_to_contain_text("No invitations or applications yet")
    assert director_page.evaluate("window.notReloaded === true"), "the page was reloaded"

    # And withdrawing it from the pipeline puts the row back to "Invite", still in place.
    invited.get_by_role("button", name="Withdraw the invitation").click()
    expect(pipeline.get_by_role("row").filter(has_text=name)).to_contain_text("Withdrawn")
    expect(row.get_by_role("button", name=f"Invite {name}")).to_be_visible()
    assert director_page.evaluate("window.notReloaded === true"), "the page was reloaded"


def test_a_new_crew_member_lands_on_first_steps_and_sees_a_step_ticked_off(new_page: Any) -> None:
    page = new_page()
    _sign_up(page, "Jeon Sound", f"{_unique('sound')}@browser.test", "Crew")
    expect(page).to_have_url(re.compile(r"/welcome$"))
    expect(page.get_by_role("heading", name="First steps", level=1)).to_be_visible()
    steps = page.locator("#first-steps")
    expect(steps).to_contain_text("0 of 5 done")
    skills_step = steps.get_by_role("listitem").filter(has_text="Add your skills")
    expect(skills_step).to_contain_text("To do")

    skills_step.get_by_role("link", name="Add skills").click()
    expect(page).to_have_url(re.compile(r"/me#me-skills$"))
    page.locator("#me-skill").fill("sound design")
    page.locator("#me-skills").get_by_role("button").first.click()
    expect(page.locator("#me-skills").get_by_role("status")).to_be_visible()

    page.get_by_role("link", name="First steps").click()
    expect(steps).to_contain_text("1 of 5 done")
    expect(steps.get_by_role("listitem").filter(has_text="Add your skills")).to_contain_text("Done")
    expect(
        steps.get_by_role("listitem").filter(has_text="Mark the days you are away")
    ).to_contain_text("To do")
    # The invitations page is one tap away in the navigation.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My invitations").click()
    expect(page.get_by_role("heading", name="My invitations and applications")).to_be_visible()


def test_on_a_phone_the_navigation_is_one_menu_line_that_opens_without_script(
    browser: Any, live_server: Any
) -> None:
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 375, "height": 667}
    )
    try:
        page = context.new_page()
        sign_in_as(page, "crew", "/trainings")
        nav = page.get_by_role("navigation", name="Main")
        summary = nav.locator("summary")
        expect(summary).to_contain_text("Menu")
        expect(summary).to_contain_text("Trainings")
        box = nav.bounding_box()
        assert box is not None and box["height"] < 60, f"the navigation is {box} tall"
        expect(nav.get_by_role("link", name="My bookings")).to_be_hidden()
        summary.click()
        nav.get_by_role("link", name="My bookings").click()
        expect(page).to_have_url(re.compile(r"/my/bookings$"))
        expect(page.get_by_role("navigation", name="Main").locator("summary")).to_contain_text(
            "My bookings"
        )
        icon = page.request.get("/favicon.ico")
        assert icon.ok and icon.headers["content-type"].startswith("image/svg+xml")
    finally:
        context.close()
