"""The workspace calendar's grids, read from the calendar view.

The day grid has a cell for each quarter hour, named by the moment it starts at, and after the
last one a cell for the closing time. A person picks two moments: clicking a free cell picks a
start (with an hour's end proposed); then clicking a later cell picks the end at that cell's
time, so 14:00 and then 17:00 is 14:00–17:00. The cells a chosen start can end at are the rest
of its free stretch, up to and including the moment the stretch ends (a booking's start, or
closing time), and no further than the room's longest use. The week grid shows each hour free,
partly free, taken or closed, and links to its day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from domain.clock import SEOUL
from domain.opening_hours import SLOT_MINUTES
from projections.views.calendar_rows import CalendarSlot, RoomRow
from web.forms import day_or_none, time_on
from web.i18n import gettext_ as _

QUARTER = timedelta(minutes=SLOT_MINUTES)
DEFAULT_LENGTH = timedelta(hours=1)


def clock(moment: datetime, day: date | None = None) -> str:
    """Seoul wall time; midnight after `day` reads 24:00."""
    local = moment.astimezone(SEOUL)
    if day is not None and local.date() > day and local.time() == time(0):
        return "24:00"
    return local.strftime("%H:%M")


@dataclass
class Cell:
    """One quarter hour of a workspace's day (or, last, the moment it closes)."""

    start: datetime
    state: str  # closed, blackout, past, ahead, free, booked, held, mine, closing
    label: str = ""
    href: str = ""
    pick: str = ""  # what the link picks: "start" or "end"
    chosen: bool = False  # inside the chosen span
    ends: bool = False  # the chosen span ends at this cell's moment
    first: bool = False  # the first quarter of a booking, where its label is shown
    day: date | None = None

    @property
    def time(self) -> str:
        return clock(self.start, self.day)


@dataclass(frozen=True)
class Row:
    hour: str
    cells: list[Cell | None]


def parse_day(value: str, default: date) -> date:
    return day_or_none(value) or default


def at(day: date, value: str) -> datetime | None:
    """HH:MM on a Seoul date; 24:00 is the next midnight (read as every form reads it)."""
    return time_on(day, value)


def calendar_url(
    workspace_id: UUID,
    day: date,
    start: datetime | None = None,
    end: datetime | None = None,
    view: str = "",
) -> str:
    url = f"/workspaces/{workspace_id}?day={day.isoformat()}"
    if start is not None and end is not None:
        url += f"&start={clock(start)}&end={clock(end, day)}"
    if view:
        url += f"&view={view}"
    return url


def _slot_state(slot: CalendarSlot, member: UUID | None) -> str:
    if slot.member_id == member:
        return "mine"
    return "held" if slot.state == "held" else "booked"


def _cells(
    workspace: RoomRow,
    day: date,
    slots: list[CalendarSlot],
    now: datetime,
    member: UUID | None,
    who: dict[UUID, str] | None,
) -> list[Cell]:
    """Every quarter of the open hours (from the hour the room opens in), then its closing."""
    hours = workspace.hours_on(day)
    if hours is None:
        return []
    opens, closes = hours
    rules = workspace.rules
    earliest, latest = now + rules.notice, now + rules.horizon
    blackouts = workspace.blackouts_on(day)
    cells: list[Cell] = []
    moment = opens.replace(minute=0)
    while moment < closes:
        end = moment + QUARTER
        if moment < opens:
            cell = Cell(moment, "closed")
        elif any(a < end and moment < b for a, b in blackouts):
            cell = Cell(moment, "blackout", _("not open"))
        else:
            slot = next((s for s in slots if s.start < end and moment < s.end), None)
            if slot is not None:
                state = _slot_state(slot, member)
                label = {"mine": _("yours"), "held": _("held"), "booked": _("booked")}[state]
                if who is not None and state != "mine":
                    label = who.get(slot.member_id, label)
                cell = Cell(moment, state, label, first=slot.start >= moment)
            elif moment < earliest:
                cell = Cell(moment, "past")
            elif moment > latest:
                cell = Cell(moment, "ahead")
            else:
                cell = Cell(moment, "free")
        cells.append(cell)
        moment = end
    cells.append(Cell(closes, "closing", _("closing time"), day=day))
    return cells


