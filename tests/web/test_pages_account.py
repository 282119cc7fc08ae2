"""The inbox, messages, account settings (verification, tokens, export, erasure, saved
searches), the email-link pages and the development mailbox, whole or as htmx fragments."""

from __future__ import annotations

import json
import re

import pytest
from litestar.testing import TestClient

from domain.context import Context
from projections.views.mailbox import Mailbox
from tests.conftest import SECRET
from tests.web.test_pages_members import HX, PASSWORD, email_of, hire, join, post, sign_in, whole
from web.app import create_app
from web.settings import Settings


@pytest.fixture
def pair(filmhouse):
    director = join(filmhouse, "Director Lee", roles=("director",))
    editor = join(filmhouse, "Editor Choi")
    return {"director": director, "editor": editor}


def mails(web) -> list:
    web.get("/healthz")
    projector = web.app.state.projector
    projector.wait_for()
    with projector.db.read() as tx:
        return Mailbox.mails(tx)


def link_in(body: str, path: str) -> str:
    found = re.search(rf"{re.escape(path)}\?token=([A-Za-z0-9_\-]+)", body)
    assert found, body
    return found.group(1)


# -- inbox -------------------------------------------------------------------------------------


def test_inbox_needs_sign_in(web):
    assert web.get("/inbox").status_code == 401
    assert web.get("/inbox", headers=HX).status_code == 401


@pytest.mark.parametrize("htmx", [False, True])
def test_inbox_lists_notifications_with_links(web, filmhouse, pair, htmx):
    project_id = hire(filmhouse, pair["director"], pair["editor"])
    sign_in(web, "Editor Choi")
    response = web.get("/inbox", headers=HX if htmx else {})
    assert response.status_code == 200
    html = response.text
    assert "Director Lee invites you to be editor on Night Bus." in html
    assert f'href="/projects/{project_id}"' in html
    assert "1 unread notification" in html
    assert whole(response) is not htmx


