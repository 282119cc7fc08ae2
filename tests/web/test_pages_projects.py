"""Project pages: the board, the pitch editor, the project page with recommended crew and the
crewing pipeline, a member's invitations, a director's projects and the attachments."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

import pytest

from domain.context import Context
from domain.project_parts import RoleSpec
from domain.vocabulary import ProjectFormat

PASSWORD = "a-long-password"
HX = {"HX-Request": "true"}
PDF = b"%PDF-1.4\n% a tiny deck\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def member(filmhouse, email: str, name: str, roles: list[str]) -> UUID:
    return filmhouse.sign_up(Context(None), email=email, password=PASSWORD, name=name, roles=roles)


def sign_in(web, email: str) -> None:
    web.cookies.clear()
    token = csrf(web, "/signin")
    response = web.post(
        "/signin",
        data={"_csrf_token": token, "email": email, "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303


def csrf(web, path: str = "/projects") -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', web.get(path).text)
    assert found
    return found.group(1)


def post(web, path: str, data: dict | None = None, *, htmx: bool = False, files=None):
    token = csrf(web)
    return web.post(
        path,
        data={"_csrf_token": token, **(data or {})},
        files=files,
        headers=HX if htmx else {},
        follow_redirects=False,
    )


def project(
    filmhouse,
    director: UUID,
    *,
    title: str = "Night Bus",
    pitch: bool = True,
    skills: tuple[str, ...] = ("cinematography",),
    count: int = 1,
    shoot: tuple[date, date] = (date(2026, 5, 1), date(2026, 5, 10)),
) -> UUID:
    project_id = filmhouse.create_project(
        Context(director),
        title=title,
        logline="A driver and a stranger cross Seoul at night.",
        genres=["drama"],
        format=ProjectFormat.SHORT,
        budget_krw=12_000_000,
        shoot_start=shoot[0],
        shoot_end=shoot[1],
        roles=[
            RoleSpec(
                role="cinematographer",
                skills=list(skills),
                count=count,
                start=shoot[0],
                end=shoot[1],
            )
        ],
    )
    if pitch:
        filmhouse.pitch_project(Context(director), project_id)
    return project_id


def role_of(filmhouse, project_id: UUID) -> UUID:
    return next(iter(filmhouse.project(project_id).roles))


@pytest.fixture
def people(filmhouse):
    director = member(filmhouse, "dir@filmhouse.test", "Kim Director", ["director"])
    crew = member(filmhouse, "crew@filmhouse.test", "Lee Camera", ["crew"])
    filmhouse.claim_skill(Context(crew), skill="cinematography", level=4)
    partner = member(filmhouse, "partner@filmhouse.test", "Park Studio", ["partner"])
    return {"director": director, "crew": crew, "partner": partner}


# -- the board -----------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_board_lists_pitched_projects_not_drafts(web, filmhouse, people, htmx):
    project(filmhouse, people["director"], title="Night Bus")
    project(filmhouse, people["director"], title="Secret Draft", pitch=False)
    response = web.get("/projects", headers=HX if htmx else {})
    assert response.status_code == 200
    assert "Night Bus" in response.text and "Secret Draft" not in response.text
    assert ("<html" in response.text) is not htmx
    assert 'id="board-results"' in response.text


def test_board_search_and_filters_narrow_the_cards(web, filmhouse, people):
    project(filmhouse, people["director"], title="Night Bus")
    project(filmhouse, people["director"], title="Harbour Song")
    found = web.get("/projects", params={"q": "harbour"}, headers=HX).text
    assert "Harbour Song" in found and "Night Bus" not in found
    assert "Night Bus" in web.get("/projects", params={"genre": "drama", "open": "1"}).text
    assert "Night Bus" not in web.get("/projects", params={"format": "feature"}).text


def test_board_shows_director_names_only_to_members(web, filmhouse, people):
    project(filmhouse, people["director"])
    assert "Kim Director" not in web.get("/projects").text
    sign_in(web, "crew@filmhouse.test")
    assert "Kim Director" in web.get("/projects").text


def test_board_speaks_korean(web, filmhouse, people):
    project(filmhouse, people["director"])
    page = web.get("/projects", headers={"Accept-Language": "ko"}).text
    assert "피칭" in page and "단편" in page


# -- the pitch editor ----------------------------------------------------------------------


def test_new_project_needs_a_director(web, people):
    assert web.get("/projects/new", follow_redirects=False).status_code == 401
    sign_in(web, "crew@filmhouse.test")
    assert web.get("/projects/new").status_code == 403


@pytest.mark.parametrize("htmx", [False, True])
def test_new_project_page_has_labelled_fields(web, people, htmx):
    sign_in(web, "dir@filmhouse.test")
    response = web.get("/projects/new", headers=HX if htmx else {})
    assert response.status_code == 200
    for name in (
        "p-title",
        "p-logline",
        "p-synopsis",
        "p-genres",
        "p-format",
        "p-budget",
        "p-shoot-start",
        "p-shoot-end",
        "p-prep-start",
        "p-post-end",
    ):
        assert f'<label for="{name}">' in response.text
    assert ("<html" in response.text) is not htmx


@pytest.mark.parametrize("htmx", [False, True])
def test_create_project_with_mistakes_shows_them_inline(web, people, htmx):
    sign_in(web, "dir@filmhouse.test")
    response = post(
        web,
        "/projects",
        {
            "title": "",
            "logline": "x",
            "format": "short",
            "budget_krw": "lots",
            "shoot_start": "2026-05-02",
            "shoot_end": "",
        },
        htmx=htmx,
    )
    assert response.status_code == 422
    assert 'id="p-title-error"' in response.text and 'id="p-budget-error"' in response.text
    assert 'id="p-dates-error"' in response.text
    assert 'value="lots"' in response.text
    assert ("<html" in response.text) is not htmx


def test_create_project_refused_by_the_domain_says_why_next_to_the_dates(web, people):
    sign_in(web, "dir@filmhouse.test")
    response = post(
        web,
        "/projects",
        {
            "title": "Backwards",
            "logline": "Time runs back.",
            "format": "short",
            "budget_krw": "1,000,000",
            "shoot_start": "2026-05-10",
            "shoot_end": "2026-05-01",
        },
    )
    assert response.status_code == 422
    assert 'id="p-dates-error"' in response.text and "before it starts" in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_create_project_then_edit_it(web, filmhouse, people, htmx):
    sign_in(web, "dir@filmhouse.test")
    response = post(
        web,
        "/projects",
        {
            "title": "Night Bus",
            "logline": "A driver and a stranger.",
            "synopsis": "Long.",
            "genres": "drama, road movie",
            "format": "short",
            "language": "Korean",
            "budget_krw": "₩12,000,000",
            "shoot_start": "2026-05-01",
            "shoot_end": "2026-05-10",
            "post_start": "2026-05-11",
            "post_end": "2026-06-30",
        },
        htmx=htmx,
    )
    target = response.headers["HX-Redirect"] if htmx else response.headers["location"]
    project_id = UUID(target.split("/")[2])
    created = filmhouse.project(project_id)
    assert created.title == "Night Bus" and created.genres == ["drama", "road movie"]
    assert created.budget_krw == 12_000_000 and created.post_end == date(2026, 6, 30)
    page = web.get(target)
    assert page.status_code == 200 and 'value="Night Bus"' in page.text
    edited = post(
        web,
        f"/projects/{project_id}/edit",
        {
            "title": "Night Bus 2",
            "logline": "A driver and a stranger.",
            "format": "short",
            "budget_krw": "12000000",
            "shoot_start": "2026-05-01",
            "shoot_end": "2026-05-12",
        },
        htmx=htmx,
    )
    if htmx:
        assert edited.status_code == 200 and "Saved." in edited.text
        assert 'id="details"' in edited.text and "<html" not in edited.text
    else:
        assert edited.status_code == 303
    assert filmhouse.project(project_id).title == "Night Bus 2"


def test_someone_elses_project_cannot_be_edited(web, filmhouse, people):
    other = member(filmhouse, "other@filmhouse.test", "Other Director", ["director"])
    pitched = project(filmhouse, other)
    draft = project(filmhouse, other, pitch=False)
    sign_in(web, "dir@filmhouse.test")
    assert web.get(f"/projects/{pitched}/edit").status_code == 403
    assert web.get(f"/projects/{draft}/edit").status_code == 404
    response = post(
        web,
        f"/projects/{pitched}/roles",
        {"role": "editor", "start": "2026-05-01", "end": "2026-05-02"},
    )
    assert response.status_code == 403
    assert len(filmhouse.project(pitched).roles) == 1


@pytest.mark.parametrize("htmx", [False, True])
def test_roles_are_added_changed_and_removed_inline(web, filmhouse, people, htmx):
    project_id = project(filmhouse, people["director"], pitch=False)
    sign_in(web, "dir@filmhouse.test")
    added = post(
        web,
        f"/projects/{project_id}/roles",
        {
            "role": "Editor",
            "skills": "editing, davinci resolve",
            "count": "2",
            "start": "2026-05-11",
            "end": "2026-06-30",
            "paid": "on",
        },
        htmx=htmx,
    )
    roles = filmhouse.project(project_id).roles
    editor = next(r for r in roles.values() if r.role == "editor")
    assert editor.count == 2 and editor.paid and editor.skills == ["editing", "davinci resolve"]
    if htmx:
        assert added.status_code == 200 and 'id="roles"' in added.text
        assert "<html" not in added.text and "Role added." in added.text
    else:
        assert added.status_code == 303
    changed = post(
        web,
        f"/projects/{project_id}/roles/{editor.role_id}",
        {
            "role": "editor",
            "skills": "editing",
            "count": "1",
            "start": "2026-05-11",
            "end": "2026-06-30",
        },
        htmx=htmx,
    )
    assert changed.status_code == (200 if htmx else 303)
    assert filmhouse.project(project_id).role(editor.role_id).count == 1
    removed = post(web, f"/projects/{project_id}/roles/{editor.role_id}/remove", htmx=htmx)
    assert removed.status_code == (200 if htmx else 303)
    assert editor.role_id not in filmhouse.project(project_id).roles


@pytest.mark.parametrize("htmx", [False, True])
def test_a_role_with_mistakes_is_refused_next_to_its_fields(web, filmhouse, people, htmx):
    project_id = project(filmhouse, people["director"], pitch=False)
    sign_in(web, "dir@filmhouse.test")
    response = post(
        web,
        f"/projects/{project_id}/roles",
        {"role": "", "count": "99", "start": "2026-05-11", "end": ""},
        htmx=htmx,
    )
    assert response.status_code == 422
    assert 'id="new-role-role-error"' in response.text
    assert 'id="new-role-count-error"' in response.text
    assert 'id="new-role-dates-error"' in response.text
    backwards = post(
        web,
        f"/projects/{project_id}/roles",
        {"role": "gaffer", "count": "1", "start": "2026-05-11", "end": "2026-05-01"},
        htmx=htmx,
    )
    assert backwards.status_code == 422 and "before it starts" in backwards.text


def test_a_role_with_hires_cannot_be_removed(web, filmhouse, people):
    project_id = project(filmhouse, people["director"])
    role_id = role_of(filmhouse, project_id)
    invitation = filmhouse.invite(Context(people["director"]), project_id, role_id, people["crew"])
    filmhouse.accept_invitation(Context(people["crew"]), invitation)
    sign_in(web, "dir@filmhouse.test")
    response = post(web, f"/projects/{project_id}/roles/{role_id}/remove", htmx=True)
    assert response.status_code == 409 and "release them" in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_pitch_deck_and_stills_are_uploaded_and_served(web, filmhouse, people, htmx):
    project_id = project(filmhouse, people["director"], pitch=False)
    sign_in(web, "dir@filmhouse.test")
    deck = post(
        web,
        f"/projects/{project_id}/deck",
        htmx=htmx,
        files={"file": ("deck.pdf", PDF, "application/pdf")},
    )
    assert deck.status_code == (200 if htmx else 303)
    still = post(
        web,
        f"/projects/{project_id}/stills",
        htmx=htmx,
        files={"file": ("still.png", PNG, "image/png")},
    )
    assert still.status_code == (200 if htmx else 303)
    created = filmhouse.project(project_id)
    digest, still_digest = created.pitch_deck["sha256"], created.stills[0]["sha256"]
    served = web.get(f"/files/{digest}")
    assert served.status_code == 200 and served.content == PDF
    assert served.headers["content-type"].startswith("application/pdf")
    assert web.get(f"/files/{still_digest}").headers["content-type"].startswith("image/png")
    # a draft's files are the director's alone
    web.cookies.clear()
    assert web.get(f"/files/{digest}").status_code == 404
    filmhouse.pitch_project(Context(people["director"]), project_id)
    assert web.get(f"/files/{digest}").status_code == 200
    assert web.get("/files/" + "0" * 64).status_code == 404
    assert web.get("/files/not-a-digest").status_code == 404


@pytest.mark.parametrize("htmx", [False, True])
def test_uploads_of_the_wrong_type_are_refused_clearly(web, filmhouse, people, htmx):
    project_id = project(filmhouse, people["director"], pitch=False)
    sign_in(web, "dir@filmhouse.test")
    wrong = post(
        web,
        f"/projects/{project_id}/deck",
        htmx=htmx,
        files={"file": ("deck.pdf", PNG, "application/pdf")},
    )
    assert wrong.status_code == 422
    assert 'id="deck-file-error"' in wrong.text and "must be a PDF" in wrong.text
    empty = post(
        web,
        f"/projects/{project_id}/stills",
        htmx=htmx,
        files={"file": ("", b"", "application/octet-stream")},
    )
    assert empty.status_code == 422 and "Choose a file" in empty.text
    assert filmhouse.project(project_id).pitch_deck is None


def test_a_still_can_be_removed(web, filmhouse, people):
    project_id = project(filmhouse, people["director"], pitch=False)
    sign_in(web, "dir@filmhouse.test")
    post(web, f"/projects/{project_id}/stills", files={"file": ("s.png", PNG, "image/png")})
    digest = filmhouse.project(project_id).stills[0]["sha256"]
    response = post(web, f"/projects/{project_id}/stills/{digest}/remove", htmx=True)
    assert response.status_code == 200 and "Still removed." in response.text
    assert filmhouse.project(project_id).stills == []


@pytest.mark.parametrize("htmx", [False, True])
def test_status_moves_from_pitch_to_wrap_and_crew_is_confirmed(web, filmhouse, people, htmx):
    project_id = project(filmhouse, people["director"], pitch=False)
    role_id = role_of(filmhouse, project_id)
    sign_in(web, "dir@filmhouse.test")
    pitched = post(web, f"/projects/{project_id}/status", {"move": "pitch"}, htmx=htmx)
    assert pitched.status_code == (200 if htmx else 303)
    if htmx:
        assert 'id="editor"' in pitched.text and "Pitched" in pitched.text
    invitation = filmhouse.invite(Context(people["director"]), project_id, role_id, people["crew"])
    filmhouse.accept_invitation(Context(people["crew"]), invitation)
    refused = post(web, f"/projects/{project_id}/status", {"move": "wrap"}, htmx=htmx)
    assert refused.status_code == 409 and "start production first" in refused.text
    for move in ("production", "wrap"):
        post(web, f"/projects/{project_id}/status", {"move": move}, htmx=htmx)
    assert filmhouse.project(project_id).status.value == "wrapped"
    page = web.get(f"/projects/{project_id}/edit").text
    assert "Confirm the crew" in page and "Lee Camera" in page
    confirmed = post(
        web, f"/projects/{project_id}/confirm-crew", {"member_id": str(people["crew"])}, htmx=htmx
    )
    assert confirmed.status_code == 200 and "Lee Camera" in confirmed.text
    credits = filmhouse.verified_credits_of(people["crew"])
    assert project_id in credits.verified
    again = post(
        web, f"/projects/{project_id}/confirm-crew", {"member_id": str(people["crew"])}, htmx=htmx
    )
    assert again.status_code == 409 and "already verified" in again.text


@pytest.mark.parametrize("htmx", [False, True])
def test_cancelling_needs_a_reason(web, filmhouse, people, htmx):
    project_id = project(filmhouse, people["director"])
    sign_in(web, "dir@filmhouse.test")
    refused = post(web, f"/projects/{project_id}/status", {"move": "cancel"}, htmx=htmx)
    assert refused.status_code == 422 and 'id="cancel-reason-error"' in refused.text
    post(
        web, f"/projects/{project_id}/status", {"move": "cancel", "reason": "No money."}, htmx=htmx
    )
    assert filmhouse.project(project_id).cancel_reason == "No money."


# -- the project page ----------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_project_page_shows_details_and_roles(web, filmhouse, people, htmx):
    project_id = project(filmhouse, people["director"])
    response = web.get(f"/projects/{project_id}", headers=HX if htmx else {})
    assert response.status_code == 200
    assert "Night Bus" in response.text and "Cinematographer" in response.text
    assert "₩12,000,000" in response.text
    assert ("<html" in response.text) is not htmx
    assert "Recommended crew" not in response.text


def test_a_draft_is_seen_only_by_its_director(web, filmhouse, people):
    draft = project(filmhouse, people["director"], pitch=False)
    assert web.get(f"/projects/{draft}").status_code == 404
    sign_in(web, "crew@filmhouse.test")
    assert web.get(f"/projects/{draft}").status_code == 404
    sign_in(web, "dir@filmhouse.test")
    assert web.get(f"/projects/{draft}").status_code == 200


# -- a director's projects and the catalogue -------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_my_projects_lists_the_directors_projects(web, filmhouse, people, htmx):
    project(filmhouse, people["director"], title="Night Bus")
    project(filmhouse, people["director"], title="Quiet Draft", pitch=False)
    sign_in(web, "dir@filmhouse.test")
    response = web.get("/my/projects", headers=HX if htmx else {})
    assert response.status_code == 200
    assert "Night Bus" in response.text and "Quiet Draft" in response.text
    assert ("<html" in response.text) is not htmx
    sign_in(web, "crew@filmhouse.test")
    assert web.get("/my/projects").status_code == 403


def test_every_string_of_these_pages_has_a_korean_translation():
    from babel.messages.pofile import read_po

    from web.i18n import LOCALES

    with (LOCALES / "ko" / "LC_MESSAGES" / "projects.po").open("rb") as source:
        catalogue = read_po(source, locale="ko")
    assert len(catalogue) > 300
    assert not [m.id for m in catalogue if m.id and not m.string]


def test_saving_the_pitch_renames_the_editor_heading_and_title_out_of_band(web, filmhouse, people):
    project_id = project(filmhouse, people["director"], pitch=False)
    sign_in(web, "dir@filmhouse.test")
    assert (
        '<h1 id="editor-title">Edit the pitch: Night Bus</h1>'
        in web.get(f"/projects/{project_id}/edit").text
    )
    saved = post(
        web,
        f"/projects/{project_id}/edit",
        {
            "title": "Day Tram",
            "logline": "A driver and a stranger.",
            "format": "short",
            "budget_krw": "12000000",
            "shoot_start": "2026-05-01",
            "shoot_end": "2026-05-10",
        },
        htmx=True,
    )
    assert saved.status_code == 200 and 'id="details"' in saved.text
    assert '<h1 id="editor-title" hx-swap-oob="true">Edit the pitch: Day Tram</h1>' in saved.text
    assert "<title>Edit the pitch · Day Tram · Film House</title>" in saved.text
    page = web.get(f"/projects/{project_id}/edit").text
    assert '<h1 id="editor-title">Edit the pitch: Day Tram</h1>' in page
    assert "hx-swap-oob" not in page