def day_grid(
    workspace: RoomRow,
    day: date,
    slots: list[CalendarSlot],
    now: datetime,
    *,
    member: UUID | None,
    who: dict[UUID, str] | None,
    chosen: tuple[datetime, datetime] | None,
) -> list[Row]:
    """Hours as rows, quarters as cells: free cells link to a start; with a start chosen, the
    moments it can run to link to that end."""
    cells = _cells(workspace, day, slots, now, member, who)
    if not cells:
        return []
    longest = workspace.rules.longest
    # the end of the free stretch each free cell belongs to
    run_end: dict[datetime, datetime] = {}
    stretch_end = None
    for cell in reversed(cells):
        if cell.state == "free":
            stretch_end = stretch_end or cell.start + QUARTER
            run_end[cell.start] = stretch_end
        else:
            stretch_end = None
    reach = None
    if chosen is not None and chosen[0] in run_end:
        reach = min(run_end[chosen[0]], chosen[0] + longest)
    for cell in cells:
        if chosen is not None:
            cell.chosen = chosen[0] <= cell.start < chosen[1]
            cell.ends = cell.start == chosen[1]
        if chosen is not None and reach is not None and chosen[0] < cell.start <= reach:
            cell.href, cell.pick = calendar_url(workspace.id, day, chosen[0], cell.start), "end"
        elif cell.state == "free":
            end = min(cell.start + DEFAULT_LENGTH, run_end[cell.start], cell.start + longest)
            cell.href, cell.pick = calendar_url(workspace.id, day, cell.start, end), "start"
    rows = []
    for offset in range(0, len(cells), 4):
        quarter = cells[offset : offset + 4]
        padded: list[Cell | None] = [*quarter, *([None] * (4 - len(quarter)))]
        rows.append(Row(quarter[0].time, padded))
    return rows


def week_grid(
    workspace: RoomRow,
    monday: date,
    week: dict[date, list[CalendarSlot]],
    now: datetime,
    member: UUID | None,
) -> tuple[list[date], list[Row]]:
    """Seven days of hours: each hour free, partly free, taken or closed."""
    days = [monday + timedelta(days=i) for i in range(7)]
    open_days = [(d, workspace.hours_on(d)) for d in days]
    spans = [h for _d, h in open_days if h is not None]
    if not spans:
        return days, []
    first = min(h[0].hour for h in spans)
    last_hour = max(_closing_hour(opens, closes) for opens, closes in spans)
    rows = []
    rules = workspace.rules
    for hour in range(first, last_hour):
        cells: list[Cell | None] = []
        for day, hours in open_days:
            start = datetime.combine(day, time(0), tzinfo=SEOUL) + timedelta(hours=hour)
            end = start + timedelta(hours=1)
            if hours is None or end <= hours[0] or start >= hours[1]:
                cells.append(Cell(start, "closed"))
                continue
            a, b = max(start, hours[0]), min(end, hours[1])
            busy = [s for s in week[day] if s.start < b and a < s.end]
            blocked = [x for x in workspace.blackouts_on(day) if x[0] < b and a < x[1]]
            if any(s.member_id == member for s in busy):
                cell = Cell(start, "mine", _("yours"))
            elif blocked and not busy:
                cell = Cell(start, "blackout", _("not open"))
            elif b <= now + rules.notice:
                cell = Cell(start, "past")
            elif busy or blocked:
                covered = all(
                    any(s.start <= q < s.end for s in busy)
                    or any(x[0] <= q < x[1] for x in blocked)
                    for q in quarters(a, b)
                )
                cell = Cell(
                    start,
                    "booked" if covered else "partly",
                    _("booked") if covered else _("partly free"),
                )
            else:
                cell = Cell(start, "free", _("free"))
            cell.href = calendar_url(workspace.id, day)
            cells.append(cell)
        rows.append(Row(f"{hour:02d}:00", cells))
    return days, rows


def _closing_hour(opens: datetime, closes: datetime) -> int:
    """The hour (0–24, rounded up) a day's opening ends at, counted from that day's midnight."""
    minutes = (closes - opens.replace(hour=0, minute=0)) // timedelta(minutes=1)
    return -(-minutes // 60)


def quarters(start: datetime, end: datetime) -> list[datetime]:
    found = []
    while start < end:
        found.append(start)
        start += QUARTER
    return found
