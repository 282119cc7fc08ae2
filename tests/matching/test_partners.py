"""The bridge's recommendations on hand-built graphs: exact rankings and reasons."""

from __future__ import annotations

from matching.facts import (
    Collaborated,
    DealRecorded,
    Fact,
    Followed,
    MemberRegistered,
    PartnerProfiled,
    PartnerRegistered,
    PartnerStanding,
    ProjectListed,
    ProjectStaged,
    Represents,
    Shortlisted,
    SubmittedTo,
    UniversityJoined,
)
from matching.graph import MatchGraph
from matching.partners import (
    recommend_directors_for_partner,
    recommend_partners,
    recommend_projects_for_partner,
)

M = 1_000_000


def _partner(pid: str, name: str, *, active: bool = True, **profile: object) -> list[Fact]:
    facts: list[Fact] = [PartnerRegistered(pid, name=name)]
    if profile:
        facts.append(PartnerProfiled(pid, **profile))  # type: ignore[arg-type]
    if active:
        facts.append(PartnerStanding(pid, True))
    return facts


def _project(
    pid: str, title: str, director: str, genres: tuple[str, ...], fmt: str, budget: int, stage: str
) -> list[Fact]:
    return [
        ProjectListed(
            pid,
            2026,
            title=title,
            genres=genres,
            director_ids=(director,),
            format=fmt,
            budget=budget,
        ),
        ProjectStaged(pid, stage, listed=True),
    ]


def bridge_world() -> list[Fact]:
    """Kim Ji-woo (Hanyang) wrapped Night Bus and develops Spring; Yoon Seo, a first-time
    director, shoots Static. Studio One looks for drama shorts in development; Night Owl signed
    Night Bus; Follower's representative follows Kim; Pending Co is not verified."""
    return [
        MemberRegistered("d1", name="Kim Ji-woo"),
        MemberRegistered("d2", name="Yoon Seo"),
        MemberRegistered("r5", name="Jang Ha"),
        UniversityJoined("d1", "hanyang"),
        *_project("p1", "Night Bus", "d1", ("drama",), "short", 60 * M, "distribution"),
        Collaborated("d1", "p1", "director", 2025),
        *_project("p2", "Spring", "d1", ("drama", "romance"), "short", 30 * M, "development"),
        *_project("p3", "Static", "d2", ("horror",), "feature", 500 * M, "production"),
        *_partner(
            "s1",
            "Studio One",
            genres=("drama",),
            formats=("short",),
            budget_min=10 * M,
            budget_max=50 * M,
            stages=("development",),
        ),
        *_partner(
            "s2",
            "Horror House",
            genres=("horror",),
            formats=("feature",),
            budget_min=100 * M,
            stages=("production",),
        ),
        *_partner("s3", "Pending Co", active=False, genres=("drama",), formats=("short",)),
        *_partner("s4", "Night Owl", genres=("romance",)),
        Shortlisted("s4", "p1"),
        DealRecorded("s4", "p1"),
        *_partner("s5", "Follower"),
        Represents("r5", "s5"),
        Followed("r5", "d1"),
    ]


def test_partners_for_a_project_ranked_with_reasons() -> None:
    g = MatchGraph.from_facts(bridge_world())
    found = recommend_partners(g, "p2", k=10)
    assert [(p.partner_id, p.score) for p in found] == [
        ("s1", 2.0),
        ("s4", 1.662462),  # 0.5 + 0.4 + (0.6 + 0.3 + 0.2) × ln 2
        ("s5", 1.0),
    ]
    assert found[0].reasons == (
        "looks for drama",
        "takes short projects",
        "the budget is within their range",
        "engages at the development stage",
    )
    assert found[1].reasons == (
        "looks for romance",
        "signed 1 deal on drama projects",
        "picked 1 drama project before",
        "picked Night Bus, with Kim Ji-woo of this project",
        "picked 1 project from this director's university",
    )
    assert found[2].reasons == ("follows Kim Ji-woo",)


def test_partners_engaged_with_the_project_or_not_verified_are_left_out() -> None:
    g = MatchGraph.from_facts([*bridge_world(), SubmittedTo("s1", "p2")])
    assert [p.partner_id for p in recommend_partners(g, "p2")] == ["s4", "s5"]
    g.apply(PartnerStanding("s3", True))  # verified at last
    g.apply(PartnerStanding("s4", False))  # suspended
    assert [p.partner_id for p in recommend_partners(g, "p2")] == ["s3", "s5"]


def test_a_cancelled_project_gets_no_partners_and_is_not_scouted() -> None:
    g = MatchGraph.from_facts([*bridge_world(), ProjectStaged("p2", "cancelled")])
    assert recommend_partners(g, "p2") == []
    assert [p.project_id for p in recommend_projects_for_partner(g, "s1")] == ["p1"]


def test_projects_for_a_partner_ranked_with_reasons() -> None:
    g = MatchGraph.from_facts(bridge_world())
    found = recommend_projects_for_partner(g, "s1", k=10)
    assert [(p.project_id, p.score, p.first_time) for p in found] == [
        ("p2", 2.0, False),
        ("p1", 1.5, False),
    ]
    assert found[0].reasons == (
        "in genres you look for: drama",
        "a format you take: short",
        "budget within your range",
        "at a stage you engage at: development",
    )
    followed = recommend_projects_for_partner(g, "s5", k=10)
    assert [(p.project_id, p.reasons) for p in followed] == [
        ("p1", ("by Kim Ji-woo, whom you follow",)),  # wrapped: a distributor may still take it
        ("p2", ("by Kim Ji-woo, whom you follow",)),
    ]


