"""Completion grades to the LMS gradebook over AGS, through a durable outbox. The whole path:

1. The domain records a completion (``development_plans.completion.record_completion``: a state,
   a percentage, final or not) and announces it through ``completion.events``.
2. ``queue.queue_score`` hears it in the same transaction and writes the AGS score to the outbox
   (``models.GradeDelivery``), in AGS terms (``scores``: progress pair, comment), superseding the
   learner's unsent older score; nothing is queued when the launch offered no score service.
   It signals ``wakeup.notify_grades_queued``.
3. When that transaction commits, ``wakeup`` wakes the in-process ``background.BackgroundSender``
   (``GRADES_BACKGROUND_SENDER``); worker processes (``flask grades send --loop``) poll instead.
4. A ``sender.GradeSender`` claims a batch (``claims``: SKIP LOCKED on PostgreSQL, one atomic
   UPDATE on SQLite; only a learner's newest row, never while an older one is in flight) and
   ``delivery.BatchDelivery`` sends it: the line item per placement (``line_items``), the score
   body scaled to its maximum (``scores.score_body``), posted through ``lti_tool.lti.services``
   (one token per sender, one kept-alive HTTP session), then ``settlement`` marks rows sent in
   bulk, or failed / retried with backoff (``problems``), resting an LMS that fails as a whole.
5. ``housekeeping.prune_sent_grades`` deletes old delivered rows (run by looping senders and by
   ``flask grades prune``); ``status`` tells learners and managers (``routes``) where grades
   stand, and ``cli`` lets administrators list and retry. See docs/grades.md.
"""

from __future__ import annotations

import threading

from flask import Flask

from lti_tool.extensions import db
from lti_tool.grades.background import BackgroundSender
from lti_tool.grades.queue import listen_for_completions
from lti_tool.grades.settings import GradeSettings
from lti_tool.home.sections import add_home_section


def init_app(app: Flask) -> None:
    """Register the grades blueprint and CLI and start queueing scores for recorded completions;
    with ``GRADES_BACKGROUND_SENDER`` on, a sender thread starts with the app's first request (so
    CLI commands and migrations never run one, and each forked server worker starts its own)."""
    from lti_tool.grades.cli import grades
    from lti_tool.grades.routes import bp, home_section

    app.register_blueprint(bp)
    add_home_section(app, home_section)
    app.cli.add_command(grades)
    listen_for_completions()
    settings = GradeSettings.from_config(app.config)
    app.extensions["grade_settings"] = settings
    if settings.background_sender:
        starting = threading.Lock()

        @app.before_request
        def start_background_sender() -> None:
            if "grade_sender" in app.extensions:
                return
            with starting:
                if "grade_sender" not in app.extensions:
                    app.extensions["grade_sender"] = BackgroundSender(
                        db.engine, app.extensions["lti_adapter"].store, settings
                    ).start()
