"""``send_later`` writes mail in the caller's transaction: committed with the change, gone with a
rollback, once per dedupe key (even from two sessions at once), nothing when mail is off."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lti_tool.extensions import db
from lti_tool.mail import MailAddressInvalid, check_address, render_message, send_later
from lti_tool.mail.models import MailStatus, OutboxMail

MAIL_URL = "smtp://127.0.0.1:9"


def _queue(session, key=None, to="ann@example.org"):
    send_later(
        session,
        to_address=to,
        to_name="Ann",
        subject="Hello",
        text="Body\n",
        purpose="test",
        dedupe_key=key,
    )


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMail))


def test_committed_mail_is_pending_and_rolled_back_mail_is_gone(make_app):
    app = make_app(MAIL_URL=MAIL_URL)
    with app.app_context():
        _queue(db.session)
        db.session.rollback()
        assert _count() == 0
        _queue(db.session)
        db.session.commit()
        row = db.session.scalar(select(OutboxMail))
        assert (row.status, row.to_address, row.to_name) == (
            MailStatus.PENDING,
            "ann@example.org",
            "Ann",
        )


def test_a_dedupe_key_queues_one_message_even_from_two_sessions(make_app):
    app = make_app(MAIL_URL=MAIL_URL)
    with app.app_context():
        _queue(db.session, key="goal:1:week")
        db.session.commit()
        with Session(db.engine) as other:
            _queue(other, key="goal:1:week")
            other.commit()
        _queue(db.session, key="goal:1:week")
        _queue(db.session, key="goal:2:week")
        db.session.commit()
        keys = db.session.scalars(select(OutboxMail.dedupe_key).order_by(OutboxMail.id)).all()
        assert keys == ["goal:1:week", "goal:2:week"]


def test_nothing_is_queued_with_mail_off(make_app):
    app = make_app()  # no MAIL_URL: mail is off
    with app.app_context():
        assert app.config["MAIL_ENABLED"] is False
        _queue(db.session)
        db.session.commit()
        assert _count() == 0


@pytest.mark.parametrize(
    "hostile",
    [
        "ann@example.org\r\nBcc: eve@example.org",
        "ann@example.org, eve@example.org",
        "Eve <eve@example.org>",
        "not an address",
        "",
    ],
)
def test_an_address_that_is_not_one_mailbox_is_refused(make_app, hostile):
    app = make_app(MAIL_URL=MAIL_URL)
    with app.app_context():
        with pytest.raises(MailAddressInvalid):
            _queue(db.session, to=hostile)
        assert _count() == 0


def test_addresses_are_normalised_to_ascii():
    assert check_address("  Ann@Bücher.example ") == "Ann@xn--bcher-kva.example"


def test_templates_escape_html_but_not_text():
    subject, text, html = render_message(
        "plan_waiting_review",
        recipient_name="Ann",
        learner_name='<script>alert("x")</script>',
        course_title="Leading & caring",
        link="https://tool.example/plan?a=1&b=2",
        settings_link="https://tool.example/notices",
    )
    assert subject.startswith('<script>alert("x")</script>')
    assert '<script>alert("x")</script>' in text
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Leading &amp; caring" in html and 'href="https://tool.example/plan?a=1&amp;b=2"' in html
