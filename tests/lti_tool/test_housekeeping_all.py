"""Housekeeping removes what has expired and nothing else."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select


def test_expired_shared_values_and_sessions_are_pruned_live_ones_kept(app):
    from development_plans.db import utcnow
    from lti_tool.extensions import db
    from lti_tool.housekeeping import prune
    from lti_tool.sessions import WebSession
    from lti_tool.store import SharedValue

    now = utcnow()
    with app.app_context():
        db.session.add_all(
            [
                SharedValue(key="old", value='"x"', expires_at=now - timedelta(seconds=1)),
                SharedValue(key="live", value='"x"', expires_at=now + timedelta(hours=1)),
                SharedValue(key="forever", value='"x"', expires_at=None),
                WebSession(id="old", data={}, created_at=now, expires_at=now - timedelta(1)),
                WebSession(id="live", data={}, created_at=now, expires_at=now + timedelta(1)),
            ]
        )
        db.session.commit()
        pruned = prune(app)
        assert (pruned.shared_values, pruned.sessions, pruned.grades) == (1, 1, 0)
        assert sorted(db.session.scalars(select(SharedValue.key))) == ["forever", "live"]
        assert list(db.session.scalars(select(WebSession.id))) == ["live"]


def test_housekeeping_command_reports_what_it_removed(app):
    result = app.test_cli_runner().invoke(args=["housekeeping"])
    assert result.exit_code == 0, result.output
    assert (
        "Removed 0 expired shared value(s), 0 expired session(s), 0 delivered grade row(s) and"
        " 0 mail message(s)" in result.output
    )
