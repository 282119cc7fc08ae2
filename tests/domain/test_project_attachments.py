"""A project's attachments: the pitch deck and stills, checked by what their bytes are. Given
events, when a command, then events (or this error)."""

from __future__ import annotations

import hashlib

import pytest

from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.project import Project
from domain.vocabulary import ProjectStatus
from tests.domain import test_projects as projects
from tests.domain.test_projects import JPEG, PDF, PNG, WEBP, events_of, sign_up

director, project_id = projects.director, projects.project_id  # fixtures, shared


def test_attach_pitch_deck_stores_file_and_records_its_hash(app, director, project_id):
    digest = app.attach_pitch_deck(director, project_id, "C:\\decks\\night-bus.pdf",
                                   "application/pdf", PDF)  # fmt: skip
    assert digest == hashlib.sha256(PDF).hexdigest()
    assert app.files.get(digest) == PDF
    assert app.project(project_id).pitch_deck == {
        "filename": "night-bus.pdf", "content_type": "application/pdf", "size": len(PDF),
        "sha256": digest,
    }  # fmt: skip
    assert events_of(app, project_id)[-1] == "PitchDeckAttached"


def test_attach_pitch_deck_that_is_not_a_pdf_is_invalid(app, director, project_id):
    with pytest.raises(Invalid):
        app.attach_pitch_deck(director, project_id, "deck.pdf", "application/pdf", PNG)


def test_attach_pitch_deck_over_20_mb_is_invalid(app, director, project_id):
    big = b"%PDF-" + bytes(20 * 1024 * 1024)
    with pytest.raises(Invalid):
        app.attach_pitch_deck(director, project_id, "deck.pdf", "application/pdf", big)


def test_attach_empty_pitch_deck_is_invalid(app, director, project_id):
    with pytest.raises(Invalid):
        app.attach_pitch_deck(director, project_id, "deck.pdf", "application/pdf", b"")


def test_attach_pitch_deck_by_another_director_is_forbidden(app, project_id):
    other = sign_up(app, "other@example.com", "director")
    with pytest.raises(Forbidden):
        app.attach_pitch_deck(other, project_id, "deck.pdf", "application/pdf", PDF)


@pytest.mark.parametrize(
    ("data", "content_type"), [(PNG, "image/png"), (JPEG, "image/jpeg"), (WEBP, "image/webp")]
)
def test_attach_still_of_each_image_type_is_recorded(app, director, project_id, data,
                                                     content_type):  # fmt: skip
    digest = app.attach_still(director, project_id, "still", content_type, data)
    [still] = app.project(project_id).stills
    assert (still["content_type"], still["sha256"], still["size"]) == (
        content_type,
        digest,
        len(data),
    )


def test_attach_still_whose_bytes_contradict_its_type_is_invalid(app, director, project_id):
    with pytest.raises(Invalid):
        app.attach_still(director, project_id, "still.jpg", "image/jpeg", PNG)


def test_attach_still_that_is_a_pdf_is_invalid(app, director, project_id):
    with pytest.raises(Invalid):
        app.attach_still(director, project_id, "still.pdf", "application/pdf", PDF)


def test_attach_still_over_10_mb_is_invalid(app, director, project_id):
    big = b"\x89PNG\r\n\x1a\n" + bytes(10 * 1024 * 1024)
    with pytest.raises(Invalid):
        app.attach_still(director, project_id, "big.png", "image/png", big)


def test_attach_thirteenth_still_conflicts(app, director, project_id):
    for n in range(12):
        app.attach_still(director, project_id, f"s{n}.png", "image/png", PNG + bytes([n]))
    with pytest.raises(Conflict):
        app.attach_still(director, project_id, "s12.png", "image/png", PNG + b"\xff")
    assert len(app.project(project_id).stills) == 12


def test_attach_same_still_twice_conflicts(app, director, project_id):
    app.attach_still(director, project_id, "a.png", "image/png", PNG)
    with pytest.raises(Conflict):
        app.attach_still(director, project_id, "b.png", "image/png", PNG)


def test_remove_still_records_removal(app, director, project_id):
    digest = app.attach_still(director, project_id, "a.png", "image/png", PNG)
    app.remove_still(director, project_id, digest)
    assert app.project(project_id).stills == []
    assert events_of(app, project_id)[-1] == "StillRemoved"


def test_remove_unknown_still_is_not_found(app, director, project_id):
    with pytest.raises(NotFound):
        app.remove_still(director, project_id, "0" * 64)


def test_project_reads_back_after_reload_from_the_log(app, director, project_id):
    app.attach_still(director, project_id, "a.png", "image/png", PNG)
    app.pitch_project(director, project_id)
    project = app.repository.get(project_id)
    assert isinstance(project, Project)
    assert project.status is ProjectStatus.PITCHED and len(project.stills) == 1
