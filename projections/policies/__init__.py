"""Reactions and timers that issue commands as the system: waitlist offers, no-shows, mail, funds
closing, and the timekeeper with its lease."""
