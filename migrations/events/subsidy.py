"""Conflicts of interest were English sentences until v2 of SubsidyApplication.ReviewerAssigned
("shared credit with the applicant: Night Bus (2024)"); since v2 each is a code with the params
it quotes, `{"code": "shared_credit", "params": {"title": "Night Bus", "year": 2024}}`. This
upcaster reads the old sentences back into that shape; a sentence it does not recognise is kept
as a declared conflict in its own words, so nothing recorded is lost.
"""

from __future__ import annotations

import re
from typing import Any

_SENTENCES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"same university as the applicant"), "same_university"),
    (re.compile(r"on the project"), "on_project"),
    (
        re.compile(r"worked with the applicant on (?P<title>.+) in the last (?P<years>\d+) years"),
        "worked_together",
    ),
    (
        re.compile(r"shared credit with the applicant: (?P<title>.+) \((?P<year>\d{4})\)"),
        "shared_credit",
    ),
    (re.compile(r"declared: (?P<reason>.*)", re.S), "declared"),
)
_NUMBERS = ("years", "year")


def conflict_from_sentence(sentence: str) -> dict[str, Any]:
    """One v1 conflict sentence as a v2 record."""
    for pattern, code in _SENTENCES:
        found = pattern.fullmatch(sentence)
        if found:
            params: dict[str, Any] = {
                key: int(value) if key in _NUMBERS else value
                for key, value in found.groupdict().items()
            }
            return {"code": code, "params": params}
    return {"code": "declared", "params": {"reason": sentence}}


def reviewer_assigned_v1_v2(state: dict[str, Any]) -> None:
    """SubsidyApplication.ReviewerAssigned: `conflicts` becomes a list of code-and-params
    records."""
    state["conflicts"] = [
        conflict if isinstance(conflict, dict) else conflict_from_sentence(str(conflict))
        for conflict in state.get("conflicts") or []
    ]
