"""The product's vocabularies (crew roles, skills, genres, formats, languages, a no-show strike)
are said in the reader's language; what a person wrote stays as written. Languages are chosen
from a list and stored as ISO codes; skills and roles are suggested, not imposed."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from domain.context import Context
from domain.project_parts import RoleSpec
from domain.vocabulary import ProjectFormat
from tests.web.test_pages_members import HX, join, post, sign_in
from web.display.vocabulary import ENGLISH, GENRE, KEYS, ROLE, SKILL, key_of, label, strike_reason
from web.i18n import speaking

CATALOGUE = Path(__file__).parents[2] / "web/locales/ko/LC_MESSAGES/vocabulary.po"

KO = {"Accept-Language": "ko"}  # a Korean reader with no language cookie yet


def visible(html: str) -> str:
    """The words a reader sees: the page without its tags (and so without attribute values)."""
    html = re.sub(r"<(script|style|datalist)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def crew(filmhouse):
    director = join(filmhouse, "Director Lee", roles=("director",))
    camera = join(filmhouse, "Camera Han")
    filmhouse.claim_skill(Context(camera), skill="cinematography", level=4)
    filmhouse.claim_skill(Context(camera), skill="shadow puppetry", level=2)
    filmhouse.update_profile(
        Context(camera), name="Camera Han", city="Seoul", languages=["ko", "en"]
    )
    filmhouse.claim_credit(
        Context(camera), title="Harbour Lights", year=2025, role="sound designer"
    )
    project_id = filmhouse.create_project(
        Context(director),
        title="Night Bus",
        logline="A driver and a city at night.",
        genres=["drama", "thriller"],
        format=ProjectFormat.SHORT,
        language="Korean",
        budget_krw=5_000_000,
        shoot_start=date(2026, 5, 1),
        shoot_end=date(2026, 5, 10),
        roles=[
            RoleSpec(
                role="cinematographer",
                skills=["cinematography", "lighting"],
                count=1,
                start=date(2026, 5, 1),
                end=date(2026, 5, 10),
            ),
            RoleSpec(
                role="editor",
                skills=["editing"],
                count=1,
                start=date(2026, 5, 1),
                end=date(2026, 5, 10),
            ),
        ],
    )
    filmhouse.pitch_project(Context(director), project_id)
    return {"director": director, "camera": camera, "project": project_id}


@pytest.mark.parametrize("htmx", [False, True])
def test_project_page_in_korean_says_the_vocabulary_in_korean(web, crew, htmx):
    text = visible(
        web.get(f"/projects/{crew['project']}", headers={**KO, **(HX if htmx else {})}).text
    )
    for korean in ("촬영감독", "편집", "촬영", "조명", "드라마", "스릴러", "단편", "한국어"):
        assert korean in text, korean
    for english in (
        "cinematographer",
        "Cinematographer",
        "editor",
        "drama",
        "thriller",
        "Short",
        "Korean",
        "lighting",
    ):
        assert not re.search(rf"\b{english}\b", text), english
    assert "Night Bus" in text and "A driver and a city at night." in text  # as written


def test_project_page_in_english_says_the_vocabulary_in_english(web, crew):
    text = visible(web.get(f"/projects/{crew['project']}").text)
    assert "Cinematographer" in text and "Drama, Thriller" in text and "Korean" in text


@pytest.mark.parametrize("htmx", [False, True])
def test_profile_in_korean_says_skills_roles_and_languages_in_korean(web, crew, htmx):
    text = visible(
        web.get(f"/members/{crew['camera']}", headers={**KO, **(HX if htmx else {})}).text
    )
    for korean in ("촬영", "한국어, 영어", "음향 디자이너"):
        assert korean in text, korean
    assert "shadow puppetry" in text  # a skill outside the list, as the member wrote it
    # (not "English": the language switch says it)
    for english in ("cinematography", "Korean", "sound designer", "ko, en"):
        assert english not in text, english


def test_profile_in_korean_says_the_status_of_the_member_s_projects_in_korean(web, crew):
    text = visible(web.get(f"/members/{crew['director']}", headers=KO).text)
    assert "Night Bus (2026, 피칭 중)" in text and "pitched" not in text


@pytest.mark.parametrize("htmx", [False, True])
def test_board_in_korean_says_genres_and_formats_in_korean(web, crew, htmx):
    response = web.get("/projects", headers={**KO, **(HX if htmx else {})})
    text = visible(response.text)
    assert "드라마, 스릴러" in text and "단편" in text
    assert not re.search(r"\b(drama|thriller|short)\b", text, flags=re.I)
    if not htmx:
        assert '<option value="drama" >드라마</option>' in response.text.replace(
            '"drama" selected', '"drama" '
        )


@pytest.mark.parametrize("query", ["cinematographer", "촬영감독", "Cinematographer"])
def test_board_finds_a_project_by_its_open_role(web, filmhouse, crew, query):
    join(filmhouse, "Other Director", roles=("director",))
    found = web.get("/projects", params={"q": query}, headers={**KO, **HX}).text
    assert "Night Bus" in found
    assert "Night Bus" not in web.get("/projects", params={"q": "gaffer"}, headers=HX).text


def test_board_finds_a_project_by_its_genre_said_in_korean(web, crew):
    assert "Night Bus" in web.get("/projects", params={"q": "스릴러"}, headers={**KO, **HX}).text


# -- the profile editor ------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_skill_editor_offers_the_known_skills_as_suggestions(web, crew, htmx):
    sign_in(web, "Camera Han")
    html = web.get("/me", headers={**KO, **(HX if htmx else {})}).text
    assert 'list="me-skill-suggestions"' in html
    suggestions = re.search(r'<datalist id="me-skill-suggestions">(.*?)</datalist>', html, re.S)
    assert suggestions and '<option value="색보정">' in suggestions.group(1)
    assert len(re.findall("<option", suggestions.group(1))) == len(KEYS[SKILL])
    assert 'list="me-role-suggestions"' in html and '<option value="촬영감독">' in html


@pytest.mark.parametrize("htmx", [False, True])
def test_a_skill_picked_in_korean_is_stored_as_its_key_and_a_rare_one_as_written(
    web, filmhouse, crew, htmx
):
    sign_in(web, "Camera Han")
    web.cookies.set("fh_lang", "ko")
    assert post(web, "/me/skills", {"skill": "색보정", "level": "3"}, htmx=htmx).status_code == (
        200 if htmx else 303
    )
    assert post(
        web, "/me/skills", {"skill": "Underwater Camera", "level": "2"}, htmx=htmx
    ).status_code == (200 if htmx else 303)
    skills = filmhouse.member(crew["camera"]).skills
    assert skills["colour"] == 3 and skills["underwater camera"] == 2


def test_profile_editor_offers_languages_as_checkboxes_of_codes(web, crew):
    sign_in(web, "Camera Han")
    html = web.get("/me", headers=KO).text
    assert re.search(r'<input type="checkbox" name="languages" value="ko" checked> 한국어', html)
    assert re.search(r'<input type="checkbox" name="languages" value="ja" > 일본어', html)
    assert 'name="languages" maxlength' not in html  # no free-text box any more


@pytest.mark.parametrize("htmx", [False, True])
def test_languages_chosen_are_stored_as_codes(web, filmhouse, crew, htmx):
    sign_in(web, "Camera Han")
    response = post(
        web, "/me/profile", {"name": "Camera Han", "languages": ["ja", "ko"]}, htmx=htmx
    )
    assert response.status_code == (200 if htmx else 303)
    assert filmhouse.member(crew["camera"]).languages == ["ja", "ko"]


def test_a_language_not_on_the_list_is_refused_inline_in_korean(web, filmhouse, crew):
    sign_in(web, "Camera Han")
    web.cookies.set("fh_lang", "ko")
    response = post(web, "/me/profile", {"name": "Camera Han", "languages": ["Klingon"]}, htmx=True)
    assert response.status_code == 422
    assert "“klingon”은(는) 언어 목록에 없습니다" in response.text
    assert filmhouse.member(crew["camera"]).languages == ["ko", "en"]


def test_project_language_is_chosen_from_a_list_of_codes(web, crew):
    sign_in(web, "Director Lee")
    html = web.get(f"/projects/{crew['project']}/edit", headers=KO).text
    assert '<select id="p-language" name="language"' in html
    assert '<option value="ko" selected>한국어</option>' in html


# -- the display layer -------------------------------------------------------------------------


def test_every_suggested_word_has_an_english_label_and_a_korean_one():
    with CATALOGUE.open("rb") as source:
        korean = {(m.context, m.id): m.string for m in read_po(source) if m.id}
    for kind in (ROLE, SKILL, GENRE):
        assert set(KEYS[kind]) == set(ENGLISH[kind]), kind
        missing = [key for key in KEYS[kind] if not korean.get((kind, ENGLISH[kind][key]))]
        assert missing == [], (kind, missing)
        with speaking("ko"):
            assert all(key_of(kind, label(kind, key)) == key for key in KEYS[kind]), kind


def test_a_no_show_strike_is_said_in_korean_and_its_room_stays():
    with speaking("ko"):
        assert (
            strike_reason("no-show: Suite 2 2026-03-02 14:00–16:00")
            == "노쇼: Suite 2 2026-03-02 14:00–16:00"
        )
        assert strike_reason("late cancellation") == "late cancellation"
