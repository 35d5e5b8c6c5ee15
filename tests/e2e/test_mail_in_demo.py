"""In the demo LMS, in Chromium: a learner submits her plan; the tool's email to her manager
arrives at the demo's SMTP server and shows on the LMS's Mailbox page, its link clickable; the
learner switches a notice off on the Email notices page. Every page passes axe."""

from __future__ import annotations

import time

from support.e2e import assert_accessible, launch_in_iframe, navigate
from support.team_data import ASHA, submitted_plan, user_id

SUBJECT = "Asha Patel's development plan is waiting for your review"


def _wait_for_mail(page, demo_site, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not demo_site.mailbox.messages:
        assert time.monotonic() < deadline, "no email arrived at the demo's SMTP server"
        time.sleep(0.1)
    page.goto(f"{demo_site.lms_url}/mailbox")


def test_a_submitted_plan_emails_the_manager_through_the_demo_mailbox(page, demo_site):
    launch_in_iframe(page, demo_site, "carys")
    page.goto(f"{demo_site.lms_url}/mailbox")
    page.get_by_test_id("mailbox-empty").wait_for()
    assert_accessible(page, "empty mailbox")

    frame = launch_in_iframe(page, demo_site, "asha")
    plan_id, _ = submitted_plan(demo_site.app, ASHA, submit=False)
    frame.goto(f"{demo_site.tool_url}/plan/{plan_id}")
    navigate(frame, frame.get_by_test_id("submit-plan"))
    frame.get_by_test_id("flash-success").wait_for()

    _wait_for_mail(page, demo_site)
    table = page.get_by_test_id("mailbox").inner_text()
    assert "carys.jones@example.nhs.uk" in table and SUBJECT in table
    assert_accessible(page, "mailbox with a message")
    with page.expect_navigation():
        page.get_by_role("link", name=SUBJECT).click()
    body = page.get_by_test_id("mail-body")
    link = body.get_by_role("link").first
    assert link.get_attribute("href").endswith(f"/team/members/{user_id(demo_site.app, ASHA)}")
    assert "Carys Jones" in page.get_by_test_id("mail-to").inner_text()
    assert_accessible(page, "one email")

    frame = launch_in_iframe(page, demo_site, "asha")
    navigate(frame, frame.get_by_test_id("notices-link").get_by_role("link"))
    assert "asha.patel@example.nhs.uk" in frame.get_by_test_id("notice-address").inner_text()
    assert_accessible(frame, "email notices")
    frame.get_by_label("A comment arrives on my plan").uncheck()
    navigate(frame, frame.get_by_role("button", name="Save email notices"))
    frame.get_by_test_id("flash").wait_for()
    assert not frame.get_by_label("A comment arrives on my plan").is_checked()
    assert frame.get_by_label("Changes are requested on my plan").is_checked()
    assert_accessible(frame, "email notices after saving")
