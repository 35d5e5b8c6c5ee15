"""A manager's team: who is on it (``membership``), the roster the LMS reports (``roster``), the
dashboard filtered, sorted and paged by the database (``dashboard``, ``member_facts``,
``summary``, ``export``), comments on plans and goals (``comments``) and a manager's own view of
a member's levels (``observations``); tables in ``models``.

Plain Python and SQLAlchemy: callers pass a ``Session`` and commit it.
"""

from development_plans.team.comments import COMMENT_MAX, add_comment, comments_for
from development_plans.team.dashboard import (
    SORT_KEYS,
    DashboardQuery,
    TeamPage,
    dashboard_page,
    dashboard_rows,
    members_left,
    page_window,
)
from development_plans.team.export import csv_safe, dashboard_csv
from development_plans.team.membership import Team, team_counts, team_member, team_of
from development_plans.team.models import ManagerObservation, PlanComment, RosterSync
from development_plans.team.observations import observations_for, record_observation
from development_plans.team.roster import (
    RosterResult,
    apply_roster,
    due_for_sync,
    record_sync_failure,
)
from development_plans.team.rows import MemberRow, MemberStatus
from development_plans.team.summary import (
    DEFAULT_MIN_GROUP,
    LevelCount,
    TeamSummary,
    team_summary,
)

__all__ = [
    "COMMENT_MAX",
    "DEFAULT_MIN_GROUP",
    "SORT_KEYS",
    "DashboardQuery",
    "LevelCount",
    "ManagerObservation",
    "MemberRow",
    "MemberStatus",
    "PlanComment",
    "RosterResult",
    "RosterSync",
    "Team",
    "TeamPage",
    "TeamSummary",
    "add_comment",
    "apply_roster",
    "comments_for",
    "csv_safe",
    "dashboard_csv",
    "dashboard_page",
    "dashboard_rows",
    "due_for_sync",
    "members_left",
    "observations_for",
    "page_window",
    "record_observation",
    "record_sync_failure",
    "team_counts",
    "team_member",
    "team_of",
    "team_summary",
]
