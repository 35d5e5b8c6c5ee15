"""Who may see and change which self-assessment: only its learner, only in its course."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from support.assessment_pages import assessment_id_in
from support.lti import browser

from development_plans.assessments import Assessment, load_answers, start_or_resume
from development_plans.courses import Course
from development_plans.framework import available_frameworks
from development_plans.people import User
from lti_tool.assessment.forms import rating_field_name
from lti_tool.extensions import db

PAGES = ["dimensions/1", "dimensions/2", "check", "results", "saved"]


def behaviour_on_page_one(app) -> str:
    with app.app_context():
        framework = available_frameworks(app.config["FRAMEWORK_PACKS_DIR"])[
            "nhs-healthcare-leadership-model"
        ]
    return framework.dimensions[0].all_behaviours()[0].id


@pytest.fixture
def ashas_assessment(launch, app) -> int:
    asha = launch("asha")
    assessment_id = assessment_id_in(asha.start().url)
    asha.save_page(assessment_id, 1, {behaviour_on_page_one(app): 3}, importance=4)
    return assessment_id


def ratings_of(app, assessment_id: int) -> dict[str, int]:
    with app.app_context():
        return load_answers(db.session, db.session.get(Assessment, assessment_id)).ratings


@pytest.mark.parametrize("page", PAGES)
def test_without_a_launch_every_page_is_unauthorised(tool, page, ashas_assessment):
    response = browser().get(f"{tool.url}/assessment/{ashas_assessment}/{page}")
    assert response.status_code == 401
    assert "Open Development Planner from your course" in response.text


def test_without_a_launch_nothing_can_be_posted(tool, app, ashas_assessment):
    stranger = browser()
    for path in ("start", f"{ashas_assessment}/dimensions/1", f"{ashas_assessment}/submit"):
        response = stranger.post(f"{tool.url}/assessment/{path}", data={"importance": "1"})
        assert response.status_code in (400, 401)
    assert ratings_of(app, ashas_assessment) == {behaviour_on_page_one(app): 3}


@pytest.mark.parametrize("page", PAGES)
def test_another_learner_guessing_the_id_finds_nothing(launch, page, ashas_assessment):
    ben = launch("ben")
    response = ben.get(f"/assessment/{ashas_assessment}/{page}")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_another_learner_cannot_change_or_submit_it(launch, app, ashas_assessment):
    ben = launch("ben")
    own = assessment_id_in(ben.start().url)
    token = ben.csrf(ben.get(f"/assessment/{own}/dimensions/1").text)
    behaviour = behaviour_on_page_one(app)
    changed = ben.post(
        f"/assessment/{ashas_assessment}/dimensions/1",
        {"csrf_token": token, rating_field_name(behaviour): "0", "action": "continue"},
    )
    assert changed.status_code == 404
    submitted = ben.post(f"/assessment/{ashas_assessment}/submit", {"csrf_token": token})
    assert submitted.status_code == 404
    assert ratings_of(app, ashas_assessment) == {behaviour: 3}
    assert own != ashas_assessment


def test_the_same_learner_in_another_course_finds_nothing(launch, app):
    asha = launch("asha")
    with app.app_context():
        me = db.session.scalars(select(User).where(User.subject == asha_subject(app))).one()
        elsewhere = Course(issuer="https://other", client_id="x", deployment_id="1", context_id="Z")
        db.session.add(elsewhere)
        db.session.flush()
        other = start_or_resume(
            db.session,
            user_id=me.id,
            course_id=elsewhere.id,
            placement_id=None,
            framework=available_frameworks(app.config["FRAMEWORK_PACKS_DIR"])[
                "nhs-healthcare-leadership-model"
            ],
        )
        db.session.commit()
        other_id = other.id
    for page in PAGES:
        assert asha.get(f"/assessment/{other_id}/{page}").status_code == 404
    assert assessment_id_in(asha.start().url) != other_id


def asha_subject(app) -> str:
    with app.app_context():
        return db.session.scalars(select(User.subject).where(User.given_name == "Asha")).one()


def test_managers_are_told_the_self_assessment_is_for_learners(launch, app, ashas_assessment):
    carys = launch("carys")
    assert "The self-assessment is for learners" in carys.landed.text
    assert "Start your self-assessment" not in carys.landed.text
    token = carys.csrf_for_session(app)
    for path in ("start", f"{ashas_assessment}/dimensions/1", f"{ashas_assessment}/submit"):
        refused = carys.post(f"/assessment/{path}", {"csrf_token": token, "importance": "1"})
        assert refused.status_code == 403
        assert "The self-assessment is for learners" in refused.text
    for page in PAGES:
        response = carys.get(f"/assessment/{ashas_assessment}/{page}")
        assert response.status_code == 403
        assert "The self-assessment is for learners" in response.text
    with app.app_context():
        assert db.session.scalars(select(Assessment.user_id).distinct()).all() == [
            db.session.get(Assessment, ashas_assessment).user_id
        ]
    assert ratings_of(app, ashas_assessment) == {behaviour_on_page_one(app): 3}
