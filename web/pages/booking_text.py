"""The words the workspace pages share: moments, spans and months in the reader's language, a
room's rules and opening hours as sentences, and the hours a member has left."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from domain.clock import SEOUL, week_start
from domain.quota import hours_text
from projections.views.calendar_rows import RoomRow, WeekHoursRow
from web.i18n import current_language
from web.i18n import gettext_ as _
from web.pages.calendar_grid import clock
from web.pages.common import Req, app_of


def now_of(request: Req) -> datetime:
    return app_of(request).clock.now().astimezone(SEOUL)


def day_label(day: date) -> str:
    return f"{day.isoformat()} ({format_date(day, 'EEE', locale=current_language())})"


def when(moment: datetime | None) -> str:
    """A moment as its Seoul date and time."""
    if moment is None:
        return "—"
    local = moment.astimezone(SEOUL)
    return f"{day_label(local.date())} {local:%H:%M}"


def span(start: datetime, end: datetime) -> str:
    """From–to in Seoul, with the date (and the end's date when it differs)."""
    first = start.astimezone(SEOUL)
    last = end.astimezone(SEOUL)
    if last.date() == first.date() or (
        last - first <= timedelta(days=1) and clock(last, first.date()) == "24:00"
    ):
        return f"{day_label(first.date())} {first:%H:%M}–{clock(last, first.date())}"
    return f"{when(first)} – {when(last)}"


def month_label(month: date) -> str:
    return format_date(
        month, "yyyy-MM" if current_language() == "ko" else "MMMM yyyy", locale=current_language()
    )


def formatters() -> dict[str, Any]:
    return {
        "when": when,
        "span": span,
        "clock": clock,
        "day_label": day_label,
        "month_label": month_label,
        "hours_of": hours_text,
    }


def length_text(length: timedelta) -> str:
    if length >= timedelta(days=1) and length % timedelta(days=1) == timedelta(0):
        days = length // timedelta(days=1)
        return _("%(n)s days", n=days) if days != 1 else _("1 day")
    minutes = length // timedelta(minutes=1)
    if minutes % 60 == 0:
        return _("%(n)s hours", n=minutes // 60) if minutes != 60 else _("1 hour")
    return _("%(n)s minutes", n=minutes)


def rules_text(room: RoomRow) -> list[str]:
    """What a member should know before booking this kind of room."""
    rules = room.rules
    if rules.let_by_month:
        return [
            _("Desks are let by the calendar month, one desk per member."),
            _("%(n)s desks in all.", n=room.capacity),
        ]
    found = [_("At most %(length)s at a time.", length=length_text(rules.longest))]
    if rules.needs_approval:
        found.append(
            _(
                "Ask at least %(notice)s ahead; the centre answers within %(answer)s.",
                notice=length_text(rules.notice),
                answer=length_text(rules.answer_within or timedelta(0)),
            )
        )
    elif rules.notice:
        found.append(_("Book at least %(notice)s ahead.", notice=length_text(rules.notice)))
    found.append(_("Up to %(horizon)s ahead.", horizon=length_text(rules.horizon)))
    return found


def hours_summary(room: RoomRow) -> list[str]:
    """Opening hours, with days of equal hours run together."""
    day_names = [
        format_date(date(2026, 3, 2) + timedelta(days=i), "EEE", locale=current_language())
        for i in range(7)
    ]
    groups: list[tuple[int, int, list[str]]] = []
    for index, hours in enumerate(room.hours):
        if groups and groups[-1][2] == hours and groups[-1][1] == index - 1:
            groups[-1] = (groups[-1][0], index, hours)
        else:
            groups.append((index, index, list(hours)))
    if len(groups) == 1:
        hours = groups[0][2]
        return [
            _("Every day %(hours)s", hours=f"{hours[0]}–{hours[1]}")
            if hours
            else _("Closed every day")
        ]
    lines = []
    for first, last, hours in groups:
        days = day_names[first] if first == last else f"{day_names[first]}–{day_names[last]}"
        lines.append(f"{days} {hours[0]}–{hours[1]}" if hours else f"{days} {_('not open')}")
    return lines


def hours_left(hours: WeekHoursRow, now: datetime) -> str:
    """ "You have 8 of 12 hours left this week." (or in the week of a later Monday)."""
    language = current_language()
    values = {
        "left": format_decimal(hours.left_minutes / 60, locale=language),
        "allowance": format_decimal(hours.allowance_minutes / 60, locale=language),
    }
    if hours.week == week_start(now):
        return _("You have %(left)s of %(allowance)s hours left this week.", **values)
    return _(
        "You have %(left)s of %(allowance)s hours left in the week of %(week)s.",
        week=hours.week.isoformat(),
        **values,
    )
