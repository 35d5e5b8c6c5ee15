"""Development Planner: the Flask app that LMSs launch over LTI 1.3.

``create_app`` is the list of the tool's parts, each plugged in by its ``init_app``."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from lti_tool.config import Config


def create_app(config: Config | None = None) -> Flask:
    """Build the tool from one ``Config``: database, pages, sessions, the LTI adapter, one
    blueprint per area, grades, mail, health, housekeeping, error pages and commands."""
    from lti_tool import (
        assessment,
        chrome,
        cli,
        conversations,
        course,
        database,
        errors,
        feedback,
        form_tokens,
        goals,
        grades,
        health,
        home,
        housekeeping,
        lti,
        mail,
        notices,
        placement,
        plan,
        security,
        session_tokens,
        sessions,
        team,
        templating,
    )
    from lti_tool.extensions import csrf

    config = config or Config()
    app = Flask(__name__, instance_path=str(config.INSTANCE_DIR))
    app.config.from_object(config)
    if hops := app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)

    templating.init_app(app)  # first: the Jinja options must be set before anything renders
    database.init_app(app)
    csrf.init_app(app)
    form_tokens.init_app(app)
    sessions.init_app(app)
    session_tokens.init_app(app)  # after sessions: the cookie-less launch path
    chrome.init_app(app)
    lti.init_app(app)
    mail.init_app(app)
    for area in (
        home,
        placement,
        assessment,
        plan,
        goals,
        conversations,
        course,
        team,
        grades,
        notices,
        feedback,
    ):
        area.init_app(app)
    health.init_app(app)
    housekeeping.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    security.init_app(app)

    return app
