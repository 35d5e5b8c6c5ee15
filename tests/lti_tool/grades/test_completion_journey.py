"""A learner's completion reaches the LMS gradebook at each step of the real journey: 50 % when
the self-assessment is submitted, 80 % when the plan goes for review, 100 % when it is approved."""

from __future__ import annotations

from grade_helpers import make_sender, result_for
from support.assessment_pages import Learner, assessment_id_in
from support.lti import Launcher, hidden_inputs
from support.packs import HLM_PACK
from support.plan_pages import Browser, add_goal, start_plan

from development_plans.framework import load_framework

SUB = "demo-learner-asha"


def deliver(app, platform) -> dict:
    make_sender(app).send_all_due()
    return result_for(platform, SUB)


def test_completion_follows_the_journey(app, platform, tool):
    framework = load_framework(HLM_PACK)
    launcher = Launcher(platform, tool)
    learner = Learner(launcher, launcher.launch("asha"))
    started = learner.start()
    assessment_id = assessment_id_in(started.url)
    learner.answer_all(assessment_id, framework, rating_for=lambda behaviour: 1)
    assert learner.submit(assessment_id).status_code == 200

    score = deliver(app, platform)
    assert (score["scoreGiven"], score["scoreMaximum"]) == (50, 100)
    assert (score["activityProgress"], score["gradingProgress"]) == ("InProgress", "Pending")

    browser = Browser(launcher, tool.url)
    plan_id, plan_page = start_plan(browser)
    _, saved = add_goal(browser, plan_page)
    assert saved.status_code in (302, 303), saved.text[:1500]
    plan_page = browser.get(f"/plan/{plan_id}").text
    submitted = browser.post(f"/plan/{plan_id}/submit", page=plan_page)
    assert submitted.status_code in (302, 303), submitted.text[:1500]
    score = deliver(app, platform)
    assert score["scoreGiven"] == 80 and score["activityProgress"] == "Submitted"

    manager = Launcher(platform, tool)
    assert manager.launch("carys").status_code == 200
    dashboard = manager.session.get(f"{tool.url}/team/")
    assert 'data-testid="grade-policy-link"' in dashboard.text
    assert manager.session.get(f"{tool.url}/grades/policy").status_code == 200
    member_link = f"/team/members/{_asha_id(app)}"
    review_page = manager.session.get(tool.url + member_link)
    assert review_page.status_code == 200, review_page.text[:500]
    approved = manager.session.post(
        f"{tool.url}/team/plans/{plan_id}/review",
        data={
            "csrf_token": hidden_inputs(review_page.text)["csrf_token"],
            "decision": "approve",
            "message": "Well planned",
        },
    )
    assert approved.status_code == 200, approved.text[:1500]
    score = deliver(app, platform)
    assert score["scoreGiven"] == 100
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
    home = learner.home().text
    assert "Sent to the LMS" in home or "sent to the LMS" in home


def _asha_id(app) -> int:
    from sqlalchemy import select

    from development_plans.people import User
    from lti_tool.extensions import db

    with app.app_context():
        return db.session.scalar(select(User.id).where(User.subject == SUB))
