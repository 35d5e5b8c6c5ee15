"""completion grades: placement grading policies, line items found or created, the grade outbox

Revision ID: 0006_grade_outbox
Revises: 0005_team_reviews
Create Date: 2026-11-27 05:12:08.036995

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_grade_outbox'
down_revision = '0005_team_reviews'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('grade_line_items',
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('lineitem_url', sa.Text(), nullable=True),
    sa.Column('creating_by', sa.String(length=64), nullable=True),
    sa.Column('creating_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_grade_line_items_placement_id_placements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('placement_id', name=op.f('pk_grade_line_items'))
    )
    op.create_table('grade_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=30), nullable=False),
    sa.Column('policy', sa.String(length=40), nullable=False),
    sa.Column('completion_percent', sa.Integer(), nullable=False),
    sa.Column('activity_progress', sa.String(length=20), nullable=False),
    sa.Column('grading_progress', sa.String(length=20), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('score_timestamp', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claim_expires', sa.DateTime(timezone=True), nullable=True),
    sa.Column('superseded_by', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('last_http_status', sa.Integer(), nullable=True),
    sa.Column('lineitem_url', sa.Text(), nullable=True),
    sa.Column('score_given', sa.Double(), nullable=True),
    sa.Column('score_maximum', sa.Double(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_grade_outbox_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_grade_outbox_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grade_outbox'))
    )
    with op.batch_alter_table('grade_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_grade_outbox_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index('ix_grade_outbox_learner', ['user_id', 'placement_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_grade_outbox_placement_id'), ['placement_id'], unique=False)

    op.create_table('placement_grading_policies',
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('policy', sa.String(length=40), nullable=False),
    sa.Column('chosen_by_user_id', sa.Integer(), nullable=True),
    sa.Column('chosen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chosen_by_user_id'], ['users.id'], name=op.f('fk_placement_grading_policies_chosen_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_placement_grading_policies_placement_id_placements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('placement_id', name=op.f('pk_placement_grading_policies'))
    )


def downgrade():
    op.drop_table('placement_grading_policies')
    with op.batch_alter_table('grade_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grade_outbox_placement_id'))
        batch_op.drop_index('ix_grade_outbox_learner')
        batch_op.drop_index('ix_grade_outbox_due')

    op.drop_table('grade_outbox')
    op.drop_table('grade_line_items')
