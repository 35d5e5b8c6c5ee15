"""In the demo LMS, in Chromium: a learner assesses themselves against the whole framework in the
tool's iframe, leaves half way, resumes after a new launch, fills the gaps the check page points
to, submits and reads the results; one dimension is completed with the keyboard alone; every page
of the journey passes axe's WCAG 2.x A/AA checks."""

from __future__ import annotations

import re

from support.e2e import (
    answer_dimension,
    assert_accessible,
    launch_in_iframe,
    navigate,
    radio_id,
    rate,
)
from support.plan_data import hlm, submit_assessment

from lti_tool.assessment.forms import rating_field_name

SCALE = ("Rarely", "Sometimes", "Often", "Consistently")


def progress(frame) -> str:
    """The caption above the heading, without its visually hidden separator."""
    return frame.get_by_test_id("progress").inner_text().split("–")[0].strip()


def checked(frame) -> set[str]:
    return set(
        frame.locator("input.nhsuk-radios__input:checked").evaluate_all(
            "inputs => inputs.map(input => input.id)"
        )
    )


def test_whole_assessment_in_the_iframe_with_a_break_half_way(page, chromium, demo_site):
    framework = hlm()
    values = [option.value for option in framework.scale]
    dimensions = framework.dimensions
    total = len(dimensions)

    def rating_for(behaviour):  # Essential and Proficient shown, the rest not yet
        return 3 if behaviour.level_id in ("essential", "proficient") else 1

    frame = launch_in_iframe(page, demo_site, "asha")
    assert_accessible(frame, "home before starting")
    navigate(frame, frame.get_by_role("button", name="Start your self-assessment"))
    frame.get_by_test_id("progress").wait_for()
    assert progress(frame) == f"Dimension 1 of {total}"
    assert frame.locator("h1").inner_text().endswith(dimensions[0].name)
    assert_accessible(frame, "first dimension page")
    details = frame.locator("details.nhsuk-details")
    details.locator("summary").click()
    assert details.get_attribute("open") is not None
    assert dimensions[0].what_it_is[0] in details.inner_text()

    for number, dimension in enumerate(dimensions[:4], start=1):
        assert progress(frame) == f"Dimension {number} of {total}"
        answer_dimension(frame, dimension, rating_for, 4 if number == 2 else 2, values)
        navigate(frame, frame.get_by_role("button", name="Save and continue"))
        frame.locator(f"h1:has-text('{dimensions[number].name}')").wait_for()

    # Half way through the fifth dimension, save and leave.
    fifth = dimensions[4]
    first_half = fifth.all_behaviours()[: len(fifth.all_behaviours()) // 2]
    for behaviour in first_half:
        rate(frame, behaviour.id, rating_for(behaviour), values)
    navigate(frame, frame.get_by_role("button", name="Save and come back later"))
    frame.get_by_text("Your answers have been saved").wait_for()
    assert_accessible(frame, "saved page")

    # Later, in a new browser session: launch again from the LMS.
    later = chromium.new_context(viewport={"width": 1280, "height": 1000})
    later.set_default_timeout(15_000)
    try:
        page = later.new_page()
        frame = launch_in_iframe(page, demo_site, "asha")
        answered = sum(len(d.all_behaviours()) + 1 for d in dimensions[:4]) + len(first_half)
        questions = sum(len(d.all_behaviours()) + 1 for d in dimensions)
        assert (
            f"You have answered {answered} of {questions} questions"
            in frame.get_by_test_id("self-assessment-progress").inner_text()
        )
        assert_accessible(frame, "home with an assessment in progress")
        navigate(frame, frame.get_by_role("button", name="Continue your self-assessment"))
        frame.get_by_test_id("progress").wait_for()
        assert progress(frame) == f"Dimension 5 of {total}"
        assert checked(frame) == {
            radio_id(rating_field_name(b.id), rating_for(b), values) for b in first_half
        }
        assessment_url = frame.url.rsplit("/dimensions/", 1)[0]

        # The check page points to everything still unanswered.
        frame.goto(f"{assessment_url}/check")
        summary = frame.locator(".nhsuk-error-summary")
        summary.wait_for()
        links = summary.locator("a")
        assert links.count() == total - 4
        assert links.first.inner_text().startswith(f"{fifth.name}: ")
        assert_accessible(frame, "check page with unanswered questions")
        navigate(frame, links.first)
        frame.locator(".nhsuk-error-summary").wait_for()
        assert_accessible(frame, "dimension page showing its unanswered questions")
        answer_dimension(
            frame,
            fifth,
            lambda b: None if b in first_half else rating_for(b),
            3,
            values,
        )
        navigate(frame, frame.get_by_role("button", name="Save and continue"))
        frame.get_by_role("heading", name=re.compile("Check your answers")).wait_for()

        for dimension in dimensions[5:]:
            frame.locator(".nhsuk-error-summary a").first.click()
            frame.get_by_test_id("progress").wait_for()
            assert frame.locator("h1").inner_text().endswith(dimension.name)
            answer_dimension(frame, dimension, rating_for, 2, values)
            navigate(frame, frame.get_by_role("button", name="Save and continue"))
            frame.get_by_role("heading", name=re.compile("Check your answers")).wait_for()

        assert frame.locator(".nhsuk-error-summary").count() == 0
        assert frame.get_by_text("Not answered").count() == 0
        assert_accessible(frame, "check page, all answered")
        navigate(frame, frame.get_by_role("button", name="Submit self-assessment"))
        frame.get_by_role("heading", name=re.compile("Your results")).wait_for()
        assert_accessible(frame, "results page")

        rows = frame.locator("[data-testid=profile-table] tbody tr")
        assert rows.count() == total
        assert set(
            frame.locator("[data-testid=profile-table] tbody td:nth-child(2)").all_inner_texts()
        ) == {"Proficient"}
        priorities = frame.get_by_test_id("priorities").locator("li").all_inner_texts()
        assert priorities[0] == f"{dimensions[1].name}: Proficient (very important to your role)"
        assert frame.locator("svg.profile-chart[role=img]").count() == 1

        frame.goto(f"{demo_site.tool_url}/")
        frame.get_by_role("link", name="View your results").wait_for()
        assert_accessible(frame, "home after submitting")
    finally:
        later.close()


def test_one_dimension_with_the_keyboard_alone(page, demo_site):
    framework = hlm()
    first = framework.dimensions[0]
    frame = launch_in_iframe(page, demo_site, "ben")
    start = frame.get_by_role("button", name="Start your self-assessment")
    start.focus()
    page.keyboard.press("Enter")
    frame.get_by_test_id("progress").wait_for()

    def focused_id() -> str:
        return frame.evaluate("() => document.activeElement.id || ''")

    def focused_tag() -> str:
        return frame.evaluate("() => document.activeElement.tagName")

    # Tab from the top of the page to the expander, open it, then on into the questions.
    for _ in range(30):
        page.keyboard.press("Tab")
        if focused_tag() == "SUMMARY":
            break
    assert focused_tag() == "SUMMARY", "the 'what it is' expander cannot be reached by Tab"
    page.keyboard.press("Enter")
    assert frame.locator("details.nhsuk-details").get_attribute("open") is not None

    page.keyboard.press("Tab")
    for behaviour in first.all_behaviours():
        field_id = rating_field_name(behaviour.id)
        assert focused_id() == field_id, f"Tab did not reach {behaviour.self_text!r}"
        page.keyboard.press("ArrowRight")  # Sometimes
        page.keyboard.press("ArrowRight")  # Often
        page.keyboard.press("Tab")
    assert focused_id() == "importance"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Very important
    page.keyboard.press("Tab")
    assert frame.evaluate("() => document.activeElement.textContent.trim()") == (
        "Save and continue"
    )
    page.keyboard.press("Enter")
    frame.locator(f"h1:has-text('{framework.dimensions[1].name}')").wait_for()

    frame.goto(frame.url.replace("/dimensions/2", "/dimensions/1"))
    frame.get_by_test_id("progress").wait_for()
    often = [option.value for option in framework.scale].index(2) + 1
    assert checked(frame) == {
        f"{rating_field_name(b.id)}-{often}" for b in first.all_behaviours()
    } | {"importance-4"}


def test_results_compared_with_an_earlier_cycle_and_the_manager_message_are_accessible(
    page, demo_site
):
    frame = launch_in_iframe(page, demo_site, "asha")
    submit_assessment(demo_site.app, "demo-learner-asha", {"leading-with-care": None})
    second = submit_assessment(
        demo_site.app,
        "demo-learner-asha",
        {"leading-with-care": "proficient", "engaging-the-team": None},
        importance={"engaging-the-team": 4},
    )
    frame.goto(f"{demo_site.tool_url}/assessment/{second}/results")
    frame.get_by_role("heading", name=re.compile("Your results")).wait_for()
    assert frame.locator("svg.profile-chart .legend-previous").count() == 1
    table = frame.get_by_test_id("profile-table").inner_text()
    assert "Up 2 levels" in table and "Down 1 level" in table
    assert_accessible(frame, "results compared with an earlier cycle")

    frame = launch_in_iframe(page, demo_site, "carys")
    assert (
        "The self-assessment is for learners"
        in frame.get_by_test_id("self-assessment-section").inner_text()
    )
    frame.goto(f"{demo_site.tool_url}/assessment/{second}/results")
    frame.get_by_role("heading", name="The self-assessment is for learners").wait_for()
    assert_accessible(frame, "self-assessment page refused to a manager")
