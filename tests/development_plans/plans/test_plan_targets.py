"""Target levels: suggested, set by the course's managers, and chosen by the learner."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from support.plan_data import HLM, draft, person

from development_plans import plans
from development_plans.people import Enrolment
from development_plans.plans import (
    InvalidChange,
    NotAllowed,
    PlanEvent,
    default_target,
    suggested_target,
)


def test_default_target_is_one_level_up_and_the_top_stays(fw):
    assert default_target(fw, "insufficient") == "essential"
    assert default_target(fw, "essential") == "proficient"
    assert default_target(fw, "strong") == "exemplary"
    assert default_target(fw, "exemplary") == "exemplary"


def test_course_target_is_used_but_never_below_the_current_level(fw):
    assert suggested_target(fw, "essential", "strong") == "strong"
    assert suggested_target(fw, "exemplary", "strong") == "exemplary"
    assert suggested_target(fw, "proficient", None) == "strong"


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


def test_learner_raises_freely_lowers_only_with_a_reason(db, fw, people):
    asha = people["asha"]
    plan = draft(db, fw, asha, people["course"], engaging_the_team=("exemplary", 2))
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


def test_a_mentor_cannot_set_targets_for_the_whole_course(db, fw, people):
    mentor = person(db, "Mo", people["course"], "manager")
    enrolment = db.scalar(select(Enrolment).where(Enrolment.user_id == mentor.id))
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
