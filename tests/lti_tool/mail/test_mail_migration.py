"""Migration 0012 adds the mail outbox and the notice preferences, and takes them away again."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text


def test_0012_upgrades_and_downgrades(make_app, database_url, tmp_path):
    if database_url.startswith("postgresql"):
        admin_url, _, name = database_url.rpartition("/")
        admin = create_engine(f"{admin_url}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}_mail_mig" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}_mail_mig"'))
        url = f"{admin_url}/{name}_mail_mig"
    else:
        url = f"sqlite:///{tmp_path / 'mail-migration.sqlite3'}"
    make_app()  # the suite's database, emptied; then an app on the empty one
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade(revision="0012_mail_outbox")
        tables = set(inspect(create_engine(url)).get_table_names())
        assert {"mail_outbox", "notice_preferences"} <= tables
        downgrade(revision="0009_grades_completions")
        tables = set(inspect(create_engine(url)).get_table_names())
        assert not {"mail_outbox", "notice_preferences"} & tables
        upgrade(revision="0012_mail_outbox")
        from lti_tool.extensions import db

        db.engine.dispose()
    if database_url.startswith("postgresql"):
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}_mail_mig" WITH (FORCE)'))
        admin.dispose()
