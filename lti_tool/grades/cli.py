"""``flask grades``: run a sender worker, list pending and failed deliveries, retry them, prune
old sent rows."""

from __future__ import annotations

import dataclasses
import signal
import threading
from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from development_plans.completion import CompletionState
from development_plans.courses import Course, Placement
from development_plans.db import utcnow
from development_plans.people import User
from lti_tool.extensions import db
from lti_tool.grades import queue
from lti_tool.grades.housekeeping import prune_sent_grades
from lti_tool.grades.models import DeliveryStatus, GradeDelivery
from lti_tool.grades.sender import GradeSender
from lti_tool.grades.settings import GradeSettings


def _sender(batch_size: int | None = None) -> GradeSender:
    settings = GradeSettings.from_config(current_app.config)
    if batch_size:
        settings = dataclasses.replace(settings, batch_size=batch_size)
    return GradeSender(db.engine, current_app.extensions["lti_adapter"].store, settings)


@click.group("grades", cls=AppGroup)
def grades() -> None:
    """Completion grades for the LMS gradebook: send them, list problems, retry, prune."""


@grades.command("send")
@click.option("--loop", is_flag=True, help="Keep running as a worker until stopped (SIGTERM).")
@click.option("--once", is_flag=True, help="Send a single batch, then stop.")
@click.option("--batch-size", type=click.IntRange(min=1), help="Rows claimed at a time.")
def send(loop: bool, once: bool, batch_size: int | None) -> None:
    """Deliver queued grades. Without options: everything due now, then stop."""
    if loop and once:
        raise click.UsageError("Choose --loop or --once, not both.")
    sender = _sender(batch_size)
    if once:
        click.echo(f"Grades: {sender.send_due().summary()}.")
        return
    if not loop:
        click.echo(f"Grades: {sender.send_all_due().summary()}.")
        return
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    click.echo(f"Grade sender {sender.sender_id} running; stop with Ctrl+C or SIGTERM.")
    sender.run(stop)
    click.echo("Grade sender stopped.")


def _describe(row: GradeDelivery, user: User, placement: Placement, course: Course) -> str:
    state = CompletionState(row.state).label
    lines = [
        f"#{row.id}  {row.status}  {user.display_name} ({user.subject})  "
        f"{course.display_title} / {placement.title or placement.resource_link_id}",
        f"    {state}: {row.completion_percent} %  (policy {row.policy}, "
        f"timestamp {row.score_timestamp:%Y-%m-%d %H:%M:%S} UTC)",
    ]
    if row.status == DeliveryStatus.PENDING.value:
        lines.append(
            f"    attempts {row.attempts}, next attempt {row.next_attempt_at:%Y-%m-%d %H:%M:%S} UTC"
            + (f", claimed by {row.claimed_by}" if row.claimed_by else "")
        )
    elif row.status == DeliveryStatus.SENT.value and row.sent_at:
        lines.append(f"    sent {row.sent_at:%Y-%m-%d %H:%M:%S} UTC to {row.lineitem_url}")
    if row.last_error:
        label = "note" if row.status == DeliveryStatus.SENT.value else "reason"
        lines.append(f"    {label}: {row.last_error}")
    return "\n".join(lines)


@grades.command("list")
@click.option("--failed", "show", flag_value="failed", help="Only deliveries that failed.")
@click.option("--pending", "show", flag_value="pending", help="Only deliveries still waiting.")
@click.option("--all", "show", flag_value="all", help="Every delivery, including sent ones.")
def list_deliveries(show: str | None) -> None:
    """List pending and failed grade deliveries with their reasons."""
    statuses = {
        "failed": [DeliveryStatus.FAILED],
        "pending": [DeliveryStatus.PENDING],
        "all": list(DeliveryStatus),
    }.get(show or "", [DeliveryStatus.PENDING, DeliveryStatus.FAILED])
    rows = db.session.execute(
        select(GradeDelivery, User, Placement, Course)
        .join(User, User.id == GradeDelivery.user_id)
        .join(Placement, Placement.id == GradeDelivery.placement_id)
        .join(Course, Course.id == Placement.course_id)
        .where(GradeDelivery.status.in_([s.value for s in statuses]))
        .order_by(GradeDelivery.id)
    ).all()
    if not rows:
        names = " or ".join(s.value for s in statuses)
        click.echo(f"No {names} grade deliveries.")
        return
    for row in rows:
        click.echo(_describe(*row))


@grades.command("retry")
@click.argument("delivery_id", type=int, required=False)
@click.option("--all-failed", is_flag=True, help="Retry every failed delivery.")
def retry(delivery_id: int | None, all_failed: bool) -> None:
    """Queue a failed delivery (or all of them) to be sent again."""
    if (delivery_id is None) == (not all_failed):
        raise click.UsageError("Give one delivery ID or --all-failed.")
    if all_failed:
        queued, refused = queue.retry_all_failed(db.session)
        db.session.commit()
        for reason in refused:
            click.echo(f"Skipped: {reason}")
        click.echo(f"Queued {len(queued)} failed deliveries again.")
        return
    try:
        queue.retry(db.session, delivery_id)
    except queue.RetryRefused as reason:
        db.session.rollback()
        raise click.ClickException(str(reason)) from reason
    db.session.commit()
    click.echo(f"Queued delivery #{delivery_id} again.")


@grades.command("prune")
@click.option(
    "--older-than-days",
    type=click.FloatRange(min=0),
    help="Retention in days (default: GRADES_SENT_RETENTION_DAYS, 30).",
)
def prune(older_than_days: float | None) -> None:
    """Delete delivered grade rows past their retention (each learner's newest row stays)."""
    settings = GradeSettings.from_config(current_app.config)
    days = settings.sent_retention_days if older_than_days is None else older_than_days
    pruned = prune_sent_grades(db.session, older_than=utcnow() - timedelta(days=days))
    db.session.commit()
    click.echo(f"Pruned {pruned} delivered grade rows older than {days:g} days.")
