"""In the demo LMS at 900 px, in Chromium: the manager's home page leads straight to the plans
waiting for review; the dashboard opens with "Waiting for your review" and, like the member page,
never scrolls sideways; the manager comments on a goal, the learner replies from the goal's page,
and the manager sees the reply in the thread. Every page passes axe's WCAG 2.x A/AA checks."""

from __future__ import annotations

from support.e2e import assert_accessible, launch_in_iframe, navigate
from support.team_data import ASHA, submitted_plan

VIEWPORT = {"width": 900, "height": 1000}
QUESTION = "Which day will the huddle be?"
ANSWER = "Mondays at 9, starting on 3 March"


def assert_no_sideways_scroll(frame, where: str) -> None:
    widths = frame.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{where} scrolls sideways: {widths}"


def test_manager_comments_learner_replies_manager_reads_the_thread(chromium, demo_site):
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(15_000)
    page = context.new_page()
    launch_in_iframe(page, demo_site, "asha")
    submitted_plan(demo_site.app, ASHA)

    frame = launch_in_iframe(page, demo_site, "carys")
    navigate(frame, frame.get_by_test_id("review-waiting-link"))
    waiting = frame.get_by_test_id("waiting")
    assert "Waiting for your review (1)" in waiting.inner_text()
    assert "Asha Patel" in waiting.inner_text()
    frame.get_by_test_id("team-table").wait_for()
    assert_no_sideways_scroll(frame, "the team dashboard")
    assert_accessible(frame, "team dashboard")
    frame.get_by_text("Choose the columns to show").click()
    assert_accessible(frame, "team dashboard with the column chooser open")

    navigate(frame, waiting.get_by_role("link", name="Asha Patel"))
    frame.get_by_test_id("review-form").wait_for()
    assert_no_sideways_scroll(frame, "the member page")
    assert_accessible(frame, "member page")
    frame.get_by_text("Start a new comment on this goal").click()
    frame.get_by_label("Comment on this goal").fill(QUESTION)
    navigate(frame, frame.get_by_test_id("comment-goal"))
    frame.get_by_test_id("flash-success").wait_for()
    assert QUESTION in frame.get_by_test_id("thread").inner_text()

    frame = launch_in_iframe(page, demo_site, "asha")
    assert QUESTION in frame.get_by_test_id("review-feedback").inner_text()
    navigate(frame, frame.get_by_role("link", name="Open your plan to reply"))
    comments = frame.get_by_test_id("manager-comments")
    assert QUESTION in comments.inner_text()
    navigate(frame, comments.get_by_role("link", name="Lead the weekly huddle"))
    thread = frame.get_by_test_id("goal-comments")
    too_long = ANSWER + " " + "x" * 2000  # refused, and kept in the box to shorten
    thread.get_by_label("Reply to the comment from Carys Jones").fill(too_long)
    navigate(frame, thread.get_by_test_id("send-reply"))
    summary = frame.get_by_test_id("error-summary")
    assert "Reply must be 2000 characters or fewer" in summary.inner_text()
    box = frame.get_by_label("Reply to the comment from Carys Jones")
    assert box.input_value() == too_long
    assert_accessible(frame, "goal page with a refused reply")
    assert summary.get_by_role("link").get_attribute("href") == "#" + box.get_attribute("id")
    box.fill(ANSWER)
    navigate(frame, thread.get_by_test_id("send-reply"))
    frame.get_by_test_id("flash-success").wait_for()
    messages = frame.get_by_test_id("goal-comments").inner_text()
    assert messages.index(QUESTION) < messages.index("You replied") < messages.index(ANSWER)
    assert_no_sideways_scroll(frame, "the goal page")
    assert_accessible(frame, "goal page with its thread")

    frame = launch_in_iframe(page, demo_site, "carys")
    navigate(frame, frame.get_by_test_id("team-dashboard-link"))
    navigate(frame, frame.get_by_test_id("team-table").get_by_role("link", name="Asha Patel"))
    thread = frame.get_by_test_id("thread").inner_text()
    assert thread.index(QUESTION) < thread.index("Asha Patel replied") < thread.index(ANSWER)
    assert_accessible(frame, "member page with the reply")
    context.close()
