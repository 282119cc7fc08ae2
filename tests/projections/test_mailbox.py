"""The development mailbox and the outbox sender: queued mails and their delivery state; a mail
server that is down loses nothing and, once back, gets each mail exactly once."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest

from domain.context import Context
from domain.personal_data import ERASED
from projections.policies.mail import (
    DeliveryReport,
    DevelopmentTransport,
    OutgoingMail,
    SmtpTransport,
    deliver_pending,
)
from projections.projector.runner import Projector
from projections.views.mailbox import Mailbox
from tests.conftest import sign_up


@pytest.fixture
def projector(app):
    p = Projector(app, [Mailbox()])
    p.ensure()
    return p


@pytest.fixture
def mina(app) -> Context:
    return sign_up(app, "mina@example.com", "director")


class FlakyServer:
    """A mail server that is down for the first `down` hand-overs, then takes every mail."""

    def __init__(self, down: int) -> None:
        self.down = down
        self.calls = 0
        self.received: list[OutgoingMail] = []

    def send(self, mail: OutgoingMail) -> None:
        self.calls += 1
        if self.calls <= self.down:
            raise ConnectionRefusedError(111, "Connection refused")
        self.received.append(mail)


def mails(projector) -> list:
    projector.catch_up_all()
    with projector.db.read() as tx:
        return Mailbox.mails(tx)


def test_queued_mail_shows_pending_with_address_title_and_body(app, projector, mina):
    mail_id = app.request_email_verification(mina)

    [row] = mails(projector)
    assert (row.mail_id, row.member_id, row.to_address, row.status, row.attempts) == (
        mail_id,
        mina.actor,
        "mina@example.com",
        "pending",
        0,
    )
    assert row.title == "Verify your email address for Film House"
    assert "/verify?token=" in row.body
    with projector.db.read() as tx:
        assert Mailbox.counts(tx) == {"pending": 1}
        assert Mailbox.mail(tx, mail_id) == row
        assert Mailbox.mails(tx, member_id=mina.actor) == [row]


def test_deliver_pending_through_development_transport_marks_mail_sent(app, projector, mina):
    mail_id = app.request_email_verification(mina)
    projector.catch_up_all()
    transport = DevelopmentTransport(projector.db)

    assert deliver_pending(app, projector.db, transport) == DeliveryReport(sent=1)

    assert app.mail(mail_id).sent
    [row] = mails(projector)
    assert (row.status, row.attempts, row.sent_at) == ("sent", 1, app.clock.now().isoformat())
    [delivered] = transport.delivered()
    assert (delivered.mail_id, delivered.to_address) == (mail_id, "mina@example.com")
    assert deliver_pending(app, projector.db, transport) == DeliveryReport()


def test_lost_mail_server_loses_nothing_and_sends_each_mail_once(app, projector, mina, clock):
    kim = sign_up(app, "kim@example.com", "crew")
    first = app.request_email_verification(mina)
    second = app.request_email_verification(kim)
    server = FlakyServer(down=3)

    def run(transport):
        projector.catch_up_all()  # as the serve process keeps it
        return deliver_pending(app, projector.db, transport)

    assert run(server) == DeliveryReport(failed=2)
    [newer, older] = mails(projector)
    assert (older.status, older.attempts, newer.status, newer.attempts) == (
        "pending",
        1,
        "pending",
        1,
    )
    assert "Connection refused" in older.last_error
    # Not due again until the pause has passed.
    assert run(server) == DeliveryReport()

    clock.advance(timedelta(minutes=1))
    assert run(server) == DeliveryReport(sent=1, failed=1)
    clock.advance(timedelta(minutes=1))
    assert run(server) == DeliveryReport()  # 2 minutes for #2
    clock.advance(timedelta(minutes=1))
    assert run(server) == DeliveryReport(sent=1)

    assert sorted(m.mail_id for m in server.received) == sorted([first, second])
    # The server came back on its 4th hand-over: the first mail had failed 3 times by then.
    assert [(m.status, m.attempts) for m in mails(projector)] == [("sent", 2), ("sent", 3)]
    clock.advance(timedelta(hours=2))
    assert run(server) == DeliveryReport()
    assert len(server.received) == 2


def test_deliver_pending_with_a_lagging_view_never_sends_twice(app, projector, mina):
    app.request_email_verification(mina)
    projector.catch_up_all()
    server = FlakyServer(down=0)
    deliver_pending(app, projector.db, server)
    # The view has not seen MailSent yet: the mail still looks pending there.
    with projector.db.read() as tx:
        assert len(Mailbox.pending(tx, app.clock.now())) == 1

    assert deliver_pending(app, projector.db, server) == DeliveryReport(skipped=1)
    assert len(server.received) == 1


def test_deliver_pending_to_an_erased_member_drops_the_mail(app, projector, mina):
    mail_id = app.request_email_verification(mina)
    app.erase_member(mina, mina.actor)
    projector.catch_up_all()
    server = FlakyServer(down=0)

    assert deliver_pending(app, projector.db, server) == DeliveryReport(dropped=1)

    assert server.received == [] and app.mail(mail_id).dropped
    [row] = mails(projector)
    assert (row.status, row.to_address, row.body) == ("dropped", ERASED, ERASED)


def test_smtp_transport_with_no_server_keeps_the_mail_pending(app, projector, mina):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mail_id = app.request_email_verification(mina)
    projector.catch_up_all()
    smtp = SmtpTransport("127.0.0.1", port, sender="noreply@filmhouse.test", timeout=2)

    assert deliver_pending(app, projector.db, smtp) == DeliveryReport(failed=1)
    assert app.mail(mail_id).pending and app.mail(mail_id).attempts == 1


def test_rebuild_equals_the_live_mailbox(app, projector, mina, clock):
    app.request_email_verification(mina)
    kim = sign_up(app, "kim@example.com", "crew")
    app.request_email_verification(kim)
    projector.catch_up_all()
    deliver_pending(app, projector.db, FlakyServer(down=1))
    live = mails(projector)

    projector.rebuild(["mailbox"])

    assert mails(projector) == live
    assert {m.status for m in live} == {"pending", "sent"}
