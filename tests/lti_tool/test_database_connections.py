"""A pooled connection the database has closed (a restart, an idle timeout, an administrator) is
replaced before a request uses it, though connections used a moment ago are not pinged."""

from __future__ import annotations

import time

from sqlalchemy import create_engine, text


def _pooled_connection_id(app) -> object:
    """Who the pool's connection is, seen from the database, after a request returned it."""
    from lti_tool.extensions import db

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            found = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
        else:
            found = id(db.session.connection().connection.dbapi_connection)
        db.session.remove()
    return found


def _close_behind_the_pools_back(app, database_url: str, connection_id) -> None:
    from lti_tool.extensions import db

    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        with engine.connect() as connection:
            connection.connection.dbapi_connection.close()
        return
    # autocommit: inside one transaction pg_stat_activity is a snapshot that never changes
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    deadline = time.monotonic() + 30
    with admin.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": connection_id})
        while connection.execute(
            text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": connection_id}
        ).scalar():
            assert time.monotonic() < deadline, "the terminated backend did not go away"
            time.sleep(0.01)
    admin.dispose()
    time.sleep(0.05)  # the server's goodbye reaches the pooled socket


def test_a_connection_the_database_closed_is_replaced_before_a_request_uses_it(app, database_url):
    client = app.test_client()
    assert client.get("/health").status_code == 200
    before = _pooled_connection_id(app)
    _close_behind_the_pools_back(app, database_url, before)

    response = client.get("/health")

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["checks"]["database"] == "ok"
    assert _pooled_connection_id(app) != before
