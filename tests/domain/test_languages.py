"""Spoken languages and a project's language are stored as ISO 639-1 codes, whether they were
chosen from the list (codes) or typed (names, in English or in the language itself)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.context import Context
from domain.errors import Invalid
from domain.vocabulary import ProjectFormat, language_code, language_codes
from tests.conftest import sign_up


@pytest.fixture
def crew(app):
    return sign_up(app, "kim@filmhouse.test", "crew").actor


@pytest.fixture
def director(app):
    return sign_up(app, "park@filmhouse.test", "director").actor


def test_update_profile_with_languages_typed_stores_codes(app, crew):
    app.update_profile(Context(crew), name="Kim", languages=["Korean, English", "日本語"])
    assert app.member(crew).languages == ["ko", "en", "ja"]


def test_update_profile_with_languages_chosen_stores_the_codes(app, crew):
    app.update_profile(Context(crew), name="Kim", languages=["en", "ko", "en"])
    assert app.member(crew).languages == ["en", "ko"]


def test_update_profile_with_a_language_not_on_the_list_is_refused(app, crew):
    with pytest.raises(Invalid) as refused:
        app.update_profile(Context(crew), name="Kim", languages=["ko", "Klingon"])
    assert refused.value.params == {"language": "klingon"}
    assert app.member(crew).languages == []


def test_create_project_with_a_language_named_stores_its_code(app, director):
    project_id = app.create_project(
        Context(director),
        title="Night Bus",
        logline="A driver at night.",
        genres=["drama"],
        format=ProjectFormat.SHORT,
        budget_krw=1_000_000,
        shoot_start=date(2026, 5, 1),
        shoot_end=date(2026, 5, 2),
        language="Korean",
    )
    assert app.project(project_id).language == "ko"
    app.update_project(Context(director), project_id, language="English")
    assert app.project(project_id).language == "en"
    with pytest.raises(Invalid):
        app.update_project(Context(director), project_id, language="Elvish")


def test_language_names_read_as_codes():
    assert [language_code(n) for n in ("KO", " Korean ", "한국어", "영어", "zz")] == [
        "ko",
        "ko",
        "ko",
        "en",
        None,
    ]
    assert language_codes("Korean、English / 日本語") == (["ko", "en", "ja"], [])
