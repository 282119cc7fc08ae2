"""Refusals in the reader's language: every refusal the domain can raise has a Korean
translation with the same fields; pages say refusals in the page's language, with numbers by
Babel for the locale; the API keeps `{error, detail}`, English unless asked for Korean."""

from __future__ import annotations

import ast
import inspect
import re
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import domain
from domain import errors
from domain.conflicts import ConflictCode, phrase, record
from domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Hours,
    Invalid,
    Listing,
    NotFound,
    Span,
    Won,
)
from tests.web import test_pages_workspaces as workspaces
from tests.web.test_pages_workspaces import SUITE, TOMORROW, book, post, sign_in
from web.display.refusals import said
from web.i18n import speaking

people = workspaces.people  # the workspace pages' members and app, as fixtures here
web = workspaces.web
DOMAIN = Path(domain.__file__).parent
KOREAN = Path(__file__).parents[2] / "web/locales/ko/LC_MESSAGES/refusals.po"


def _error_classes() -> set[str]:
    """Names of DomainError and every subclass defined anywhere in domain/."""
    names = {"DomainError"}
    grew = True
    trees = [ast.parse(path.read_text()) for path in DOMAIN.rglob("*.py")]
    while grew:
        grew = False
        for tree in trees:
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ClassDef)
                    and node.name not in names
                    and any(isinstance(b, ast.Name) and b.id in names for b in node.bases)
                ):
                    names.add(node.name)
                    grew = True
    return names


def _refusals() -> dict[str, str]:
    """Each refusal template built in domain/, with where it is built."""
    classes = _error_classes()
    found: dict[str, str] = {}
    for path in sorted(DOMAIN.rglob("*.py")):
        tree = ast.parse(path.read_text())
        constants = {
            t.id: n.value
            for n in tree.body
            if isinstance(n, ast.Assign)
            for t in n.targets
            if isinstance(t, ast.Name)
        }
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in classes
                and node.args
            ):
                continue
            first = node.args[0]
            if isinstance(first, ast.Name) and first.id in constants:
                first = constants[first.id]
            where = f"{path.relative_to(DOMAIN.parent)}:{node.lineno}"
            assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                f"{where}: a refusal's message must be a literal template with named fields "
                '(Conflict("{room} is taken", room=...)), not an f-string or built text, '
                "so that it can be translated"
            )
            found.setdefault(first.value, where)
    return found


def _fields(template: str) -> set[str]:
    return {
        re.split(r"[!:]", f, maxsplit=1)[0] for f in re.findall(r"(?<!\{)\{([^{}]+)\}", template)
    }


def test_every_refusal_in_the_domain_has_a_korean_translation_with_the_same_fields():
    refusals = _refusals()
    assert len(refusals) > 300  # the scan really read the domain
    with KOREAN.open("rb") as source:
        korean = {m.id: m.string for m in read_po(source, locale="ko") if m.id}
    missing = {t: where for t, where in refusals.items() if not korean.get(t)}
    assert not missing, f"refusals without Korean in {KOREAN.name}: {missing}"
    for template in refusals:
        assert _fields(korean[template]) == _fields(template), template
        assert re.search(r"[가-힣]", korean[template]), template


def test_a_refusal_keeps_its_english_message_template_and_fields():
    error = Conflict("{room} is taken {spans}", room="Suite 2", spans=Listing(["14:00–16:00"]))
    assert error.message == str(error) == "Suite 2 is taken 14:00–16:00"
    assert error.template == "{room} is taken {spans}"
    assert error.params["room"] == "Suite 2"
    assert error.code == "conflict"
    assert Conflict("plain words").message == "plain words"


def test_quantities_read_in_english_as_before():
    assert Won(1500000) == "1,500,000 KRW"
    assert Hours(90) == "1.5"
    assert Span(timedelta(hours=2)) == "2 hours"
    assert Span(timedelta(days=14)) == "14 days"
    assert Span(timedelta(minutes=90)) == "90 minutes"


def test_korean_says_amounts_hours_lengths_and_nested_refusals_the_korean_way():
    budget = Conflict(
        "the fund {name} has {remaining_krw} left of {budget_krw}; approve at most that, "
        "or reject with budget_exhausted",
        name="Seoul Shorts",
        remaining_krw=Won(1500000),
        budget_krw=Won(10000000),
    )
    longest = Conflict(
        "{workspace} can be booked for at most {longest} at a time",
        workspace="Meeting Room 1",
        longest=Span(timedelta(hours=2)),
    )
    clash = Conflict(
        "already hired on another project shooting {start}–{end}",
        start="2026-05-01",
        end="2026-05-09",
    )
    moved = Conflict("the shoot cannot move: {name} is {clash}", name="Ann", clash=clash)
    with speaking("ko"):
        assert said(budget) == (
            "Seoul Shorts 지원 사업의 남은 예산은 10,000,000원 중 "
            "1,500,000원입니다. 그 이하로 승인하거나 budget_exhausted "
            "사유로 거절하세요"
        )
        assert said(longest) == "Meeting Room 1은(는) 한 번에 최대 2시간까지 예약할 수 있습니다"
        assert "Ann 님이 촬영 기간이 2026-05-01–2026-05-09인" in said(moved)
    with speaking("en"):
        assert said(budget) == budget.message


GENERIC_KO = {
    NotFound: "요청을 처리할 수 없습니다: 요청한 대상을 찾을 수 없습니다.",
    Forbidden: "요청을 처리할 수 없습니다: 이 작업을 할 권한이 없습니다.",
    Invalid: "요청을 처리할 수 없습니다: 입력한 내용이 올바르지 않습니다.",
    Conflict: "요청을 처리할 수 없습니다: 현재 상태와 맞지 않습니다.",
    DomainError: "요청을 처리할 수 없습니다.",
}


