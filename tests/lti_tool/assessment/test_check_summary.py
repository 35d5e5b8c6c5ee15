"""Check your answers over real HTTP: one summary line per dimension with its answers folded
away (open where something is unanswered), readable without JavaScript."""

from __future__ import annotations

import re

from sqlalchemy import select
from support.plan_data import hlm

from development_plans import assessments
from development_plans.courses import Course
from development_plans.people import User


def answered_but_one(app, subject: str) -> int:
    """An open assessment with every answer given but Leading With Care's importance."""
    framework = hlm()
    from lti_tool.extensions import db

    with app.app_context():
        user = db.session.scalar(select(User).where(User.subject == subject))
        course_id = db.session.scalar(select(Course.id).order_by(Course.id).limit(1))
        cycle = assessments.start_or_resume(
            db.session, user_id=user.id, course_id=course_id, placement_id=None, framework=framework
        )
        for dimension in framework.dimensions:
            ratings = {
                b.id: 3 if b.level_id == "essential" else 1 for b in dimension.all_behaviours()
            }
            importance = None if dimension.id == "leading-with-care" else 4
            assessments.save_dimension_answers(
                db.session, cycle, framework, dimension.id, ratings, importance
            )
        db.session.commit()
        return cycle.id


def test_each_dimension_is_summarised_with_its_answers_folded(app, launch):
    asha = launch("asha")
    assessment_id = answered_but_one(app, "demo-learner-asha")
    page = asha.get(f"/assessment/{assessment_id}/check").text
    fw = hlm()
    folded = re.findall(r'<details class="nhsuk-details"( open)?>', page)
    assert len(folded) == len(fw.dimensions)
    assert folded.count(" open") == 1, "only the dimension with a missing answer is open"
    care = re.search(r'data-testid="summary-leading-with-care">(.*?)</p>', page, re.S).group(1)
    assert "1 of " in care and "questions not answered" in care
    purpose = fw.dimension("inspiring-shared-purpose")
    essential = len(purpose.behaviours_at("essential"))
    rest = len(purpose.all_behaviours()) - essential
    summary = re.search(r'data-testid="summary-inspiring-shared-purpose">(.*?)</p>', page, re.S)
    text = re.sub(r"<[^>]+>|\s+", " ", summary.group(1))
    assert f"All {len(purpose.all_behaviours()) + 1} questions answered." in text
    assert f"Consistently: {essential}, Sometimes: {rest}." in text
    assert "Importance to your role: very important." in text
    # every answer is still on the page, inside its dimension's details
    for behaviour in purpose.all_behaviours():
        assert behaviour.self_text in page
