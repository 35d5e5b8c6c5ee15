"""Delivery through a real SMTP server: each message once, with a Message-ID derived from its
row, the plain and HTML parts intact, and nothing sent again on the next pass."""

from __future__ import annotations

from mail_helpers import outbox, queue_mail, sender

from lti_tool.mail.messages import message_id


def test_queued_mail_is_delivered_once(mail_app, smtp):
    queue_mail(mail_app, 3, html="<p>Hello</p>")
    report = sender(mail_app).send_all_due()
    assert (report.sent, report.failed, report.retrying) == (3, 0, 0)
    assert sorted(m.rcpt_tos for m in smtp.messages) == [
        (f"person{n}@example.org",) for n in range(3)
    ]
    rows = outbox(mail_app)
    assert [r.status for r in rows] == ["sent"] * 3
    ids = {message_id(r.id, r.created_at, "tool.example") for r in rows}
    assert {m.message_id for m in smtp.messages} == ids
    first = min(smtp.messages, key=lambda m: m.subject)
    assert first.subject == "Message 0" and first.text == "Body of message 0\n"
    assert first.html.strip() == "<p>Hello</p>"
    assert first.mail_from == "planner@tool.example"
    assert first.message["Auto-Submitted"] == "auto-generated"

    again = sender(mail_app).send_all_due()
    assert again.claimed == 0 and len(smtp.messages) == 3


def test_nothing_pending_means_nothing_sent(mail_app, smtp):
    assert sender(mail_app).send_all_due().claimed == 0
    assert smtp.messages == []
