"""Migration 0011 keeps every grade and edit: each learner's completion is filed under their
newest self-assessment cycle (cycle 1 when they have none), placements keep the best grade
across cycles until their staff choose otherwise, edited rows start at version 1, and the
downgrade reverses it all."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from test_upgrade_keeps_data import previous_release_database

BEFORE = "0013_feedback"
AT = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
__all__ = ["previous_release_database"]


def _fill(conn) -> None:
    meta = sa.MetaData()
    meta.reflect(conn)
    tables = meta.tables
    _fill_course(conn, tables)
    _fill_completions(conn, tables)


def _fill_course(conn, tables) -> None:
    users = [{"id": n, "issuer": "i", "subject": f"s{n}", "created_at": AT} for n in (1, 2)]
    conn.execute(tables["users"].insert(), [{**u, "last_seen_at": AT} for u in users])
    conn.execute(
        tables["courses"].insert(),
        {
            "id": 1,
            "issuer": "i",
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
        tables["placement_grading_policies"].insert(),
        {"placement_id": 1, "policy": "staged", "chosen_at": AT},
    )
    conn.execute(
        tables["assessments"].insert(),
        [
            {
                "id": n,
                "user_id": 1,
                "course_id": 1,
                "framework_id": "hlm",
                "framework_version": "1",
                "cycle": n,
                "status": "submitted",
                "current_dimension": 9,
                "started_at": AT,
                "updated_at": AT,
            }
            for n in (1, 2)
        ],
    )


def _fill_completions(conn, tables) -> None:
    conn.execute(
        tables["learner_completions"].insert(),
        [
            {
                "placement_id": 1,
                "user_id": 1,
                "state": "assessment_submitted",
                "policy": "staged",
                "percent": 50,
                "final": False,
                "occurred_at": AT,
                "recorded_at": AT,
            },
            {
                "placement_id": 1,
                "user_id": 2,
                "state": "plan_approved",
                "policy": "staged",
                "percent": 100,
                "final": True,
                "occurred_at": AT,
                "recorded_at": AT,
            },
        ],
    )


def test_upgrade_files_completions_by_cycle_and_downgrade_reverses_it(
    previous_release_database, tmp_path
):
    from lti_tool import create_app
    from lti_tool.config import Config

    url = previous_release_database
    app = create_app(Config(INSTANCE_DIR=tmp_path / "instance", SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        from lti_tool.extensions import db

        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            _fill(conn)
        upgrade()
        with db.engine.connect() as conn:
            held = conn.execute(
                text("SELECT user_id, cycle, percent FROM learner_completions ORDER BY user_id")
            ).all()
            cycles = conn.execute(
                text(
                    "SELECT user_id, cycle, state, percent, final FROM learner_cycle_completions "
                    "ORDER BY user_id"
                )
            ).all()
            rule = conn.execute(text("SELECT cycle_rule FROM placement_grading_policies")).scalar()
            versions = {
                table: {c["name"]: c for c in sa.inspect(conn).get_columns(table)}["version_id"]
                for table in (
                    "plan_goals",
                    "plan_items",
                    "team_observations",
                    "plan_course_targets",
                )
            }
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
            columns = {c["name"] for c in sa.inspect(conn).get_columns("learner_completions")}
            kept = conn.execute(text("SELECT count(*) FROM learner_completions")).scalar()
        db.engine.dispose()

    assert [tuple(row) for row in held] == [(1, 2, 50), (2, 1, 100)]
    assert [tuple(row) for row in cycles] == [
        (1, 2, "assessment_submitted", 50, False),
        (2, 1, "plan_approved", 100, True),
    ]
    assert rule == "keep_best"
    assert all(not column["nullable"] for column in versions.values())
    assert not {"learner_cycle_completions", "form_submissions"} & tables
    assert "cycle" not in columns and kept == 2
