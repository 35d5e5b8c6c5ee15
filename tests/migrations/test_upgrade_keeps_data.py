"""`flask db upgrade` from a database made by an earlier release loses nothing: every table of
that schema gets a row (foreign keys pointing at the rows before it), the database is upgraded to
the newest revision, and every row is read back with every value it had."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    Numeric,
    create_engine,
    inspect,
    select,
    text,
)
from support.databases import fresh_database

#: The head of the schema the previous release shipped (issues 2–10), and what it has been renamed.
PREVIOUS_RELEASE = "0009_grades_completions"
RENAMED_TABLES: dict[str, str] = {}
MOMENT = dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.UTC)


def _value(table, column, ids: dict[str, int]):
    for key in column.foreign_keys:
        referred = key.column.table.name
        return 1 if referred == table.name else ids[referred]  # a row may point at itself
    kind = column.type
    if isinstance(kind, Boolean):
        return True
    if isinstance(kind, Integer):
        return 3
    if isinstance(kind, Float | Numeric):
        return 75.0
    if isinstance(kind, DateTime):
        return MOMENT
    if isinstance(kind, Date):
        return MOMENT.date()
    if isinstance(kind, JSON):
        return [f"{table.name}.{column.name}"]
    return f"{table.name}.{column.name}"[: getattr(kind, "length", None) or 200]


def _fill_every_table(engine) -> dict[str, dict]:
    """One row in every table, in dependency order; returns the rows by table."""
    metadata = MetaData()
    metadata.reflect(engine)
    rows: dict[str, dict] = {}
    ids: dict[str, int] = {}
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            row = {c.name: _value(table, c, ids) for c in table.columns}
            if "id" in row and isinstance(table.c.id.type, Integer):
                row["id"] = 1
            conn.execute(table.insert().values(**row))
            ids[table.name] = row.get("id", 1)
            rows[table.name] = row
    return rows


def _normalise(value):
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] in " T":
        return _normalise(dt.datetime.fromisoformat(value))
    return value


@pytest.fixture
def previous_release_database(database_url, tmp_path):
    url = database_url
    if url.startswith("postgresql"):
        url = url.rsplit("/", 1)[0] + "/dp_upgrade_test"
    url = fresh_database(url if url.startswith("postgresql") else None, tmp_path)
    yield url


def _upgrade(url: str, tmp_path: Path, revision: str) -> None:
    from flask_migrate import upgrade

    from lti_tool import create_app
    from lti_tool.config import Config

    app = create_app(Config(INSTANCE_DIR=tmp_path / "instance", SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade(revision=revision)
        from lti_tool.extensions import db

        db.engine.dispose()


def test_upgrading_from_the_previous_release_keeps_every_row(previous_release_database, tmp_path):
    url = previous_release_database
    _upgrade(url, tmp_path, PREVIOUS_RELEASE)
    engine = create_engine(url)
    before = _fill_every_table(engine)
    engine.dispose()

    _upgrade(url, tmp_path, "head")

    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() != (
            PREVIOUS_RELEASE
        )
        tables = set(inspect(conn).get_table_names())
        metadata = MetaData()
        metadata.reflect(conn)
        for name, row in before.items():
            table_name = RENAMED_TABLES.get(name, name)
            assert table_name in tables, f"table {name} is gone"
            table = metadata.tables[table_name]
            found = conn.execute(select(table)).mappings().all()
            assert len(found) == 1, f"{table_name}: {len(found)} rows"
            for column, value in row.items():
                if column in table.c:
                    assert _normalise(found[0][column]) == _normalise(value), (table_name, column)
    engine.dispose()
