"""never lose an edit or a grade: a version on every row people edit through a form (goals, plan
items, managers' views, course targets), one-time form tokens so a double-clicked submit records once, and per-cycle grading
(each cycle's completion kept, the placement's rule choosing which the gradebook holds)

Revision ID: 0011_edit_versions
Revises: 0013_feedback
Create Date: 2026-12-04 20:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0011_edit_versions"
down_revision = "0013_feedback"
branch_labels = None
depends_on = None

VERSIONED_TABLES = ("plan_goals", "plan_items", "team_observations", "plan_course_targets")

completions = sa.table(
    "learner_completions",
    sa.column("placement_id", sa.Integer),
    sa.column("user_id", sa.Integer),
    sa.column("state", sa.String),
    sa.column("percent", sa.Integer),
    sa.column("final", sa.Boolean),
    sa.column("occurred_at", sa.DateTime(timezone=True)),
    sa.column("cycle", sa.Integer),
)
placements = sa.table("placements", sa.column("id", sa.Integer), sa.column("course_id", sa.Integer))
assessments = sa.table(
    "assessments",
    sa.column("user_id", sa.Integer),
    sa.column("course_id", sa.Integer),
    sa.column("cycle", sa.Integer),
)


def _create_cycle_completions():
    op.create_table(
        "learner_cycle_completions",
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placements.id"],
            name=op.f("fk_learner_cycle_completions_placement_id_placements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_learner_cycle_completions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "placement_id", "user_id", "cycle", name=op.f("pk_learner_cycle_completions")
        ),
    )


def _fill_cycles():
    """Each learner's completion so far belongs to their newest self-assessment cycle."""
    newest_cycle = (
        sa.select(sa.func.max(assessments.c.cycle))
        .select_from(assessments.join(placements, placements.c.course_id == assessments.c.course_id))
        .where(
            placements.c.id == completions.c.placement_id,
            assessments.c.user_id == completions.c.user_id,
        )
        .scalar_subquery()
    )
    op.execute(completions.update().values(cycle=sa.func.coalesce(newest_cycle, 1)))
    cycles = sa.table(
        "learner_cycle_completions",
        *(
            sa.column(name)
            for name in ("placement_id", "user_id", "cycle", "state", "percent", "final")
        ),
        sa.column("occurred_at"),
    )
    op.execute(
        cycles.insert().from_select(
            [column.name for column in cycles.columns],
            sa.select(*(completions.c[column.name] for column in cycles.columns)),
        )
    )


def _create_form_submissions():
    op.create_table(
        "form_submissions",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("landed_at", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_form_submissions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_form_submissions")),
    )
    op.create_index(op.f("ix_form_submissions_used_at"), "form_submissions", ["used_at"])


def upgrade():
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("version_id", sa.Integer(), nullable=False, server_default="1")
            )
    with op.batch_alter_table("placement_grading_policies") as batch:
        batch.add_column(
            sa.Column(
                "cycle_rule", sa.String(length=30), nullable=False, server_default="keep_best"
            )
        )
    with op.batch_alter_table("learner_completions") as batch:
        batch.add_column(sa.Column("cycle", sa.Integer(), nullable=True))
    _create_cycle_completions()
    _fill_cycles()
    _create_form_submissions()


def downgrade():
    op.drop_index(op.f("ix_form_submissions_used_at"), table_name="form_submissions")
    op.drop_table("form_submissions")
    op.drop_table("learner_cycle_completions")
    with op.batch_alter_table("learner_completions") as batch:
        batch.drop_column("cycle")
    with op.batch_alter_table("placement_grading_policies") as batch:
        batch.drop_column("cycle_rule")
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version_id")
