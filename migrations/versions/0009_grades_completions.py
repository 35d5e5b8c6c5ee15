"""completion in one wing: learners' completions as a domain table (filled from each learner's
newest outbox row), the outbox row's AGS comment stored with it, and the outbox's learner index
led by the placement (replacing the placement index, which fresh PostgreSQL tables chose instead)

Revision ID: 0009_grades_completions
Revises: 0008_team_dashboard_indexes
Create Date: 2026-12-03 13:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0009_grades_completions"
down_revision = "0008_team_dashboard_indexes"
branch_labels = None
depends_on = None

STATE_LABELS = {
    "assessment_submitted": "Self-assessment submitted",
    "plan_submitted": "Development plan submitted for review",
    "changes_requested": "Changes requested to the development plan",
    "plan_approved": "Development plan approved",
}

outbox = sa.table(
    "grade_outbox",
    sa.column("id", sa.Integer),
    sa.column("user_id", sa.Integer),
    sa.column("placement_id", sa.Integer),
    sa.column("state", sa.String),
    sa.column("policy", sa.String),
    sa.column("completion_percent", sa.Integer),
    sa.column("grading_progress", sa.String),
    sa.column("occurred_at", sa.DateTime(timezone=True)),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("comment", sa.Text),
)


def _create_learner_completions():
    op.create_table(
        "learner_completions",
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("policy", sa.String(length=40), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placements.id"],
            name=op.f("fk_learner_completions_placement_id_placements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_learner_completions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("placement_id", "user_id", name=op.f("pk_learner_completions")),
    )


def _fill_learner_completions():
    newer = outbox.alias("newer")
    newest = sa.select(
        outbox.c.placement_id,
        outbox.c.user_id,
        outbox.c.state,
        outbox.c.policy,
        outbox.c.completion_percent,
        sa.case((outbox.c.grading_progress == "FullyGraded", sa.true()), else_=sa.false()),
        outbox.c.occurred_at,
        outbox.c.created_at,
    ).where(
        ~sa.exists().where(
            newer.c.user_id == outbox.c.user_id,
            newer.c.placement_id == outbox.c.placement_id,
            newer.c.id > outbox.c.id,
        )
    )
    completions = sa.table(
        "learner_completions",
        *(
            sa.column(name)
            for name in (
                "placement_id",
                "user_id",
                "state",
                "policy",
                "percent",
                "final",
                "occurred_at",
                "recorded_at",
            )
        ),
    )
    op.execute(
        completions.insert().from_select([column.name for column in completions.columns], newest)
    )


def upgrade():
    _create_learner_completions()
    _fill_learner_completions()
    with op.batch_alter_table("grade_outbox") as batch:
        batch.add_column(sa.Column("comment", sa.Text(), nullable=True))
    op.execute(
        outbox.update().values(
            comment=sa.case(
                *((outbox.c.state == state, label) for state, label in STATE_LABELS.items()),
                else_=outbox.c.state,
            )
        )
    )
    with op.batch_alter_table("grade_outbox") as batch:
        batch.alter_column("comment", existing_type=sa.Text(), nullable=False)
        batch.drop_index("ix_grade_outbox_learner")
        batch.drop_index("ix_grade_outbox_placement_id")
        batch.create_index("ix_grade_outbox_learner", ["placement_id", "user_id", "id"])


def downgrade():
    with op.batch_alter_table("grade_outbox") as batch:
        batch.drop_index("ix_grade_outbox_learner")
        batch.create_index("ix_grade_outbox_learner", ["user_id", "placement_id", "id"])
        batch.create_index("ix_grade_outbox_placement_id", ["placement_id"])
        batch.drop_column("comment")
    op.drop_table("learner_completions")
