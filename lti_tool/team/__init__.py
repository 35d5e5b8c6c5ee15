"""Managers' pages: the team dashboard, a member's results and plan, review and sign-off."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from development_plans.assessments import level_meaning
    from lti_tool.home.sections import add_home_section
    from lti_tool.team.home import home_section
    from lti_tool.team.routes import bp

    app.register_blueprint(bp)
    app.add_template_global(level_meaning)  # the team pages' level tags explain the lowest
    add_home_section(app, home_section)
