"""A manager's team: who is on it (``membership``), the roster the LMS reports (``roster``), the
dashboard filtered, sorted and paged by the database (``dashboard``, ``member_facts``,
``summary``, ``export``), what needs the manager first (``attention``), the columns they chose
(``columns``) and a manager's own view of a member's levels, shared with the member if they
choose (``observations``); tables in ``models``. Comments on plans are a concept of their own,
:mod:`development_plans.conversations`.

Plain Python and SQLAlchemy: callers pass a ``Session`` and commit it.
"""

from development_plans.team.attention import (
    DEFAULT_REVIEW_DAYS,
    Attention,
    OverdueMember,
    WaitingPlan,
    needs_attention,
)
from development_plans.team.columns import (
    COMPACT,
    choose_columns,
    column_keys,
    column_labels,
    shown_columns,
)
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
from development_plans.team.models import (
    DashboardColumns,
    ManagerObservation,
    ObservationShare,
    RosterSync,
)
from development_plans.team.observations import (
    SharedView,
    is_shared,
    observations_for,
    record_observation,
    share_view,
    shared_views,
    unshare_view,
)
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
    "COMPACT",
    "DEFAULT_MIN_GROUP",
    "DEFAULT_REVIEW_DAYS",
    "SORT_KEYS",
    "Attention",
    "DashboardColumns",
    "DashboardQuery",
    "LevelCount",
    "ManagerObservation",
    "MemberRow",
    "MemberStatus",
    "ObservationShare",
    "OverdueMember",
    "RosterResult",
    "RosterSync",
    "SharedView",
    "Team",
    "TeamPage",
    "TeamSummary",
    "WaitingPlan",
    "apply_roster",
    "choose_columns",
    "column_keys",
    "column_labels",
    "csv_safe",
    "dashboard_csv",
    "dashboard_page",
    "dashboard_rows",
    "due_for_sync",
    "is_shared",
    "members_left",
    "needs_attention",
    "observations_for",
    "page_window",
    "record_observation",
    "record_sync_failure",
    "share_view",
    "shared_views",
    "shown_columns",
    "team_counts",
    "team_member",
    "team_of",
    "team_summary",
    "unshare_view",
]
