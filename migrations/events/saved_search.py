"""Saved searches learned the talent filters in v2 of `SavedSearch.Saved`: a minimum skill
level, certified skills only, a university, verified credits only and a period to be free in.
A search saved before asked for none of them."""

from __future__ import annotations

from typing import Any


def saved_v1_v2(state: dict[str, Any]) -> None:
    """SavedSearch.Saved: no talent filter (level 0 is any level)."""
    state.setdefault("level", 0)
    state.setdefault("certified", False)
    state.setdefault("university_id", None)
    state.setdefault("verified_credits", False)
    state.setdefault("available_from", None)
    state.setdefault("available_to", None)
