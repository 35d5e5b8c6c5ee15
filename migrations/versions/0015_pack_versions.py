"""pack versions: each framework pack version's content, stored when an assessment first uses
it, so earlier assessments keep the pack they were made against

Revision ID: 0015_pack_versions
Revises: 0014_registration_continuation
Create Date: 2026-12-04 20:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0015_pack_versions"
down_revision = "0014_registration_continuation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "framework_pack_versions",
        sa.Column("framework_id", sa.String(length=100), nullable=False),
        sa.Column("version", sa.String(length=50), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("first_used_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("framework_id", "version", name=op.f("pk_framework_pack_versions")),
    )


def downgrade():
    op.drop_table("framework_pack_versions")
