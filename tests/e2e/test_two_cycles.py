"""Issue 11's whole journey, twice, in the demo LMS at 900 px in Chromium: a learner follows the
next-step button from the self-assessment to a plan submitted for review, the manager goes from
their home straight to what waits for review and approves it, and the gradebook holds the grade;
the learner then starts a second cycle (told what happens to the plan and the grade), the
gradebook keeps the earned grade through it, and the second plan is approved too. Every page
fits the frame (it grows to the page, so there is no scroll box, and nothing scrolls sideways)
and passes axe and the WCAG 2.2 checks."""

from __future__ import annotations

import re

from support.e2e import assert_accessible, launch_in_iframe, navigate, write_goal
from support.frames import assert_frame_fits, wait_until
from support.plan_data import submit_assessment

from development_plans.db import utcnow
from development_plans.goals import add_months

ASHA = "demo-learner-asha"
GOALS = (
    "Lead the weekly huddle and ask each person for one improvement idea",
    "Chair the monthly audit meeting and agree one change with the team each time",
)


def check(page, frame, where: str) -> None:
    assert_frame_fits(page, frame, where)
    assert_accessible(frame, where)


def next_step(frame) -> str:
    return frame.get_by_test_id("next-step-button").inner_text().strip()


def asha_plans(page, demo_site, cycle: int, levels: dict) -> None:
    """From the next-step button on home through the assessment to a plan submitted for review."""
    frame = launch_in_iframe(page, demo_site, "asha")
    check(page, frame, f"learner home, cycle {cycle}")
    if cycle == 1:
        assert next_step(frame) == "Start your self-assessment"
        navigate(frame, frame.get_by_test_id("next-step-button"))
    else:
        notice = frame.get_by_test_id("new-cycle-notice").inner_text()
        assert "grade you have already earned in this course is not lowered" in notice
        navigate(frame, frame.get_by_role("button", name="Start a new self-assessment"))
    check(page, frame, f"first dimension page, cycle {cycle}")
    submit_assessment(demo_site.app, ASHA, levels)  # the answers themselves: other tests type them

    frame.goto(f"{demo_site.tool_url}/")
    assert next_step(frame) == "Draft your development plan"
    navigate(frame, frame.get_by_test_id("next-step-button"))
    if frame.get_by_test_id("draft-plan").count():
        check(page, frame, f"start plan page, cycle {cycle}")
        navigate(frame, frame.get_by_test_id("draft-plan"))
    frame.get_by_test_id("plan-status").wait_for()
    check(page, frame, f"drafted plan, cycle {cycle}")
    navigate(frame, frame.get_by_test_id("add-goal").first)
    write_goal(frame, GOALS[cycle - 1], add_months(utcnow().date(), 3))
    check(page, frame, f"goal page, cycle {cycle}")
    navigate(frame, frame.get_by_role("link", name="Back to the plan"))
    navigate(frame, frame.get_by_test_id("submit-plan"))
    frame.get_by_test_id("flash-success").wait_for()
    assert "Submitted for review" in frame.get_by_test_id("plan-status").inner_text()
    check(page, frame, f"submitted plan, cycle {cycle}")


def carys_approves(page, demo_site, cycle: int) -> None:
    """What the manager sees first is the review waiting; approving takes three clicks."""
    frame = launch_in_iframe(page, demo_site, "carys")
    check(page, frame, f"manager home, cycle {cycle}")
    navigate(frame, frame.get_by_test_id("review-waiting-link"))
    waiting = frame.get_by_test_id("waiting")
    assert "Waiting for your review (1)" in waiting.inner_text()
    check(page, frame, f"team dashboard, cycle {cycle}")
    navigate(frame, waiting.get_by_role("link", name=re.compile("Asha Patel")))
    frame.get_by_test_id("review-form").wait_for()
    assert GOALS[cycle - 1] in frame.get_by_test_id("plan-goal").first.inner_text()
    check(page, frame, f"member page, cycle {cycle}")
    frame.get_by_role("radio", name="Approve the plan").check()
    frame.get_by_label("Message to Asha Patel").fill(f"Approved for cycle {cycle}")
    navigate(frame, frame.get_by_test_id("send-decision"))
    frame.get_by_test_id("flash-success").wait_for()
    assert "Approved" in frame.get_by_test_id("plan-status").inner_text()


def gradebook_cell(page, demo_site) -> str:
    page.goto(f"{demo_site.lms_url}/gradebook")
    row = page.locator("tr", has=page.locator("th", has_text=ASHA))
    return row.locator("td").first.inner_text() if row.count() else ""


def wait_for_grade(page, demo_site, expected: str) -> str:
    def shown() -> str:
        cell = gradebook_cell(page, demo_site)
        return cell if expected in cell else ""

    return wait_until(shown, timeout=20, what=f"the gradebook to show {expected}")


def test_two_cycles_through_the_demo_lms(chromium, demo_site):
    context = chromium.new_context(viewport={"width": 900, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()

    asha_plans(page, demo_site, 1, {"engaging-the-team": None})
    carys_approves(page, demo_site, 1)
    approved = wait_for_grade(page, demo_site, "FullyGraded")
    posts = re.search(r"(\d+) score POST", approved).group(1)

    asha_plans(page, demo_site, 2, {"engaging-the-team": "proficient"})
    during = gradebook_cell(page, demo_site)
    assert during.split("\n")[0] == approved.split("\n")[0], "cycle 2 lowered the grade"
    assert "FullyGraded" in during and f"{posts} score POST" in during, during

    carys_approves(page, demo_site, 2)
    after = wait_for_grade(page, demo_site, "FullyGraded")
    assert after.split("\n")[0] == approved.split("\n")[0]  # full marks, kept
    frame = launch_in_iframe(page, demo_site, "asha")
    assert "Approved" in frame.get_by_test_id("plan-section").inner_text()
    check(page, frame, "learner home after the second approval")
    context.close()
