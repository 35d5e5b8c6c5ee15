"""The database, bound to the app: Flask-SQLAlchemy over the domain's ``Base``, Alembic migrations
for ``flask db`` (left out of web workers), and SQLite's settings for several processes."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import event

from lti_tool.extensions import db

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def init_app(app: Flask) -> None:
    _register_tables()
    db.init_app(app)
    if app.config["MIGRATIONS_ENABLED"]:
        from flask_migrate import Migrate  # Alembic, Mako, Pygments: ~11 MB a web worker needs not

        Migrate(app, db, directory=MIGRATIONS_DIR)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)


def _register_tables() -> None:
    """Import every module that declares tables, so the metadata (and Alembic) sees them all."""
    from development_plans.assessments import models as _assessments  # noqa: F401
    from development_plans.completion import models as _completion  # noqa: F401
    from development_plans.conversations import models as _conversations  # noqa: F401
    from development_plans.courses import models as _courses  # noqa: F401
    from development_plans.feedback import models as _feedback  # noqa: F401
    from development_plans.framework import models as _framework  # noqa: F401
    from development_plans.goals import models as _goals  # noqa: F401
    from development_plans.notices import models as _notices  # noqa: F401
    from development_plans.people import models as _people  # noqa: F401
    from development_plans.plans import models as _plans  # noqa: F401
    from development_plans.resources import models as _resources  # noqa: F401
    from development_plans.team import models as _team  # noqa: F401
    from lti_tool import form_tokens as _form_tokens  # noqa: F401
    from lti_tool import sessions as _sessions  # noqa: F401
    from lti_tool import store as _store  # noqa: F401
    from lti_tool.grades import models as _grades  # noqa: F401
    from lti_tool.lti import models as _lti  # noqa: F401
    from lti_tool.mail import models as _mail  # noqa: F401


def _sqlite_pragmas(connection, _record) -> None:
    """SQLite shared by several worker processes: write-ahead logging so readers never wait for a
    writer, and a busy timeout instead of an immediate "database is locked"."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
