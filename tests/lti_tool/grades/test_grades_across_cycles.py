"""A second cycle never lowers a grade the gradebook holds: after approval (100 %, FullyGraded)
a new self-assessment used to send 50 % InProgress/Pending. Each course chooses which cycle the
gradebook holds ("keep the best" or "grade the latest cycle once it completes"); both are tested
through the real journey against the demo LMS, and the second platform (lti1p3platform) receives
the same scores."""

from __future__ import annotations

import re

import pytest
from grade_helpers import make_sender, result_for, score_posts
from support.assessment_pages import Learner, assessment_id_in
from support.lti import Launcher, hidden_inputs
from support.packs import HLM_PACK
from support.plan_pages import Browser, add_goal, start_plan

from development_plans.framework import load_framework

SUB = "demo-learner-asha"


def _deliver(app, platform) -> dict:
    make_sender(app).send_all_due()
    return result_for(platform, SUB)


def _choose_rule(platform, tool, rule: str) -> Launcher:
    manager = Launcher(platform, tool)
    assert manager.launch("carys").status_code == 200
    form = manager.session.get(f"{tool.url}/grades/policy").text
    saved = manager.session.post(
        f"{tool.url}/grades/policy",
        data={
            "csrf_token": hidden_inputs(form)["csrf_token"],
            "policy": "staged",
            "cycle_rule": rule,
        },
    )
    assert saved.status_code == 200, saved.text[:1000]
    assert re.search(rf'value="{rule}"[^>]*checked', saved.text)
    return manager


def _assess(learner: Learner) -> None:
    assessment_id = assessment_id_in(learner.start().url)
    learner.answer_all(assessment_id, load_framework(HLM_PACK), rating_for=lambda behaviour: 1)
    assert learner.submit(assessment_id).status_code == 200


def _submit_plan(browser: Browser) -> int:
    plan_id, plan_page = start_plan(browser)
    _, saved = add_goal(browser, plan_page)
    assert saved.status_code in (302, 303), saved.text[:1500]
    plan_page = browser.get(f"/plan/{plan_id}").text
    submitted = browser.post(f"/plan/{plan_id}/submit", page=plan_page)
    assert submitted.status_code in (302, 303), submitted.text[:1500]
    return plan_id


def _approve(manager: Launcher, tool, plan_id: int) -> None:
    page = manager.session.get(f"{tool.url}/team/").text
    member = re.search(r'href="(/team/members/\d+)"', page).group(1)
    review_page = manager.session.get(tool.url + member).text
    approved = manager.session.post(
        f"{tool.url}/team/plans/{plan_id}/review",
        data={
            "csrf_token": hidden_inputs(review_page)["csrf_token"],
            "decision": "approve",
            "message": "Well planned",
        },
    )
    assert approved.status_code == 200, approved.text[:1500]


@pytest.mark.parametrize("rule", ["keep_best", "latest_completed"])
def test_a_second_cycle_never_lowers_the_gradebook(app, platform, tool, rule):
    manager = _choose_rule(platform, tool, rule)
    launcher = Launcher(platform, tool)
    learner = Learner(launcher, launcher.launch("asha"))
    browser = Browser(launcher, tool.url)
    _assess(learner)
    _approve(manager, tool, _submit_plan(browser))
    earned = _deliver(app, platform)
    assert (earned["scoreGiven"], earned["gradingProgress"]) == (100, "FullyGraded")
    posts_at_approval = len(score_posts(platform, SUB))

    _assess(learner)  # cycle 2 begins: 50 % of it must not reach the gradebook
    held = _deliver(app, platform)
    second_plan = _submit_plan(browser)
    while_in_review = _deliver(app, platform)

    for score in (held, while_in_review):
        assert (score["scoreGiven"], score["activityProgress"], score["gradingProgress"]) == (
            100,
            "Completed",
            "FullyGraded",
        )
    assert len(score_posts(platform, SUB)) == posts_at_approval
    assert "100%" in learner.home().text

    _approve(manager, tool, second_plan)
    after = _deliver(app, platform)
    assert (after["scoreGiven"], after["activityProgress"], after["gradingProgress"]) == (
        100,
        "Completed",
        "FullyGraded",
    )
    new_posts = score_posts(platform, SUB)[posts_at_approval:]
    if rule == "latest_completed":  # the completed cycle 2 replaces cycle 1's grade
        (post,) = new_posts
        assert post["body"]["timestamp"] > earned["timestamp"]
        assert after["timestamp"] == post["body"]["timestamp"]
    else:  # the best grade stays cycle 1's: nothing new to send
        assert new_posts == [] and after == earned
