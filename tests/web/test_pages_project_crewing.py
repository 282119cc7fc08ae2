"""Crewing on the project pages: the director invites recommended crew and answers
applications (the pipeline); crew apply and answer their invitations (/my/invitations); after an
htmx action every region it changes shows what a reload would."""

from __future__ import annotations

import re

import pytest

from domain.context import Context
from domain.crew_application import CrewApplication
from tests.web import test_pages_projects as projects
from tests.web.test_pages_projects import HX, member, post, project, role_of, sign_in

people = projects.people  # the project pages' members, as a fixture here


# -- recommended crew, invitations and applications on the project page ----------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_director_sees_recommended_crew_and_invites_in_place(web, filmhouse, people, htmx):
    project_id = project(filmhouse, people["director"])
    role_id = role_of(filmhouse, project_id)
    sign_in(web, "dir@filmhouse.test")
    page = web.get(f"/projects/{project_id}").text
    assert "Recommended crew" in page and "Lee Camera" in page
    assert "claims cinematography (level 4)" in page
    response = post(
        web,
        f"/projects/{project_id}/roles/{role_id}/invite",
        {"member_id": str(people["crew"])},
        htmx=htmx,
    )
    if htmx:
        assert response.status_code == 200
        assert response.text.lstrip().startswith("<li")
        assert "waiting for their answer" in response.text
    else:
        assert response.status_code == 303
    invitation = filmhouse.invitation_for(project_id, role_id, people["crew"])
    assert invitation is not None and invitation.pending
    again = post(
        web,
        f"/projects/{project_id}/roles/{role_id}/invite",
        {"member_id": str(people["crew"])},
        htmx=True,
    )
    assert again.status_code == 409 and "already invited" in again.text


