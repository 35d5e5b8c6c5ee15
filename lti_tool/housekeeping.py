"""Housekeeping: what the tool keeps only for a while, and the schedule that prunes it.

Retention (see README, "Housekeeping"):

- launch state, nonces, one-time new-window links, cached platform keys and access tokens in the
  shared store: removed once expired (they are never read after that). Redis expires its own.
- the tool's own sessions: removed once expired (``DP_SESSION_SECONDS`` after the last write).
- used one-time form tokens: kept two days (``lti_tool/form_tokens.py``), then removed.
- delivered grades: kept ``GRADES_SENT_RETENTION_DAYS`` (30), then removed, except each learner's
  newest row (``lti_tool/grades/housekeeping.py``; every looping grade sender also does this).
- mail: sent messages kept ``MAIL_SENT_RETENTION_DAYS`` (14), failed ones
  ``MAIL_FAILED_RETENTION_DAYS`` (90), pending ones until sent (``lti_tool/mail/housekeeping.py``;
  every looping mail sender also does this).

``flask housekeeping`` runs it all once: run it hourly from cron or a systemd timer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import delete

from development_plans.db import utcnow
from lti_tool.extensions import db
from lti_tool.form_tokens import prune_form_tokens
from lti_tool.grades.housekeeping import prune_sent_grades
from lti_tool.mail.housekeeping import prune_mail
from lti_tool.sessions import WebSession
from lti_tool.store import DatabaseStore


@dataclass(frozen=True)
class Pruned:
    shared_values: int
    sessions: int
    grades: int
    mail: int = 0

    def summary(self) -> str:
        return (
            f"Removed {self.shared_values} expired shared value(s), {self.sessions} expired"
            f" session(s), {self.grades} delivered grade row(s) and {self.mail} mail message(s)"
            " past their retention."
        )


def prune(app: Flask) -> Pruned:
    """Remove everything whose retention has passed; each kind in its own short transaction."""
    store = app.extensions["lti_adapter"].store
    values = store.purge_expired() if isinstance(store, DatabaseStore) else 0
    with db.engine.begin() as conn:
        sessions = conn.execute(delete(WebSession).where(WebSession.expires_at <= utcnow()))
    retention = timedelta(days=app.config["GRADES_SENT_RETENTION_DAYS"])
    grades = prune_sent_grades(db.session, older_than=utcnow() - retention)
    prune_form_tokens(db.session)
    db.session.commit()
    mail = prune_mail(db.session, app.extensions["mail_settings"])
    db.session.commit()
    return Pruned(shared_values=values, sessions=sessions.rowcount, grades=grades, mail=mail)


@click.command("housekeeping")
@with_appcontext
def housekeeping_command() -> None:
    """Prune expired launch state, cached values and sessions (run it hourly from cron)."""
    click.echo(prune(current_app).summary())


def init_app(app: Flask) -> None:
    app.cli.add_command(housekeeping_command)
