"""never lose an edit on the self-assessment: the version of each dimension's saved answers, so
a save from a tab opened before another tab saved that dimension is refused

Revision ID: 0018_answer_versions
Revises: 0016_frame_origins
Create Date: 2026-12-04 21:15:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0018_answer_versions"
down_revision = "0016_frame_origins"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "assessment_answer_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("dimension_id", sa.String(length=100), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False, server_default="1"),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_assessment_answer_versions_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_answer_versions")),
        sa.UniqueConstraint(
            "assessment_id", "dimension_id", name="uq_assessment_answer_versions_dimension"
        ),
    )


def downgrade():
    op.drop_table("assessment_answer_versions")
