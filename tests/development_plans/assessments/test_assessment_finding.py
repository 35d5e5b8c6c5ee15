"""Finding assessments (development_plans.assessments.finding): learners and courses kept apart."""

from __future__ import annotations

from support.assessment_data import (
    course,
    started,
)

from development_plans.assessments import (
    current_assessment,
    history,
    latest_submitted,
    owned_assessment,
)


def test_learners_and_courses_are_kept_apart(session, asha, ben, lead101):
    other_course = course(session, "LEAD202")
    ashas = started(session, asha, lead101)
    bens = started(session, ben, lead101)
    ashas_other = started(session, asha, other_course)
    assert len({ashas.id, bens.id, ashas_other.id}) == 3
    assert ashas_other.cycle == 1

    assert owned_assessment(session, ashas.id, user_id=asha.id, course_id=lead101.id) is ashas
    assert owned_assessment(session, ashas.id, user_id=ben.id, course_id=lead101.id) is None
    assert owned_assessment(session, ashas.id, user_id=asha.id, course_id=other_course.id) is None
    assert current_assessment(session, ben.id, lead101.id).id == bens.id
    assert history(session, asha.id, lead101.id) == [ashas]
    assert latest_submitted(session, asha.id, lead101.id) is None
    assert current_assessment(session, ben.id, other_course.id) is None
