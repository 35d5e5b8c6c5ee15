"""In the demo LMS at 900 px, in Chromium: the next step is always the obvious button. Home
offers to draft the plan after the self-assessment, the results end with "Draft your development
plan", the drafted plan focuses on three priorities with the rest folded, a lower target reveals
its reason field, and home then offers to continue the plan; every page passes axe and fits the
frame without horizontal scrolling."""

from __future__ import annotations

from support.e2e import assert_accessible, launch_in_iframe, navigate
from support.plan_data import submit_assessment


def test_home_results_plan_next_steps_at_900_px(chromium, demo_site):
    context = chromium.new_context(viewport={"width": 900, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    frame = launch_in_iframe(page, demo_site, "asha")
    step = frame.get_by_test_id("next-step-button")
    assert step.inner_text().strip() == "Start your self-assessment"
    submit_assessment(demo_site.app, "demo-learner-asha", {"engaging-the-team": None})

    frame.goto(f"{demo_site.tool_url}/")
    assert frame.get_by_test_id("next-step-button").inner_text().strip() == (
        "Draft your development plan"
    )
    assert_accessible(frame, "home with the next step")

    navigate(frame, frame.get_by_role("link", name="View your results"))
    assert "not yet consistently at Essential" in frame.get_by_test_id("priorities").inner_text()
    assert_accessible(frame, "results with the next step")
    navigate(frame, frame.get_by_test_id("results-next-step"))
    navigate(frame, frame.get_by_test_id("draft-plan"))

    frame.get_by_test_id("plan-status").wait_for()
    assert frame.locator("main [data-testid=plan-item]:visible").count() == 3
    assert frame.locator(".dp-folded-item").count() == 6
    assert not frame.get_by_test_id("resources").first.is_visible()
    frame.get_by_test_id("resources-folded").first.locator("summary").click()
    assert frame.get_by_test_id("resources").first.is_visible()
    assert_accessible(frame, "drafted plan, focused")

    navigate(frame, frame.get_by_test_id("edit-targets"))
    reason = frame.locator("#reason-leading-with-care-essential")
    assert not reason.is_visible()
    frame.locator("#target-leading-with-care-essential").check()
    assert reason.is_visible()
    frame.locator("#target-leading-with-care-proficient").check()
    assert not reason.is_visible()
    frame.locator("#target-leading-with-care-essential").check()
    assert_accessible(frame, "targets with a lower target's reason shown")

    frame.goto(f"{demo_site.tool_url}/")
    assert frame.get_by_test_id("next-step-button").inner_text().strip() == (
        "Continue your development plan"
    )
    context.close()
