"""Migration 0009 keeps every grade: a database made before it, with outbox rows, upgrades to
learners' completions filled from each learner's newest row and every row's AGS comment, and
downgrades again."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

BEFORE = "0007_enrolment_mentees_only"
AT = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


@pytest.fixture
def database(database_url, tmp_path):
    """An empty database of its own (beside the suite's on PostgreSQL)."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migration.sqlite3'}"
        return
    admin_url, _, name = database_url.rpartition("/")
    admin = create_engine(f"{admin_url}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}_migration" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}_migration"'))
    yield f"{admin_url}/{name}_migration"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}_migration" WITH (FORCE)'))
    admin.dispose()


def _outbox_row(row_id: int, user_id: int, state: str, status: str, percent: int, grading: str):
    return {
        "id": row_id,
        "user_id": user_id,
        "placement_id": 1,
        "state": state,
        "policy": "staged",
        "completion_percent": percent,
        "activity_progress": "InProgress",
        "grading_progress": grading,
        "occurred_at": AT,
        "score_timestamp": AT,
        "created_at": AT,
        "status": status,
        "attempts": 1,
        "next_attempt_at": AT,
    }


def _fill(conn) -> None:
    meta = sa.MetaData()
    meta.reflect(conn, only=["users", "courses", "placements", "grade_outbox"])
    tables = meta.tables
    conn.execute(
        tables["users"].insert(),
        [
            {
                "id": n,
                "issuer": "https://lms",
                "subject": f"s{n}",
                "created_at": AT,
                "last_seen_at": AT,
            }
            for n in (1, 2)
        ],
    )
    conn.execute(
        tables["courses"].insert(),
        {
            "id": 1,
            "issuer": "https://lms",
            "client_id": "c",
            "deployment_id": "d",
            "context_id": "x",
            "created_at": AT,
        },
    )
    conn.execute(
        tables["placements"].insert(),
        {"id": 1, "course_id": 1, "resource_link_id": "r", "ags_scopes": [], "created_at": AT},
    )
    conn.execute(
        tables["grade_outbox"].insert(),
        [
            _outbox_row(1, 1, "assessment_submitted", "superseded", 50, "Pending"),
            _outbox_row(2, 1, "plan_approved", "sent", 100, "FullyGraded"),
            _outbox_row(3, 2, "plan_submitted", "pending", 80, "Pending"),
        ],
    )


def test_upgrade_keeps_every_grade_and_downgrade_reverses_it(database, tmp_path):
    from lti_tool import create_app
    from lti_tool.config import Config

    app = create_app(Config(INSTANCE_DIR=tmp_path / "instance", SQLALCHEMY_DATABASE_URI=database))
    with app.app_context():
        from lti_tool.extensions import db

        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            _fill(conn)
        upgrade()
        with db.engine.connect() as conn:
            completions = conn.execute(
                text(
                    "SELECT user_id, state, policy, percent, final FROM learner_completions "
                    "ORDER BY user_id"
                )
            ).all()
            comments = conn.execute(
                text("SELECT id, status, comment FROM grade_outbox ORDER BY id")
            ).all()
            indexes = {
                i["name"]: i["column_names"] for i in sa.inspect(conn).get_indexes("grade_outbox")
            }
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            columns = {c["name"] for c in sa.inspect(conn).get_columns("grade_outbox")}
            tables = set(sa.inspect(conn).get_table_names())
            kept = conn.execute(text("SELECT count(*) FROM grade_outbox")).scalar()
        db.engine.dispose()

    assert [tuple(row) for row in completions] == [
        (1, "plan_approved", "staged", 100, True),
        (2, "plan_submitted", "staged", 80, False),
    ]
    assert [tuple(row) for row in comments] == [
        (1, "superseded", "Self-assessment submitted"),
        (2, "sent", "Development plan approved"),
        (3, "pending", "Development plan submitted for review"),
    ]
    assert indexes == {
        "ix_grade_outbox_due": ["status", "next_attempt_at"],
        "ix_grade_outbox_learner": ["placement_id", "user_id", "id"],
    }
    assert "comment" not in columns and "learner_completions" not in tables and kept == 3
