"""The review workflow: submitting, reviewing and activating a plan."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from support.plan_data import draft, smart_goal

from development_plans import plans
from development_plans.goals import GoalStatus
from development_plans.plans import (
    InvalidChange,
    NotAllowed,
    PlanEvent,
    PlanStatus,
    approve,
    request_changes,
    submit_for_review,
)

TODAY = date.today()


def test_submit_needs_a_goal_and_only_the_owner(db, fw, people):
    asha = people["asha"]
    plan = draft(db, fw, asha, people["course"])
    with pytest.raises(InvalidChange):
        submit_for_review(db, plan, asha)
    smart_goal(db, plan, fw, asha)
    with pytest.raises(NotAllowed):
        submit_for_review(db, plan, people["carys"])
    submit_for_review(db, plan, asha)
    assert plan.status == PlanStatus.SUBMITTED and plan.submitted_at is not None
    with pytest.raises(NotAllowed):
        submit_for_review(db, plan, asha)


def test_while_submitted_goals_and_targets_are_locked_but_progress_is_not(db, fw, people):
    from development_plans.goals import record_progress

    asha = people["asha"]
    plan = draft(db, fw, asha, people["course"])
    goal = smart_goal(db, plan, fw, asha)
    submit_for_review(db, plan, asha)
    with pytest.raises(NotAllowed, match="with your manager"):
        smart_goal(db, plan, fw, asha)
    with pytest.raises(NotAllowed):
        plans.set_target(db, plan, goal.item, "exemplary", asha, fw)
    record_progress(db, goal, asha, note="Ran the first huddle", occurred_on=TODAY, today=TODAY)
    assert goal.status == GoalStatus.IN_PROGRESS


def test_only_a_manager_of_the_course_reviews_and_changes_need_a_message(db, fw, people):
    asha = people["asha"]
    plan = draft(db, fw, asha, people["course"])
    smart_goal(db, plan, fw, asha)
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
