"""frame origins: the web origins an LMS administrator adds to a registration, from which the
LMS frames the tool (Canvas cloud frames it from each institution's host)

Revision ID: 0016_frame_origins
Revises: 0011_edit_versions
Create Date: 2026-12-04 21:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0016_frame_origins"
down_revision = "0011_edit_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lti_registrations") as batch:
        batch.add_column(sa.Column("frame_origins", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("lti_registrations") as batch:
        batch.drop_column("frame_origins")
