"""Fixtures shared by the whole suite: a database (SQLite by default, PostgreSQL when
TEST_DATABASE_URL says so), a fresh app per test, the tool served over real HTTP, and a real
LTI 1.3 test platform on its own port."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.databases import fresh_database
from support.servers import LiveServer


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL") or None
    url = fresh_database(url, tmp_path_factory.mktemp("db"))
    from flask_migrate import upgrade

    from lti_tool import create_app
    from lti_tool.config import Config

    app = create_app(
        Config(INSTANCE_DIR=tmp_path_factory.mktemp("instance"), SQLALCHEMY_DATABASE_URI=url)
    )
    with app.app_context():
        upgrade()
    return url


def _empty_all_tables(app) -> None:
    """Remove every row, except the tool's current signing key: generating an RSA key for every
    test would double the suite's time and proves nothing new."""
    from lti_tool.extensions import db
    from lti_tool.lti.models import ToolKey

    with app.app_context(), db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            if table is not ToolKey.__table__:
                conn.execute(table.delete())
        newest = conn.execute(
            ToolKey.__table__.select()
            .where(ToolKey.retired_at.is_(None))
            .order_by(ToolKey.id.desc())
        ).first()
        keep = ToolKey.id == newest.id if newest else ToolKey.id.is_(None)
        conn.execute(ToolKey.__table__.delete().where(~keep))


@pytest.fixture
def make_app(database_url, tmp_path):
    """Build an app on the test database; rows left by earlier tests are removed first."""
    from lti_tool import create_app
    from lti_tool.config import Config

    apps = []

    def build(**overrides):
        settings = {
            "INSTANCE_DIR": tmp_path / "instance",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret",
            **overrides,
        }
        app = create_app(Config(**settings))
        if not apps:
            _empty_all_tables(app)
        apps.append(app)
        return app

    yield build
    for app in apps:
        from lti_tool.extensions import db

        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def tool(app):
    """The tool served over HTTP at http://localhost:PORT (a different site from the platform)."""
    with LiveServer(app, public_host="localhost") as server:
        yield server


@pytest.fixture(scope="session")
def platform_key_path(tmp_path_factory) -> Path:
    """One platform signing key for the session (a test that rotates it writes the new one)."""
    return tmp_path_factory.mktemp("platform-key") / "platform.pem"


@pytest.fixture
def platform(app, tool, platform_key_path):
    """A real LTI 1.3 platform at http://127.0.0.1:PORT, registered with the tool."""
    from support.lti import registered_platform

    with registered_platform(app, tool, key_path=platform_key_path) as running:
        yield running
