"""``flask mail``: run a delivery worker, list pending and failed mail, retry, prune."""

from __future__ import annotations

import dataclasses
import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.mail import outbox
from lti_tool.mail.housekeeping import prune_mail
from lti_tool.mail.models import MailStatus, OutboxMail
from lti_tool.mail.sender import MailSender


def _settings():
    return current_app.extensions["mail_settings"]


@click.group("mail", cls=AppGroup)
def mail() -> None:
    """Email from the outbox: deliver it, list problems, retry, prune."""


@mail.command("deliver")
@click.option("--loop", is_flag=True, help="Keep running as a worker until stopped (SIGTERM).")
@click.option("--once", is_flag=True, help="Send a single batch, then stop.")
@click.option("--batch-size", type=click.IntRange(min=1), help="Messages claimed at a time.")
def deliver(loop: bool, once: bool, batch_size: int | None) -> None:
    """Send queued mail. Without options: everything due now, then stop."""
    if loop and once:
        raise click.UsageError("Choose --loop or --once, not both.")
    settings = _settings()
    if not settings.enabled:
        raise click.ClickException("Mail is off: set DP_MAIL_URL (and DP_MAIL_ENABLED).")
    if batch_size:
        settings = dataclasses.replace(settings, batch_size=batch_size)
    sender = MailSender(db.engine, settings)
    if once or not loop:
        report = sender.send_due() if once else sender.send_all_due()
        click.echo(f"Mail: {report.summary()}.")
        return
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    click.echo(
        f"Mail sender {sender.sender_id} sending to {settings.server().safe_url()}; "
        "stop with Ctrl+C or SIGTERM."
    )
    sender.run(stop)
    click.echo("Mail sender stopped.")


def _describe(row: OutboxMail) -> str:
    lines = [f"#{row.id}  {row.status}  {row.purpose}  to {row.to_address}: {row.subject}"]
    if row.status == MailStatus.PENDING.value:
        lines.append(
            f"    attempts {row.attempts}, next attempt {row.next_attempt_at:%Y-%m-%d %H:%M:%S} UTC"
            + (f", claimed by {row.claimed_by}" if row.claimed_by else "")
        )
    elif row.sent_at:
        lines.append(f"    sent {row.sent_at:%Y-%m-%d %H:%M:%S} UTC")
    if row.last_error:
        lines.append(f"    last reply: {row.last_error}")
    return "\n".join(lines)


@mail.command("list")
@click.option("--failed", "show", flag_value="failed", help="Only mail that failed.")
@click.option("--pending", "show", flag_value="pending", help="Only mail still waiting.")
@click.option("--all", "show", flag_value="all", help="Everything, sent mail included.")
def list_mail(show: str | None) -> None:
    """List pending and failed mail with the server's last reply."""
    statuses = {
        "failed": [MailStatus.FAILED],
        "pending": [MailStatus.PENDING],
        "all": list(MailStatus),
    }.get(show or "", [MailStatus.PENDING, MailStatus.FAILED])
    rows = db.session.scalars(
        select(OutboxMail)
        .where(OutboxMail.status.in_([s.value for s in statuses]))
        .order_by(OutboxMail.id)
    ).all()
    if not rows:
        click.echo(f"No {' or '.join(s.value for s in statuses)} mail.")
    for row in rows:
        click.echo(_describe(row))


@mail.command("retry")
@click.argument("mail_id", type=int, required=False)
@click.option("--all-failed", is_flag=True, help="Retry every failed message.")
def retry(mail_id: int | None, all_failed: bool) -> None:
    """Queue a failed message (or all of them) to be sent again."""
    if (mail_id is None) == (not all_failed):
        raise click.UsageError("Give one mail ID or --all-failed.")
    if all_failed:
        ids = outbox.retry_all_failed(db.session)
        db.session.commit()
        click.echo(f"Queued {len(ids)} failed messages again.")
        return
    try:
        outbox.retry(db.session, mail_id)
    except outbox.RetryRefused as reason:
        db.session.rollback()
        raise click.ClickException(str(reason)) from reason
    db.session.commit()
    click.echo(f"Queued mail #{mail_id} again.")


@mail.command("prune")
def prune() -> None:
    """Delete sent and failed mail past its retention (MAIL_*_RETENTION_DAYS)."""
    settings = _settings()
    pruned = prune_mail(db.session, settings)
    db.session.commit()
    click.echo(
        f"Pruned {pruned} messages (sent more than {settings.sent_retention_days:g} days ago, "
        f"or failed more than {settings.failed_retention_days:g} days ago)."
    )
