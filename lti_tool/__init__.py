"""Development Planner: the Flask app that LMSs launch over LTI 1.3."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, send_from_directory
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from lti_tool.config import Config
from lti_tool.extensions import csrf, db
from lti_tool.sessions import DatabaseSessionInterface

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = str(ROOT / "migrations")


def create_app(config: Config | None = None) -> Flask:
    """Build the tool: extensions, the shared store, LTI adapter, blueprints and error pages."""
    from development_plans.completion import models as completion_tables  # noqa: F401
    from lti_tool import (  # noqa: F401  (models register their tables)
        assessment,
        chrome,
        cli,
        course,
        errors,
        goals,
        grades,
        health,
        home,
        housekeeping,
        lti,
        models,
        placement,
        plan,
        team,
    )
    from lti_tool.auth import current_viewer

    config = config or Config()
    app = Flask(__name__, instance_path=str(config.INSTANCE_DIR))
    app.config.from_object(config)
    app.jinja_options = {
        "autoescape": True,  # the NHS.UK macros are .jinja files, which Flask would not escape
        "undefined": ChainableUndefined,
        "loader": ChoiceLoader(
            [
                FileSystemLoader(app.root_path + "/templates"),
                PackageLoader("nhsuk_frontend_jinja", "templates"),
                PackageLoader("nhsuk_frontend_jinja", "templates/nhsuk"),
            ]
        ),
    }
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)

    db.init_app(app)
    if app.config["MIGRATIONS_ENABLED"]:
        from flask_migrate import Migrate  # Alembic, Mako, Pygments: ~11 MB a web worker needs not

        Migrate(app, db, directory=MIGRATIONS_DIR)
    csrf.init_app(app)
    app.session_interface = DatabaseSessionInterface()

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)

    lti.init_app(app)
    home.init_app(app)
    placement.init_app(app)
    plan.init_app(app)
    goals.init_app(app)
    course.init_app(app)
    assessment.init_app(app)
    team.init_app(app)
    grades.init_app(app)
    chrome.init_app(app)
    health.init_app(app)
    housekeeping.init_app(app)
    errors.init_app(app)
    cli.init_app(app)

    @app.context_processor
    def inject_viewer():
        return {"viewer": current_viewer()}

    @app.get("/assets/<path:filename>", endpoint="assets")
    def nhsuk_assets(filename: str):
        return send_from_directory(app.config["NHSUK_ASSETS_DIR"], filename, max_age=86400)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app


def _sqlite_pragmas(connection, _record) -> None:
    """SQLite shared by several worker processes: write-ahead logging so readers never wait for a
    writer, and a busy timeout instead of an immediate "database is locked"."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
