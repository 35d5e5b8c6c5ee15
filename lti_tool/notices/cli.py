"""``flask notices due-goals``: the daily run that tells learners about goals due in a week or
past their target date (run it once a day from cron; running it twice sends nothing twice)."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from development_plans.db import utcnow
from lti_tool.extensions import db
from lti_tool.notices import tell


@click.group("notices", cls=AppGroup)
def notices() -> None:
    """Email notices about plans."""


@notices.command("due-goals")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Judge target dates against this day (default: today, UTC).",
)
def due_goals(today) -> None:
    """Queue the notices for goals whose target date is a week away or past."""
    day: date = today.date() if today else utcnow().date()
    told = tell.due_goals(db.session, day)
    db.session.commit()
    click.echo(f"Goal notices: {told} due on {day.isoformat()} (each goal told once).")
