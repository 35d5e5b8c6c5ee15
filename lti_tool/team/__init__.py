"""Managers' pages: the team dashboard, a member's results and plan, review and sign-off."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from lti_tool.home.sections import add_home_section
    from lti_tool.team.home import home_section
    from lti_tool.team.routes import bp

    app.register_blueprint(bp)
    add_home_section(app, home_section)
