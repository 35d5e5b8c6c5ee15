"""Drafting a plan from an assessment, the learner's items, and plan versions."""

from __future__ import annotations

import pytest
from support.plan_data import draft, results, smart_goal

from development_plans import plans
from development_plans.goals import GoalAction, GoalStatus, change_status
from development_plans.plans import (
    NotAllowed,
    PlanStatus,
    draft_plan,
    prioritised_items,
)


def test_draft_has_one_item_per_dimension_below_target_in_priority_order(db, fw, people):
    plan = draft(
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


def test_learner_adds_a_no_gap_dimension_and_removes_a_suggested_one(db, fw, people):
    asha = people["asha"]
    plan = draft(db, fw, asha, people["course"], engaging_the_team=("exemplary", 2))
    extra = plan.item_for("engaging-the-team")
    plans.include_item(db, plan, extra, asha, fw)
    assert extra.included and extra.added_by_learner
    suggested = plan.item_for("leading-with-care")
    plans.remove_item(db, plan, suggested, asha, fw)
    assert not suggested.included
    plans.include_item(db, plan, suggested, asha, fw)
    goal = smart_goal(db, plan, fw, asha, suggested)
    with pytest.raises(NotAllowed):
        plans.remove_item(db, plan, suggested, asha, fw)
    change_status(db, goal, GoalStatus.DROPPED, asha, reason="Covered by my team's programme")
    plans.remove_item(db, plan, suggested, asha, fw)
    assert not suggested.included


def test_new_cycle_starts_a_new_version_and_carries_chosen_goals(db, fw, people):
    asha = people["asha"]
    first = draft(db, fw, asha, people["course"])
    keep = smart_goal(db, first, fw, asha)
    leave = smart_goal(db, first, fw, asha)
    done = smart_goal(db, first, fw, asha)
    change_status(db, done, GoalStatus.ACHIEVED, asha, reflection="It worked")
    keep.actions.append(GoalAction(text="Book a room", done=True))
    db.flush()
    assert {g.id for g in plans.unfinished_goals(first)} == {keep.id, leave.id}
    with pytest.raises(NotAllowed):
        draft(db, fw, asha, people["course"])  # same assessment id
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
        smart_goal(db, first, fw, asha)
