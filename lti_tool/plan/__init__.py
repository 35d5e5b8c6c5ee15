"""The development plan pages: from assessment gaps to a plan a manager reviews. Goals have
their own blueprint (:mod:`lti_tool.goals`), the course's settings too (:mod:`lti_tool.course`)."""

from __future__ import annotations

from flask import Flask

from lti_tool.home.sections import add_home_section


def init_app(app: Flask) -> None:
    """Register the plan pages and the home page's next step and plan sections."""
    from lti_tool.plan.next_step import next_step_section
    from lti_tool.plan.routes import bp, home_section

    app.register_blueprint(bp)
    add_home_section(app, next_step_section)
    add_home_section(app, home_section)
