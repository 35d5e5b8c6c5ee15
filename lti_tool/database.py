"""The database, bound to the app: Flask-SQLAlchemy over the domain's ``Base``, Alembic migrations
for ``flask db`` (left out of web workers), SQLite's settings for several processes, and a
pooled connection checked before use, without a round trip when it was used a moment ago."""

from __future__ import annotations

import select
import time
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

from lti_tool.extensions import db

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")
PING_AFTER_IDLE_SECONDS = 10


def init_app(app: Flask) -> None:
    _register_tables()
    db.init_app(app)
    if app.config["MIGRATIONS_ENABLED"]:
        from flask_migrate import Migrate  # Alembic, Mako, Pygments: ~11 MB a web worker needs not

        Migrate(app, db, directory=MIGRATIONS_DIR)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)
        _check_connections_before_use(db.engine)


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


def _check_connections_before_use(engine: Engine) -> None:
    """Never hand a request a connection the server has closed (a restart, an idle timeout, an
    administrator), at less cost than ``pool_pre_ping``, whose round trip cost ~0.1 ms of CPU per
    request: a connection idle longer than ``PING_AFTER_IDLE_SECONDS``, or with bytes waiting on
    its socket (a closing server says so, then closes), is pinged; a failed ping makes the pool
    connect afresh. A connection returned a moment ago with nothing to read is used as it is
    (SQLite's have no socket, so they are always pinged, which costs it microseconds)."""

    @event.listens_for(engine, "checkin")
    def returned(_dbapi_connection, record) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def check(dbapi_connection, record, _proxy) -> None:
        returned_at = record.info.pop("returned_at", None)
        if returned_at is None:
            return  # just connected
        idle = time.monotonic() - returned_at
        if idle < PING_AFTER_IDLE_SECONDS and not _has_bytes_waiting(dbapi_connection):
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError("the database closed this pooled connection") from error


def _has_bytes_waiting(dbapi_connection) -> bool:
    try:
        readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    except Exception:  # no socket (SQLite) or already closed: ask the database
        return True
    return bool(readable)
