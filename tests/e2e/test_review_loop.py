"""In the demo LMS, in Chromium: the manager reviews a learner's submitted plan, comments and asks
for changes; the learner sees the comments and the decision, revises a goal and resubmits; the
manager approves. Every manager page passes axe's WCAG 2.x A/AA checks, error states included."""

from __future__ import annotations

from support.e2e import assert_accessible, launch_in_iframe, navigate
from support.team_data import ASHA, submitted_plan

REVISED = "Lead the Monday huddle from 3 March and ask everyone for one idea"


def open_asha_as_manager(page, demo_site):
    frame = launch_in_iframe(page, demo_site, "carys")
    navigate(frame, frame.get_by_test_id("team-dashboard-link"))
    frame.get_by_test_id("team-table").wait_for()
    return frame


def test_manager_requests_changes_learner_resubmits_manager_approves(page, demo_site):
    launch_in_iframe(page, demo_site, "asha")
    submitted_plan(demo_site.app, ASHA)

    frame = launch_in_iframe(page, demo_site, "carys")
    section = frame.get_by_test_id("team-section")
    assert "1 plan waiting for your review" in section.inner_text()
    assert_accessible(frame, "manager home with the team section")
    navigate(frame, frame.get_by_test_id("team-dashboard-link"))
    frame.get_by_test_id("team-table").wait_for()
    assert "Submitted for review" in frame.get_by_test_id("team-table").inner_text()
    assert_accessible(frame, "team dashboard")
    frame.get_by_label("Status", exact=True).select_option("submitted")
    navigate(frame, frame.get_by_test_id("apply-filters"))
    frame.get_by_test_id("team-table").wait_for()
    assert frame.get_by_test_id("member-row").count() == 1
    assert_accessible(frame, "filtered team dashboard")

    navigate(frame, frame.get_by_test_id("team-table").get_by_role("link", name="Asha Patel"))
    frame.get_by_test_id("review-form").wait_for()
    assert_accessible(frame, "member page")
    frame.get_by_text("Start a new comment on this goal").click()
    frame.get_by_label("Comment on this goal").fill("Which day will the huddle be?")
    navigate(frame, frame.get_by_test_id("comment-goal"))
    frame.get_by_test_id("flash-success").wait_for()
    assert "Which day will the huddle be?" in frame.get_by_test_id("plan-goal").inner_text()
    frame.get_by_role("radio", name="Ask for changes").check()
    navigate(frame, frame.get_by_test_id("send-decision"))
    frame.get_by_test_id("error-summary").wait_for()
    assert "Tell the learner what to change" in frame.get_by_test_id("error-summary").inner_text()
    assert_accessible(frame, "review form with errors")
    frame.get_by_role("radio", name="Ask for changes").check()
    frame.get_by_label("Message to Asha Patel").fill(
        "Please give the huddle a day and a start date"
    )
    navigate(frame, frame.get_by_test_id("send-decision"))
    frame.get_by_test_id("flash-success").wait_for()
    assert "Changes requested" in frame.get_by_test_id("plan-status").inner_text()

    navigate(frame, frame.get_by_test_id("record-view"))
    frame.get_by_test_id("save-view").wait_for()
    assert_accessible(frame, "manager's view form")
    frame.get_by_role("radio", name="Proficient").first.check()
    navigate(frame, frame.get_by_test_id("save-view"))
    frame.get_by_test_id("flash-success").wait_for()
    assert "you" in frame.get_by_test_id("observation").first.inner_text()

    frame = launch_in_iframe(page, demo_site, "asha")
    feedback = frame.get_by_test_id("review-feedback")
    assert "Which day will the huddle be?" in feedback.inner_text()
    assert "Please give the huddle a day" in frame.get_by_test_id("review-message").inner_text()
    navigate(frame, frame.get_by_test_id("open-plan"))
    frame.get_by_test_id("review-message").wait_for()
    assert "Which day will the huddle be?" in frame.get_by_test_id("manager-comments").inner_text()
    navigate(frame, frame.locator("[data-testid=goals] a").first)
    navigate(frame, frame.get_by_role("link", name="Change this goal"))
    frame.get_by_label("Specific: what exactly will you do?").fill(REVISED)
    navigate(frame, frame.get_by_role("button", name="Save goal"))
    frame.get_by_test_id("goal-specific").wait_for()
    navigate(frame, frame.get_by_role("link", name="Back to the plan"))
    navigate(frame, frame.get_by_test_id("submit-plan"))
    frame.get_by_test_id("flash-success").wait_for()
    assert "Submitted for review" in frame.get_by_test_id("plan-status").inner_text()

    frame = open_asha_as_manager(page, demo_site)
    navigate(frame, frame.get_by_test_id("team-table").get_by_role("link", name="Asha Patel"))
    frame.get_by_test_id("review-form").wait_for()
    assert REVISED in frame.get_by_test_id("plan-goal").inner_text()
    frame.get_by_role("radio", name="Approve the plan").check()
    frame.get_by_label("Message to Asha Patel").fill("Good plan: go for it")
    navigate(frame, frame.get_by_test_id("send-decision"))
    frame.get_by_test_id("flash-success").wait_for()
    assert "Approved" in frame.get_by_test_id("plan-status").inner_text()
    assert_accessible(frame, "member page after approval")
    navigate(frame, frame.get_by_test_id("plan-history"))
    history = frame.get_by_test_id("history").inner_text()
    assert "Changes requested: Please give the huddle" in history
    assert "Plan approved. Message: Good plan: go for it" in history

    frame = launch_in_iframe(page, demo_site, "asha")
    assert "Approved" in frame.get_by_test_id("plan-section").inner_text()
    assert "Good plan: go for it" in frame.get_by_test_id("review-message").inner_text()
