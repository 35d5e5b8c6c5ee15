"""The worker around the outbox: the in-app sender woken by a commit, the ``flask mail``
commands, pruning by retention, and ``MAIL_URL`` read safely."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from mail_helpers import outbox, queue_mail
from sqlalchemy import update

from development_plans.db import utcnow
from lti_tool.extensions import db
from lti_tool.mail.background import BackgroundMailSender
from lti_tool.mail.housekeeping import prune_mail
from lti_tool.mail.models import OutboxMail
from lti_tool.mail.settings import MailUrlInvalid, SmtpServer
from lti_tool.mail.wakeup import on_mail_queued, stop_hearing


def test_a_commit_that_queued_mail_wakes_listeners_and_a_rollback_does_not(mail_app):
    heard = []
    listener = lambda: heard.append(1)  # noqa: E731
    on_mail_queued(listener)
    try:
        queue_mail(mail_app, 1)
        assert heard == [1]
        queue_mail(mail_app, 1, dedupe_key="once")
        queue_mail(mail_app, 1, dedupe_key="once")
        assert heard == [1, 1], "a message that was already queued wakes nobody"
        from lti_tool.mail import send_later

        with mail_app.app_context():
            send_later(
                db.session,
                to_address="a@example.org",
                to_name=None,
                subject="s",
                text="t",
                purpose="test",
            )
            db.session.rollback()
            db.session.commit()
        assert heard == [1, 1]
    finally:
        stop_hearing(listener)


def test_the_background_sender_delivers_as_soon_as_mail_commits(make_app, smtp):
    app = make_app(MAIL_URL=smtp.url, MAIL_POLL_SECONDS=3600)  # no sweep would come in time
    with app.app_context():
        background = BackgroundMailSender(db.engine, app.extensions["mail_settings"]).start()
    arrived = threading.Event()
    try:
        queue_mail(app, 1)
        for _ in range(200):
            if smtp.messages:
                arrived.set()
                break
            threading.Event().wait(0.05)
    finally:
        background.stop()
    assert arrived.is_set() and len(smtp.messages) == 1
    assert [r.status for r in outbox(app)] == ["sent"]


def test_flask_mail_deliver_sends_what_is_due(mail_app, smtp):
    queue_mail(mail_app, 2)
    result = mail_app.test_cli_runner().invoke(args=["mail", "deliver"])
    assert result.exit_code == 0, result.output
    assert "sent 2" in result.output and len(smtp.messages) == 2


def test_flask_mail_deliver_says_when_mail_is_off(app):
    result = app.test_cli_runner().invoke(args=["mail", "deliver"])
    assert result.exit_code != 0 and "Mail is off" in result.output


def test_sent_mail_is_pruned_after_its_retention_and_pending_mail_never(mail_app, smtp):
    queue_mail(mail_app, 3)
    result = mail_app.test_cli_runner().invoke(args=["mail", "deliver", "--once"])
    assert "sent 3" in result.output
    queue_mail(mail_app, 1, to="later@example.org")
    old, recent, _, pending = (r.id for r in outbox(mail_app))
    settings = mail_app.extensions["mail_settings"]
    with mail_app.app_context():
        long_ago = utcnow() - timedelta(days=settings.sent_retention_days + 1)
        db.session.execute(
            update(OutboxMail)
            .where(OutboxMail.id.in_([old, pending]))
            .values(sent_at=long_ago, created_at=long_ago)
        )
        db.session.commit()
        assert prune_mail(db.session, settings) == 1
        db.session.commit()
    assert [r.id for r in outbox(mail_app)] == [recent, recent + 1, pending]
    housekeeping = mail_app.test_cli_runner().invoke(args=["housekeeping"])
    assert "0 mail message(s)" in housekeeping.output


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://relay.internal", SmtpServer("relay.internal", 25)),
        (
            "smtp://me%40x.org:p%2Fw@mail.example:587?starttls=1",
            SmtpServer("mail.example", 587, starttls=True, username="me@x.org", password="p/w"),
        ),
        ("smtps://u:p@mail.example", SmtpServer("mail.example", 465, True, False, "u", "p")),
        ("smtp://u:p@127.0.0.1:2525", SmtpServer("127.0.0.1", 2525, username="u", password="p")),
    ],
)
def test_mail_urls(url, expected):
    server = SmtpServer.from_url(url)
    assert server == expected
    assert ":***@" in server.safe_url() if server.username else "@" not in server.safe_url()
    assert f":{server.password}@" not in server.safe_url()


@pytest.mark.parametrize(
    "url", ["http://mail.example", "smtp://", "smtp://u:secret@mail.example:25", "smtp://h:x"]
)
def test_mail_urls_that_cannot_work_are_refused_without_the_password(url):
    with pytest.raises(MailUrlInvalid) as refused:
        SmtpServer.from_url(url)
    assert "secret" not in str(refused.value)


def test_an_app_with_a_broken_mail_url_does_not_start(make_app):
    with pytest.raises(MailUrlInvalid):
        make_app(MAIL_URL="smtp://u:secret@mail.example")
