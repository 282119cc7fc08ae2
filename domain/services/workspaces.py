"""Workspaces and bookings, end to end: one class composed of the area's services, each in its
own module by responsibility.

- rooms.py: the rooms (adding, hours, blackouts, retiring) and the rules of a time slot;
- hours.py: the member's and the university's weekly hours;
- waitlists.py: waiting for a taken slot or desk, offers and their answers;
- bookings.py: booking a slot or a desk (`book`, one trip, returning `Booked`), cancelling;
- booking_life.py: requests an admin answers, check-in, no-shows, strikes and appeals;
- booking_refusals.py: why a time cannot be had, said with what to do next;
- booking_time.py: the asked-for time put in Seoul time and checked, and the results.
"""

from __future__ import annotations

from domain.services.booking_life import BookingLifeServices

__all__ = ["WorkspaceServices"]


class WorkspaceServices(BookingLifeServices):
    """Every workspace and booking command and reading."""
