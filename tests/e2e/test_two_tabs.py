"""In the demo LMS at 900 px, in Chromium: two tabs of one browser edit the same goal. The first
save lands; the second is refused with the version saved now shown beside the learner's own
text, which stays in the form, and saving again keeps theirs."""

from __future__ import annotations

from support.e2e import assert_accessible, launch_in_iframe, navigate
from support.team_data import submitted_plan

FIRST_TAB = "Lead the Monday huddle and note one idea from each person"
SECOND_TAB = "Chair the Thursday safety huddle and try one idea a month"
OPEN_IN_LMS = """url => {
  const frame = document.createElement('iframe');
  frame.className = 'second-tab';
  frame.title = 'Development Planner, second tab';
  frame.src = url;
  frame.style.width = '100%';
  frame.style.height = '900px';
  document.body.appendChild(frame);
}"""


def _second_tab(context, demo_site, url: str):
    """Another tab on the LMS's site with the tool framed in it, as the LMS frames it (the
    tool's cookies are partitioned by the top-level site, so a tab on the tool's own site
    would not be signed in)."""
    tab = context.new_page()
    tab.goto(f"{demo_site.lms_url}/")
    tab.evaluate(OPEN_IN_LMS, url)
    frame = tab.wait_for_selector("iframe.second-tab").content_frame()
    frame.wait_for_url(url)
    frame.wait_for_load_state()
    return frame


def test_two_tabs_editing_one_goal(chromium, demo_site):
    context = chromium.new_context(viewport={"width": 900, "height": 1000})
    context.set_default_timeout(15_000)
    try:
        first = launch_in_iframe(context.new_page(), demo_site, "asha")
        _, goal_id = submitted_plan(demo_site.app, "demo-learner-asha", submit=False)
        edit = f"{demo_site.tool_url}/plan/goals/{goal_id}/edit"
        first.goto(edit)
        second = _second_tab(context, demo_site, edit)
        specific = "Specific: what exactly will you do?"

        first.get_by_label(specific).fill(FIRST_TAB)
        navigate(first, first.get_by_test_id("save-goal"))
        first.get_by_test_id("goal-specific").wait_for()
        assert FIRST_TAB in first.get_by_test_id("goal-specific").inner_text()

        second.get_by_label(specific).fill(SECOND_TAB)
        navigate(second, second.get_by_test_id("save-goal"))
        summary = second.get_by_test_id("error-summary")
        summary.wait_for()
        assert "changed and saved in another tab" in summary.inner_text()
        saved = second.get_by_test_id("saved-version").inner_text()
        assert FIRST_TAB in saved
        assert second.get_by_label(specific).input_value() == SECOND_TAB
        assert second.evaluate("document.documentElement.scrollWidth") <= 900
        assert_accessible(second, "goal form refused as stale")

        navigate(second, second.get_by_role("button", name="Save my version"))
        second.get_by_test_id("goal-specific").wait_for()
        assert SECOND_TAB in second.get_by_test_id("goal-specific").inner_text()
        first.goto(f"{demo_site.tool_url}/plan/goals/{goal_id}")
        assert SECOND_TAB in first.get_by_test_id("goal-specific").inner_text()
    finally:
        context.close()


def test_two_tabs_answering_one_dimension(chromium, demo_site):
    """The self-assessment's first page open in two tabs: the second tab's ratings are refused
    beside the first tab's, stay chosen, and are kept when the learner saves them."""
    context = chromium.new_context(viewport={"width": 900, "height": 1000})
    context.set_default_timeout(15_000)
    try:
        first = launch_in_iframe(context.new_page(), demo_site, "asha")
        navigate(first, first.get_by_role("button", name="Start your self-assessment"))
        second = _second_tab(context, demo_site, first.url)
        rating = first.locator("input.nhsuk-radios__input[name^='rating__']").first
        field = rating.get_attribute("name")

        first.locator(f"input[name='{field}'][value='3']").check()
        navigate(first, first.get_by_role("button", name="Save and continue"))
        assert first.url.endswith("/dimensions/2")

        second.locator(f"input[name='{field}'][value='1']").check()
        navigate(second, second.get_by_role("button", name="Save and continue"))
        summary = second.locator(".nhsuk-error-summary")
        summary.wait_for()
        assert "saved in another tab or window" in summary.inner_text()
        assert "Consistently" in second.get_by_test_id("saved-version").inner_text()
        assert second.locator(f"input[name='{field}'][value='1']").is_checked()
        assert_accessible(second, "self-assessment page refused as stale")

        navigate(second, second.get_by_role("button", name="Save my answers"))
        assert second.url.endswith("/dimensions/2")
        first.goto(first.url.replace("/dimensions/2", "/dimensions/1"))
        assert first.locator(f"input[name='{field}'][value='1']").is_checked()
    finally:
        context.close()
