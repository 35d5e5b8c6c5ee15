"""The outbox under faults, against a real SMTP server: down then back, a 4xx, a 421, a 5xx, and
two senders at once. Nothing is sent twice, nothing is lost."""

from __future__ import annotations

import threading
from collections import Counter

from mail_helpers import outbox, queue_mail, sender

from lti_tool.extensions import db
from lti_tool.mail.housekeeping import prune_mail
from lti_tool.mail.sender import MailSender


def _delivered_once(smtp, count: int) -> None:
    ids = Counter(m.message_id for m in smtp.messages)
    assert len(ids) == count, f"{count} distinct messages expected, got {len(ids)}"
    assert set(ids.values()) == {1}, f"sent more than once: {[k for k, v in ids.items() if v > 1]}"


def test_smtp_down_then_back_delivers_everything_once(mail_app, smtp):
    queue_mail(mail_app, 5)
    smtp.stop()
    report = sender(mail_app).send_all_due()
    assert report.sent == 0 and report.retrying == 1 and report.handed_back == 4
    rows = outbox(mail_app)
    assert [r.status for r in rows] == ["pending"] * 5, "nothing lost while the server is down"
    assert all(r.claimed_by is None for r in rows)
    assert "Could not reach the mail server" in rows[0].last_error

    smtp.start()
    settled = sender(mail_app).run_until_settled(timeout=20)
    assert settled.sent == 5
    _delivered_once(smtp, 5)
    assert [r.status for r in outbox(mail_app)] == ["sent"] * 5


def test_a_4xx_reply_is_retried_later_and_delivered_once(mail_app, smtp):
    queue_mail(mail_app, 1)
    smtp.refuse("451 4.3.0 Mailbox busy, try again later", times=1)
    worker = sender(mail_app)
    first = worker.send_all_due()
    assert (first.sent, first.retrying, first.failed) == (0, 1, 0)
    [row] = outbox(mail_app)
    assert (row.status, row.attempts, row.last_smtp_code) == ("pending", 1, 451)
    assert row.next_attempt_at > row.created_at, "backed off, not retried at once"

    settled = worker.run_until_settled(timeout=20)
    assert settled.sent == 1
    _delivered_once(smtp, 1)
    [row] = outbox(mail_app)
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None)


def test_a_421_rests_the_server_and_the_batch_follows_later(mail_app, smtp):
    queue_mail(mail_app, 4)
    smtp.refuse("421 4.7.0 Too many connections, closing", times=1)
    worker = sender(mail_app)
    first = worker.send_all_due()
    assert (first.sent, first.retrying, first.handed_back) == (0, 1, 3)
    assert worker.run_until_settled(timeout=20).sent == 4
    _delivered_once(smtp, 4)


def test_a_5xx_reply_fails_the_message_keeps_it_visible_and_sends_the_rest(
    mail_app, smtp, make_app
):
    queue_mail(mail_app, 3)
    smtp.refuse("550 5.1.1 <person0@example.org>: no such user", stage="RCPT", times=1)
    worker = sender(mail_app)
    settled = worker.run_until_settled(timeout=20)
    assert (settled.sent, settled.failed, settled.retrying) == (2, 1, 0)
    assert worker.run_until_settled(timeout=2).claimed == 0, "a failed message is not retried"
    failed = [r for r in outbox(mail_app) if r.status == "failed"]
    assert len(failed) == 1 and failed[0].last_smtp_code == 550 and failed[0].attempts == 1
    assert "no such user" in failed[0].last_error
    assert smtp.refused == 1 and len(smtp.messages) == 2

    listing = mail_app.test_cli_runner().invoke(args=["mail", "list", "--failed"])
    assert f"#{failed[0].id}  failed" in listing.output and "SMTP 550" in listing.output
    with mail_app.app_context():
        assert prune_mail(db.session, mail_app.extensions["mail_settings"]) == 0
        db.session.commit()
    assert len(outbox(mail_app)) == 3, "a failed message stays within its retention"

    retried = mail_app.test_cli_runner().invoke(args=["mail", "retry", str(failed[0].id)])
    assert retried.exit_code == 0, retried.output
    assert worker.send_all_due().sent == 1
    _delivered_once(smtp, 3)


def test_a_message_that_keeps_getting_4xx_fails_after_its_attempts(make_app, smtp):
    app = make_app(
        MAIL_URL=smtp.url,
        MAIL_RETRY_BASE_SECONDS=0.01,
        MAIL_RETRY_CAP_SECONDS=0.02,
        MAIL_MAX_ATTEMPTS=3,
    )
    queue_mail(app, 1)
    smtp.refuse("452 4.2.2 Mailbox full")
    report = sender(app).run_until_settled(timeout=20)
    assert (report.retrying, report.failed, report.sent) == (2, 1, 0)
    [row] = outbox(app)
    assert (row.status, row.attempts, row.last_smtp_code) == ("failed", 3, 452)
    assert smtp.messages == []


def test_two_senders_at_once_deliver_each_message_exactly_once(make_app, smtp):
    app = make_app(MAIL_URL=smtp.url, MAIL_BATCH_SIZE=10)
    queue_mail(app, 120)
    with app.app_context():
        settings = app.extensions["mail_settings"]
        workers = [MailSender(db.engine, settings, sender_id=f"worker-{i}") for i in range(2)]
    reports = []
    start = threading.Barrier(len(workers))

    def work(worker: MailSender) -> None:
        start.wait()
        reports.append(worker.run_until_settled(timeout=60))

    threads = [threading.Thread(target=work, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert sum(r.sent for r in reports) == 120
    _delivered_once(smtp, 120)
    assert {r.status for r in outbox(app)} == {"sent"}
