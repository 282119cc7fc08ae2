"""The directory, profiles (with the contact-details rule), the profile editor and the
coordinator's students page, whole or as htmx fragments."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

import pytest

from domain.context import Context
from domain.project_parts import RoleSpec
from domain.university import University
from domain.vocabulary import ProjectFormat

PASSWORD = "a-long-password"
HX = {"HX-Request": "true"}


# -- helpers (test_pages_account.py uses them too) ---------------------------------------------


def csrf(web, path: str = "/signin") -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', web.get(path).text)
    assert found, path
    return found.group(1)


def email_of(name: str) -> str:
    return f"{name.lower().replace(' ', '.')}@filmhouse.test"


def join(filmhouse, name: str, roles=("crew",), university_id: UUID | None = None) -> UUID:
    return filmhouse.sign_up(
        Context(None),
        email=email_of(name),
        password=PASSWORD,
        name=name,
        roles=list(roles),
        university_id=university_id,
    )


def admin(filmhouse, name: str = "Admin Kim") -> UUID:
    return filmhouse.create_admin(email=email_of(name), password=PASSWORD, name=name)


def sign_in(web, name: str) -> None:
    response = web.post(
        "/signin",
        data={"_csrf_token": csrf(web), "email": email_of(name), "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def post(web, path: str, data: dict | None = None, htmx: bool = False):
    return web.post(
        path,
        data={"_csrf_token": csrf(web), **(data or {})},
        headers=HX if htmx else {},
        follow_redirects=False,
    )


def university_ids(filmhouse) -> list[UUID]:
    ids = []
    for note in filmhouse.recorder.select_notifications(start=1, limit=200):
        event = filmhouse.mapper.to_domain_event(note)
        if isinstance(event, University.Joined):
            ids.append(event.originator_id)
    return ids


def whole(response) -> bool:
    return "<html" in response.text


def hire(filmhouse, director: UUID, crew: UUID, title: str = "Night Bus") -> UUID:
    """A pitched project of `director` with `crew` hired on it."""
    project_id = filmhouse.create_project(
        Context(director),
        title=title,
        logline="A driver and a city at night.",
        genres=["drama"],
        format=ProjectFormat.SHORT,
        budget_krw=5_000_000,
        shoot_start=date(2026, 5, 1),
        shoot_end=date(2026, 5, 10),
        roles=[
            RoleSpec(
                role="editor",
                skills=["editing"],
                count=1,
                start=date(2026, 5, 1),
                end=date(2026, 5, 10),
            )
        ],
    )
    filmhouse.pitch_project(Context(director), project_id)
    role_id = next(iter(filmhouse.project(project_id).roles))
    invitation_id = filmhouse.invite(Context(director), project_id, role_id, crew)
    filmhouse.accept_invitation(Context(crew), invitation_id)
    return project_id


@pytest.fixture
def people(filmhouse):
    first = university_ids(filmhouse)[0]
    director = join(filmhouse, "Director Lee", roles=("director",), university_id=first)
    editor = join(filmhouse, "Editor Choi", university_id=first)
    sound = join(filmhouse, "Sound Han")
    filmhouse.claim_skill(Context(editor), skill="editing", level=4)
    filmhouse.claim_skill(Context(sound), skill="sound design", level=3)
    filmhouse.update_profile(
        Context(editor),
        name="Editor Choi",
        bio="I cut shorts.",
        phone="010-1234-5678",
        city="Seoul",
        languages=["korean"],
        portfolio=["https://example.com/reel"],
    )
    return {"director": director, "editor": editor, "sound": sound, "university": first}


# -- the directory -----------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_directory_lists_members_with_filters(web, people, htmx):
    response = web.get("/members", headers=HX if htmx else {})
    assert response.status_code == 200
    assert "Director Lee" in response.text and "Editor Choi" in response.text
    assert whole(response) is not htmx
    assert 'id="member-results"' in response.text
    if not htmx:
        assert '<label for="member-q">' in response.text
        assert 'hx-trigger="input delay:300ms, submit"' in response.text


def test_directory_search_as_you_type_returns_only_the_results(web, people):
    response = web.get("/members?q=choi", headers=HX)
    assert response.status_code == 200
    assert "Editor Choi" in response.text and "Director Lee" not in response.text
    assert not whole(response)


def test_directory_filters_by_role_university_and_skill(web, people):
    assert "Director Lee" not in web.get("/members?role=crew").text
    by_university = web.get(f"/members?university={people['university'].hex}").text
    assert "Editor Choi" in by_university and "Sound Han" not in by_university
    by_skill = web.get("/members?skill=sound+design").text
    assert "Sound Han" in by_skill and "Editor Choi" not in by_skill
    assert "No member matches" in web.get("/members?q=nobody-like-this").text


def test_directory_pages_through_many_members(web, filmhouse):
    for n in range(30):
        join(filmhouse, f"Crew {n:02d}")
    first = web.get("/members").text
    assert "Crew 00" in first and "page=2" in first
    second = web.get("/members?page=2", headers=HX).text
    assert "Crew 29" in second and "Crew 00" not in second


def test_directory_history_restore_gets_the_whole_page(web, people):
    response = web.get("/members?q=choi", headers={**HX, "HX-History-Restore-Request": "true"})
    assert whole(response)


def test_directory_shows_certified_badge(web, filmhouse, clock, people):
    from datetime import datetime

    from domain.clock import SEOUL

    boss = admin(filmhouse)
    training_id = filmhouse.schedule_training(
        Context(boss),
        title="AI editing",
        description="",
        skill="ai editing",
        capacity=5,
        starts=datetime(2026, 3, 10, 10, tzinfo=SEOUL),
        ends=datetime(2026, 3, 10, 17, tzinfo=SEOUL),
    )
    filmhouse.enrol(Context(people["sound"]), training_id)
    clock.set(datetime(2026, 3, 10, 18, tzinfo=SEOUL))
    filmhouse.record_attendance(Context(boss), training_id, 1, [people["sound"]])
    filmhouse.complete_training(Context(boss), training_id, people["sound"])
    html = web.get("/members?q=sound").text
    assert "✓ AI editing" in html
    profile = web.get(f"/members/{people['sound']}").text
    assert "certified" in profile and "AI editing" in profile


# -- profiles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_profile_shows_the_member_without_contact_details_to_anonymous(web, people, htmx):
    response = web.get(f"/members/{people['editor']}", headers=HX if htmx else {})
    assert response.status_code == 200
    html = response.text
    assert "Editor Choi" in html and "I cut shorts." in html and "https://example.com/reel" in html
    assert "Editing" in html and "4 of 5" in html and "Languages: Korean" in html
    assert "affiliation not verified yet" in html
    assert "010-1234-5678" not in html and email_of("Editor Choi") not in html
    assert whole(response) is not htmx


def test_profile_of_unknown_member_is_404(web, people):
    assert web.get("/members/00000000-0000-0000-0000-000000000000").status_code == 404


def test_contact_details_hidden_until_accepted_then_shown(web, filmhouse, people):
    sign_in(web, "Sound Han")
    assert "010-1234-5678" not in web.get(f"/members/{people['editor']}").text
    filmhouse.accept_contact(Context(people["editor"]), people["sound"])
    html = web.get(f"/members/{people['editor']}").text
    assert "010-1234-5678" in html and email_of("Editor Choi") in html


def test_contact_details_shown_to_a_member_on_the_same_project(web, filmhouse, people):
    project_id = hire(filmhouse, people["director"], people["editor"])
    sign_in(web, "Director Lee")
    html = web.get(f"/members/{people['editor']}").text
    assert "010-1234-5678" in html
    assert f"/projects/{project_id}" in html  # crew on


def test_own_profile_shows_own_contact_details(web, people):
    sign_in(web, "Editor Choi")
    html = web.get(f"/members/{people['editor']}").text
    assert "010-1234-5678" in html and "Edit my profile" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_accept_and_withdraw_contact(web, filmhouse, people, htmx):
    sign_in(web, "Sound Han")
    response = post(web, f"/members/{people['editor']}/contact", htmx=htmx)
    if htmx:
        assert response.status_code == 200 and 'id="profile-actions"' in response.text
        assert not whole(response) and "Withdraw contact" in response.text
    else:
        assert response.status_code == 303
    assert people["editor"] in filmhouse.member(people["sound"]).contacts
    response = post(web, f"/members/{people['editor']}/contact/withdraw", htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    assert people["editor"] not in filmhouse.member(people["sound"]).contacts


def test_accept_contact_twice_is_refused_inline(web, filmhouse, people):
    filmhouse.accept_contact(Context(people["sound"]), people["editor"])
    sign_in(web, "Sound Han")
    response = post(web, f"/members/{people['editor']}/contact", htmx=True)
    assert response.status_code == 409
    assert "already accepted" in response.text


def test_message_link_only_when_both_accepted(web, filmhouse, people):
    sign_in(web, "Sound Han")
    filmhouse.accept_contact(Context(people["sound"]), people["editor"])
    assert (
        f'href="/messages/{people["editor"]}"' not in web.get(f"/members/{people['editor']}").text
    )
    filmhouse.accept_contact(Context(people["editor"]), people["sound"])
    assert f'href="/messages/{people["editor"]}"' in web.get(f"/members/{people['editor']}").text


def test_profile_actions_need_sign_in(web, people):
    response = post(web, f"/members/{people['editor']}/contact")
    assert response.status_code == 401
    response = post(web, f"/members/{people['editor']}/block", htmx=True)
    assert response.status_code == 401


def test_profile_action_on_unknown_member_is_404(web, people):
    sign_in(web, "Sound Han")
    assert post(web, "/members/00000000-0000-0000-0000-000000000000/block").status_code == 404


@pytest.mark.parametrize("htmx", [False, True])
def test_block_and_unblock(web, filmhouse, people, htmx):
    sign_in(web, "Sound Han")
    response = post(web, f"/members/{people['editor']}/block", htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    assert filmhouse.is_blocked(people["sound"], people["editor"])
    html = web.get(f"/members/{people['editor']}").text
    assert "You have blocked this member" in html
    response = post(web, f"/members/{people['editor']}/unblock", htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    assert not filmhouse.is_blocked(people["sound"], people["editor"])


@pytest.mark.parametrize("htmx", [False, True])
def test_report_needs_kind_and_reason(web, people, htmx):
    sign_in(web, "Sound Han")
    response = post(
        web, f"/members/{people['editor']}/report", {"kind": "", "reason": ""}, htmx=htmx
    )
    assert response.status_code == 422
    assert 'id="report-kind-error"' in response.text
    assert 'id="report-reason-error"' in response.text
    assert whole(response) is not htmx


def test_report_is_filed(web, filmhouse, people):
    sign_in(web, "Sound Han")
    response = post(
        web,
        f"/members/{people['editor']}/report",
        {"kind": "spam", "reason": "Sends ads."},
        htmx=True,
    )
    assert response.status_code == 200
    assert "staff will look into your report" in response.text
    boss = admin(filmhouse)
    from projections.views.inbox import Inbox

    web.get("/members")  # the views catch up
    with web.app.state.projector.db.read() as tx:
        reports = Inbox.reports(tx)
    assert [(r.reported_id, r.kind) for r in reports] == [(people["editor"], "spam")]
    assert boss


@pytest.mark.parametrize("htmx", [False, True])
def test_endorse_and_withdraw(web, filmhouse, people, htmx):
    sign_in(web, "Sound Han")
    html = web.get(f"/members/{people['editor']}").text
    assert 'action="/members/{}/endorse"'.format(people["editor"]) in html
    response = post(web, f"/members/{people['editor']}/endorse", {"skill": "editing"}, htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    if htmx:
        assert 'id="profile-skills"' in response.text and not whole(response)
        assert "Withdraw my endorsement" in response.text
    assert filmhouse.endorsement(people["sound"], people["editor"], "editing").active
    response = post(
        web, f"/members/{people['editor']}/endorse/withdraw", {"skill": "editing"}, htmx=htmx
    )
    assert response.status_code == (200 if htmx else 303)
    assert not filmhouse.endorsement(people["sound"], people["editor"], "editing").active


def test_endorsing_an_unclaimed_skill_is_refused(web, people):
    sign_in(web, "Sound Han")
    response = post(web, f"/members/{people['editor']}/endorse", {"skill": "juggling"}, htmx=True)
    assert response.status_code == 409
    assert "only a claimed skill can be endorsed" in response.text


def test_no_endorse_button_on_own_profile(web, people):
    sign_in(web, "Editor Choi")
    html = web.get(f"/members/{people['editor']}").text
    assert "/endorse" not in html and 'id="profile-actions"' not in html


# -- the profile editor ------------------------------------------------------------------------


def test_editor_needs_sign_in(web):
    assert web.get("/me").status_code == 401
    assert post(web, "/me/profile", {"name": "X"}).status_code == 401


@pytest.mark.parametrize("htmx", [False, True])
def test_editor_page_has_every_section(web, people, htmx):
    sign_in(web, "Editor Choi")
    response = web.get("/me", headers=HX if htmx else {})
    assert response.status_code == 200
    for section in ("me-profile", "me-skills", "me-credits", "me-availability", "me-contacts"):
        assert f'id="{section}"' in response.text
    assert '<label for="me-name">' in response.text
    assert 'value="Editor Choi"' in response.text and "https://example.com/reel" in response.text
    assert whole(response) is not htmx


@pytest.mark.parametrize("htmx", [False, True])
def test_save_profile(web, filmhouse, people, htmx):
    sign_in(web, "Editor Choi")
    response = post(
        web,
        "/me/profile",
        {
            "name": "Choi Editor",
            "city": "Busan",
            "bio": "Cuts features now.",
            "languages": "Korean, English",
            "portfolio": "https://a.example\nhttps://b.example",
            "phone": "",
        },
        htmx=htmx,
    )
    if htmx:
        assert response.status_code == 200 and "Your profile is saved." in response.text
        assert 'id="me-profile"' in response.text and not whole(response)
    else:
        assert response.status_code == 303 and response.headers["location"] == "/me#me-profile"
    member = filmhouse.member(people["editor"])
    assert (member.name, member.city, member.languages) == ("Choi Editor", "Busan", ["ko", "en"])
    assert member.portfolio == ["https://a.example", "https://b.example"]


@pytest.mark.parametrize("htmx", [False, True])
def test_save_profile_with_mistakes_shows_inline_errors(web, people, htmx):
    sign_in(web, "Editor Choi")
    response = post(web, "/me/profile", {"name": "", "portfolio": "example.com"}, htmx=htmx)
    assert response.status_code == 422
    assert 'id="me-name-error"' in response.text and 'id="me-portfolio-error"' in response.text
    assert "example.com" in response.text
    assert whole(response) is not htmx


def test_save_profile_too_long_bio_is_refused_next_to_the_field(web, people):
    sign_in(web, "Editor Choi")
    response = post(web, "/me/profile", {"name": "Editor Choi", "bio": "x" * 5001}, htmx=True)
    assert response.status_code == 422
    assert 'id="me-bio-error"' in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_add_skill_inline(web, filmhouse, people, htmx):
    sign_in(web, "Editor Choi")
    response = post(web, "/me/skills", {"skill": "Color Grading", "level": "2"}, htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    if htmx:
        assert 'id="me-skills"' in response.text and "color grading" in response.text
    assert filmhouse.member(people["editor"]).skills["color grading"] == 2


def test_add_skill_refusals(web, people):
    sign_in(web, "Editor Choi")
    response = post(web, "/me/skills", {"skill": "", "level": "9"}, htmx=True)
    assert response.status_code == 422
    assert 'id="me-skill-error"' in response.text and 'id="me-level-error"' in response.text
    response = post(web, "/me/skills", {"skill": "editing", "level": "4"}, htmx=True)
    assert response.status_code == 409 and "already claimed" in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_add_credit(web, filmhouse, people, htmx):
    sign_in(web, "Editor Choi")
    response = post(
        web,
        "/me/credits",
        {
            "title": "Blue Hour",
            "year": "2024",
            "role": "Editor",
            "link": "https://example.com/blue",
        },
        htmx=htmx,
    )
    assert response.status_code == (200 if htmx else 303)
    html = web.get("/me").text
    assert "Blue Hour" in html and "claimed" in html


def test_add_credit_refusals(web, people):
    sign_in(web, "Editor Choi")
    response = post(
        web, "/me/credits", {"title": "", "year": "1800", "role": "", "link": "ftp://x"}, htmx=True
    )
    assert response.status_code == 422
    for key in ("title", "year", "role", "link"):
        assert f'id="me-credit-{key}-error"' in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_add_and_remove_unavailable_period(web, filmhouse, people, htmx):
    sign_in(web, "Editor Choi")
    response = post(
        web, "/me/availability", {"start": "2026-04-01", "end": "2026-04-10"}, htmx=htmx
    )
    assert response.status_code == (200 if htmx else 303)
    assert filmhouse.member(people["editor"]).unavailable == [(date(2026, 4, 1), date(2026, 4, 10))]
    assert "2026-04-10" in web.get(f"/members/{people['editor']}").text
    response = post(
        web, "/me/availability/remove", {"start": "2026-04-01", "end": "2026-04-10"}, htmx=htmx
    )
    assert response.status_code == (200 if htmx else 303)
    assert filmhouse.member(people["editor"]).unavailable == []


def test_unavailable_period_refusals(web, people):
    sign_in(web, "Editor Choi")
    response = post(
        web, "/me/availability", {"start": "2026-04-10", "end": "2026-04-01"}, htmx=True
    )
    assert response.status_code == 422 and 'id="me-away-end-error"' in response.text
    response = post(web, "/me/availability", {"start": "", "end": "soon"}, htmx=True)
    assert response.status_code == 422 and 'id="me-away-start-error"' in response.text
    response = post(
        web, "/me/availability/remove", {"start": "2026-01-01", "end": "2026-01-02"}, htmx=True
    )
    assert response.status_code == 422 and "not in your calendar" in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_contact_consent_list_and_withdraw(web, filmhouse, people, htmx):
    filmhouse.accept_contact(Context(people["editor"]), people["sound"])
    sign_in(web, "Editor Choi")
    assert "Sound Han" in web.get("/me").text
    response = post(web, f"/me/contacts/{people['sound']}/withdraw", htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    assert people["sound"] not in filmhouse.member(people["editor"]).contacts


# -- the coordinator ---------------------------------------------------------------------------


@pytest.fixture
def coordinator(filmhouse, people):
    boss = admin(filmhouse)
    coordinator_id = join(
        filmhouse, "Coordinator Yoon", roles=("crew",), university_id=people["university"]
    )
    filmhouse.grant_role(Context(boss), coordinator_id, "coordinator")
    return coordinator_id


def test_coordinator_page_refuses_others(web, people):
    assert web.get("/coordinator").status_code == 401
    sign_in(web, "Editor Choi")
    assert web.get("/coordinator").status_code == 403
    assert post(web, f"/coordinator/{people['director']}/verify").status_code == 403


@pytest.mark.parametrize("htmx", [False, True])
def test_coordinator_sees_pending_students(web, coordinator, people, htmx):
    sign_in(web, "Coordinator Yoon")
    response = web.get("/coordinator", headers=HX if htmx else {})
    assert response.status_code == 200
    students = response.text.split('id="students"', 1)[1]
    assert "Director Lee" in students and "Editor Choi" in students
    assert "Sound Han" not in students and "Coordinator Yoon" not in students
    assert whole(response) is not htmx


@pytest.mark.parametrize("htmx", [False, True])
def test_coordinator_verifies_and_revokes(web, filmhouse, coordinator, people, htmx):
    sign_in(web, "Coordinator Yoon")
    response = post(web, f"/coordinator/{people['editor']}/verify", htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    assert filmhouse.member(people["editor"]).affiliation_verified
    response = post(web, f"/coordinator/{people['editor']}/revoke", {"reason": ""}, htmx=htmx)
    assert (
        response.status_code == 422 and f'id="revoke-{people["editor"].hex}-error"' in response.text
    )
    response = post(
        web, f"/coordinator/{people['editor']}/revoke", {"reason": "Graduated"}, htmx=htmx
    )
    assert response.status_code == (200 if htmx else 303)
    assert not filmhouse.member(people["editor"]).affiliation_verified


def test_coordinator_cannot_verify_another_universitys_student(web, filmhouse, coordinator, people):
    other = join(filmhouse, "Student Oh", university_id=university_ids(filmhouse)[1])
    sign_in(web, "Coordinator Yoon")
    response = post(web, f"/coordinator/{other}/verify", htmx=True)
    assert response.status_code == 403
    assert not filmhouse.member(other).affiliation_verified


def test_coordinator_records_registry_check(web, filmhouse, coordinator, people):
    sign_in(web, "Coordinator Yoon")
    response = post(
        web,
        f"/coordinator/{people['director']}/registry",
        {"registry_id": "", "confirmed": "yes"},
        htmx=True,
    )
    assert response.status_code == 422
    response = post(
        web,
        f"/coordinator/{people['director']}/registry",
        {"registry_id": "KOFIC-123", "confirmed": "yes"},
        htmx=True,
    )
    assert response.status_code == 200
    member = filmhouse.member(people["director"])
    assert (member.registry_id, member.registry_confirmed) == ("KOFIC-123", True)
    assert "registered credits confirmed" in web.get(f"/members/{people['director']}").text


def test_admin_chooses_a_university(web, filmhouse, people):
    admin(filmhouse)
    sign_in(web, "Admin Kim")
    assert "Choose a university" in web.get("/coordinator").text
    html = web.get(f"/coordinator?university={people['university'].hex}").text
    assert "Editor Choi" in html