def test_only_the_director_invites(web, filmhouse, people):
    project_id = project(filmhouse, people["director"])
    role_id = role_of(filmhouse, project_id)
    sign_in(web, "crew@filmhouse.test")
    response = post(
        web, f"/projects/{project_id}/roles/{role_id}/invite", {"member_id": str(people["crew"])}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("htmx", [False, True])
def test_crew_applies_and_the_director_accepts(web, filmhouse, people, htmx):
    project_id = project(filmhouse, people["director"])
    role_id = role_of(filmhouse, project_id)
    sign_in(web, "crew@filmhouse.test")
    page = web.get(f"/projects/{project_id}").text
    assert f'id="apply-{role_id}"' in page
    applied = post(
        web,
        f"/projects/{project_id}/roles/{role_id}/apply",
        {"message": "I shot two shorts on an FX3."},
        htmx=htmx,
    )
    assert applied.status_code == (200 if htmx else 303)
    if htmx:
        assert "You have applied" in applied.text and "<html" not in applied.text
    item = filmhouse.crew_application(CrewApplication.id_for(project_id, role_id, people["crew"]))
    sign_in(web, "dir@filmhouse.test")
    director_page = web.get(f"/projects/{project_id}").text
    assert "Crewing pipeline" in director_page and "Read the message" in director_page
    message = web.get(f"/crew-applications/{item.id}")
    assert message.status_code == 200 and "FX3" in message.text
    accepted = post(web, f"/crew-applications/{item.id}/accept", htmx=htmx)
    assert accepted.status_code == (200 if htmx else 303)
    if htmx:
        assert 'id="project"' in accepted.text and "Hired." in accepted.text
    assert people["crew"] in filmhouse.project(project_id).role(role_id).hired


@pytest.mark.parametrize("htmx", [False, True])
def test_the_director_turns_an_application_down_with_a_reason(web, filmhouse, people, htmx):
    project_id = project(filmhouse, people["director"])
    role_id = role_of(filmhouse, project_id)
    application_id = filmhouse.apply_to_role(Context(people["crew"]), project_id, role_id, "hi")
    sign_in(web, "dir@filmhouse.test")
    refused = post(web, f"/crew-applications/{application_id}/reject", {"reason": ""}, htmx=htmx)
    assert refused.status_code == 422 and "Say why" in refused.text
    post(
        web,
        f"/crew-applications/{application_id}/reject",
        {"reason": "We went another way."},
        htmx=htmx,
    )
    assert filmhouse.crew_application(application_id).reason == "We went another way."


def test_an_application_is_read_only_by_its_director_and_applicant(web, filmhouse, people):
    project_id = project(filmhouse, people["director"])
    role_id = role_of(filmhouse, project_id)
    application_id = filmhouse.apply_to_role(
        Context(people["crew"]), project_id, role_id, "private words"
    )
    sign_in(web, "partner@filmhouse.test")
    assert web.get(f"/crew-applications/{application_id}").status_code == 403
    sign_in(web, "crew@filmhouse.test")
    assert "private words" in web.get(f"/crew-applications/{application_id}").text
    refused = post(web, f"/crew-applications/{application_id}/accept")
    assert refused.status_code == 403


def test_anonymous_visitors_cannot_act(web, filmhouse, people):
    project_id = project(filmhouse, people["director"])
    role_id = role_of(filmhouse, project_id)
    response = post(web, f"/projects/{project_id}/roles/{role_id}/apply", {"message": "x"})
    assert response.status_code == 401
    assert web.get("/my/invitations").status_code == 401
    assert web.get("/my/projects").status_code == 401


# -- a member's invitations -------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_my_invitations_accept_in_place(web, filmhouse, people, htmx):
    project_id = project(filmhouse, people["director"])
    role_id = role_of(filmhouse, project_id)
    invitation = filmhouse.invite(Context(people["director"]), project_id, role_id, people["crew"])
    sign_in(web, "crew@filmhouse.test")
    page = web.get("/my/invitations", headers=HX if htmx else {})
    assert page.status_code == 200 and "Night Bus" in page.text
    assert ("<html" in page.text) is not htmx
    accepted = post(web, f"/invitations/{invitation}/accept", htmx=htmx)
    if htmx:
        assert accepted.status_code == 200 and accepted.text.lstrip().startswith(
            '<div id="invitations">'
        )
        assert "Accepted" in accepted.text
    else:
        assert accepted.status_code == 303
    assert people["crew"] in filmhouse.project(project_id).role(role_id).hired


@pytest.mark.parametrize("htmx", [False, True])
def test_accepting_into_a_full_role_or_clashing_dates_says_so(web, filmhouse, people, htmx):
    director = people["director"]
    first = project(filmhouse, director, title="First")
    second = project(filmhouse, director, title="Second")
    other = member(filmhouse, "other@filmhouse.test", "Other Camera", ["crew"])
    full_invite = filmhouse.invite(
        Context(director), first, role_of(filmhouse, first), people["crew"]
    )
    clash_invite = filmhouse.invite(
        Context(director), second, role_of(filmhouse, second), people["crew"]
    )
    taken = filmhouse.invite(Context(director), first, role_of(filmhouse, first), other)
    filmhouse.accept_invitation(Context(other), taken)
    sign_in(web, "crew@filmhouse.test")
    full = post(web, f"/invitations/{full_invite}/accept", htmx=htmx)
    assert full.status_code == 409 and "This role is full" in full.text
    filmhouse.change_role(Context(director), first, role_of(filmhouse, first), count=2)
    post(web, f"/invitations/{full_invite}/accept", htmx=htmx)
    clash = post(web, f"/invitations/{clash_invite}/accept", htmx=htmx)
    assert clash.status_code == 409 and "The dates clash with another shoot" in clash.text


@pytest.mark.parametrize("htmx", [False, True])
def test_declining_with_a_reason(web, filmhouse, people, htmx):
    project_id = project(filmhouse, people["director"])
    invitation = filmhouse.invite(
        Context(people["director"]), project_id, role_of(filmhouse, project_id), people["crew"]
    )
    sign_in(web, "crew@filmhouse.test")
    response = post(
        web, f"/invitations/{invitation}/decline", {"reason": "Abroad in May."}, htmx=htmx
    )
    assert response.status_code == (200 if htmx else 303)
    assert filmhouse.invitation(invitation).reason == "Abroad in May."


def test_someone_elses_invitation_cannot_be_answered(web, filmhouse, people):
    project_id = project(filmhouse, people["director"])
    invitation = filmhouse.invite(
        Context(people["director"]), project_id, role_of(filmhouse, project_id), people["crew"]
    )
    sign_in(web, "partner@filmhouse.test")
    assert post(web, f"/invitations/{invitation}/accept").status_code == 403


# -- after an htmx action, every region it changes shows what a reload would ---------------


def pipeline_of(html: str) -> str:
    found = re.search(r'<section id="pipeline".*?</section>', html, re.S)
    assert found, "the answer carries the crewing pipeline"
    return found.group(0)


def test_an_invitation_from_a_recommendation_row_joins_the_pipeline_out_of_band(
    web, filmhouse, people
):
    project_id = project(filmhouse, people["director"])
    role_id = role_of(filmhouse, project_id)
    sign_in(web, "dir@filmhouse.test")
    before = web.get(f"/projects/{project_id}").text
    assert "No invitations or applications yet" in pipeline_of(before)
    assert "hx-swap-oob" not in before
    answer = post(
        web,
        f"/projects/{project_id}/roles/{role_id}/invite",
        {"member_id": str(people["crew"])},
        htmx=True,
    )
    assert answer.status_code == 200 and answer.text.lstrip().startswith("<li")
    assert "waiting for their answer" in answer.text
    swapped = pipeline_of(answer.text)
    assert 'hx-swap-oob="true"' in swapped
    assert "Lee Camera" in swapped and "Waiting for an answer" in swapped
    assert '<td role="cell" data-label="Role">Cinematographer</td>' in swapped
    assert "No invitations or applications yet" not in swapped
    # what the reload shows is what the answer put in place
    reloaded = pipeline_of(web.get(f"/projects/{project_id}").text)
    assert reloaded == swapped.replace(' hx-swap-oob="true"', "")


def test_a_refused_invitation_still_brings_the_pipeline_up_to_date(web, filmhouse, people):
    project_id = project(filmhouse, people["director"])
    role_id = role_of(filmhouse, project_id)
    sign_in(web, "dir@filmhouse.test")
    web.get(f"/projects/{project_id}")  # the director's page, then an invitation elsewhere
    filmhouse.invite(Context(people["director"]), project_id, role_id, people["crew"])
    again = post(
        web,
        f"/projects/{project_id}/roles/{role_id}/invite",
        {"member_id": str(people["crew"])},
        htmx=True,
    )
    assert again.status_code == 409 and "already invited" in again.text
    assert "Lee Camera" in pipeline_of(again.text)


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_answering_an_invitation_answers_with_the_whole_list(web, filmhouse, people, answer):
    project_id = project(filmhouse, people["director"], title="Night Bus")
    invitation = filmhouse.invite(
        Context(people["director"]), project_id, role_of(filmhouse, project_id), people["crew"]
    )
    sign_in(web, "crew@filmhouse.test")
    assert 'hx-target="#invitations"' in web.get("/my/invitations").text
    response = post(web, f"/invitations/{invitation}/{answer}", htmx=True)
    assert response.status_code == 200
    hired_on = response.text.split("Projects you are hired on", 1)[1]
    if answer == "accept":
        assert f'<a href="/projects/{project_id}">Night Bus</a>' in hired_on
    else:
        assert "Night Bus" not in hired_on and "Declined" in response.text
    assert response.text == web.get("/my/invitations", headers=HX).text