def test_a_draft_is_not_shown_to_partners() -> None:
    g = MatchGraph.from_facts([*bridge_world(), ProjectStaged("p2", "development", listed=False)])
    assert [p.project_id for p in recommend_projects_for_partner(g, "s1")] == ["p1"]
    assert recommend_partners(g, "p2")[0].partner_id == "s1"  # the director still sees partners


def _crowd(first_timers: int) -> list[Fact]:
    """Five established directors with a fitting drama short each, and first-time directors
    with a drama feature over the budget (fitting, but ranked lower)."""
    facts: list[Fact] = [
        *_partner(
            "s1",
            "Studio One",
            genres=("drama",),
            formats=("short",),
            budget_min=10 * M,
            budget_max=50 * M,
            stages=("development",),
        )
    ]
    for n in range(5):
        facts += _project(f"e{n}", f"Old hand {n}", f"v{n}", ("drama",), "short", 20 * M,
                          "development")  # fmt: skip
        facts.append(Collaborated(f"v{n}", f"film{n}", "director", 2020))
    for n in range(first_timers):
        facts += _project(f"n{n}", f"First {n}", f"f{n}", ("drama",), "feature", 900 * M,
                          "development")  # fmt: skip
    return facts


def test_first_time_directors_get_one_slot_in_five() -> None:
    g = MatchGraph.from_facts(_crowd(1))
    found = recommend_projects_for_partner(g, "s1", k=5)
    assert [p.project_id for p in found] == ["e0", "e1", "e2", "e3", "n0"]
    assert found[-1].first_time
    assert found[-1].reasons == (
        "in genres you look for: drama",
        "at a stage you engage at: development",
        "first-time director: given a fair look",
    )
    assert [p.project_id for p in recommend_projects_for_partner(g, "s1", k=4)] == [
        "e0", "e1", "e2", "e3",
    ]  # fmt: skip


def test_the_least_shown_first_time_director_takes_the_slot() -> None:
    g = MatchGraph.from_facts(_crowd(2))
    shown = {"f0": 7, "f1": 2}
    found = recommend_projects_for_partner(g, "s1", k=5, impressions=shown)
    assert [p.project_id for p in found] == ["e0", "e1", "e2", "e3", "n1"]
    directors = recommend_directors_for_partner(g, "s1", k=5, impressions=shown)
    assert [d.director_id for d in directors] == ["v0", "v1", "v2", "v3", "f1"]
    assert directors[-1].reasons == (
        "directs First 1",
        "in genres you look for: drama",
        "at a stage you engage at: development",
        "first-time director: given a fair look",
    )


def test_directors_to_watch_leave_out_those_followed() -> None:
    g = MatchGraph.from_facts(bridge_world())
    assert [d.director_id for d in recommend_directors_for_partner(g, "s1")] == ["d1"]
    assert recommend_directors_for_partner(g, "s1")[0].reasons == (
        "directs Spring",
        "in genres you look for: drama",
        "a format you take: short",
        "budget within your range",
        "at a stage you engage at: development",
        "2 projects you may like",
    )
    g.apply(Followed("s1", "d1"))  # the organisation follows (older events)
    assert recommend_directors_for_partner(g, "s1") == []
    g.apply(Followed("s1", "d1", following=False))
    assert [d.director_id for d in recommend_directors_for_partner(g, "s1")] == ["d1"]


def test_ranking_the_candidate_rows_only_gives_what_ranking_every_row_gives(monkeypatch) -> None:
    from bench.partner_latency import facts
    from matching import partner_scores

    g = MatchGraph.from_facts(facts(40, 600, seed=3))
    partners = [f"s{n}" for n in range(40)]
    shown = {f"d{n}": n % 4 for n in range(200)}
    pruned = [recommend_projects_for_partner(g, p, impressions=shown) for p in partners]
    monkeypatch.setattr(partner_scores, "candidate_rows", lambda graph, partner: None)
    every = [recommend_projects_for_partner(g, p, impressions=shown) for p in partners]
    assert pruned == every
    assert sum(len(found) for found in every) > 200


def test_a_partner_sees_the_director_of_a_film_it_signed_with_reasons() -> None:
    g = MatchGraph.from_facts(bridge_world())
    [project] = recommend_projects_for_partner(g, "s4")
    assert (project.project_id, project.score) == ("p2", 1.662462)  # as p2 ranks Night Owl
    assert project.reasons == (
        "in genres you look for: romance",
        "drama, like 1 project you signed",
        "drama, like 1 project you picked",
        "from a university whose directors you picked 1 time",
        "by Kim Ji-woo, who was on Night Bus",
    )
    [director] = recommend_directors_for_partner(g, "s4")
    assert director.director_id == "d1"
    assert director.reasons[0] == "directs Spring"
    assert director.reasons[-1] == "was on Night Bus, which you picked"