def test_an_untranslated_refusal_quoting_a_korean_name_is_still_said_in_korean():
    error = Conflict("{name} already has a booking then", name="김민수")
    with speaking("ko"):
        assert said(error) == GENERIC_KO[Conflict]


@pytest.mark.parametrize("kind", list(GENERIC_KO))
def test_an_untranslated_refusal_is_said_in_korean_by_its_kind(kind):
    error = kind("no such {thing} here", thing="cat")
    with speaking("ko"):
        assert said(error) == GENERIC_KO[kind]
    with speaking("en"):
        assert said(error) == "no such cat here"


def test_a_refusal_a_page_raised_in_the_readers_words_is_said_as_it_is():
    error = NotFound("파일이 없습니다.")  # as a page raises NotFound(_("There is no such file."))
    with speaking("ko"):
        assert said(error) == "파일이 없습니다."


def test_a_translation_that_does_not_fit_its_fields_is_said_in_korean_by_its_kind():
    error = Invalid("{field} must be a whole number", field="capacity")
    error.params = {}  # as if the domain no longer gave the field its translation names
    with speaking("ko"):
        assert said(error) == GENERIC_KO[Invalid]


@pytest.mark.parametrize("htmx", [False, True])
def test_an_untranslated_refusal_on_a_korean_page_is_korean_not_a_500(
    web, filmhouse, people, monkeypatch, htmx
):
    def refuse(*args, **kwargs):
        raise Conflict("a refusal nobody translated yet: {room}", room="Editing Suite 2")

    monkeypatch.setattr(filmhouse, "book", refuse)
    web.cookies.set("fh_lang", "ko")
    sign_in(web, "Ann Lee")
    response = post(
        web,
        f"/workspaces/{SUITE}/bookings",
        {"day": TOMORROW, "start": "14:00", "end": "15:00"},
        htmx=htmx,
    )
    assert response.status_code == 409
    assert GENERIC_KO[Conflict] in response.text
    assert "nobody translated" not in response.text


def test_conflict_of_interest_reasons_recorded_as_codes_are_said_in_korean():
    found = [
        record(ConflictCode.SAME_UNIVERSITY),
        record(ConflictCode.SHARED_CREDIT, title="Night Bus", year=2024),
    ]
    error = Conflict(
        "conflict of interest: {conflicts}. Choose another reviewer, or assign them with "
        "an override reason.",
        conflicts=Listing([phrase(c) for c in found], "; "),
    )
    assert error.message == (
        "conflict of interest: same university as the applicant; shared "
        "credit with the applicant: Night Bus (2024). Choose another "
        "reviewer, or assign them with an override reason."
    )
    with speaking("ko"):
        assert said(error) == (
            "이해충돌이 있습니다: 신청자와 같은 대학; 신청자와 공동 크레딧: "
            "Night Bus(2024). 다른 심사위원을 고르거나, 예외 사유를 적고 "
            "배정하세요."
        )


@pytest.mark.parametrize("htmx", [False, True])
def test_book_taken_slot_on_a_korean_page_says_why_in_korean(web, filmhouse, people, htmx):
    book(filmhouse, people["bo"], "14:00", "16:00")
    web.cookies.set("fh_lang", "ko")
    sign_in(web, "Ann Lee")
    response = post(
        web,
        f"/workspaces/{SUITE}/bookings",
        {"day": TOMORROW, "start": "14:00", "end": "15:00"},
        htmx=htmx,
    )
    assert response.status_code == 409
    assert (
        "Editing Suite 2은(는) 14:00–16:00에 이미 예약되어 있습니다. 16:00부터 비어 있습니다."
    ) in response.text
    assert "is taken" not in response.text


def test_book_over_quota_on_a_korean_page_says_hours_left_in_korean(web, filmhouse, people):
    book(filmhouse, people["ann"], "09:00", "17:00", day="2026-03-04")
    web.cookies.set("fh_lang", "ko")
    sign_in(web, "Ann Lee")
    response = post(
        web, f"/workspaces/{SUITE}/bookings", {"day": TOMORROW, "start": "09:00", "end": "14:00"}
    )
    assert response.status_code == 409
    assert "이번 주 남은 시간은 12시간 중 4시간인데, 이 예약에는 5시간이 필요합니다." in (
        response.text
    )


def test_api_refusal_is_english_unless_the_request_asks_for_korean(web, filmhouse, people):
    book(filmhouse, people["bo"], "14:00", "16:00")
    token = web.post(
        "/api/v1/auth/token",
        json={"email": "ann.lee@filmhouse.test", "password": "a-long-password"},
    ).json()["token"]
    path = f"/api/v1/workspaces/{SUITE}/bookings"
    body = {"start": f"{TOMORROW}T14:00:00+09:00", "end": f"{TOMORROW}T15:00:00+09:00"}
    auth = {"Authorization": f"Bearer {token}"}
    web.cookies.set("fh_lang", "ko")  # the API reads no cookie
    english = web.post(path, json=body, headers=auth)
    korean = web.post(path, json=body, headers={**auth, "Accept-Language": "ko-KR,ko;q=0.9"})
    assert english.status_code == korean.status_code == 409
    assert (
        set(english.json()) == set(korean.json()) == {"error", "detail", "code", "field", "params"}
    )
    assert english.json()["detail"].startswith("Editing Suite 2 is taken 14:00–16:00")
    assert korean.json()["detail"].startswith("Editing Suite 2은(는) 14:00–16:00에 이미 예약")


def test_the_refusal_vocabulary_lives_in_the_domain_without_web_imports():
    source = inspect.getsource(errors)
    assert "web" not in {
        n.split(".")[0] for n in re.findall(r"^(?:from|import) (\S+)", source, re.M)
    }
