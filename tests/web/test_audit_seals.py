"""Seals on the audit console: a seal taken is recorded and listed; a seal pasted or uploaded is
checked against the log (match, mismatch, a seal past today's head reads as a truncated log);
a text that is not a seal is a 422 saying why, in English and Korean; auditors and admins only.
What-if runs for auditors too, and writes nothing."""

from __future__ import annotations

import re

import pytest

from domain.context import SYSTEM
from projections.views.audit import Audit, seals_taken
from tests.web.test_pages_funds import HX, admin, csrf, fund, grant, join, sign_in


@pytest.fixture
def auditor(web, filmhouse):
    boss = admin(filmhouse)
    member = join(filmhouse, "Auditor Moon", roles=("crew",))
    grant(filmhouse, boss, member, "auditor")
    fund(filmhouse, boss)
    sign_in(web, "Auditor Moon")
    return member


def _check(web, text: str = "", file: bytes | None = None, htmx: bool = False):
    return web.post(
        "/audit/seals/check",
        data={"_csrf_token": csrf(web, "/audit/seals"), "seal": text},
        files={"file": ("seal.txt", file, "text/plain")} if file is not None else None,
        headers=HX if htmx else {},
    )


def test_a_seal_taken_is_recorded_listed_and_matches(web, filmhouse, auditor):
    response = web.post(
        "/audit/seals/take",
        data={"_csrf_token": csrf(web, "/audit/seals")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    (taken,) = seals_taken(Audit(filmhouse))
    assert taken.actor == auditor.hex
    page = web.get("/audit/seals").text
    assert str(taken.seal) in page and "Auditor Moon" in page
    checked = _check(web, f"  {taken.seal}\n")
    assert checked.status_code == 200 and "The log matches the seal." in checked.text
    uploaded = _check(web, file=f"{taken.seal}\n".encode(), htmx=True)
    assert uploaded.status_code == 200 and "The log matches the seal." in uploaded.text
    assert "<html" not in uploaded.text


def test_the_same_seal_taken_twice_is_recorded_once_and_the_cli_records_as_the_system(filmhouse):
    seal = Audit(filmhouse).seal()
    for _ in range(2):
        filmhouse.record_seal(
            SYSTEM, events=seal.events, position=seal.position, digest=seal.digest.hex()
        )
    (taken,) = seals_taken(Audit(filmhouse))
    assert taken.seal == seal and taken.actor == "system"


def test_a_seal_the_log_no_longer_matches_names_the_position(web, filmhouse, auditor):
    seal = Audit(filmhouse).seal()
    forged = f"filmhouse-seal:v1:{seal.events}:{seal.position}:{'ab' * 32}"
    response = _check(web, forged)
    assert response.status_code == 200 and "The log does not match the seal." in response.text
    assert f"First bad position: {seal.position}" in response.text


def test_a_seal_past_todays_head_reports_a_truncated_log(web, filmhouse, auditor):
    seal = Audit(filmhouse).seal()
    later = f"filmhouse-seal:v1:{seal.events + 40}:{seal.position + 40}:{'cd' * 32}"
    response = _check(web, later)
    assert response.status_code == 200 and "truncated" in response.text
    assert f"First bad position: {seal.position + 1}" in response.text


@pytest.mark.parametrize(
    ("text", "english", "korean"),
    [
        ("hello", "not a Film House seal", "필름하우스 봉인이 아닙니다"),
        ("filmhouse-seal:v1:3:4", "five parts", "다섯 부분"),
        ("filmhouse-seal:v1:x:4:" + "0" * 64, "whole numbers", "정수"),
        ("filmhouse-seal:v1:3:4:abc", "64 hexadecimal", "16진수 64자"),
        ("filmhouse-seal:v1:9:4:" + "0" * 64, "more events than its position", "위치보다"),
        ("", "Paste a seal", "붙여 넣거나"),
    ],
)
def test_a_text_that_is_not_a_seal_is_a_422_saying_why(web, auditor, text, english, korean):
    response = _check(web, text)
    assert response.status_code == 422 and english in response.text
    web.cookies.set("fh_lang", "ko")
    response = _check(web, text)
    assert response.status_code == 422 and korean in response.text


def test_an_uploaded_file_that_is_not_a_seal_is_a_422(web, auditor):
    response = _check(web, file=b"\x89PNG\r\n" + bytes(5000))
    assert response.status_code == 422 and "one short line of text" in response.text


@pytest.mark.parametrize("path", ["/audit/seals"])
def test_seals_are_for_auditors_and_admins(web, filmhouse, path):
    assert web.get(path).status_code == 401
    join(filmhouse, "Director Lee")
    sign_in(web, "Director Lee")
    assert web.get(path).status_code == 403
    token = csrf(web, "/")
    assert web.post(f"{path}/take", data={"_csrf_token": token}).status_code == 403
    assert web.post(f"{path}/check", data={"_csrf_token": token, "seal": "x"}).status_code == 403


def test_what_if_runs_for_auditors_and_writes_nothing(web, filmhouse, auditor):
    head = filmhouse.recorder.max_notification_id()
    response = web.get("/admin/what-if")
    assert response.status_code == 200 and "What-if" in response.text
    assert 'href="/admin/members"' not in response.text  # no admin sections for an auditor
    fund_id = re.search(r'<option value="([0-9a-f-]{36})"', response.text).group(1)
    replayed = web.get(f"/admin/what-if?fund_id={fund_id}&cap_krw=1000000", headers=HX)
    assert replayed.status_code == 200
    assert filmhouse.recorder.max_notification_id() == head
