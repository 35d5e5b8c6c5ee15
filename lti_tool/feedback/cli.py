"""``flask feedback remind``: the automatic reminder before a 360 window closes, and "your
report is ready" where reports are released on closing (run it from cron, say hourly). Emails
need the tool's public address: ``--base-url`` or ``DP_TOOL_URL``."""

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
@click.option("--base-url", default="", help="The tool's public base URL (default DP_TOOL_URL)")
@click.option("--days", default=2, show_default=True, help="Remind this many days before closing")
def remind_command(base_url: str, days: int) -> None:
    """Remind, once, everyone who has not answered a request closing within ``--days``; tell
    learners whose course releases on closing that their report is ready."""
    base_url = (base_url or current_app.config.get("MAIL_TOOL_URL") or "").rstrip("/")
    if not base_url:
        raise click.UsageError("give --base-url or set DP_TOOL_URL: the emails link to the tool")
    with current_app.test_request_context("/", base_url=base_url):
        due = fb.due_reminders(db.session, timedelta(days=days))
        for rater, token in due:
            notices.remind(rater, token)
        for request in fb.released_on_closing(db.session, timedelta(days=7)):
            notices.feedback_ready(request)  # once each: the mail's dedupe key
        db.session.commit()
    click.echo(f"Reminded {len(due)} {'person' if len(due) == 1 else 'people'}.")
