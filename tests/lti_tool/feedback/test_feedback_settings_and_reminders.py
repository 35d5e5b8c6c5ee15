"""The course's 360 settings page (managers only) and the automatic reminder command, whose
emails carry fresh links on the tool's public address."""

from __future__ import annotations

from sqlalchemy import select
from support.feedback_pages import ask_for_feedback, csrf, invite, links_in_outbox
from support.team_data import text_of

from development_plans import feedback as fb
from lti_tool.extensions import db
from lti_tool.mail.models import OutboxMail


def test_managers_choose_the_smallest_group_and_the_release(app, launch):
    assert launch("asha").get("/feedback/settings").status_code == 403
    carys = launch("carys")
    page = carys.get("/feedback/settings")
    assert page.status_code == 200 and 'value="3"' in page.text
    form = {"csrf_token": csrf(page.text), "release_mode": "on_closing"}
    refused = carys.post("/feedback/settings", {**form, "min_group_size": "1"})
    assert refused.status_code == 400 and "between 2 and 20" in text_of(refused.text)
    saved = carys.post("/feedback/settings", {**form, "min_group_size": "4"})
    assert "settings saved" in text_of(saved.text)
    with app.app_context():
        settings = db.session.scalar(select(fb.FeedbackSettings))
        assert (settings.min_group_size, settings.release_mode) == (4, "on_closing")


def test_the_reminder_command_sends_fresh_links_once(app, launch):
    asha = launch("asha")
    request_id = ask_for_feedback(asha, days=1)
    invite(asha, request_id, "Rae", "rae@example.org", "others")
    first = links_in_outbox(app)["rae@example.org"]
    runner = app.test_cli_runner()
    result = runner.invoke(args=["feedback", "remind", "--base-url", "https://dp.example.org"])
    assert "Reminded 1 person." in result.output, result.output
    fresh = links_in_outbox(app)["rae@example.org"]
    assert fresh != first
    with app.app_context():
        reminder = db.session.scalar(
            select(OutboxMail.body_text).where(OutboxMail.purpose == "feedback_reminder")
        )
    assert f"https://dp.example.org/feedback/r/{fresh}" in reminder
    again = runner.invoke(args=["feedback", "remind", "--base-url", "https://dp.example.org"])
    assert "Reminded 0 people." in again.output


def test_learners_hear_once_when_a_report_is_released_on_closing(app, launch):
    from datetime import timedelta

    from sqlalchemy import func, update

    from development_plans.db import utcnow

    carys = launch("carys")
    page = carys.get("/feedback/settings")
    carys.post(
        "/feedback/settings",
        {"csrf_token": csrf(page.text), "min_group_size": "3", "release_mode": "on_closing"},
    )
    asha = launch("asha")
    request_id = ask_for_feedback(asha)
    with app.app_context():
        db.session.execute(
            update(fb.FeedbackRequest)
            .where(fb.FeedbackRequest.id == request_id)
            .values(closes_at=utcnow() - timedelta(hours=1))
        )
        db.session.commit()
    runner = app.test_cli_runner()
    for _ in range(2):
        runner.invoke(args=["feedback", "remind", "--base-url", "https://dp.example.org"])
    with app.app_context():
        ready = db.session.scalar(
            select(func.count())
            .select_from(OutboxMail)
            .where(
                OutboxMail.purpose == "feedback_ready",
                OutboxMail.to_address == "asha@example.nhs.uk",
            )
        )
    assert ready == 1
    assert asha.get(f"/feedback/{request_id}/report").status_code == 200
