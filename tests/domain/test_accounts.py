"""Accounts: email verification, password reset, API tokens, saved searches, data export and
the outbox. Given events, when a command, then events (or this refusal)."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from datetime import timedelta
from uuid import uuid4

import pytest

from domain.account import AccountTicket, ApiToken, TicketExpired, TicketUsed
from domain.context import Context
from domain.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from domain.outbox import Outbox
from domain.saved_search import Candidate, SearchSpec, match_saved_searches
from domain.vocabulary import SearchKind, TicketPurpose
from tests.conftest import sign_up
from tests.domain.test_projects import draft

ANON = Context(None)


def sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_in(app, mail_id, marker: str) -> str:
    body = app.mail(mail_id).body
    return body.split(marker, 1)[1].split()[0]


def all_stored_states(app) -> bytes:
    notes = app.recorder.select_notifications(start=1, limit=100_000)
    return b"".join(n.state for n in notes)


@pytest.fixture
def mina(app) -> Context:
    return sign_up(app, "mina@example.com", "director")


# -- email verification -----------------------------------------------------------------


def test_request_email_verification_queues_mail_and_records_only_the_hash(app, mina):
    mail_id = app.request_email_verification(mina)

    token = token_in(app, mail_id, "/verify?token=")
    mail = app.mail(mail_id)
    assert mail.to_address == "mina@example.com" and mail.member_id == mina.actor
    assert mail.pending and "24 hours" in mail.body
    ticket = app._load(AccountTicket, AccountTicket.id_for(sha(token)))
    assert ticket.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert ticket.purpose is TicketPurpose.VERIFY_EMAIL
    assert ticket.expires_at == app.clock.now() + timedelta(hours=24)
    assert token.encode() not in all_stored_states(app)  # the mail body is encrypted too
    assert not app.email_verified(mina.actor)


def test_verify_email_with_mailed_token_marks_address_verified(app, mina):
    token = token_in(app, app.request_email_verification(mina), "token=")

    assert app.verify_email(ANON, token) == mina.actor

    assert app.email_verified(mina.actor)
    assert app.account_of(mina.actor).email_verified


def test_verify_email_twice_is_refused(app, mina):
    token = token_in(app, app.request_email_verification(mina), "token=")
    app.verify_email(ANON, token)
    with pytest.raises(TicketUsed):
        app.verify_email(ANON, token)


def test_verify_email_after_24_hours_is_refused(app, mina, clock):
    token = token_in(app, app.request_email_verification(mina), "token=")
    clock.advance(timedelta(hours=24))
    with pytest.raises(TicketExpired):
        app.verify_email(ANON, token)
    assert not app.email_verified(mina.actor)


def test_verify_email_with_unknown_or_malformed_token_is_not_found(app, mina):
    app.request_email_verification(mina)
    for token in ("x" * 43, "short", None, 42):
        with pytest.raises(NotFound):
            app.verify_email(ANON, token)


def test_verify_email_with_a_password_reset_token_is_not_found(app, mina):
    app.request_password_reset(ANON, "mina@example.com")
    mail = app.mail(Outbox.id_for(f"ticket/{_only_ticket(app, TicketPurpose.RESET_PASSWORD)}"))
    token = mail.body.split("token=")[1].split()[0]
    with pytest.raises(NotFound):
        app.verify_email(ANON, token)


def _only_ticket(app, purpose):
    found = []
    for note in app.recorder.select_notifications(start=1, limit=100_000):
        event = app.mapper.to_domain_event(note)
        if isinstance(event, AccountTicket.Issued) and event.purpose is purpose:
            found.append(event.originator_id)
    [ticket_id] = found
    return ticket_id


def test_request_email_verification_when_already_verified_is_refused(app, mina):
    app.verify_email(ANON, token_in(app, app.request_email_verification(mina), "token="))
    with pytest.raises(Conflict):
        app.request_email_verification(mina)


def test_request_email_verification_signed_out_is_forbidden(app):
    with pytest.raises(Forbidden):
        app.request_email_verification(ANON)


# -- password reset ---------------------------------------------------------------------


def reset_token(app, email="mina@example.com") -> str:
    app.request_password_reset(ANON, email)
    ticket_id = _only_ticket(app, TicketPurpose.RESET_PASSWORD)
    return token_in(app, Outbox.id_for(f"ticket/{ticket_id}"), "/reset-password?token=")


def test_request_password_reset_for_member_queues_mail_valid_one_hour(app, mina):
    token = reset_token(app, "MINA@example.com ")
    ticket = app._load(AccountTicket, AccountTicket.id_for(sha(token)))
    assert ticket.member_id == mina.actor
    assert ticket.expires_at == app.clock.now() + timedelta(hours=1)


def test_request_password_reset_for_unknown_address_answers_the_same_and_mails_nothing(app, mina):
    head = app.recorder.max_notification_id()
    assert app.request_password_reset(ANON, "nobody@example.com") is None
    assert app.recorder.max_notification_id() == head


def test_request_password_reset_with_malformed_address_is_invalid(app):
    with pytest.raises(Invalid):
        app.request_password_reset(ANON, "not-an-address")


def test_reset_password_with_mailed_token_changes_password(app, mina):
    token = reset_token(app)

    assert app.reset_password(ANON, token, "a-brand-new-password") == mina.actor

    assert app.authenticate("mina@example.com", "a-brand-new-password") == mina.actor
    assert app.authenticate("mina@example.com", "a-long-password") is None


def test_reset_password_after_an_hour_is_refused(app, mina, clock):
    token = reset_token(app)
    clock.advance(timedelta(hours=1, seconds=1))
    with pytest.raises(TicketExpired):
        app.reset_password(ANON, token, "a-brand-new-password")
    assert app.authenticate("mina@example.com", "a-long-password") == mina.actor


def test_reset_password_twice_is_refused(app, mina):
    token = reset_token(app)
    app.reset_password(ANON, token, "a-brand-new-password")
    with pytest.raises(TicketUsed):
        app.reset_password(ANON, token, "another-new-password")
    assert app.authenticate("mina@example.com", "a-brand-new-password") == mina.actor


def test_reset_password_with_short_password_is_invalid_and_keeps_the_link(app, mina):
    token = reset_token(app)
    with pytest.raises(Invalid):
        app.reset_password(ANON, token, "short")
    app.reset_password(ANON, token, "a-brand-new-password")
    assert app.authenticate("mina@example.com", "a-brand-new-password") == mina.actor


def test_reset_password_many_at_once_with_one_link_succeeds_once(app, mina, request):
    token = reset_token(app)
    threads = 12
    barrier = threading.Barrier(threads)
    outcomes = ["unfinished"] * threads
    before = app.conflicts

    def run(i: int) -> None:
        barrier.wait(timeout=30)
        try:
            app.reset_password(ANON, token, f"new-password-number-{i}")
        except DomainError as error:
            outcomes[i] = type(error).__name__
        else:
            outcomes[i] = "reset"

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    retries = app.conflicts - before
    print(
        f"\n[12 resets with one link on {request.node.callspec.id}] attempts={threads} "
        f"successes={outcomes.count('reset')} refusals={outcomes.count('TicketUsed')} "
        f"retries={retries}"
    )
    assert Counter(outcomes) == {"reset": 1, "TicketUsed": threads - 1}
    winner = outcomes.index("reset")
    assert app.authenticate("mina@example.com", f"new-password-number-{winner}") == mina.actor


# -- API tokens -------------------------------------------------------------------------


def test_issue_token_returns_clear_token_once_and_authenticates(app, mina):
    token = app.issue_token(mina.actor, label="laptop")

    assert token.startswith("fh_") and len(token) > 40
    assert app.member_for_token(token) == mina.actor
    assert token.encode() not in all_stored_states(app)
    record = app._load(ApiToken, ApiToken.id_for(hashlib.sha256(token.encode()).hexdigest()))
    assert record.label == "laptop" and record.member_id == mina.actor


def test_member_for_token_after_expiry_is_none(app, mina, clock):
    token = app.issue_token(mina.actor, label="ci", ttl=timedelta(days=1))
    clock.advance(timedelta(hours=23))
    assert app.member_for_token(token) == mina.actor
    clock.advance(timedelta(hours=1))
    assert app.member_for_token(token) is None


def test_member_for_token_with_unknown_or_malformed_token_is_none(app, mina):
    app.issue_token(mina.actor)
    for token in ("fh_" + "a" * 43, "Bearer x", "", None, 7):
        assert app.member_for_token(token) is None


def test_tokens_lists_own_tokens_with_label_dates_and_state(app, mina, clock):
    first = app.issue_token(mina.actor, label="laptop")
    clock.advance(timedelta(minutes=5))
    app.issue_token(mina.actor, label="script", ttl=timedelta(days=1))
    first_id = ApiToken.id_for(hashlib.sha256(first.encode()).hexdigest())
    app.revoke_token(mina, first_id)
    clock.advance(timedelta(days=2))

    listed = app.api_tokens(mina)

    assert [(t.label, t.revoked, t.expired) for t in listed] == [
        ("script", False, True),
        ("laptop", True, False),
    ]
    assert listed[1].expires_at - listed[1].created == timedelta(days=30)
    assert not any(t.active for t in listed)


def test_revoke_token_by_owner_stops_it_authenticating(app, mina):
    token = app.issue_token(mina.actor, label="laptop")
    token_id = app.api_tokens(mina)[0].token_id

    app.revoke_token(mina, token_id)

    assert app.member_for_token(token) is None
    assert app.api_tokens(mina)[0].revoked


def test_revoke_token_of_another_member_is_not_found(app, mina):
    app.issue_token(mina.actor, label="laptop")
    token_id = app.api_tokens(mina)[0].token_id
    kim = sign_up(app, "kim@example.com", "crew")
    with pytest.raises(NotFound):
        app.revoke_token(kim, token_id)
    with pytest.raises(NotFound):
        app.revoke_token(mina, uuid4())


def test_revoke_token_twice_is_refused(app, mina):
    app.issue_token(mina.actor)
    token_id = app.api_tokens(mina)[0].token_id
    app.revoke_token(mina, token_id)
    with pytest.raises(Conflict):
        app.revoke_token(mina, token_id)


@pytest.mark.parametrize(
    ("label", "ttl"),
    [
        ("", timedelta(days=1)),
        ("x" * 81, timedelta(days=1)),
        ("ok", timedelta(seconds=10)),
        ("ok", timedelta(days=400)),
    ],
)
def test_issue_token_with_bad_label_or_lifetime_is_invalid(app, mina, label, ttl):
    with pytest.raises(Invalid):
        app.issue_token(mina.actor, label=label, ttl=ttl)


def test_issue_token_for_unknown_member_is_not_found(app):
    with pytest.raises(NotFound):
        app.issue_token(uuid4(), label="x")


# -- saved searches ---------------------------------------------------------------------


def test_save_search_records_query_and_filters(app, mina):
    search_id = app.save_search(mina, kind="members", query=" Seoul ", role="Crew", skill="Editing")
    search = app.saved_search(search_id)
    assert (
        search.member_id,
        search.kind,
        search.query,
        search.role,
        search.skill,
        search.genre,
    ) == (mina.actor, SearchKind.MEMBERS, "Seoul", "crew", "editing", None)


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "films", "query": "x"},
        {"kind": "projects"},
        {"kind": "members", "genre": "drama"},
        {"kind": "projects", "query": "x" * 201},
    ],
)
def test_save_search_with_bad_input_is_invalid(app, mina, fields):
    with pytest.raises(Invalid):
        app.save_search(mina, **fields)


def test_delete_search_by_owner_deletes_and_twice_is_refused(app, mina):
    search_id = app.save_search(mina, kind="projects", genre="horror")
    app.delete_search(mina, search_id)
    assert app.saved_search(search_id).deleted
    with pytest.raises(Conflict):
        app.delete_search(mina, search_id)


def test_delete_search_of_another_member_is_not_found(app, mina):
    search_id = app.save_search(mina, kind="projects", genre="horror")
    kim = sign_up(app, "kim@example.com", "crew")
    with pytest.raises(NotFound):
        app.delete_search(kim, search_id)


def test_match_saved_searches_needs_every_word_and_filter_and_skips_own():
    owner, other = uuid4(), uuid4()
    project = Candidate(
        uuid4(),
        SearchKind.PROJECTS,
        "Night Bus a driver at 2 a.m. drama",
        roles=frozenset({"Cinematographer"}),
        skills=frozenset({"16mm"}),
        genres=frozenset({"Drama"}),
        owner_id=other,
    )
    searches = [
        SearchSpec(uuid4(), owner, SearchKind.PROJECTS, "night driver"),
        SearchSpec(uuid4(), owner, SearchKind.PROJECTS, "night ghost"),
        SearchSpec(uuid4(), owner, SearchKind.PROJECTS, "", role="cinematographer", genre="drama"),
        SearchSpec(uuid4(), owner, SearchKind.PROJECTS, "", skill="35mm"),
        SearchSpec(uuid4(), owner, SearchKind.MEMBERS, "night"),
        SearchSpec(uuid4(), other, SearchKind.PROJECTS, "night"),
    ]
    assert match_saved_searches(searches, project) == [searches[0], searches[2]]


# -- data export ------------------------------------------------------------------------


def test_export_member_data_holds_what_is_theirs_and_no_secrets(app, mina):
    kim = sign_up(app, "kim@example.com", "crew")
    app.update_profile(mina, name="Mina Park", bio="Shorts about night buses.")
    app.issue_token(mina.actor, label="laptop")
    app.request_email_verification(mina)
    project_id = draft(app, mina)
    app.pitch_project(mina, project_id)
    role_id = next(iter(app.project(project_id).roles))
    app.invite(mina, project_id, role_id, kim.actor)
    app.accept_contact(mina, kim.actor)
    app.accept_contact(kim, mina.actor)
    app.send_message(mina, kim.actor, "Welcome aboard")
    app.send_message(kim, mina.actor, "Thanks, see you on set")
    app.save_search(mina, kind="members", skill="lighting")

    data = app.export_member_data(mina)

    json.dumps(data)  # JSON-safe throughout
    types = [e["type"] for e in data["member"]]
    assert types[:2] == ["Member.Registered", "Member.ProfileUpdated"]
    assert data["member"][1]["data"]["bio"] == "Shorts about night buses."
    assert [m["data"]["body"] for m in data["messages_sent"]] == ["Welcome aboard"]
    assert [e["type"] for e in data["projects"]][:2] == ["Project.Drafted", "Project.Pitched"]
    assert data["invitations"][0]["data"]["director_id"] == str(mina.actor)
    assert data["api_tokens"][0]["data"]["label"] == "laptop"
    assert data["saved_searches"][0]["data"]["skill"] == "lighting"
    assert "body" not in data["mail"][0]["data"]
    text = json.dumps(data)
    assert "password_hash" not in text and "token_hash" not in text and "email_key" not in text
    assert "Thanks, see you on set" not in text


def test_export_member_data_of_another_member_is_forbidden_but_admin_may(app, mina, admin):
    kim = sign_up(app, "kim@example.com", "crew")
    with pytest.raises(Forbidden):
        app.export_member_data(kim, mina.actor)
    assert app.export_member_data(admin, mina.actor)["member_id"] == str(mina.actor)
    with pytest.raises(Forbidden):
        app.export_member_data(ANON)


# -- outbox -----------------------------------------------------------------------------


def test_record_mail_failure_keeps_mail_pending_with_growing_pauses(app, mina, clock):
    mail_id = app.request_email_verification(mina)
    app.record_mail_failure(mail_id, ConnectionRefusedError("no server"))
    app.record_mail_failure(mail_id, TimeoutError("slow"))

    mail = app.mail(mail_id)
    assert mail.pending and mail.attempts == 2 and mail.error == "slow"
    assert mail.retry_at == clock.now() + timedelta(minutes=2)


def test_mark_mail_sent_twice_is_refused(app, mina):
    mail_id = app.request_email_verification(mina)
    app.mark_mail_sent(mail_id)
    assert app.mail(mail_id).sent and app.mail(mail_id).attempts == 1
    with pytest.raises(Conflict):
        app.mark_mail_sent(mail_id)
    with pytest.raises(Conflict):
        app.record_mail_failure(mail_id, OSError("late"))
