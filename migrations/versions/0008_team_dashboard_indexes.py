"""team dashboard: covering indexes for a member's cycles, dimension results and goal counts

The dashboard reaches every table from a member by user id or primary key (see
development_plans/team/member_facts.py); these indexes let each of those reads come from the
index alone: a member's assessments in every course with their cycle, status and framework, an
assessment's level per dimension, and a plan's goals by status and target date.

Revision ID: 0008_team_dashboard_indexes
Revises: 0007_enrolment_mentees_only
Create Date: 2026-12-03 14:00:00

"""

from alembic import op

revision = "0008_team_dashboard_indexes"
down_revision = "0007_enrolment_mentees_only"
branch_labels = None
depends_on = None

INDEXES = {
    "assessments": (
        "ix_assessments_member_cycles",
        ["user_id", "course_id", "cycle", "status", "framework_id"],
    ),
    "assessment_dimension_results": (
        "ix_assessment_dimension_results_levels",
        ["assessment_id", "dimension_id", "level_id"],
    ),
    "plan_goals": ("ix_plan_goals_plan_status", ["plan_id", "status", "target_date"]),
}


def upgrade():
    for table, (name, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade():
    for table, (name, _) in INDEXES.items():
        op.drop_index(name, table_name=table)
