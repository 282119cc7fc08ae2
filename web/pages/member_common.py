"""What the member pages share: who is signed in, a member who still has an account, a
university's name in the reader's language."""

from __future__ import annotations

from uuid import UUID

from domain.errors import Forbidden, NotFound
from domain.filmhouse import FilmHouse
from domain.member import Member
from projections.views.directory import UniversityRow
from web.forms import Form
from web.i18n import current_language
from web.i18n import gettext_ as _
from web.pages.common import Req, me

__all__ = ["Form", "live_member", "signed_in_member", "university_name"]


def signed_in_member(request: Req) -> UUID:
    member_id = me(request)
    if member_id is None:
        raise Forbidden(_("Sign in first."))
    return member_id


def live_member(app: FilmHouse, member_id: UUID) -> Member:
    member = app.member(member_id)
    if member.erased:
        raise NotFound(_("This member's account has been erased."))
    return member


def university_name(row: UniversityRow | None) -> str:
    if row is None:
        return ""
    return row.name_ko if current_language() == "ko" else row.name
