"""team dashboard: indexes that find each member's latest submitted assessment and count their
plan's goals with one probe, fast before and after the tables have statistics

Revision ID: 0008_team_dashboard_indexes
Revises: 0007_enrolment_mentees_only
Create Date: 2026-12-03 14:00:00

"""

from alembic import op

revision = "0008_team_dashboard_indexes"
down_revision = "0007_enrolment_mentees_only"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assessments") as batch:
        batch.create_index(
            "ix_assessments_latest_per_member",
            ["course_id", "user_id", "framework_id", "status", "cycle"],
        )
    with op.batch_alter_table("plan_goals") as batch:
        batch.create_index("ix_plan_goals_plan_status", ["plan_id", "status", "target_date"])


def downgrade():
    with op.batch_alter_table("plan_goals") as batch:
        batch.drop_index("ix_plan_goals_plan_status")
    with op.batch_alter_table("assessments") as batch:
        batch.drop_index("ix_assessments_latest_per_member")
