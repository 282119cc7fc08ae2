"""Messages, blocks, reports and inbox read marks. Given events, when a command, then events (or
this refusal); and a block racing a burst of messages on both databases."""

from __future__ import annotations

import threading
from collections import Counter
from uuid import uuid4

import pytest

from domain.context import Context
from domain.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from domain.messaging import Conversation, InboxMarks
from domain.personal_data import ERASED
from tests.conftest import sign_up


@pytest.fixture
def mina(app) -> Context:
    return sign_up(app, "mina@example.com", "director")


@pytest.fixture
def kim(app) -> Context:
    return sign_up(app, "kim@example.com", "crew")


@pytest.fixture
def contacts(app, mina, kim) -> None:
    app.accept_contact(mina, kim.actor)
    app.accept_contact(kim, mina.actor)


# -- send_message -----------------------------------------------------------------------


def test_send_message_when_both_accepted_contact_records_message(app, mina, kim, contacts):
    message_id = app.send_message(mina, kim.actor, "  Are you free in May?  ")

    conversation = app.conversation_between(kim.actor, mina.actor)
    assert conversation.id == Conversation.id_for(mina.actor, kim.actor)
    assert conversation.messages == [
        {
            "message_id": message_id,
            "sender_id": mina.actor,
            "recipient_id": kim.actor,
            "body": "Are you free in May?",
        }
    ]


def test_send_message_without_any_contact_is_forbidden(app, mina, kim):
    with pytest.raises(Forbidden):
        app.send_message(mina, kim.actor, "hello")
    assert app.conversation_between(mina.actor, kim.actor) is None


def test_send_message_when_only_the_sender_accepted_is_forbidden(app, mina, kim):
    app.accept_contact(mina, kim.actor)
    with pytest.raises(Forbidden, match="has not accepted contact"):
        app.send_message(mina, kim.actor, "hello")


def test_send_message_after_contact_withdrawn_is_forbidden(app, mina, kim, contacts):
    app.send_message(mina, kim.actor, "hello")
    app.withdraw_contact(kim, mina.actor)
    with pytest.raises(Forbidden):
        app.send_message(mina, kim.actor, "hello again")


@pytest.mark.parametrize("body", ["", "   ", "x" * 2001, None, 12])
def test_send_message_with_empty_or_overlong_body_is_invalid(app, mina, kim, contacts, body):
    with pytest.raises(Invalid):
        app.send_message(mina, kim.actor, body)


def test_send_message_of_2000_characters_is_accepted(app, mina, kim, contacts):
    app.send_message(mina, kim.actor, "x" * 2000)
    assert len(app.conversation_between(mina.actor, kim.actor).messages[0]["body"]) == 2000


def test_send_message_to_unknown_member_or_self_is_refused(app, mina):
    with pytest.raises(NotFound):
        app.send_message(mina, uuid4(), "hello")
    with pytest.raises(Invalid):
        app.send_message(mina, mina.actor, "hello")
    with pytest.raises(Forbidden):
        app.send_message(Context(None), mina.actor, "hello")


def test_send_message_body_is_encrypted_with_senders_key_and_shredded_on_erasure(
    app, mina, kim, contacts
):
    app.send_message(mina, kim.actor, "my secret plan for the shoot")
    app.send_message(kim, mina.actor, "sounds good")
    stored = b"".join(n.state for n in app.recorder.select_notifications(start=1, limit=10_000))
    assert b"secret plan" not in stored and b"sounds good" not in stored

    app.erase_member(mina, mina.actor)

    bodies = [m["body"] for m in app.conversation_between(mina.actor, kim.actor).messages]
    assert bodies == [ERASED, "sounds good"]


# -- block and unblock ------------------------------------------------------------------


def test_block_member_stops_messages_both_ways(app, mina, kim, contacts):
    app.block_member(kim, mina.actor)

    assert app.is_blocked(mina.actor, kim.actor) and app.is_blocked(kim.actor, mina.actor)
    assert app.blocked_members(kim) == {mina.actor}
    assert app.blocked_members(mina) == set()
    with pytest.raises(Forbidden, match="cannot write"):
        app.send_message(mina, kim.actor, "hello")
    with pytest.raises(Forbidden, match="unblock"):
        app.send_message(kim, mina.actor, "hello")


def test_unblock_member_lets_messages_through_again(app, mina, kim, contacts):
    app.block_member(kim, mina.actor)
    app.unblock_member(kim, mina.actor)

    assert not app.is_blocked(mina.actor, kim.actor)
    assert app.blocked_members(kim) == set()
    app.send_message(mina, kim.actor, "hello")


def test_block_by_both_needs_both_to_unblock(app, mina, kim, contacts):
    app.block_member(kim, mina.actor)
    app.block_member(mina, kim.actor)
    app.unblock_member(kim, mina.actor)
    assert app.is_blocked(kim.actor, mina.actor)


def test_block_member_twice_is_refused(app, mina, kim):
    app.block_member(kim, mina.actor)
    with pytest.raises(Conflict):
        app.block_member(kim, mina.actor)


def test_unblock_member_not_blocked_is_refused(app, mina, kim):
    with pytest.raises(Conflict):
        app.unblock_member(kim, mina.actor)


def test_block_self_or_unknown_member_is_refused(app, mina):
    with pytest.raises(Invalid):
        app.block_member(mina, mina.actor)
    with pytest.raises(NotFound):
        app.block_member(mina, uuid4())


def test_is_blocked_without_any_history_is_false(app, mina, kim):
    assert not app.is_blocked(mina.actor, kim.actor)
    assert not app.is_blocked(mina.actor, mina.actor)


