"""The bridge's reasons in words (English; pages say them in the reader's language from these
patterns, web/partner_recommend.py): one for each signal of matching/partner_scores.py that
fired, in the order the signals are listed there."""

from __future__ import annotations

from matching.graph import MatchGraph
from matching.partner_scores import Signals, crew_picks, picked_side
from matching.proximity import name_of

FAIR_LOOK = "first-time director: given a fair look"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _genres(graph: MatchGraph, project_id: str) -> tuple[str, ...]:
    info = graph.bridge.listing.get(project_id)
    return info.genres if info is not None else ()


def _top_genre(graph: MatchGraph, partner_id: str, project_id: str, deals: bool) -> str:
    """Of the project's genres, the one the partner engaged with most (ties by name)."""
    bridge = graph.bridge
    t = bridge.partners
    i = t.ids.index[partner_id]
    grid = t.deals_by_genre if deals else t.picks_by_genre
    counts = grid.view(i + 1, max(1, len(bridge.genres)))[i]
    found = [
        (-int(counts[j]), genre)
        for genre in _genres(graph, project_id)
        if (j := bridge.genres.index.get(genre)) is not None
    ]
    return min(found)[1] if found else ""


def partner_reasons(
    graph: MatchGraph, partner_id: str, project_id: str, s: Signals, i: int
) -> list[str]:
    """Why the partner may back the project (read by the project's director)."""
    bridge = graph.bridge
    profile = bridge.profiles.get(partner_id)
    info = bridge.listing.get(project_id)
    why = []
    if s.genre[i] > 0 and profile is not None:
        liked = [g for g in _genres(graph, project_id) if g in profile.genres]
        why.append(f"looks for {', '.join(liked)}")
    if s.format[i] and info is not None:
        why.append(f"takes {info.format} projects")
    if s.budget[i]:
        why.append("the budget is within their range")
    if s.stage[i]:
        why.append(f"engages at the {bridge.stage[project_id]} stage")
    if s.deals[i]:
        genre = _top_genre(graph, partner_id, project_id, deals=True)
        why.append(f"signed {_plural(int(s.deals[i]), 'deal')} on {genre} projects")
    if s.picks[i]:
        genre = _top_genre(graph, partner_id, project_id, deals=False)
        why.append(f"picked {_plural(int(s.picks[i]), genre + ' project')} before")
    if s.follows[i]:
        why.append(f"follows {name_of(graph, 'member', bridge.director_of(project_id))}")
    if s.crew[i]:
        member, film = crew_picks(graph, project_id)[partner_id]
        who, what = name_of(graph, "member", member), name_of(graph, "project", film)
        why.append(f"picked {what}, with {who} of this project")
    if s.university[i]:
        n = int(s.university[i])
        why.append(f"picked {_plural(n, 'project')} from this director's university")
    return why


def project_reasons(
    graph: MatchGraph, partner_id: str, project_id: str, s: Signals, i: int
) -> list[str]:
    """Why the partner should see the project (read by the partner)."""
    why = _shared(graph, partner_id, project_id, s, i)
    director = graph.bridge.director_of(project_id)
    who = name_of(graph, "member", director)
    if s.follows[i]:
        why.append(f"by {who}, whom you follow")
    if s.crew[i]:
        film = picked_side(graph, partner_id)[director]
        why.append(f"by {who}, who was on {name_of(graph, 'project', film)}")
    return why


def director_reasons(
    graph: MatchGraph, partner_id: str, project_id: str, s: Signals, i: int, projects: int
) -> list[str]:
    """Why the partner should watch the director of the project (their best one for it)."""
    why = [f"directs {name_of(graph, 'project', project_id)}"]
    why += _shared(graph, partner_id, project_id, s, i)
    director = graph.bridge.director_of(project_id)
    if s.crew[i]:
        film = picked_side(graph, partner_id)[director]
        why.append(f"was on {name_of(graph, 'project', film)}, which you picked")
    if projects > 1:
        why.append(f"{_plural(projects, 'project')} you may like")
    return why


def _shared(graph: MatchGraph, partner_id: str, project_id: str, s: Signals, i: int) -> list[str]:
    bridge = graph.bridge
    profile = bridge.profiles.get(partner_id)
    info = bridge.listing.get(project_id)
    why = []
    if s.genre[i] > 0 and profile is not None:
        liked = [g for g in _genres(graph, project_id) if g in profile.genres]
        why.append(f"in genres you look for: {', '.join(liked)}")
    if s.format[i] and info is not None:
        why.append(f"a format you take: {info.format}")
    if s.budget[i]:
        why.append("budget within your range")
    if s.stage[i]:
        why.append(f"at a stage you engage at: {bridge.stage[project_id]}")
    if s.deals[i]:
        genre = _top_genre(graph, partner_id, project_id, deals=True)
        why.append(f"{genre}, like {_plural(int(s.deals[i]), 'project')} you signed")
    if s.picks[i]:
        genre = _top_genre(graph, partner_id, project_id, deals=False)
        why.append(f"{genre}, like {_plural(int(s.picks[i]), 'project')} you picked")
    if s.university[i]:
        n = int(s.university[i])
        why.append(f"from a university whose directors you picked {_plural(n, 'time')}")
    return why
