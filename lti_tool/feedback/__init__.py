"""360 feedback pages: the learner's request (``routes``), the raters' questionnaire after a
launch or through an emailed link (``questionnaire``), the report, its release at the debrief,
its PDF and the plan drafted from it (``report_pages``), the course's settings
(``settings_page``), the emails (``notices``), the automatic reminder (``cli``), and the home
page's section (``home``). The rules live in :mod:`development_plans.feedback`."""

from __future__ import annotations

from flask import Flask

from lti_tool.home.sections import add_home_section


def init_app(app: Flask) -> None:
    """Register the feedback pages and the home page's feedback section."""
    from lti_tool.feedback import questionnaire, report_pages, settings_page  # noqa: F401
    from lti_tool.feedback.cli import feedback_cli
    from lti_tool.feedback.home import feedback_section
    from lti_tool.feedback.routes import bp

    app.register_blueprint(bp)  # with the routes of questionnaire, report_pages, settings_page
    add_home_section(app, feedback_section)
    app.cli.add_command(feedback_cli)
