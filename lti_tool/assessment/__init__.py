"""The self-assessment journey: start or resume, one page per dimension, check, submit, results."""

from __future__ import annotations

from flask import Flask

from lti_tool.assessment.home_section import home_section
from lti_tool.assessment.routes import bp
from lti_tool.home.sections import add_home_section


def init_app(app: Flask) -> None:
    """Plug in the self-assessment pages and their "Your self-assessment" home page section."""
    app.register_blueprint(bp)
    add_home_section(app, home_section)
