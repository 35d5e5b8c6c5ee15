"""360 feedback: requests on an assessment, raters (course members, or people invited by email
whose link token is stored only as a hash), their answers and per-dimension importance and
comment, the course's feedback settings, debrief notes, and the plan's mark that its targets and
gaps came from a 360 report

Revision ID: 0013_feedback
Revises: 0010_comment_threads
Create Date: 2026-12-04 20:01:02.767321

"""

import sqlalchemy as sa
from alembic import op


revision = "0013_feedback"
down_revision = "0010_comment_threads"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "feedback_settings",
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("min_group_size", sa.Integer(), nullable=False),
        sa.Column("release_mode", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_feedback_settings_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("course_id", name=op.f("pk_feedback_settings")),
    )
    op.create_table(
        "feedback_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.String(length=100), nullable=False),
        sa.Column("framework_version", sa.String(length=50), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("release_mode", sa.String(length=20), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("released_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_feedback_requests_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_feedback_requests_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["facilitator_id"],
            ["users.id"],
            name=op.f("fk_feedback_requests_facilitator_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["users.id"],
            name=op.f("fk_feedback_requests_learner_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["released_by_id"],
            ["users.id"],
            name=op.f("fk_feedback_requests_released_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_requests")),
        sa.UniqueConstraint("assessment_id", name="uq_feedback_requests_assessment"),
    )
    with op.batch_alter_table("feedback_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_feedback_requests_course_learner", ["course_id", "learner_id"], unique=False
        )

    op.create_table(
        "feedback_debrief_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("dimension_id", sa.String(length=100), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["feedback_requests.id"],
            name=op.f("fk_feedback_debrief_notes_request_id_feedback_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["written_by_id"],
            ["users.id"],
            name=op.f("fk_feedback_debrief_notes_written_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_debrief_notes")),
    )
    with op.batch_alter_table("feedback_debrief_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_debrief_notes_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "feedback_raters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=255), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["feedback_requests.id"],
            name=op.f("fk_feedback_raters_request_id_feedback_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_feedback_raters_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_raters")),
        sa.UniqueConstraint("request_id", "email", name="uq_feedback_raters_request_email"),
        sa.UniqueConstraint("request_id", "user_id", name="uq_feedback_raters_request_user"),
        sa.UniqueConstraint("token_hash", name="uq_feedback_raters_token_hash"),
    )
    with op.batch_alter_table("feedback_raters", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_raters_user", ["user_id"], unique=False)

    op.create_table(
        "feedback_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rater_id", sa.Integer(), nullable=False),
        sa.Column("behaviour_id", sa.String(length=200), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["rater_id"],
            ["feedback_raters.id"],
            name=op.f("fk_feedback_answers_rater_id_feedback_raters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_answers")),
        sa.UniqueConstraint("rater_id", "behaviour_id", name="uq_feedback_answers_behaviour"),
    )
    op.create_table(
        "feedback_dimensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rater_id", sa.Integer(), nullable=False),
        sa.Column("dimension_id", sa.String(length=100), nullable=False),
        sa.Column("importance", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["rater_id"],
            ["feedback_raters.id"],
            name=op.f("fk_feedback_dimensions_rater_id_feedback_raters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_dimensions")),
        sa.UniqueConstraint("rater_id", "dimension_id", name="uq_feedback_dimensions_dimension"),
    )
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("feedback_request_id", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_column("feedback_request_id")

    op.drop_table("feedback_dimensions")
    op.drop_table("feedback_answers")
    with op.batch_alter_table("feedback_raters", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_raters_user")

    op.drop_table("feedback_raters")
    with op.batch_alter_table("feedback_debrief_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_debrief_notes_request_id"))

    op.drop_table("feedback_debrief_notes")
    with op.batch_alter_table("feedback_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_requests_course_learner")

    op.drop_table("feedback_requests")
    op.drop_table("feedback_settings")