@pytest.mark.parametrize("htmx", [False, True])
def test_mark_one_and_all_read(web, filmhouse, pair, htmx):
    hire(filmhouse, pair["director"], pair["editor"])
    filmhouse.accept_contact(Context(pair["director"]), pair["editor"])
    filmhouse.accept_contact(Context(pair["editor"]), pair["director"])
    filmhouse.send_message(Context(pair["director"]), pair["editor"], "Welcome aboard")
    sign_in(web, "Editor Choi")
    item = re.search(r'name="item_id" value="([^"]+)"', web.get("/inbox").text).group(1)
    response = post(web, "/inbox/read", {"item_id": item}, htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    assert "1 unread notification" in web.get("/inbox").text
    position = re.search(r'name="position" value="(\d+)"', web.get("/inbox").text).group(1)
    response = post(web, "/inbox/read-all", {"position": position}, htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    html = web.get("/inbox").text
    assert "Nothing unread." in html
    assert "No unread notifications." in web.get("/inbox?unread=true").text


def test_mark_all_read_with_a_bad_position_is_refused(web, pair):
    sign_in(web, "Editor Choi")
    response = post(web, "/inbox/read-all", {"position": "soon"}, htmx=True)
    assert response.status_code == 422 and "position" in response.text


# -- messages ----------------------------------------------------------------------------------


def test_messages_need_sign_in(web, pair):
    assert web.get("/messages").status_code == 401
    assert web.get(f"/messages/{pair['editor']}").status_code == 401
    assert post(web, f"/messages/{pair['editor']}", {"body": "hi"}).status_code == 401


def test_thread_explains_why_one_cannot_write_yet(web, filmhouse, pair):
    sign_in(web, "Director Lee")
    html = web.get(f"/messages/{pair['editor']}").text
    assert "Accept contact with Editor Choi on their profile first" in html
    assert 'name="body"' not in html
    filmhouse.accept_contact(Context(pair["director"]), pair["editor"])
    html = web.get(f"/messages/{pair['editor']}").text
    assert "Editor Choi has not accepted contact with you yet" in html
    response = post(web, f"/messages/{pair['editor']}", {"body": "Hello"}, htmx=True)
    assert response.status_code == 403
    assert "has not accepted contact" in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_send_and_read_a_thread(web, filmhouse, pair, htmx):
    filmhouse.accept_contact(Context(pair["director"]), pair["editor"])
    filmhouse.accept_contact(Context(pair["editor"]), pair["director"])
    sign_in(web, "Director Lee")
    response = post(web, f"/messages/{pair['editor']}", {"body": "Free in May?"}, htmx=htmx)
    if htmx:
        assert response.status_code == 200 and "Free in May?" in response.text
        assert 'id="thread"' in response.text and not whole(response)
    else:
        assert response.status_code == 303
    conversations = web.get("/messages")
    assert "Editor Choi" in conversations.text
    web.post(
        "/signout",
        data={
            "_csrf_token": re.search(
                r'name="_csrf_token" value="([^"]+)"', web.get("/").text
            ).group(1)
        },
    )
    sign_in(web, "Editor Choi")
    assert "New message from Director Lee." in web.get("/inbox").text
    thread = web.get(f"/messages/{pair['director']}", headers=HX if htmx else {})
    assert thread.status_code == 200 and "Free in May?" in thread.text
    assert whole(thread) is not htmx
    assert "Nothing unread." in web.get("/inbox").text  # opening the thread read it


def test_empty_message_is_refused_next_to_the_field(web, filmhouse, pair):
    filmhouse.accept_contact(Context(pair["director"]), pair["editor"])
    filmhouse.accept_contact(Context(pair["editor"]), pair["director"])
    sign_in(web, "Director Lee")
    response = post(web, f"/messages/{pair['editor']}", {"body": "  "}, htmx=True)
    assert response.status_code == 422 and 'id="message-body-error"' in response.text


def test_blocked_member_cannot_be_written_to(web, filmhouse, pair):
    filmhouse.accept_contact(Context(pair["director"]), pair["editor"])
    filmhouse.accept_contact(Context(pair["editor"]), pair["director"])
    filmhouse.block_member(Context(pair["editor"]), pair["director"])
    sign_in(web, "Director Lee")
    assert "You cannot write to this member." in web.get(f"/messages/{pair['editor']}").text
    assert post(web, f"/messages/{pair['editor']}", {"body": "Hi"}).status_code == 403


def test_thread_with_unknown_member_is_404(web, pair):
    sign_in(web, "Director Lee")
    assert web.get("/messages/00000000-0000-0000-0000-000000000000").status_code == 404


# -- account settings --------------------------------------------------------------------------


def test_account_needs_sign_in(web):
    assert web.get("/me/account").status_code == 401
    assert web.get("/me/account/export").status_code == 401
    assert post(web, "/me/account/tokens", {"label": "x", "days": "30"}).status_code == 401


@pytest.mark.parametrize("htmx", [False, True])
def test_account_page_sections(web, pair, htmx):
    sign_in(web, "Editor Choi")
    response = web.get("/me/account", headers=HX if htmx else {})
    assert response.status_code == 200
    for section in ("account-email", "account-tokens", "account-searches", "account-data"):
        assert f'id="{section}"' in response.text
    assert "not verified yet" in response.text
    assert whole(response) is not htmx


@pytest.mark.parametrize("htmx", [False, True])
def test_verify_email_through_the_development_mailbox(web, filmhouse, pair, htmx):
    sign_in(web, "Editor Choi")
    response = post(web, "/me/account/verify-email", htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    if htmx:
        assert "development mailbox" in response.text
    box = web.get("/dev/mailbox")
    assert box.status_code == 200
    assert "Verify your email address for Film House" in box.text
    token = link_in(box.text, "/verify")
    assert f'<a href="/verify?token={token}">' in box.text
    page = web.get(f"/verify?token={token}")
    assert page.status_code == 200 and "your email address is verified" in page.text
    assert filmhouse.email_verified(pair["editor"])
    again = web.get(f"/verify?token={token}")
    assert again.status_code in (404, 409) and "not valid any more" in again.text
    response = post(web, "/me/account/verify-email", htmx=True)
    assert response.status_code == 409 and "already verified" in response.text


def test_verify_with_a_bad_token_says_so(web):
    response = web.get("/verify?token=nonsense-nonsense-nonsense")
    assert response.status_code == 404 and "not valid any more" in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_issue_show_once_and_revoke_a_token(web, filmhouse, pair, htmx):
    sign_in(web, "Editor Choi")
    response = post(web, "/me/account/tokens", {"label": "laptop", "days": "30"}, htmx=htmx)
    assert response.status_code == 200
    token = re.search(
        r'id="new-token" class="token" readonly value="([^"]+)"', response.text
    ).group(1)
    assert filmhouse.member_for_token(token) == pair["editor"]
    assert whole(response) is not htmx
    listing = web.get("/me/account").text
    assert "laptop" in listing and token not in listing
    token_id = re.search(r"/me/account/tokens/([0-9a-f-]{36})/revoke", listing).group(1)
    response = post(web, f"/me/account/tokens/{token_id}/revoke", htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    assert filmhouse.member_for_token(token) is None
    assert "revoked" in web.get("/me/account").text


def test_token_form_refusals(web, pair):
    sign_in(web, "Editor Choi")
    response = post(web, "/me/account/tokens", {"label": "", "days": "7"}, htmx=True)
    assert response.status_code == 422
    assert 'id="token-label-error"' in response.text and 'id="token-days-error"' in response.text


def test_revoking_someone_elses_token_is_404(web, filmhouse, pair):
    filmhouse.issue_token(pair["director"], label="theirs")
    token_id = next(iter(filmhouse.account_of(pair["director"]).tokens))
    sign_in(web, "Editor Choi")
    response = post(web, f"/me/account/tokens/{token_id}/revoke", htmx=True)
    assert response.status_code == 404


@pytest.mark.parametrize("htmx", [False, True])
def test_save_and_delete_a_search(web, filmhouse, pair, htmx):
    sign_in(web, "Director Lee")
    response = post(
        web, "/me/account/searches", {"kind": "members", "query": "", "skill": "editing"}, htmx=htmx
    )
    assert response.status_code == (200 if htmx else 303)
    html = web.get("/me/account").text
    assert "skill: Editing" in html
    search_id = re.search(r"/me/account/searches/([0-9a-f-]{36})/delete", html).group(1)
    newcomer = join(filmhouse, "Editor Kang")
    filmhouse.claim_skill(Context(newcomer), skill="editing", level=3)
    assert "A new member matches your saved search: editing." in web.get("/inbox").text
    response = post(web, f"/me/account/searches/{search_id}/delete", htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    assert "skill: Editing" not in web.get("/me/account").text


def test_saving_an_empty_search_is_refused(web, pair):
    sign_in(web, "Director Lee")
    response = post(web, "/me/account/searches", {"kind": "members"}, htmx=True)
    assert response.status_code == 422 and 'id="search-query-error"' in response.text


def test_directory_offers_to_save_the_search(web, pair):
    sign_in(web, "Director Lee")
    html = web.get("/members?skill=editing").text
    assert 'action="/me/account/searches"' in html and 'name="skill" value="editing"' in html


def test_download_my_data(web, pair):
    sign_in(web, "Editor Choi")
    response = web.get("/me/account/export")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert "attachment" in response.headers["content-disposition"]
    data = json.loads(response.content)
    assert data["member_id"] == str(pair["editor"])
    assert "password_hash" not in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_erase_page_explains_and_needs_confirmation(web, filmhouse, pair, htmx):
    sign_in(web, "Editor Choi")
    page = web.get("/me/account/erase", headers=HX if htmx else {})
    assert page.status_code == 200 and "cannot be undone" in page.text
    assert whole(page) is not htmx
    response = post(web, "/me/account/erase", {"password": "wrong-password"}, htmx=htmx)
    assert response.status_code == 422
    assert 'id="erase-confirm-error"' in response.text
    assert 'id="erase-password-error"' in response.text
    assert not filmhouse.member(pair["editor"]).erased


def test_erase_my_account(web, filmhouse, pair):
    sign_in(web, "Editor Choi")
    response = post(web, "/me/account/erase", {"confirm": "yes", "password": PASSWORD})
    assert response.status_code == 200 and "Your account is erased" in response.text
    assert filmhouse.member(pair["editor"]).erased
    assert web.get("/me").status_code == 401
    assert web.get(f"/members/{pair['editor']}").status_code == 404


# -- password reset ----------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_forgot_password_answers_the_same_either_way(web, pair, htmx):
    page = web.get("/forgot-password", headers=HX if htmx else {})
    assert page.status_code == 200 and '<label for="forgot-email">' in page.text
    assert whole(page) is not htmx
    known = post(web, "/forgot-password", {"email": email_of("Editor Choi")}, htmx=htmx)
    unknown = post(web, "/forgot-password", {"email": "nobody@filmhouse.test"}, htmx=htmx)
    assert known.status_code == unknown.status_code == 200
    sentence = "If an account uses this address, we have sent it a link."
    assert sentence in known.text and sentence in unknown.text
    assert len(mails(web)) == 1


def test_forgot_password_with_a_malformed_address(web):
    response = post(web, "/forgot-password", {"email": "nope"}, htmx=True)
    assert response.status_code == 422 and 'id="forgot-email-error"' in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_reset_password_with_the_mailed_link(web, filmhouse, pair, htmx):
    post(web, "/forgot-password", {"email": email_of("Editor Choi")})
    token = link_in(mails(web)[0].body, "/reset-password")
    page = web.get(f"/reset-password?token={token}", headers=HX if htmx else {})
    assert page.status_code == 200 and '<label for="reset-password">' in page.text
    assert whole(page) is not htmx
    response = post(
        web, "/reset-password", {"token": token, "password": "short", "again": "short"}, htmx=htmx
    )
    assert response.status_code == 422 and 'id="reset-password-error"' in response.text
    response = post(
        web,
        "/reset-password",
        {"token": token, "password": "a-new-password-1", "again": "a-new-password-2"},
        htmx=htmx,
    )
    assert response.status_code == 422 and 'id="reset-again-error"' in response.text
    response = post(
        web,
        "/reset-password",
        {"token": token, "password": "a-new-password-1", "again": "a-new-password-1"},
        htmx=htmx,
    )
    assert response.status_code == 200 and "Your password is changed." in response.text
    assert filmhouse.authenticate(email_of("Editor Choi"), "a-new-password-1") == pair["editor"]
    again = post(
        web,
        "/reset-password",
        {"token": token, "password": "another-password", "again": "another-password"},
        htmx=htmx,
    )
    assert again.status_code in (404, 409) and "not valid any more" in again.text


def test_reset_page_without_a_token_points_to_forgot(web):
    html = web.get("/reset-password").text
    assert 'href="/forgot-password"' in html


# -- the development mailbox -------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_mailbox_in_development(web, htmx):
    response = web.get("/dev/mailbox", headers=HX if htmx else {})
    assert response.status_code == 200 and "No mail yet" in response.text
    assert whole(response) is not htmx


def test_mailbox_is_404_outside_development(filmhouse, sqlite_url):
    settings = Settings(
        database_url=sqlite_url,
        host="127.0.0.1",
        port=0,
        secret=SECRET,
        development=False,
        timers=False,
    )
    with TestClient(app=create_app(settings, filmhouse)) as client:
        assert client.get("/dev/mailbox").status_code == 404


def test_mailbox_escapes_the_body():
    from web.pages.dev_mailbox import linkify

    html = str(linkify("<b>hi</b> open /verify?token=abcDEF_123-x now https://x.example/a"))
    assert "&lt;b&gt;" in html
    assert '<a href="/verify?token=abcDEF_123-x">' in html
    assert '<a href="https://x.example/a">' in html
