"""registration continuation: an administrator's statement that a new deployment continues an old
one (lti_continuations), and users' stable pseudonymous label for platforms that send no name

Revision ID: 0014_registration_continuation
Revises: 0009_grades_completions
Create Date: 2026-12-04 20:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0014_registration_continuation"
down_revision = "0009_grades_completions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("label", sa.String(length=32), nullable=True))
    op.create_table(
        "lti_continuations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_issuer", sa.String(length=255), nullable=False),
        sa.Column("from_client_id", sa.String(length=255), nullable=False),
        sa.Column("from_deployment_id", sa.String(length=255), nullable=False),
        sa.Column("to_issuer", sa.String(length=255), nullable=False),
        sa.Column("to_client_id", sa.String(length=255), nullable=False),
        sa.Column("to_deployment_id", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_continuations")),
        sa.UniqueConstraint(
            "from_issuer",
            "from_client_id",
            "from_deployment_id",
            name="uq_lti_continuations_from",
        ),
    )


def downgrade() -> None:
    op.drop_table("lti_continuations")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("label")
