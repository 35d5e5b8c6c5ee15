"""A double-clicked submit records one entry, not two: each form that records something carries
a one-time token, and a second post of it changes nothing and lands where the first did."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from support.assessment_pages import Learner, assessment_id_in
from support.lti import Launcher
from support.packs import HLM_PACK
from support.plan_data import submit_assessment
from support.plan_pages import add_goal, asha, form_fields, launch, start_plan, text_of

from development_plans.completion import CycleCompletion
from development_plans.db import utcnow
from development_plans.framework import load_framework
from development_plans.plans import PlanEvent
from lti_tool.extensions import db
from lti_tool.form_tokens import FormSubmission, claim, prune_form_tokens
from lti_tool.grades.models import GradeDelivery

__all__ = ["asha", "launch"]
ASHA = "demo-learner-asha"


def _count(app, statement) -> int:
    with app.app_context():
        return db.session.scalar(statement)


def test_a_plan_submitted_twice_is_submitted_once(app, asha):
    submit_assessment(app, ASHA, {})
    plan_id, plan_page = start_plan(asha)
    add_goal(asha, plan_page)
    plan_page = asha.get(f"/plan/{plan_id}").text
    action = f"/plan/{plan_id}/submit"
    fields = form_fields(plan_page, action)
    assert fields["form_token"]

    first, second = (asha.post(action, fields) for _ in range(2))

    assert (first.status_code, second.status_code) == (303, 303)
    assert first.headers["Location"] == second.headers["Location"]
    page = text_of(asha.get(second.headers["Location"]).text)
    assert "already saved" in page and "There is a problem" not in page
    submitted = select(func.count()).where(PlanEvent.action == "plan_submitted")
    assert _count(app, submitted) == 1


def test_an_assessment_submitted_twice_lands_on_its_results_once(app, platform, tool):
    launcher = Launcher(platform, tool)
    learner = Learner(launcher, launcher.launch("asha"))
    assessment_id = assessment_id_in(learner.start().url)
    learner.answer_all(assessment_id, load_framework(HLM_PACK))
    check = learner.get(f"/assessment/{assessment_id}/check").text
    action = f"/assessment/{assessment_id}/submit"
    fields = form_fields(check, action)

    sent = [learner.post(action, fields, allow_redirects=False) for _ in range(2)]

    assert [r.status_code for r in sent] == [303, 303]
    assert {r.headers["Location"] for r in sent} == {f"/assessment/{assessment_id}/results"}
    assert _count(app, select(func.count()).select_from(CycleCompletion)) == 1
    assert _count(app, select(func.count()).select_from(GradeDelivery)) == 1


def test_a_token_is_claimed_once_and_only_for_its_owner(app, asha):
    with app.app_context():
        users = [row for row in db.session.execute(select(FormSubmission.user_id))]
        assert users == []
        from development_plans.people import User

        user_id = db.session.scalar(select(User.id).where(User.subject == ASHA))
        assert claim(db.session, "t" * 32, user_id) is None
        db.session.commit()
        assert claim(db.session, "t" * 32, user_id) == ""
        assert claim(db.session, "t" * 32, user_id + 1000) == ""
        db.session.rollback()
        old = db.session.get(FormSubmission, "t" * 32)
        old.used_at = utcnow() - timedelta(days=3)
        db.session.commit()
        assert prune_form_tokens(db.session) == 1
        db.session.commit()
