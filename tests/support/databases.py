"""Throwaway databases for the test suite and the benchmarks: a PostgreSQL database dropped and
created again, or a new SQLite file, migrated with Alembic from empty."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text


def fresh_database(url: str | None, workdir: Path) -> str:
    """The given PostgreSQL database dropped and created again, or a new SQLite file."""
    if not url:
        path = workdir / "bench.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    admin_url, _, name = url.rpartition("/")
    engine = create_engine(f"{admin_url}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url


def migrated(url: str, workdir: Path):
    """An app on ``url`` with every migration applied (idempotent)."""
    from flask_migrate import upgrade

    from lti_tool import create_app
    from lti_tool.config import Config

    app = create_app(
        Config(INSTANCE_DIR=workdir / "instance", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY="bench")
    )
    with app.app_context():
        upgrade()
    return app
