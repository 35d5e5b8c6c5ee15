"""``flask feedback remind``: the automatic reminder before a 360 window closes (run it from
cron, say daily). Emails need the tool's public address, as ``flask urls`` does."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from development_plans import feedback as fb
from lti_tool.extensions import db
from lti_tool.feedback import notices

feedback_cli = AppGroup("feedback", help="360 feedback.")


@feedback_cli.command("remind")
@with_appcontext
@click.option("--base-url", required=True, help="The tool's public base URL, for the links")
@click.option("--days", default=2, show_default=True, help="Remind this many days before closing")
def remind_command(base_url: str, days: int) -> None:
    """Remind, once, everyone who has not answered a request closing within ``--days``."""
    with current_app.test_request_context("/", base_url=base_url.rstrip("/")):
        due = fb.due_reminders(db.session, timedelta(days=days))
        for rater, token in due:
            notices.remind(rater, token)
        db.session.commit()
    click.echo(f"Reminded {len(due)} {'person' if len(due) == 1 else 'people'}.")