def race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = ["unfinished"] * len(calls)

    def run(index, call):
        barrier.wait(timeout=30)
        try:
            call()
        except DomainError as error:
            outcomes[index] = type(error).__name__
        else:
            outcomes[index] = "ok"

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_block_racing_a_burst_of_messages_lets_none_through_after_it(
    app, mina, kim, contacts, request
):
    app.send_message(mina, kim.actor, "first")
    senders = 12
    before = app.conflicts

    outcomes = race(
        [lambda i=i: app.send_message(mina, kim.actor, f"message {i}") for i in range(senders)]
        + [lambda: app.block_member(kim, mina.actor)]
    )

    retries = app.conflicts - before
    counts = Counter(outcomes[:senders])
    print(
        f"\n[12 messages racing a block on {request.node.callspec.id}] "
        f"attempts={senders + 1} delivered={counts['ok']} refused={counts['Forbidden']} "
        f"block={outcomes[-1]} retries={retries}"
    )
    assert outcomes[-1] == "ok"
    assert set(counts) <= {"ok", "Forbidden"} and sum(counts.values()) == senders
    conversation = app.conversation_between(mina.actor, kim.actor)
    assert len(conversation.messages) == 1 + counts["ok"]
    history = [type(e).__name__ for e in app.repository.event_store.get(conversation.id)]
    assert history.index("Blocked") == len(history) - 1  # nothing was sent after the block


def test_send_message_many_at_once_records_every_one(app, mina, kim, contacts, request):
    before = app.conflicts
    outcomes = race([lambda i=i: app.send_message(mina, kim.actor, f"note {i}") for i in range(12)])
    retries = app.conflicts - before
    print(
        f"\n[12 messages at once on {request.node.callspec.id}] attempts=12 "
        f"successes={outcomes.count('ok')} retries={retries}"
    )
    assert outcomes == ["ok"] * 12
    bodies = {m["body"] for m in app.conversation_between(mina.actor, kim.actor).messages}
    assert bodies == {f"note {i}" for i in range(12)}


# -- reports ----------------------------------------------------------------------------


def test_report_member_records_kind_and_reason_for_admins(app, mina, kim, admin):
    report_id = app.report_member(kim, mina.actor, kind="harassment", reason="Rude messages")

    report = app.member_report(admin, report_id)
    assert (report.reporter_id, report.reported_id, report.kind.value, report.reason) == (
        kim.actor,
        mina.actor,
        "harassment",
        "Rude messages",
    )
    assert not report.resolved


@pytest.mark.parametrize(
    ("kind", "reason"), [("rudeness", "x"), ("spam", ""), ("spam", "x" * 2001), ("spam", None)]
)
def test_report_member_with_bad_kind_or_reason_is_invalid(app, mina, kim, kind, reason):
    with pytest.raises(Invalid):
        app.report_member(kim, mina.actor, kind=kind, reason=reason)


def test_report_member_about_self_or_unknown_is_refused(app, kim):
    with pytest.raises(Invalid):
        app.report_member(kim, kim.actor, kind="spam", reason="me")
    with pytest.raises(NotFound):
        app.report_member(kim, uuid4(), kind="spam", reason="who")


def test_resolve_report_by_admin_records_note(app, mina, kim, admin):
    report_id = app.report_member(kim, mina.actor, kind="scam", reason="Unpaid 'paid' job")

    app.resolve_report(admin, report_id, "Warned the member; posting removed.")

    report = app.member_report(admin, report_id)
    assert report.resolved and report.note == "Warned the member; posting removed."


def test_resolve_report_twice_is_refused(app, mina, kim, admin):
    report_id = app.report_member(kim, mina.actor, kind="spam", reason="ads")
    app.resolve_report(admin, report_id, "done")
    with pytest.raises(Conflict):
        app.resolve_report(admin, report_id, "again")


def test_resolve_or_read_report_by_non_admin_is_forbidden(app, mina, kim):
    report_id = app.report_member(kim, mina.actor, kind="spam", reason="ads")
    with pytest.raises(Forbidden):
        app.resolve_report(mina, report_id, "dismissed")
    with pytest.raises(Forbidden):
        app.member_report(kim, report_id)


def test_report_reason_is_shredded_with_the_reporters_key(app, mina, kim, admin):
    report_id = app.report_member(kim, mina.actor, kind="spam", reason="ads everywhere")
    app.erase_member(kim, kim.actor)
    assert app.member_report(admin, report_id).reason == ERASED


# -- inbox read marks -------------------------------------------------------------------


def test_mark_inbox_read_records_item_ids(app, mina):
    app.mark_inbox_read(mina, ["b.1", "a.2", "b.1"])
    marks = app._load(InboxMarks, InboxMarks.id_for(mina.actor))
    events = list(app.repository.event_store.get(marks.id))
    assert events[-1].item_ids == ["a.2", "b.1"]


@pytest.mark.parametrize("item_ids", [[], "a.1", [1], ["x" * 121], [str(i) for i in range(501)]])
def test_mark_inbox_read_with_bad_ids_is_invalid(app, mina, item_ids):
    with pytest.raises(Invalid):
        app.mark_inbox_read(mina, item_ids)


def test_mark_inbox_read_up_to_the_same_position_twice_is_refused(app, mina):
    app.mark_inbox_read_up_to(mina, 40)
    with pytest.raises(Conflict):
        app.mark_inbox_read_up_to(mina, 40)
    with pytest.raises(Invalid):
        app.mark_inbox_read_up_to(mina, 0)
