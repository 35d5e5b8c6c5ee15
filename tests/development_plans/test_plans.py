"""Targets, gap analysis, drafting, items, the review workflow, history and plan versions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from support.plan_data import HLM, Result, course, hlm, person, results

from development_plans import plans
from development_plans.goals import GoalInput, add_goal, change_status
from development_plans.plans import (
    GoalStatus,
    InvalidChange,
    NotAllowed,
    PlanEvent,
    PlanStatus,
    approve,
    default_target,
    draft_plan,
    focus_behaviours,
    gap_analysis,
    prioritised_items,
    request_changes,
    submit_for_review,
    suggested_target,
)

TODAY = date.today()


@pytest.fixture
def db(app):
    from lti_tool.extensions import db

    with app.app_context():
        yield db.session
        db.session.rollback()


@pytest.fixture
def fw():
    return hlm()


@pytest.fixture
def people(db):
    here = course(db, "course-1")
    there = course(db, "course-2")
    return {
        "course": here,
        "other_course": there,
        "asha": person(db, "Asha", here),
        "ben": person(db, "Ben", here),
        "carys": person(db, "Carys", here, "manager"),
        "dev": person(db, "Dev", there, "manager"),
    }


def _draft(db, fw, user, course, **levels):
    return draft_plan(
        db,
        user=user,
        course_id=course.id,
        placement_id=None,
        framework=fw,
        results=results(fw, **levels),
        assessment_id=1,
        cycle=1,
    )


def _goal(db, plan, fw, user, item=None):
    item = item or prioritised_items(fw, plan)[0]
    return add_goal(
        db,
        plan,
        item,
        GoalInput(
            specific="Lead the weekly huddle and ask each person for one idea",
            measurable="Used at six huddles, with notes",
            support="Half an hour a week with my mentor",
            behaviour_ids=[focus_behaviours(fw, item)[0].id],
            target_date=TODAY + timedelta(days=90),
        ),
        user,
        fw,
        resource_keys=set(),
        today=TODAY,
    )


# -- targets ---------------------------------------------------------------------------


def test_default_target_is_one_level_up_and_the_top_stays(fw):
    assert default_target(fw, "insufficient") == "essential"
    assert default_target(fw, "essential") == "proficient"
    assert default_target(fw, "strong") == "exemplary"
    assert default_target(fw, "exemplary") == "exemplary"


def test_course_target_is_used_but_never_below_the_current_level(fw):
    assert suggested_target(fw, "essential", "strong") == "strong"
    assert suggested_target(fw, "exemplary", "strong") == "exemplary"
    assert suggested_target(fw, "proficient", None) == "strong"


def test_gap_analysis_reports_current_target_and_size(fw):
    gaps = gap_analysis(
        fw,
        [Result("leading-with-care", None, 3), Result("engaging-the-team", "exemplary", 4)],
        {"leading-with-care": "strong"},
    )
    assert [(g.dimension_id, g.current_level_id, g.suggested_target_id, g.size) for g in gaps] == [
        ("leading-with-care", "insufficient", "strong", 3),
        ("engaging-the-team", "exemplary", "exemplary", 0),
    ]


def test_managers_set_course_targets_and_placements_override(db, fw, people):
    c = people["course"]
    plans.set_course_target(
        db,
        course_id=c.id,
        framework=fw,
        dimension_id="holding-to-account",
        level_id="strong",
        by_user=people["carys"],
    )
    assert plans.course_targets(db, c.id, None, HLM) == {"holding-to-account": "strong"}
    with pytest.raises(NotAllowed):
        plans.set_course_target(
            db,
            course_id=c.id,
            framework=fw,
            dimension_id="holding-to-account",
            level_id="exemplary",
            by_user=people["asha"],
        )
    with pytest.raises(NotAllowed):
        plans.set_course_target(
            db,
            course_id=c.id,
            framework=fw,
            dimension_id="holding-to-account",
            level_id="exemplary",
            by_user=people["dev"],
        )
    with pytest.raises(InvalidChange):
        plans.set_course_target(
            db,
            course_id=c.id,
            framework=fw,
            dimension_id="holding-to-account",
            level_id="insufficient",
            by_user=people["carys"],
        )
    plans.set_course_target(
        db,
        course_id=c.id,
        framework=fw,
        dimension_id="holding-to-account",
        level_id=None,
        by_user=people["carys"],
    )
    assert plans.course_targets(db, c.id, None, HLM) == {}


# -- drafting --------------------------------------------------------------------------


def test_draft_has_one_item_per_dimension_below_target_in_priority_order(db, fw, people):
    plan = _draft(
        db,
        fw,
        people["asha"],
        people["course"],
        leading_with_care=("essential", 4),
        engaging_the_team=(None, 4),
        holding_to_account=("exemplary", 4),
        sharing_the_vision=("proficient", 1),
    )
    ordered = [i.dimension_id for i in prioritised_items(fw, plan)]
    # importance first; within importance 4 the larger gap (insufficient → essential is 1, so
    # ties break on the lower current level), and Exemplary has no gap so is not included.
    assert ordered[:2] == ["engaging-the-team", "leading-with-care"]
    assert ordered[-1] == "sharing-the-vision"
    assert "holding-to-account" not in ordered
    assert len(ordered) == 8
    assert plan.status == PlanStatus.DRAFT
    assert plan.version == 1


def test_bigger_gap_comes_first_at_equal_importance(db, fw, people):
    c = people["course"]
    plans.set_course_target(
        db,
        course_id=c.id,
        framework=fw,
        dimension_id="developing-capability",
        level_id="exemplary",
        by_user=people["carys"],
    )
    plan = _draft(db, fw, people["asha"], c)
    assert prioritised_items(fw, plan)[0].dimension_id == "developing-capability"


def test_focus_behaviours_are_the_next_level_up_in_self_phrasing(fw, db, people):
    plan = _draft(db, fw, people["asha"], people["course"], leading_with_care=(None, 3))
    item = plan.item_for("leading-with-care")
    behaviours = focus_behaviours(fw, item)
    assert behaviours == fw.dimension("leading-with-care").behaviours_at("essential")
    assert [b.self_text for b in behaviours] == [b.text("self") for b in behaviours]
    top = plan.item_for("inspiring-shared-purpose")
    top.current_level_id = "exemplary"
    assert focus_behaviours(fw, top) == fw.dimension("inspiring-shared-purpose").behaviours_at(
        "exemplary"
    )


def test_learner_raises_freely_lowers_only_with_a_reason(db, fw, people):
    asha = people["asha"]
    plan = _draft(db, fw, asha, people["course"], engaging_the_team=("exemplary", 2))
    item = plan.item_for("leading-with-care")
    plans.set_target(db, plan, item, "exemplary", asha, fw)
    assert item.target_level_id == "exemplary" and item.target_reason is None
    with pytest.raises(InvalidChange) as refused:
        plans.set_target(db, plan, item, "essential", asha, fw)
    assert "reason" in refused.value.problems
    plans.set_target(db, plan, item, "essential", asha, fw, reason="New in post; consolidating")
    assert item.target_lowered and item.target_reason == "New in post; consolidating"
    with pytest.raises(InvalidChange):
        plans.set_target(db, plan, item, "insufficient", asha, fw, reason="x")
    with pytest.raises(NotAllowed):
        plans.set_target(db, plan, item, "strong", people["ben"], fw)
    # raising an Exemplary-at-target dimension is impossible; it is not in the plan
    assert not plan.item_for("engaging-the-team").included
    summaries = db.scalars(select(PlanEvent.summary).where(PlanEvent.plan_id == plan.id)).all()
    assert any("because: New in post" in s for s in summaries)


def test_learner_adds_a_no_gap_dimension_and_removes_a_suggested_one(db, fw, people):
    asha = people["asha"]
    plan = _draft(db, fw, asha, people["course"], engaging_the_team=("exemplary", 2))
    extra = plan.item_for("engaging-the-team")
    plans.include_item(db, plan, extra, asha, fw)
    assert extra.included and extra.added_by_learner
    suggested = plan.item_for("leading-with-care")
    plans.remove_item(db, plan, suggested, asha, fw)
    assert not suggested.included
    plans.include_item(db, plan, suggested, asha, fw)
    goal = _goal(db, plan, fw, asha, suggested)
    with pytest.raises(NotAllowed):
        plans.remove_item(db, plan, suggested, asha, fw)
    change_status(db, goal, GoalStatus.DROPPED, asha, reason="Covered by my team's programme")
    plans.remove_item(db, plan, suggested, asha, fw)
    assert not suggested.included


# -- review workflow -------------------------------------------------------------------


def test_submit_needs_a_goal_and_only_the_owner(db, fw, people):
    asha = people["asha"]
    plan = _draft(db, fw, asha, people["course"])
    with pytest.raises(InvalidChange):
        submit_for_review(db, plan, asha)
    _goal(db, plan, fw, asha)
    with pytest.raises(NotAllowed):
        submit_for_review(db, plan, people["carys"])
    submit_for_review(db, plan, asha)
    assert plan.status == PlanStatus.SUBMITTED and plan.submitted_at is not None
    with pytest.raises(NotAllowed):
        submit_for_review(db, plan, asha)


def test_while_submitted_goals_and_targets_are_locked_but_progress_is_not(db, fw, people):
    from development_plans.goals import record_progress

    asha = people["asha"]
    plan = _draft(db, fw, asha, people["course"])
    goal = _goal(db, plan, fw, asha)
    submit_for_review(db, plan, asha)
    with pytest.raises(NotAllowed, match="with your manager"):
        _goal(db, plan, fw, asha)
    with pytest.raises(NotAllowed):
        plans.set_target(db, plan, goal.item, "exemplary", asha, fw)
    record_progress(db, goal, asha, note="Ran the first huddle", occurred_on=TODAY, today=TODAY)
    assert goal.status == GoalStatus.IN_PROGRESS


def test_only_a_manager_of_the_course_reviews_and_changes_need_a_message(db, fw, people):
    asha = people["asha"]
    plan = _draft(db, fw, asha, people["course"])
    _goal(db, plan, fw, asha)
    with pytest.raises(NotAllowed):
        approve(db, plan, people["carys"], "")  # not submitted yet
    submit_for_review(db, plan, asha)
    for outsider in (asha, people["ben"], people["dev"]):
        with pytest.raises(NotAllowed):
            approve(db, plan, outsider, "")
        with pytest.raises(NotAllowed):
            request_changes(db, plan, outsider, "Please add a date")
    with pytest.raises(InvalidChange):
        request_changes(db, plan, people["carys"], "   ")
    request_changes(db, plan, people["carys"], "Make goal 1 measurable")
    assert plan.status == PlanStatus.CHANGES_REQUESTED
    assert plan.review_message == "Make goal 1 measurable"
    assert plan.reviewed_by_id == people["carys"].id
    submit_for_review(db, plan, asha)
    approve(db, plan, people["carys"], "Good plan")
    assert plan.status == PlanStatus.APPROVED
    with pytest.raises(NotAllowed):
        plans.activate(db, plan, people["carys"])
    plans.activate(db, plan, asha)
    assert plan.status == PlanStatus.ACTIVE
    actions = db.scalars(
        select(PlanEvent.action).where(PlanEvent.plan_id == plan.id).order_by(PlanEvent.id)
    ).all()
    assert actions[-5:] == [
        "plan_submitted",
        "changes_requested",
        "plan_submitted",
        "plan_approved",
        "plan_activated",
    ]


def test_a_mentor_reviews_only_their_mentees(db, fw, people):
    asha, ben = people["asha"], people["ben"]
    mentor = person(db, "Mo", people["course"], "manager")
    enrolment = db.scalar(select(plans.Enrolment).where(plans.Enrolment.user_id == mentor.id))
    enrolment.mentees_only = True
    enrolment.mentee_subjects = [ben.subject]
    plan = _draft(db, fw, asha, people["course"])
    assert not plans.may_review(db, plan, mentor)
    assert plans.may_review(db, plan, people["carys"])
    assert not plans.may_view(db, plan, ben)
    ben_plan = _draft(db, fw, ben, people["course"])
    assert plans.may_review(db, ben_plan, mentor)


def test_a_mentor_with_no_mentees_reviews_nobody(db, fw, people):
    mentor = person(db, "Mo", people["course"], "manager")
    enrolment = db.scalar(select(plans.Enrolment).where(plans.Enrolment.user_id == mentor.id))
    enrolment.mentees_only = True
    enrolment.mentee_subjects = []
    plan = _draft(db, fw, people["asha"], people["course"])
    assert not plans.may_review(db, plan, mentor)
    assert not plans.may_view(db, plan, mentor)


def test_a_mentor_cannot_set_targets_for_the_whole_course(db, fw, people):
    mentor = person(db, "Mo", people["course"], "manager")
    enrolment = db.scalar(select(plans.Enrolment).where(plans.Enrolment.user_id == mentor.id))
    enrolment.mentees_only = True
    enrolment.mentee_subjects = [people["ben"].subject]
    with pytest.raises(NotAllowed):
        plans.set_course_target(
            db,
            course_id=people["course"].id,
            framework=fw,
            dimension_id="holding-to-account",
            level_id="strong",
            by_user=mentor,
        )


def test_every_change_keeps_who_when_and_what(db, fw, people):
    asha = people["asha"]
    plan = _draft(db, fw, asha, people["course"])
    goal = _goal(db, plan, fw, asha)
    events = db.scalars(select(PlanEvent).where(PlanEvent.plan_id == plan.id)).all()
    assert [e.action for e in events] == ["plan_drafted", "goal_added"]
    assert all(e.actor_id == asha.id and e.at is not None for e in events)
    assert events[1].goal_id == goal.id and "Lead the weekly huddle" in events[1].summary


# -- versions --------------------------------------------------------------------------


def test_new_cycle_starts_a_new_version_and_carries_chosen_goals(db, fw, people):
    asha = people["asha"]
    first = _draft(db, fw, asha, people["course"])
    keep = _goal(db, first, fw, asha)
    leave = _goal(db, first, fw, asha)
    done = _goal(db, first, fw, asha)
    change_status(db, done, GoalStatus.ACHIEVED, asha, reflection="It worked")
    keep.actions.append(plans.GoalAction(text="Book a room", done=True))
    db.flush()
    assert {g.id for g in plans.unfinished_goals(first)} == {keep.id, leave.id}
    with pytest.raises(NotAllowed):
        _draft(db, fw, asha, people["course"])  # same assessment id
    second = draft_plan(
        db,
        user=asha,
        course_id=people["course"].id,
        placement_id=None,
        framework=fw,
        results=results(fw, leading_with_care=("proficient", 4)),
        assessment_id=2,
        cycle=2,
        carry_over=[keep.id, done.id],
    )
    assert second.version == 2 and first.closed
    assert [g.carried_from_id for g in second.goals] == [keep.id]
    assert [a.text for a in second.goals[0].actions] == ["Book a room"]
    assert plans.current_plan(db, asha.id, people["course"].id).id == second.id
    assert [p.version for p in plans.plan_versions(db, asha.id, people["course"].id)] == [2, 1]
    with pytest.raises(NotAllowed, match="earlier version"):
        _goal(db, first, fw, asha)
