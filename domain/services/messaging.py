"""What members tell each other and the centre: messages and blocks, reports of conduct, the
inbox's read marks, and saved searches (whose matches the inbox announces)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

from domain import validation as v
from domain.context import Context
from domain.errors import Forbidden, Invalid, NotFound
from domain.member import Member
from domain.messaging import Blocklist, Conversation, InboxMarks, Report
from domain.permissions import Action
from domain.saved_search import SavedSearch, TalentFilters
from domain.services.core import Core
from domain.vocabulary import ReportKind, SearchKind


def _enum(kind: type[Any], value: object, field: str) -> Any:
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(k.value for k in kind)
        raise Invalid("{field} must be one of {choices}", field=field, choices=choices) from None


def _filter(value: object, field: str) -> str | None:
    if value is None or value == "":
        return None
    return v.text(value, field, limit=v.SHORT_MAX).lower()


class MessagingServices(Core):
    # -- messages and blocks --------------------------------------------------------------

    def _message_recipient(self, member_id: UUID) -> Member:
        other = self._load_or_none(Member, member_id)
        if other is None or other.erased:
            raise NotFound("no member {member_id}", member_id=member_id, field="to")
        return other

    def conversation_between(self, a: UUID, b: UUID) -> Conversation | None:
        return self._load_or_none(Conversation, Conversation.id_for(a, b))

    def is_blocked(self, a: UUID, b: UUID) -> bool:
        """Whether either member has blocked the other (then neither can write to or invite the
        other)."""
        if a == b:
            return False
        conversation = self.conversation_between(a, b)
        return conversation is not None and conversation.blocked

    def send_message(self, ctx: Context, to: UUID, body: object) -> UUID:
        """Write to another member, once both have accepted contact and neither has blocked
        the other. Returns the message's id."""
        text = v.text(body, "message", limit=v.COMMENT_MAX)
        message_id = uuid4()

        def command() -> UUID:
            sender = self._authorise(ctx, Action.SEND_MESSAGE)
            if to == sender.id:
                raise Invalid("you cannot write to yourself", field="to")
            recipient = self._message_recipient(to)
            if recipient.id not in sender.contacts:
                raise Forbidden(
                    "accept contact with {recipient} first; you can write once you both have",
                    recipient=recipient.name,
                )
            if sender.id not in recipient.contacts:
                raise Forbidden(
                    "{recipient} has not accepted contact with you yet; you can write once they "
                    "have",
                    recipient=recipient.name,
                )
            conversation = self.conversation_between(sender.id, to) or Conversation.open(
                sender.id, to
            )
            conversation.send(sender.id, text, message_id)
            self._save(ctx, conversation)
            return message_id

        return self._attempt(command)

    def _change_blocks(
        self, ctx: Context, other_id: UUID, change: Callable[[Conversation, Blocklist, UUID], None]
    ) -> None:
        def command() -> None:
            member = self._actor(ctx)
            if other_id == member.id:
                raise Invalid("you cannot block yourself", field="other_id")
            self._load(Member, other_id, "member")
            conversation = self.conversation_between(member.id, other_id) or Conversation.open(
                member.id, other_id
            )
            blocklist = self._load_or_none(Blocklist, Blocklist.id_for(member.id)) or (
                Blocklist.open(member.id)
            )
            change(conversation, blocklist, member.id)
            self._save(ctx, conversation, blocklist)

        self._attempt(command)

    def block_member(self, ctx: Context, other_id: UUID) -> None:
        """Stop a member from writing to or inviting you (and you them)."""

        def change(conversation: Conversation, blocklist: Blocklist, me: UUID) -> None:
            conversation.block(me)
            blocklist.add(other_id)

        self._change_blocks(ctx, other_id, change)

    def unblock_member(self, ctx: Context, other_id: UUID) -> None:
        def change(conversation: Conversation, blocklist: Blocklist, me: UUID) -> None:
            conversation.unblock(me)
            blocklist.remove(other_id)

        self._change_blocks(ctx, other_id, change)

    def blocked_members(self, ctx: Context) -> set[UUID]:
        member = self._actor(ctx)
        blocklist = self._load_or_none(Blocklist, Blocklist.id_for(member.id))
        return set(blocklist.blocked) if blocklist else set()

    # -- reports --------------------------------------------------------------------------

    def report_member(
        self, ctx: Context, reported_id: UUID, *, kind: object, reason: object
    ) -> UUID:
        """Tell the centre's staff about a member's conduct. Returns the report's id."""
        chosen: ReportKind = _enum(ReportKind, kind, "kind")
        why = v.text(reason, "reason", limit=v.COMMENT_MAX)
        reporter = self._authorise(ctx, Action.REPORT_MEMBER)
        self._load(Member, reported_id, "member")
        report = Report.file(reporter.id, reported_id, chosen, why)
        self._save(ctx, report)
        return report.id

    def member_report(self, ctx: Context, report_id: UUID) -> Report:
        self._authorise(ctx, Action.MODERATE)
        return self._load(Report, report_id, "report")

    def resolve_report(self, ctx: Context, report_id: UUID, note: object) -> None:
        """An admin closes a report, saying what was done about it."""
        admin = self._authorise(ctx, Action.MODERATE)
        text = v.text(note, "note", limit=v.COMMENT_MAX)

        def command() -> None:
            report = self._load(Report, report_id, "report")
            report.resolve(admin.id, text)
            self._save(ctx, report)

        self._attempt(command)

    # -- inbox ----------------------------------------------------------------------------

    def _change_inbox_marks(self, ctx: Context, change: Callable[[InboxMarks], None]) -> None:
        def command() -> None:
            member = self._actor(ctx)
            marks = self._load_or_none(InboxMarks, InboxMarks.id_for(member.id)) or (
                InboxMarks.open(member.id)
            )
            change(marks)
            self._save(ctx, marks)

        self._attempt(command)

    def mark_inbox_read(self, ctx: Context, item_ids: object) -> None:
        """The member opened these notifications (ids as the inbox view gives them)."""
        if not isinstance(item_ids, list | tuple) or not all(
            isinstance(i, str) and 0 < len(i) <= 120 for i in item_ids
        ):
            raise Invalid("item_ids must be a list of notification ids", field="item_ids")
        chosen = sorted(set(item_ids))
        self._change_inbox_marks(ctx, lambda marks: marks.read(chosen))

    def mark_inbox_read_up_to(self, ctx: Context, position: object) -> None:
        """Everything in the member's inbox up to this log position is read ("mark all")."""
        up_to = v.whole(position, "position", low=1, high=2**62)
        self._change_inbox_marks(ctx, lambda marks: marks.read_all(up_to))

    # -- saved searches -------------------------------------------------------------------

    def save_search(
        self,
        ctx: Context,
        *,
        kind: object,
        query: object = "",
        role: object = None,
        skill: object = None,
        genre: object = None,
        talent: TalentFilters | None = None,
    ) -> UUID:
        """Keep a search; the inbox tells the member of each new member, pitched project or
        talent (directors and crew, with `talent`'s filters) that matches it."""
        chosen: SearchKind = _enum(SearchKind, kind, "kind")
        words = v.text(query, "query", limit=v.TITLE_MAX, required=False)
        member = self._actor(ctx)
        search = SavedSearch.save_new(
            member.id,
            chosen,
            words,
            role=_filter(role, "role"),
            skill=_filter(skill, "skill"),
            genre=_filter(genre, "genre"),
            talent=talent,
        )
        self._save(ctx, search)
        return search.id

    def saved_search(self, search_id: UUID) -> SavedSearch:
        return self._load(SavedSearch, search_id, "saved search")

    def delete_search(self, ctx: Context, search_id: UUID) -> None:
        def command() -> None:
            member = self._actor(ctx)
            search = self._load_or_none(SavedSearch, search_id)
            if search is None or search.member_id != member.id:
                raise NotFound(
                    "you have no saved search {search_id}", search_id=search_id, field="search_id"
                )
            search.delete()
            self._save(ctx, search)

        self._attempt(command)
