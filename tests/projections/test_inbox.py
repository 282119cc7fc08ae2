"""The inbox view: real commands of every area, then what lands in whose inbox; unread counts
and read marks; message threads; saved-search matches; the moderators' queue; erasure; and a
rebuild that equals the live view."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import pytest

from domain.clock import SEOUL
from domain.context import Context
from domain.personal_data import ERASED
from domain.project_parts import RoleSpec
from domain.vocabulary import ProjectFormat
from domain.workspace import Workspace
from projections.projector.runner import Projector
from projections.views.inbox import Inbox
from tests.conftest import sign_up
from tests.domain.test_partners import verified_partner
from tests.domain.test_subsidies import BREAKDOWN

SUITE_2 = Workspace.id_for("editing-suite-2")
SCREENING = Workspace.id_for("screening-room")


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=SEOUL)


@pytest.fixture
def projector(app):
    p = Projector(app, [Inbox()])
    p.ensure()
    return p


@pytest.fixture
def mina(app) -> Context:
    return sign_up(app, "mina@example.com", "director", university="cau")


@pytest.fixture
def kim(app) -> Context:
    return sign_up(app, "kim@example.com", "crew", university="cau")


def pitched(
    app, director: Context, *, title="Night Bus", genres=("drama",), pitch: bool = True
) -> tuple[UUID, UUID]:
    project_id = app.create_project(
        director,
        title=title,
        logline="A driver and the last passenger of the night.",
        genres=list(genres),
        format=ProjectFormat.SHORT,
        budget_krw=8_000_000,
        shoot_start=date(2026, 5, 1),
        shoot_end=date(2026, 5, 10),
        roles=[
            RoleSpec(
                role="Cinematographer",
                skills=["lighting", "16mm"],
                count=1,
                start=date(2026, 5, 1),
                end=date(2026, 5, 10),
            )
        ],
    )
    if pitch:
        app.pitch_project(director, project_id)
    return project_id, next(iter(app.project(project_id).roles))


def inbox(projector, who: Context, **kw) -> list:
    projector.catch_up_all()
    with projector.db.read() as tx:
        return Inbox.items(tx, who.actor, **kw)


def kinds(projector, who: Context) -> list[str]:
    return [i.kind for i in inbox(projector, who)]


def unread(projector, who: Context) -> int:
    projector.catch_up_all()
    with projector.db.read() as tx:
        return Inbox.unread_count(tx, who.actor)


def all_rows(projector) -> dict[str, list]:
    with projector.db.read() as tx:
        return {t: tx.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in Inbox.TABLES}


# -- crewing ------------------------------------------------------------------------------


def test_invitation_notifies_invitee_then_its_answer_notifies_director(app, projector, mina, kim):
    project_id, role_id = pitched(app, mina)
    invitation_id = app.invite(mina, project_id, role_id, kim.actor)

    [item] = inbox(projector, kim)
    assert (item.kind, item.subject_id, item.other_id, item.other_name) == (
        "invitation_received",
        invitation_id,
        mina.actor,
        "Mina",
    )
    assert item.data["project_title"] == "Night Bus" and item.data["role"] == "cinematographer"
    assert not item.read

    app.accept_invitation(kim, invitation_id)

    [answer] = inbox(projector, mina)
    assert (answer.kind, answer.data["answer"], answer.other_id) == (
        "invitation_answered",
        "accepted",
        kim.actor,
    )
    assert answer.data["project_title"] == "Night Bus"


def test_declined_and_withdrawn_invitations_notify_the_other_side(app, projector, mina, kim):
    project_id, role_id = pitched(app, mina)
    invitation_id = app.invite(mina, project_id, role_id, kim.actor)
    app.decline_invitation(kim, invitation_id, "Shooting abroad in May")
    app.invite(mina, project_id, role_id, kim.actor)
    app.withdraw_invitation(mina, invitation_id, "Role filled elsewhere")

    [answer] = inbox(projector, mina)
    assert (answer.data["answer"], answer.data["reason"]) == ("declined", "Shooting abroad in May")
    assert kinds(projector, kim) == [
        "invitation_withdrawn",
        "invitation_received",
        "invitation_received",
    ]


def test_crew_application_notifies_director_then_decision_notifies_applicant(
    app, projector, mina, kim
):
    project_id, role_id = pitched(app, mina)
    application_id = app.apply_to_role(kim, project_id, role_id, "I shot two shorts on 16mm")

    [received] = inbox(projector, mina)
    assert (received.kind, received.other_name, received.subject_id) == (
        "application_received",
        "Kim",
        application_id,
    )

    app.reject_application(mina, application_id, "Looking for someone with a gaffer")

    [decided] = inbox(projector, kim)
    assert (decided.kind, decided.data["decision"], decided.data["reason"]) == (
        "application_decided",
        "turned down",
        "Looking for someone with a gaffer",
    )
    assert decided.data["project_title"] == "Night Bus"


# -- subsidies, bookings, waitlists, partners ---------------------------------------------


def test_subsidy_decision_notifies_the_applicant(app, projector, mina, admin):
    project_id, _ = pitched(app, mina)
    fund_id = app.open_fund(
        admin,
        name="Short Film Fund",
        budget_krw=10_000_000,
        cap_krw=3_000_000,
        opens=date(2026, 3, 1),
        closes=date(2026, 3, 31),
    )
    application_id = app.apply_for_subsidy(
        mina, fund_id, project_id=project_id, amount_krw=2_000_000, breakdown=BREAKDOWN
    )
    app.decide_subsidy(
        admin,
        application_id,
        approve=True,
        amount_krw=1_500_000,
        reason_code="meets_criteria",
        reason="Strong plan",
    )

    [item] = inbox(projector, mina)
    assert (item.kind, item.subject_id, item.data["approve"], item.data["amount_krw"]) == (
        "subsidy_decided",
        application_id,
        True,
        1_500_000,
    )


def test_booking_request_refusal_notifies_the_booker(app, projector, mina, admin):
    app.seed_workspaces()
    booking_id = app.book_workspace(mina, SCREENING, start=at(20, 18), end=at(20, 21))
    app.refuse_booking_request(admin, booking_id, "Kept for the festival jury")

    [item] = inbox(projector, mina)
    assert (item.kind, item.subject_id, item.data["decision"], item.data["reason"]) == (
        "booking_decided",
        booking_id,
        "refused",
        "Kept for the festival jury",
    )


def test_cancelled_slot_offered_from_waitlist_notifies_the_waiting_member(
    app, projector, mina, kim
):
    app.seed_workspaces()
    booking_id = app.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    entry_id = app.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    app.cancel_booking(mina, booking_id, "Edit moved")

    [item] = inbox(projector, kim)
    assert (item.kind, item.subject_id) == ("waitlist_offer", entry_id)
    assert item.data["expires"] == app.waitlist_entry(entry_id).expires.isoformat()
    assert inbox(projector, mina) == []  # cancelling your own booking tells you nothing


def test_partner_interest_notifies_the_director(app, projector, mina, admin):
    project_id, _ = pitched(app, mina)
    scout = verified_partner(app, admin)
    app.register_interest(scout, project_id, "We co-produce night-time dramas")

    [item] = inbox(projector, mina)
    assert (item.kind, item.data["partner_name"], item.data["note"]) == (
        "partner_interest",
        "Lotus Pictures",
        "We co-produce night-time dramas",
    )
    assert item.data["project_title"] == "Night Bus"


# -- saved searches -----------------------------------------------------------------------


def test_newly_pitched_project_matching_a_saved_search_notifies_its_owner(
    app, projector, mina, kim
):
    pitched(app, mina, title="Night Owl")  # pitched before the search: not news
    app.save_search(kim, kind="projects", query="night", genre="drama")
    app.save_search(kim, kind="projects", query="ghost")
    app.save_search(mina, kind="projects", query="night")  # the director's own search
    project_id, _ = pitched(app, mina, title="Night Bus")
    pitched(app, mina, title="Night Comedy", genres=("comedy",))

    [item] = inbox(projector, kim)
    assert (item.kind, item.subject_id, item.data["label"]) == (
        "search_match",
        project_id,
        "night drama",
    )
    assert inbox(projector, mina) == []


def test_new_member_matching_a_saved_search_notifies_once(app, projector, mina, kim):
    app.claim_skill(kim, skill="editing", level=4)  # joined before the search: not news
    search_id = app.save_search(mina, kind="members", role="crew", skill="editing")
    lee = sign_up(app, "lee@example.com", "crew")
    assert inbox(projector, mina) == []
    app.claim_skill(lee, skill="editing", level=3)
    app.claim_skill(lee, skill="sound", level=2)

    [item] = inbox(projector, mina)
    assert (item.kind, item.subject_id, item.other_name, item.data["search_id"]) == (
        "search_match",
        lee.actor,
        "Lee",
        search_id.hex,
    )


def test_deleted_saved_search_notifies_no_more_and_leaves_the_list(app, projector, mina, kim):
    search_id = app.save_search(kim, kind="projects", genre="drama")
    projector.catch_up_all()
    with projector.db.read() as tx:
        assert [s.search_id for s in Inbox.saved_searches(tx, kim.actor)] == [search_id]
    app.delete_search(kim, search_id)
    pitched(app, mina)

    assert inbox(projector, kim) == []
    with projector.db.read() as tx:
        assert Inbox.saved_searches(tx, kim.actor) == []


# -- messages, unread counts and read marks -----------------------------------------------


def test_messages_fill_the_thread_and_notify_the_recipient(app, projector, mina, kim):
    app.accept_contact(mina, kim.actor)
    app.accept_contact(kim, mina.actor)
    first = app.send_message(mina, kim.actor, "Free in May?")
    app.send_message(kim, mina.actor, "Yes, all month")
    app.send_message(mina, kim.actor, "Great")

    assert kinds(projector, kim) == ["message_received", "message_received"]
    with projector.db.read() as tx:
        thread = Inbox.thread(tx, kim.actor, mina.actor)
        [conversation] = Inbox.conversations(tx, kim.actor)
        to_mark = Inbox.message_item_ids(tx, kim.actor, mina.actor)
    assert [(m.sender_name, m.body) for m in thread] == [
        ("Mina", "Free in May?"),
        ("Kim", "Yes, all month"),
        ("Mina", "Great"),
    ]
    assert thread[0].message_id == first
    assert (
        conversation.other_id,
        conversation.other_name,
        conversation.messages,
        conversation.unread,
    ) == (mina.actor, "Mina", 3, 2)

    app.mark_inbox_read(kim, to_mark)

    assert unread(projector, kim) == 0
    with projector.db.read() as tx:
        assert Inbox.conversations(tx, kim.actor)[0].unread == 0
        assert Inbox.conversations(tx, mina.actor)[0].unread == 1


def test_mark_inbox_read_up_to_marks_only_what_was_there(app, projector, mina, kim):
    project_id, role_id = pitched(app, mina)
    app.apply_to_role(kim, project_id, role_id, "hi")
    second, _ = pitched(app, mina, title="Second Film")
    assert unread(projector, mina) == 1
    with projector.db.read() as tx:
        up_to = Inbox.latest_position(tx, mina.actor)
    app.mark_inbox_read_up_to(mina, up_to)
    lee = sign_up(app, "lee@example.com", "crew")
    app.apply_to_role(lee, second, next(iter(app.project(second).roles)), "me too")

    items = inbox(projector, mina)
    assert [(i.other_name, i.read) for i in items] == [("Lee", False), ("Kim", True)]
    assert unread(projector, mina) == 1
    assert [i.other_name for i in inbox(projector, mina, unread_only=True)] == ["Lee"]
    assert inbox(projector, mina, before=items[0].position) == items[1:]


def test_mark_inbox_read_touches_only_the_markers_items(app, projector, mina, kim):
    project_id, role_id = pitched(app, mina)
    invitation_id = app.invite(mina, project_id, role_id, kim.actor)
    [item] = inbox(projector, kim)
    app.mark_inbox_read(mina, [item.item_id])  # not mina's item
    assert unread(projector, kim) == 1
    app.mark_inbox_read(kim, [item.item_id])
    assert unread(projector, kim) == 0
    assert invitation_id == item.subject_id


# -- reports and erasure ------------------------------------------------------------------


def test_reports_queue_lists_open_reports_and_resolution_notifies_reporter(
    app, projector, mina, kim, admin
):
    report_id = app.report_member(kim, mina.actor, kind="harassment", reason="Rude messages")
    projector.catch_up_all()
    with projector.db.read() as tx:
        [row] = Inbox.reports(tx)
    assert (row.report_id, row.reporter_name, row.reported_name, row.kind, row.reason) == (
        report_id,
        "Kim",
        "Mina",
        "harassment",
        "Rude messages",
    )

    app.resolve_report(admin, report_id, "Warned")

    [item] = inbox(projector, kim)
    assert (item.kind, item.data["note"]) == ("report_resolved", "Warned")
    with projector.db.read() as tx:
        assert Inbox.reports(tx) == []
        assert Inbox.reports(tx, open_only=False)[0].resolved


def test_erased_member_is_blanked_in_names_messages_reports_and_searches(app, projector, mina, kim):
    app.accept_contact(mina, kim.actor)
    app.accept_contact(kim, mina.actor)
    app.send_message(mina, kim.actor, "My phone is 010-1234-5678")
    app.report_member(mina, kim.actor, kind="spam", reason="Mina's own words")
    app.save_search(mina, kind="projects", genre="drama")
    projector.catch_up_all()

    app.erase_member(mina, mina.actor)

    [item] = inbox(projector, kim)
    assert item.other_name == ERASED
    with projector.db.read() as tx:
        [message] = Inbox.thread(tx, kim.actor, mina.actor)
        [report] = Inbox.reports(tx)
        assert Inbox.saved_searches(tx, mina.actor) == []
    assert (message.body, message.sender_name) == (ERASED, ERASED)
    assert (report.reason, report.reporter_name) == (ERASED, ERASED)


# -- the machinery ------------------------------------------------------------------------


def test_rebuild_and_redelivery_equal_the_live_view(app, projector, mina, kim, admin):
    project_id, role_id = pitched(app, mina)
    app.save_search(kim, kind="projects", genre="drama")
    application_id = app.apply_to_role(kim, project_id, role_id, "hi")
    app.accept_application(mina, application_id)
    app.accept_contact(mina, kim.actor)
    app.accept_contact(kim, mina.actor)
    app.send_message(kim, mina.actor, "thanks")
    pitched(app, mina, title="Second")
    app.report_member(kim, mina.actor, kind="other", reason="test")
    projector.catch_up_all()
    with projector.db.read() as tx:
        up_to = Inbox.latest_position(tx, kim.actor)
    app.mark_inbox_read_up_to(kim, up_to)
    projector.catch_up_all()
    live = all_rows(projector)
    assert live["inbox_items"]

    view = projector.views["inbox"]
    notes = app.recorder.select_notifications(start=1, limit=10_000, topics=view.topics())
    with projector.db.write() as tx:
        for note in notes:
            view.apply(tx, projector.decode(note))
    assert all_rows(projector) == live

    projector.rebuild(["inbox"])
    assert all_rows(projector) == live
