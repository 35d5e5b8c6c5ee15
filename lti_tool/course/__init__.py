"""The course's settings for its managers: targets and resources that learners' plans start
from, and the framework in and out (under ``/plan/course``)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the course settings pages."""
    from lti_tool.course import frameworks  # noqa: F401  (its pages join the blueprint)
    from lti_tool.course.routes import bp

    app.register_blueprint(bp)
