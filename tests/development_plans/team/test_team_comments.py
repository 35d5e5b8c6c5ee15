"""Comments on a plan need a reviewer of the learner's course and some text."""

from __future__ import annotations

import pytest
from support.plan_data import course, hlm, person, results

from development_plans import team
from development_plans.plans import InvalidChange, NotAllowed, draft_plan


def test_comments_need_a_reviewer_and_text(db):
    here = course(db, "c1")
    asha, ben = person(db, "Asha", here), person(db, "Ben", here)
    carys = person(db, "Carys", here, "manager")
    plan = draft_plan(
        db, user=asha, course_id=here.id, placement_id=None, framework=hlm(), results=results(hlm())
    )
    with pytest.raises(NotAllowed):
        team.add_comment(db, plan, ben, "Nice")
    with pytest.raises(InvalidChange):
        team.add_comment(db, plan, carys, "   ")
    with pytest.raises(InvalidChange):
        team.add_comment(db, plan, carys, "x" * (team.COMMENT_MAX + 1))
    team.add_comment(db, plan, carys, "Good start")
    assert [c.body for c in team.comments_for(db, plan.id)] == ["Good start"]
