"""Email notices about plans: the "Email notices" page where each person switches them off
(``routes``), the notices themselves (``tell``, sent through ``lti_tool.mail`` from where the
events happen: plan submission in ``lti_tool.plan``, review and comments in ``lti_tool.team``),
and ``flask notices due-goals`` (``cli``) for goals whose target date is near or past. The
rules (kinds, preferences, who is told) are ``development_plans.notices``."""

from __future__ import annotations

from flask import Flask

from lti_tool.home.sections import add_home_section


def init_app(app: Flask) -> None:
    from lti_tool.notices.cli import notices
    from lti_tool.notices.routes import bp, home_section

    app.register_blueprint(bp)
    add_home_section(app, home_section)
    app.cli.add_command(notices)
