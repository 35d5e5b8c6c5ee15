"""In the demo LMS, in Chromium: a learner goes from a submitted self-assessment to a plan with
two SMART goals submitted for review, records progress, marks one goal achieved and downloads the
PDF; every plan page passes axe's WCAG 2.x A/AA checks, error states included."""

from __future__ import annotations

import re

from pypdf import PdfReader
from support.e2e import assert_accessible, launch_in_iframe, navigate, write_goal
from support.plan_data import submit_assessment

from development_plans.db import utcnow
from development_plans.goals import add_months

FIRST_GOAL = "Lead the weekly huddle and ask each person for one improvement idea"
SECOND_GOAL = "Ask three colleagues for feedback after each team meeting I chair"


def test_learner_plans_tracks_and_downloads(page, demo_site, tmp_path):
    frame = launch_in_iframe(page, demo_site, "asha")
    submit_assessment(
        demo_site.app,
        "demo-learner-asha",
        {"engaging-the-team": None},
        importance={"engaging-the-team": 4},
    )
    frame.goto(f"{demo_site.tool_url}/")
    navigate(frame, frame.get_by_test_id("start-plan-link"))
    frame.get_by_test_id("draft-plan").wait_for()
    assert_accessible(frame, "start plan page")
    navigate(frame, frame.get_by_test_id("draft-plan"))
    frame.get_by_test_id("plan-status").wait_for()
    assert "Draft" in frame.get_by_test_id("plan-status").inner_text()
    headings = frame.locator("[data-testid=plan-item] h3").all_inner_texts()
    assert headings[0] == "1. Engaging The Team"
    assert_accessible(frame, "plan page")

    navigate(frame, frame.get_by_test_id("add-goal").first)
    navigate(frame, frame.get_by_role("button", name="Save goal"))
    frame.get_by_test_id("error-summary").wait_for()
    assert "Say exactly what you will do" in frame.get_by_test_id("error-summary").inner_text()
    assert_accessible(frame, "goal form with errors")
    target = add_months(utcnow().date(), 3)
    write_goal(frame, FIRST_GOAL, target)
    assert_accessible(frame, "goal page")
    first_goal_url = frame.url

    navigate(frame, frame.get_by_role("link", name="Back to the plan"))
    navigate(frame, frame.get_by_test_id("add-goal").nth(1))
    write_goal(frame, SECOND_GOAL, add_months(target, 1))
    navigate(frame, frame.get_by_role("link", name="Back to the plan"))
    navigate(frame, frame.get_by_test_id("edit-targets"))
    frame.get_by_test_id("save-targets").wait_for()
    assert_accessible(frame, "targets page")
    navigate(frame, frame.get_by_role("link", name="Back to your plan"))
    navigate(frame, frame.get_by_test_id("submit-plan"))
    frame.get_by_test_id("flash-success").wait_for()
    assert "Submitted for review" in frame.get_by_test_id("plan-status").inner_text()
    assert_accessible(frame, "submitted plan")

    frame.goto(first_goal_url)
    navigate(frame, frame.get_by_test_id("record-progress"))
    frame.get_by_label("What did you do, and what happened?").fill(
        "Ran the first huddle; two ideas to try"
    )
    frame.get_by_label("Links to evidence (optional)").fill("notes.example.nhs.uk")
    navigate(frame, frame.get_by_test_id("save-progress"))
    frame.get_by_test_id("error-summary").wait_for()
    assert_accessible(frame, "progress form with errors")
    assert (
        frame.get_by_label("What did you do, and what happened?")
        .input_value()
        .startswith("Ran the first huddle")
    )
    frame.get_by_label("Links to evidence (optional)").fill("https://notes.example.nhs.uk/huddle")
    navigate(frame, frame.get_by_test_id("save-progress"))
    frame.get_by_test_id("progress-updates").wait_for()
    assert "Ran the first huddle" in frame.get_by_test_id("progress-updates").inner_text()

    navigate(frame, frame.get_by_test_id("change-status"))
    frame.get_by_role("radio", name="Achieved").check()
    navigate(frame, frame.get_by_test_id("save-status"))
    frame.get_by_test_id("error-summary").wait_for()
    assert_accessible(frame, "status form with errors")
    frame.get_by_label("If achieved: your reflection").fill(
        "The team now brings ideas to every huddle"
    )
    navigate(frame, frame.get_by_test_id("save-status"))
    frame.get_by_test_id("reflection").wait_for()
    assert "Achieved" in frame.locator("main").inner_text()

    navigate(frame, frame.get_by_role("link", name="Back to the plan"))
    navigate(frame, frame.get_by_role("link", name="History of changes"))
    frame.get_by_test_id("history").wait_for()
    assert "Plan submitted for review." in frame.get_by_test_id("history").inner_text()
    assert_accessible(frame, "history page")
    navigate(frame, frame.get_by_role("link", name="Back to the plan"))

    with page.expect_download() as download:
        frame.get_by_test_id("download-pdf").click()
    saved = tmp_path / "plan.pdf"
    download.value.save_as(saved)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(saved).pages))
    assert FIRST_GOAL in text and SECOND_GOAL in text
    assert "Achieved" in text and "Ran the first huddle" in text
    assert "© NHS Leadership Academy" in text

    frame.goto(f"{demo_site.tool_url}/")
    section = frame.get_by_test_id("plan-section")
    section.wait_for()
    assert "Submitted for review" in section.inner_text()
    assert_accessible(frame, "home with the plan at a glance")


def test_manager_course_pages_are_accessible(page, demo_site):
    frame = launch_in_iframe(page, demo_site, "carys")
    frame.goto(f"{demo_site.tool_url}/plan/")
    assert_accessible(frame, "manager plan index")
    navigate(frame, frame.get_by_role("link", name="Targets for each dimension"))
    frame.get_by_test_id("save-course-targets").wait_for()
    assert_accessible(frame, "course targets")
    frame.goto(f"{demo_site.tool_url}/plan/course/resources")
    frame.get_by_label("Web address").fill("ftp://example.org/file")
    navigate(frame, frame.get_by_test_id("add-resource"))
    frame.get_by_test_id("error-summary").wait_for()
    assert_accessible(frame, "course resources with errors")
