"""Subsidy applications: applying, versions, the review panel and its conflicts of interest,
reviews, decisions, tranches and the final report. Given events, when a command, then events."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from domain.commitments import Commitments
from domain.context import SYSTEM, Context
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.fund import BudgetExhausted
from domain.member import EmailIndex, Member
from domain.project import Project
from domain.project_parts import Details, RoleSpec
from domain.subsidy import SubsidyApplication
from domain.subsidy_rules import AlreadyDecided, ConflictOfInterest
from domain.university import University
from domain.vocabulary import ApplicationStatus, ProjectFormat, ReasonCode, Role

BREAKDOWN = [
    {"item": "camera rental", "amount_krw": 1_200_000},
    {"item": "location sound", "amount_krw": 800_000},
]
SHOOT = (date(2026, 5, 1), date(2026, 5, 10))


def sign_up(app, email: str, *roles: str, university: str | None = None) -> Context:
    """Given: a registered member. Written as the sign-up's events, without its deliberately
    slow password hash, which would dominate these tests."""
    member = Member.register(
        email=email,
        name=email.split("@")[0].title(),
        password_hash="unused",
        roles=[Role(r) for r in roles],
        university_id=University.id_for(university) if university else None,
        email_key=app.email_key(email),
    )
    if not roles:
        member.grant(Role.ADMIN)
    app._save(SYSTEM, member, EmailIndex.claim(member.email_key, member.id))
    return Context(member.id)


@pytest.fixture
def admin(app) -> Context:
    return sign_up(app, "admin@filmhouse.test")


def open_fund(app, admin, **overrides) -> UUID:
    terms = {
        "name": "Short Film Fund 2026",
        "budget_krw": 10_000_000,
        "cap_krw": 3_000_000,
        "opens": date(2026, 3, 1),
        "closes": date(2026, 3, 31),
    }
    terms.update(overrides)
    return app.open_fund(admin, **terms)


def make_project(
    app,
    owner: Context,
    *,
    title: str = "Night Bus",
    crew: tuple[UUID, ...] = (),
    shoot: tuple[date, date] = SHOOT,
) -> UUID:
    """Given: a pitched project directed by `owner`, with `crew` hired (engaged in Commitments)."""
    details = Details(
        title=title,
        logline="A night bus crosses Seoul.",
        synopsis="",
        genres=("drama",),
        format=ProjectFormat.SHORT,
        language="ko",
        budget_krw=20_000_000,
        shoot_start=shoot[0],
        shoot_end=shoot[1],
    )
    project = Project.draft(owner.actor, details, [RoleSpec("editor", ("editing",), 5, *shoot)])
    project.pitch()
    role_id = next(iter(project.roles))
    touched: list[object] = [project]
    for member_id in crew:
        project.hire(role_id, member_id)
        commitments = app._load_or_none(Commitments, Commitments.id_for(member_id))
        commitments = commitments or Commitments.open(member_id)
        commitments.engage(project.id, role_id, *shoot)
        touched.append(commitments)
    app._save(owner, *touched)
    return project.id


def apply(app, fund_id, owner, project_id, *, amount=2_000_000, breakdown=None, **kw) -> UUID:
    return app.apply_for_subsidy(
        owner,
        fund_id,
        project_id=project_id,
        amount_krw=amount,
        breakdown=BREAKDOWN if breakdown is None else breakdown,
        **kw,
    )


@pytest.fixture
def director(app) -> Context:
    return sign_up(app, "mina@example.com", "director", university="karts")


@pytest.fixture
def fund_id(app, admin) -> UUID:
    return open_fund(app, admin)


@pytest.fixture
def project_id(app, director) -> UUID:
    return make_project(app, director)


@pytest.fixture
def application_id(app, fund_id, director, project_id) -> UUID:
    return apply(app, fund_id, director, project_id)


def reviewer(app, admin, application_id, email, university="cau") -> Context:
    ctx = sign_up(app, email, "crew", university=university)
    app.assign_reviewer(admin, application_id, ctx.actor)
    return ctx


def events_of(app, aggregate_id):
    return list(app.repository.event_store.get(aggregate_id))


# -- applying ------------------------------------------------------------------------------


def test_apply_for_subsidy_by_director_submits_version_1(app, fund_id, director, project_id):
    application_id = apply(app, fund_id, director, project_id)
    application = app.subsidy_application(application_id)
    assert application_id == SubsidyApplication.id_for(fund_id, project_id)
    assert application.applicant_id == director.actor
    assert application.status is ApplicationStatus.SUBMITTED
    assert application.versions == [{"version": 1, "amount_krw": 2_000_000, "breakdown": BREAKDOWN}]
    assert [type(e).__name__ for e in events_of(app, application_id)] == ["Started", "Submitted"]


def test_apply_for_subsidy_as_draft_can_be_edited_then_submitted(
    app, fund_id, director, project_id
):
    application_id = apply(app, fund_id, director, project_id, draft=True)
    assert app.subsidy_application(application_id).status is ApplicationStatus.DRAFT
    app.edit_application_draft(
        director,
        application_id,
        amount_krw=1_000_000,
        breakdown=[{"item": "camera rental", "amount_krw": 1_000_000}],
    )
    assert app.submit_application(director, application_id) == 1
    application = app.subsidy_application(application_id)
    assert application.current["amount_krw"] == 1_000_000
    assert application.draft is None
    with pytest.raises(Conflict, match="frozen"):
        app.edit_application_draft(
            director, application_id, amount_krw=2_000_000, breakdown=BREAKDOWN
        )
    with pytest.raises(Conflict):
        app.submit_application(director, application_id)


def test_apply_for_subsidy_twice_for_one_project_is_a_conflict(
    app, application_id, fund_id, director, project_id
):
    with pytest.raises(Conflict, match="revise it instead"):
        apply(app, fund_id, director, project_id, amount=1_200_000, breakdown=BREAKDOWN[:1])


def test_apply_for_subsidy_for_another_directors_project_is_forbidden(app, fund_id, project_id):
    other = sign_up(app, "joon@example.com", "director")
    with pytest.raises(Forbidden):
        apply(app, fund_id, other, project_id)


def test_apply_for_subsidy_by_crew_member_is_forbidden(app, fund_id, project_id):
    crew = sign_up(app, "crew@example.com", "crew")
    with pytest.raises(Forbidden):
        apply(app, fund_id, crew, project_id)


def test_apply_for_subsidy_to_unknown_fund_or_project_is_not_found(
    app, fund_id, director, project_id
):
    with pytest.raises(NotFound):
        apply(app, uuid4(), director, project_id)
    with pytest.raises(NotFound):
        apply(app, fund_id, director, uuid4())
    with pytest.raises(NotFound):  # an aggregate that is not a project
        apply(app, fund_id, director, fund_id)


MALFORMED_REQUESTS = [
    (3_500_000, [{"item": "everything", "amount_krw": 3_500_000}]),  # above the cap
    (2_500_000, BREAKDOWN),  # the breakdown adds up to 2,000,000
    (0, []),
    (-1, BREAKDOWN),
    ("2000000", BREAKDOWN),
    (2_000_000, "camera and sound"),
    (2_000_000, [{"item": "", "amount_krw": 2_000_000}]),
    (2_000_000, [{"item": "camera", "amount_krw": "2000000"}]),
    (2_000_000, [{"item": "camera", "amount_krw": 2_000_001}, {"item": "x", "amount_krw": -1}]),
]


def test_apply_for_subsidy_with_malformed_request_is_invalid(app, fund_id, director, project_id):
    for amount, breakdown in MALFORMED_REQUESTS:
        with pytest.raises(Invalid):
            apply(app, fund_id, director, project_id, amount=amount, breakdown=breakdown)
    assert not app.exists(SubsidyApplication.id_for(fund_id, project_id))


def test_apply_for_subsidy_before_the_fund_opens_is_a_conflict_but_a_draft_is_kept(
    app, admin, director, project_id
):
    fund_id = open_fund(app, admin, opens=date(2026, 3, 10))
    with pytest.raises(Conflict, match="opens"):
        apply(app, fund_id, director, project_id)
    application_id = apply(app, fund_id, director, project_id, draft=True)
    with pytest.raises(Conflict, match="opens"):
        app.submit_application(director, application_id)
    app.clock.advance(timedelta(days=9))
    assert app.submit_application(director, application_id) == 1


def test_apply_for_subsidy_after_the_fund_closed_is_a_conflict(
    app, admin, fund_id, director, project_id, clock
):
    clock.advance(timedelta(days=30))
    with pytest.raises(Conflict, match="closed"):
        apply(app, fund_id, director, project_id)
    other_fund = open_fund(app, admin, closes=date(2026, 6, 30))
    app.close_fund(admin, other_fund)
    with pytest.raises(Conflict, match="closed"):
        apply(app, other_fund, director, project_id)


def test_apply_for_subsidy_to_students_only_fund_needs_a_verified_affiliation(
    app, admin, director, project_id
):
    fund_id = open_fund(app, admin, requires=["affiliated_students"])
    with pytest.raises(Conflict, match="verify your affiliation"):
        apply(app, fund_id, director, project_id)
    app.verify_affiliation(admin, director.actor)
    assert apply(app, fund_id, director, project_id)


def test_apply_for_subsidy_for_a_cancelled_project_is_a_conflict(
    app, fund_id, director, project_id
):
    project = app.repository.get(project_id)
    project.cancel("the lead actor left")
    app._save(director, project)
    with pytest.raises(Conflict, match="cancelled"):
        apply(app, fund_id, director, project_id)


# -- versions ------------------------------------------------------------------------------


def test_revise_application_after_submission_makes_version_2_and_keeps_version_1(
    app, application_id, director
):
    revised = [{"item": "camera rental", "amount_krw": 1_500_000}, *BREAKDOWN[1:]]
    version = app.revise_application(
        director, application_id, amount_krw=2_300_000, breakdown=revised
    )
    application = app.subsidy_application(application_id)
    assert version == application.submitted_version == 2
    assert [v["amount_krw"] for v in application.versions] == [2_000_000, 2_300_000]
    assert application.versions[0]["breakdown"] == BREAKDOWN
    assert type(events_of(app, application_id)[-1]).__name__ == "Revised"


def test_revise_application_with_nothing_changed_is_a_conflict(app, application_id, director):
    with pytest.raises(Conflict, match="already says"):
        app.revise_application(director, application_id, amount_krw=2_000_000, breakdown=BREAKDOWN)


def test_revise_application_by_another_member_is_forbidden(app, application_id):
    other = sign_up(app, "joon@example.com", "director")
    with pytest.raises(Forbidden):
        app.revise_application(other, application_id, amount_krw=1_200_000, breakdown=BREAKDOWN[:1])


def test_revise_application_after_a_decision_is_a_conflict(app, admin, application_id, director):
    app.decide_subsidy(
        admin,
        application_id,
        approve=False,
        reason_code="insufficient_quality",
        reason="The script is unfinished.",
    )
    with pytest.raises(AlreadyDecided):
        app.revise_application(
            director, application_id, amount_krw=1_200_000, breakdown=BREAKDOWN[:1]
        )


def test_revise_application_after_the_fund_closed_is_a_conflict(
    app, application_id, director, clock
):
    clock.advance(timedelta(days=31))
    with pytest.raises(Conflict, match="closed"):
        app.revise_application(
            director, application_id, amount_krw=1_200_000, breakdown=BREAKDOWN[:1]
        )
    assert app.subsidy_application(application_id).submitted_version == 1


# -- the review panel ------------------------------------------------------------------------


def test_assign_reviewer_with_no_links_records_the_appointment(app, admin, application_id):
    ctx = sign_up(app, "rev@example.com", "crew", university="cau")
    assert app.assign_reviewer(admin, application_id, ctx.actor) == []
    assigned = app.subsidy_application(application_id).reviewers
    assert assigned == {ctx.actor: {"conflicts": [], "override_reason": None}}


def test_assign_reviewer_from_the_applicants_university_is_a_conflict(app, admin, application_id):
    ctx = sign_up(app, "rev@example.com", "crew", university="karts")
    with pytest.raises(ConflictOfInterest, match="same university as the applicant"):
        app.assign_reviewer(admin, application_id, ctx.actor)
    assert app.subsidy_application(application_id).reviewers == {}


def test_assign_reviewer_on_the_project_is_a_conflict(app, admin, fund_id, director):
    crew = sign_up(app, "editor@example.com", "crew")
    project_id = make_project(app, director, title="Crewed", crew=(crew.actor,))
    application_id = apply(app, fund_id, director, project_id)
    with pytest.raises(ConflictOfInterest, match="on the project"):
        app.assign_reviewer(admin, application_id, crew.actor)


def test_assign_reviewer_who_worked_with_the_applicant_recently_is_a_conflict(
    app, admin, application_id, director
):
    ctx = sign_up(app, "rev@example.com", "director", "crew")
    make_project(
        app,
        ctx,
        title="Blue Hour",
        crew=(director.actor,),
        shoot=(date(2024, 6, 1), date(2024, 6, 5)),
    )
    with pytest.raises(ConflictOfInterest, match="worked with the applicant on Blue Hour"):
        app.assign_reviewer(admin, application_id, ctx.actor)


def test_assign_reviewer_who_worked_with_the_applicant_over_five_years_ago_is_allowed(
    app, admin, application_id, director
):
    ctx = sign_up(app, "rev@example.com", "director", "crew")
    make_project(
        app,
        ctx,
        title="Old Days",
        crew=(director.actor,),
        shoot=(date(2020, 6, 1), date(2020, 6, 5)),
    )
    assert app.assign_reviewer(admin, application_id, ctx.actor) == []


def test_assign_reviewer_with_a_shared_credit_in_five_years_is_a_conflict(
    app, admin, application_id, director
):
    ctx = sign_up(app, "rev@example.com", "crew")
    app.claim_credit(director, title="Spring Rain", year=2023, role="director")
    app.claim_credit(ctx, title="spring rain ", year=2023, role="editor")
    app.claim_credit(ctx, title="Winter", year=2019, role="editor")
    app.claim_credit(director, title="Winter", year=2019, role="director")
    with pytest.raises(ConflictOfInterest) as refused:
        app.assign_reviewer(admin, application_id, ctx.actor)
    assert "shared credit with the applicant: spring rain (2023)" in refused.value.message
    assert "Winter" not in refused.value.message


def test_assign_reviewer_with_a_conflict_and_an_override_records_the_reason(
    app, admin, application_id
):
    ctx = sign_up(app, "rev@example.com", "crew", university="karts")
    found = app.assign_reviewer(
        admin, application_id, ctx.actor, override_reason="the only sound expert on the panel"
    )
    assert found == [{"code": "same_university", "params": {}}]
    assigned = events_of(app, application_id)[-1]
    assert type(assigned).__name__ == "ReviewerAssigned"
    assert assigned.conflicts == [{"code": "same_university", "params": {}}]
    assert assigned.override_reason == "the only sound expert on the panel"


def test_assign_reviewer_who_is_the_applicant_is_refused_even_with_an_override(
    app, admin, application_id, director
):
    with pytest.raises(ConflictOfInterest, match="own application"):
        app.assign_reviewer(admin, application_id, director.actor, override_reason="why not")


def test_assign_reviewer_twice_is_a_conflict(app, admin, application_id):
    ctx = reviewer(app, admin, application_id, "rev@example.com")
    with pytest.raises(Conflict, match="already a reviewer"):
        app.assign_reviewer(admin, application_id, ctx.actor)


def test_assign_reviewer_by_a_director_is_forbidden(app, application_id, director):
    ctx = sign_up(app, "rev@example.com", "crew")
    with pytest.raises(Forbidden):
        app.assign_reviewer(director, application_id, ctx.actor)


def test_assign_reviewer_unknown_member_or_application_is_not_found(app, admin, application_id):
    with pytest.raises(NotFound):
        app.assign_reviewer(admin, application_id, uuid4())
    ctx = sign_up(app, "rev@example.com", "crew")
    with pytest.raises(NotFound):
        app.assign_reviewer(admin, uuid4(), ctx.actor)


def test_assign_reviewer_to_a_draft_is_a_conflict(app, admin, fund_id, director, project_id):
    application_id = apply(app, fund_id, director, project_id, draft=True)
    ctx = sign_up(app, "rev@example.com", "crew")
    with pytest.raises(Conflict, match="draft"):
        app.assign_reviewer(admin, application_id, ctx.actor)


def test_assign_reviewer_related_to_the_applicant_by_declaration_is_a_conflict(
    app, admin, application_id, director
):
    ctx = sign_up(app, "cousin@example.com", "crew")
    app.declare_conflict(director, application_id, member_id=ctx.actor, reason="my cousin")
    with pytest.raises(ConflictOfInterest, match="declared: my cousin"):
        app.assign_reviewer(admin, application_id, ctx.actor)


def test_declare_conflict_by_reviewer_excludes_their_review(app, admin, application_id):
    first = reviewer(app, admin, application_id, "one@example.com")
    second = reviewer(app, admin, application_id, "two@example.com", university="dongguk")
    app.review_application(first, application_id, score=5, comment="Strong and ready.")
    app.review_application(second, application_id, score=2, comment="Thin.")
    assert len(app.subsidy_application(application_id).counted_reviews()) == 2
    app.declare_conflict(second, application_id, reason="I taught the director last year")
    application = app.subsidy_application(application_id)
    assert [r["score"] for r in application.counted_reviews()] == [5]
    assert application.declared[second.actor]["reason"] == "I taught the director last year"


def test_declare_conflict_by_unassigned_member_is_forbidden(app, application_id):
    ctx = sign_up(app, "stranger@example.com", "crew")
    with pytest.raises(Forbidden):
        app.declare_conflict(ctx, application_id, reason="just because")


def test_declare_conflict_twice_is_a_conflict(app, admin, application_id):
    ctx = reviewer(app, admin, application_id, "rev@example.com")
    app.declare_conflict(ctx, application_id, reason="former flatmate")
    with pytest.raises(Conflict, match="already declared"):
        app.declare_conflict(ctx, application_id, reason="former flatmate")


def test_declare_conflict_without_a_reason_is_invalid(app, admin, application_id):
    ctx = reviewer(app, admin, application_id, "rev@example.com")
    with pytest.raises(Invalid):
        app.declare_conflict(ctx, application_id, reason="  ")


# -- reviews -----------------------------------------------------------------------------------


def test_review_application_by_assigned_reviewer_records_the_version(app, admin, application_id):
    ctx = reviewer(app, admin, application_id, "rev@example.com")
    assert app.review_application(ctx, application_id, score=4, comment="Clear plan.") == 1
    (review,) = app.subsidy_application(application_id).reviews
    assert review == {
        "reviewer_id": ctx.actor,
        "version": 1,
        "score": 4,
        "comment": "Clear plan.",
        "criteria_scores": {},
    }


def test_review_application_by_unassigned_member_is_forbidden(app, application_id):
    ctx = sign_up(app, "stranger@example.com", "crew")
    with pytest.raises(Forbidden):
        app.review_application(ctx, application_id, score=5, comment="Great")


def test_review_application_after_declaring_a_conflict_is_forbidden(app, admin, application_id):
    ctx = reviewer(app, admin, application_id, "rev@example.com")
    app.declare_conflict(ctx, application_id, reason="we share a studio")
    with pytest.raises(Forbidden):
        app.review_application(ctx, application_id, score=5, comment="Great")


def test_review_application_twice_on_one_version_is_a_conflict_but_a_new_version_is_open(
    app, admin, application_id, director
):
    ctx = reviewer(app, admin, application_id, "rev@example.com")
    app.review_application(ctx, application_id, score=3, comment="Budget is vague.")
    with pytest.raises(Conflict, match="already reviewed version 1"):
        app.review_application(ctx, application_id, score=4, comment="On second thought.")
    app.revise_application(director, application_id, amount_krw=1_200_000, breakdown=BREAKDOWN[:1])
    assert app.review_application(ctx, application_id, score=4, comment="Sharper now.") == 2
    assert [r["version"] for r in app.subsidy_application(application_id).reviews] == [1, 2]


MALFORMED_REVIEWS = [
    (0, "ok", None),
    (6, "ok", None),
    ("5", "ok", None),
    (True, "ok", None),
    (4, "", None),
    (4, "x" * 2001, None),
    (4, "ok", {"overall": 9}),
    (4, "ok", {"story": 4}),  # not one of the fund's criteria
    (4, "ok", ["overall"]),
]


def test_review_application_with_malformed_review_is_invalid(app, admin, application_id):
    ctx = reviewer(app, admin, application_id, "rev@example.com")
    for score, comment, criteria_scores in MALFORMED_REVIEWS:
        with pytest.raises(Invalid):
            app.review_application(
                ctx, application_id, score=score, comment=comment, criteria_scores=criteria_scores
            )
    assert app.subsidy_application(application_id).reviews == []


def test_review_application_after_the_decision_is_a_conflict(app, admin, application_id):
    ctx = reviewer(app, admin, application_id, "rev@example.com")
    app.decide_subsidy(
        admin,
        application_id,
        approve=False,
        reason_code="incomplete",
        reason="No schedule attached.",
    )
    with pytest.raises(AlreadyDecided):
        app.review_application(ctx, application_id, score=4, comment="Late.")


# -- decisions --------------------------------------------------------------------------------


def test_decide_subsidy_approval_commits_on_the_fund_and_records_its_basis(
    app, admin, fund_id, application_id
):
    first = reviewer(app, admin, application_id, "one@example.com")
    second = reviewer(app, admin, application_id, "two@example.com", university="dongguk")
    app.review_application(first, application_id, score=5, comment="Ready to shoot.")
    app.review_application(second, application_id, score=4, comment="Good team.")
    app.decide_subsidy(
        admin,
        application_id,
        approve=True,
        amount_krw=1_800_000,
        reason_code="meets_criteria",
        reason="A tight, credible plan.",
    )
    application = app.subsidy_application(application_id)
    assert application.status is ApplicationStatus.APPROVED
    assert application.approved_krw == 1_800_000
    fund = app.fund(fund_id)
    assert (fund.committed_krw, fund.remaining_krw) == (1_800_000, 8_200_000)
    decided = events_of(app, application_id)[-1]
    assert type(decided).__name__ == "Approved"
    assert decided.reason_code is ReasonCode.MEETS_CRITERIA
    assert decided.reason == "A tight, credible plan."
    assert (decided.version, decided.reviews, decided.requested_krw) == (1, 2, 2_000_000)
    assert decided.mean_score == Decimal("4.50")
    assert decided.fund_remaining_krw == 10_000_000


def test_decide_subsidy_rejection_records_the_reason_and_leaves_the_budget(
    app, admin, fund_id, application_id
):
    app.decide_subsidy(
        admin,
        application_id,
        approve=False,
        reason_code="ineligible",
        reason="The project is a commercial.",
    )
    application = app.subsidy_application(application_id)
    assert application.status is ApplicationStatus.REJECTED
    assert application.decision["reason_code"] is ReasonCode.INELIGIBLE
    assert application.decision["reviews"] == 0
    assert app.fund(fund_id).committed_krw == 0


MALFORMED_DECISIONS = [
    (True, 3_500_000, "meets_criteria", "Good"),  # above the cap
    (True, 2_500_000, "meets_criteria", "Good"),  # above what was asked
    (True, None, "meets_criteria", "Good"),
    (True, 0, "meets_criteria", "Good"),
    (True, -100, "meets_criteria", "Good"),
    (True, 1_000_000, "meets_criteria", ""),
    (True, 1_000_000, "meets_criteria", "x" * 2001),
    (True, 1_000_000, "because", "Good"),
    (True, 1_000_000, "ineligible", "Good"),  # a reason to reject
    (False, None, "exceptional_merit", "Bad"),  # a reason to approve
    (False, 500, "incomplete", "Bad"),
    ("yes", 1_000_000, "meets_criteria", "Good"),
]


def test_decide_subsidy_with_malformed_decision_is_invalid(app, admin, fund_id, application_id):
    for approve, amount, code, reason in MALFORMED_DECISIONS:
        with pytest.raises(Invalid):
            app.decide_subsidy(
                admin,
                application_id,
                approve=approve,
                amount_krw=amount,
                reason_code=code,
                reason=reason,
            )
    assert app.subsidy_application(application_id).decision is None
    assert app.fund(fund_id).committed_krw == 0


def test_decide_subsidy_twice_is_a_conflict(app, admin, fund_id, application_id):
    app.decide_subsidy(
        admin,
        application_id,
        approve=True,
        amount_krw=2_000_000,
        reason_code="exceptional_merit",
        reason="Remarkable.",
    )
    with pytest.raises(AlreadyDecided):
        app.decide_subsidy(
            admin, application_id, approve=False, reason_code="other", reason="Changed my mind."
        )
    assert app.fund(fund_id).committed_krw == 2_000_000


def test_decide_subsidy_with_too_few_reviews_is_a_conflict(app, admin, director, project_id):
    fund_id = open_fund(app, admin, min_reviews=2)
    application_id = apply(app, fund_id, director, project_id)
    first = reviewer(app, admin, application_id, "one@example.com")
    app.review_application(first, application_id, score=4, comment="Good.")
    with pytest.raises(Conflict, match=r"needs 2 reviews of version 1.*there are 1"):
        app.decide_subsidy(
            admin,
            application_id,
            approve=True,
            amount_krw=1_000_000,
            reason_code="meets_criteria",
            reason="Good.",
        )
    second = reviewer(app, admin, application_id, "two@example.com", university="dongguk")
    app.review_application(second, application_id, score=3, comment="Fine.")
    app.decide_subsidy(
        admin,
        application_id,
        approve=True,
        amount_krw=1_000_000,
        reason_code="meets_criteria",
        reason="Good.",
    )
    assert app.subsidy_application(application_id).decision["reviews"] == 2


def test_decide_subsidy_counts_only_reviews_of_the_current_version(
    app, admin, director, project_id
):
    fund_id = open_fund(app, admin, min_reviews=1)
    application_id = apply(app, fund_id, director, project_id)
    ctx = reviewer(app, admin, application_id, "one@example.com")
    app.review_application(ctx, application_id, score=2, comment="Vague.")
    app.revise_application(director, application_id, amount_krw=1_200_000, breakdown=BREAKDOWN[:1])
    with pytest.raises(Conflict, match="needs 1 reviews of version 2"):
        app.decide_subsidy(
            admin, application_id, approve=False, reason_code="incomplete", reason="Vague."
        )
    app.review_application(ctx, application_id, score=4, comment="Better.")
    app.decide_subsidy(
        admin,
        application_id,
        approve=True,
        amount_krw=1_200_000,
        reason_code="meets_criteria",
        reason="Better.",
    )
    decision = app.subsidy_application(application_id).decision
    assert (decision["version"], decision["reviews"], decision["mean_score"]) == (
        2,
        1,
        Decimal("4.00"),
    )


def test_decide_subsidy_with_criteria_records_the_weighted_score(app, admin, director, project_id):
    fund_id = open_fund(
        app, admin, criteria=[{"name": "story", "weight": 1}, {"name": "feasibility", "weight": 3}]
    )
    application_id = apply(app, fund_id, director, project_id)
    ctx = reviewer(app, admin, application_id, "one@example.com")
    app.review_application(
        ctx,
        application_id,
        score=4,
        comment="Solid.",
        criteria_scores={"story": 5, "feasibility": 3},
    )
    app.decide_subsidy(
        admin,
        application_id,
        approve=True,
        amount_krw=2_000_000,
        reason_code="meets_criteria",
        reason="Solid.",
    )
    decision = app.subsidy_application(application_id).decision
    assert decision["weighted_score"] == Decimal("3.50")
    assert decision["mean_score"] == Decimal("4.00")


def test_decide_subsidy_past_the_remaining_budget_is_a_conflict(app, admin, director):
    fund_id = open_fund(app, admin, budget_krw=3_000_000)
    first = apply(app, fund_id, director, make_project(app, director, title="One"))
    second = apply(app, fund_id, director, make_project(app, director, title="Two"))
    app.decide_subsidy(
        admin,
        first,
        approve=True,
        amount_krw=2_000_000,
        reason_code="meets_criteria",
        reason="Good.",
    )
    with pytest.raises(BudgetExhausted, match="1,000,000 KRW left"):
        app.decide_subsidy(
            admin,
            second,
            approve=True,
            amount_krw=2_000_000,
            reason_code="meets_criteria",
            reason="Good too.",
        )
    assert app.subsidy_application(second).decision is None
    app.decide_subsidy(
        admin,
        second,
        approve=True,
        amount_krw=1_000_000,
        reason_code="meets_criteria",
        reason="What is left.",
    )
    assert app.fund(fund_id).remaining_krw == 0


def test_decide_subsidy_by_a_director_is_forbidden(app, application_id, director):
    with pytest.raises(Forbidden):
        app.decide_subsidy(
            director,
            application_id,
            approve=True,
            amount_krw=2_000_000,
            reason_code="meets_criteria",
            reason="Mine.",
        )


def test_decide_subsidy_on_a_draft_is_a_conflict(app, admin, fund_id, director, project_id):
    application_id = apply(app, fund_id, director, project_id, draft=True)
    with pytest.raises(Conflict, match="draft"):
        app.decide_subsidy(
            admin, application_id, approve=False, reason_code="incomplete", reason="Not submitted."
        )


def test_decide_subsidy_on_unknown_application_is_not_found(app, admin):
    with pytest.raises(NotFound):
        app.decide_subsidy(admin, uuid4(), approve=False, reason_code="other", reason="?")


# -- the grant -------------------------------------------------------------------------------


@pytest.fixture
def approved_id(app, admin, application_id) -> UUID:
    app.decide_subsidy(
        admin,
        application_id,
        approve=True,
        amount_krw=2_000_000,
        reason_code="meets_criteria",
        reason="Good.",
    )
    return application_id


def test_disburse_in_tranches_up_to_the_approval(app, admin, fund_id, approved_id):
    assert app.disburse(admin, approved_id, amount_krw=1_200_000, note="pre-production") == 1
    assert app.disburse(admin, approved_id, amount_krw=800_000, note="after the shoot") == 2
    application = app.subsidy_application(approved_id)
    assert application.disbursed_krw == 2_000_000
    assert [t["amount_krw"] for t in application.tranches] == [1_200_000, 800_000]
    assert app.fund(fund_id).disbursed_krw == 2_000_000


def test_disburse_beyond_the_approval_is_a_conflict(app, admin, fund_id, approved_id):
    app.disburse(admin, approved_id, amount_krw=1_500_000)
    with pytest.raises(Conflict, match="only 500,000 KRW"):
        app.disburse(admin, approved_id, amount_krw=600_000)
    assert app.fund(fund_id).disbursed_krw == 1_500_000


def test_disburse_on_a_rejected_application_is_a_conflict(app, admin, application_id):
    app.decide_subsidy(
        admin, application_id, approve=False, reason_code="other", reason="Out of scope."
    )
    with pytest.raises(Conflict, match="rejected"):
        app.disburse(admin, application_id, amount_krw=100_000)


def test_disburse_by_the_applicant_is_forbidden_and_malformed_is_invalid(
    app, admin, director, approved_id
):
    with pytest.raises(Forbidden):
        app.disburse(director, approved_id, amount_krw=100_000)
    with pytest.raises(Invalid):
        app.disburse(admin, approved_id, amount_krw=0)


def test_submit_final_report_after_full_disbursement_closes_the_grant(
    app, admin, director, fund_id, approved_id
):
    app.disburse(admin, approved_id, amount_krw=2_000_000)
    released = app.submit_final_report(
        director, approved_id, summary="Shot in May, premiered in October.", spent_krw=2_150_000
    )
    application = app.subsidy_application(approved_id)
    assert released == 0
    assert application.status is ApplicationStatus.CLOSED
    assert application.final_report == {
        "summary": "Shot in May, premiered in October.",
        "spent_krw": 2_150_000,
        "released_krw": 0,
    }
    assert app.fund(fund_id).committed_krw == 2_000_000


def test_submit_final_report_early_returns_the_unpaid_part_to_the_fund(
    app, admin, director, fund_id, approved_id
):
    app.disburse(admin, approved_id, amount_krw=500_000)
    released = app.submit_final_report(
        director, approved_id, summary="Shot a shorter cut.", spent_krw=500_000
    )
    assert released == 1_500_000
    fund = app.fund(fund_id)
    assert (fund.committed_krw, fund.disbursed_krw, fund.remaining_krw) == (
        500_000,
        500_000,
        9_500_000,
    )
    with pytest.raises(Conflict, match="closed"):
        app.disburse(admin, approved_id, amount_krw=100_000)


def test_submit_final_report_twice_or_before_approval_is_a_conflict(
    app, admin, director, fund_id, project_id
):
    application_id = apply(app, fund_id, director, project_id)
    with pytest.raises(Conflict, match="submitted"):
        app.submit_final_report(director, application_id, summary="Done.", spent_krw=0)
    app.decide_subsidy(
        admin,
        application_id,
        approve=True,
        amount_krw=2_000_000,
        reason_code="meets_criteria",
        reason="Good.",
    )
    app.submit_final_report(director, application_id, summary="Done.", spent_krw=0)
    with pytest.raises(Conflict, match="closed"):
        app.submit_final_report(director, application_id, summary="Again.", spent_krw=0)


def test_submit_final_report_by_another_member_is_forbidden(app, admin, approved_id):
    other = sign_up(app, "joon@example.com", "director")
    with pytest.raises(Forbidden):
        app.submit_final_report(other, approved_id, summary="Not mine.", spent_krw=0)
    with pytest.raises(Forbidden):
        app.submit_final_report(admin, approved_id, summary="Staff.", spent_krw=0)


def test_submit_final_report_without_summary_is_invalid(app, director, approved_id):
    with pytest.raises(Invalid):
        app.submit_final_report(director, approved_id, summary="", spent_krw=0)
    with pytest.raises(Invalid):
        app.submit_final_report(director, approved_id, summary="Done.", spent_krw=-1)


def test_a_conflict_recorded_as_an_english_sentence_reads_as_a_code_with_params():
    """ReviewerAssigned v1 stored its conflicts as English sentences; v2 reads them as data."""
    from migrations.events.subsidy import reviewer_assigned_v1_v2

    state = {
        "conflicts": [
            "same university as the applicant",
            "on the project",
            "worked with the applicant on Blue Hour in the last 5 years",
            "shared credit with the applicant: Night Bus (2024)",
            "declared: my cousin",
            "something else",
        ]
    }
    reviewer_assigned_v1_v2(state)
    assert state["conflicts"] == [
        {"code": "same_university", "params": {}},
        {"code": "on_project", "params": {}},
        {"code": "worked_together", "params": {"title": "Blue Hour", "years": 5}},
        {"code": "shared_credit", "params": {"title": "Night Bus", "year": 2024}},
        {"code": "declared", "params": {"reason": "my cousin"}},
        {"code": "declared", "params": {"reason": "something else"}},
    ]
