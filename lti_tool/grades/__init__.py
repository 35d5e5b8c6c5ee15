"""Completion grades to the LMS gradebook over AGS, through a durable outbox.

``development_plans.grading.queue_completion`` writes outbox rows; this package delivers them:
a background sender inside the app (``GRADES_BACKGROUND_SENDER``, on in demo mode), the
``flask grades`` commands, and the managers' policy page. See docs/grades.md.
"""

from __future__ import annotations

import threading

from flask import Flask

from lti_tool.extensions import db
from lti_tool.grades.background import BackgroundSender, listen_for_queued_grades
from lti_tool.grades.settings import GradeSettings
from lti_tool.home.sections import add_home_section


def init_app(app: Flask) -> None:
    """Register the grades blueprint and CLI; with ``GRADES_BACKGROUND_SENDER`` on, a sender
    thread starts with the app's first request (so CLI commands and migrations never run one, and
    each forked server worker starts its own)."""
    from lti_tool.grades.cli import grades
    from lti_tool.grades.routes import bp, home_section

    app.register_blueprint(bp)
    add_home_section(app, home_section)
    app.cli.add_command(grades)
    listen_for_queued_grades()
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
