"""enrolments.mentees_only: a Mentor (and nothing more) manages only their mentees

Revision ID: 0007_enrolment_mentees_only
Revises: 0006_grade_outbox
Create Date: 2026-11-27 06:10:00

"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0007_enrolment_mentees_only"
down_revision = "0006_grade_outbox"
branch_labels = None
depends_on = None

MENTOR = "Mentor"
OTHER_MANAGING = {"Instructor", "TeachingAssistant", "ContentDeveloper", "Administrator"}


def _short_names(roles):
    return {role.rsplit("#", 1)[-1] for role in roles if "/institution/" not in role
            and "/system/" not in role}


def upgrade():
    with op.batch_alter_table("enrolments") as batch:
        batch.add_column(
            sa.Column("mentees_only", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    enrolments = sa.table(
        "enrolments",
        sa.column("id", sa.Integer),
        sa.column("lti_roles", sa.JSON),
        sa.column("mentees_only", sa.Boolean),
    )
    connection = op.get_bind()
    for row in connection.execute(sa.select(enrolments.c.id, enrolments.c.lti_roles)):
        roles = row.lti_roles if isinstance(row.lti_roles, list) else json.loads(row.lti_roles)
        names = _short_names(roles or [])
        if MENTOR in names and not names & OTHER_MANAGING:
            connection.execute(
                enrolments.update().where(enrolments.c.id == row.id).values(mentees_only=True)
            )


def downgrade():
    with op.batch_alter_table("enrolments") as batch:
        batch.drop_column("mentees_only")
