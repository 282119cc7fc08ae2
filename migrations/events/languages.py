"""Languages were free text until v2 of the events that carry them: a member's languages as
typed ("Korean, English" stored as ["korean", "english"]), a project's language as "ko" on one
project and "Korean" on another. Since v2 they are ISO 639-1 codes; these upcasters read the
old text as codes.

The domain passes its own reading of a name (`normalise`: entries → codes and the entries it
does not know), so the list of languages lives once, in domain/vocabulary.py. A name on no list
is kept as it was written, and the pages show it as written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Normalise = Callable[[list[str]], tuple[list[str], list[str]]]


def spoken_v1_v2(state: dict[str, Any], normalise: Normalise) -> None:
    """Member.ProfileUpdated: `languages` becomes codes (unknown names kept, after them)."""
    codes, unknown = normalise([str(entry) for entry in state.get("languages") or []])
    state["languages"] = codes + [name for name in unknown if name not in codes]


def project_language_v1_v2(state: dict[str, Any], normalise: Normalise) -> None:
    """Project.Drafted and Project.DetailsRevised: `language` becomes one code (the first named,
    when the text named several), or stays as written when it names none we know."""
    written = str(state.get("language") or "").strip()
    codes, _unknown = normalise([written])
    state["language"] = codes[0] if codes else written
