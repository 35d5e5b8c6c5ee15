"""comment threads and what a manager shares and shows: a comment's thread (replies point at the
comment that opened it), a manager's view of a member shared with that member, and the dashboard
columns each manager chose

Revision ID: 0010_comment_threads
Revises: 0012_mail_outbox
Create Date: 2026-12-04 20:05:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0010_comment_threads"
down_revision = "0012_mail_outbox"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("team_plan_comments") as batch:
        batch.add_column(sa.Column("thread_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_team_plan_comments_thread_id_team_plan_comments"),
            "team_plan_comments",
            ["thread_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index(op.f("ix_team_plan_comments_thread_id"), ["thread_id"], unique=False)
    op.create_table(
        "team_observation_shares",
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("observer_id", sa.Integer(), nullable=False),
        sa.Column("shared_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_team_observation_shares_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["users.id"],
            name=op.f("fk_team_observation_shares_member_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["observer_id"],
            ["users.id"],
            name=op.f("fk_team_observation_shares_observer_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "course_id", "member_id", "observer_id", name=op.f("pk_team_observation_shares")
        ),
    )
    op.create_table(
        "team_dashboard_columns",
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("shown", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_team_dashboard_columns_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["users.id"],
            name=op.f("fk_team_dashboard_columns_manager_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("course_id", "manager_id", name=op.f("pk_team_dashboard_columns")),
    )


def downgrade():
    op.drop_table("team_dashboard_columns")
    op.drop_table("team_observation_shares")
    with op.batch_alter_table("team_plan_comments") as batch:
        batch.drop_index(op.f("ix_team_plan_comments_thread_id"))
        batch.drop_constraint(
            op.f("fk_team_plan_comments_thread_id_team_plan_comments"), type_="foreignkey"
        )
        batch.drop_column("thread_id")
