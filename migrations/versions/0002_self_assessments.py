"""self-assessments: cycles, answers, importances and per-dimension results

Revision ID: 0002_self_assessments
Revises: 0001_foundation
Create Date: 2026-11-27 05:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_self_assessments'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=True),
    sa.Column('framework_id', sa.String(length=100), nullable=False),
    sa.Column('framework_version', sa.String(length=50), nullable=False),
    sa.Column('cycle', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('current_dimension', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_assessments_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_assessments_placement_id_placements'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_assessments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessments')),
    sa.UniqueConstraint('course_id', 'user_id', 'cycle', name='uq_assessments_course_user_cycle')
    )
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.create_index('ix_assessments_course_status', ['course_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessments_placement_id'), ['placement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessments_user_id'), ['user_id'], unique=False)

    op.create_table('assessment_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('behaviour_id', sa.String(length=200), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_assessment_answers_assessment_id_assessments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_answers')),
    sa.UniqueConstraint('assessment_id', 'behaviour_id', name='uq_assessment_answers_behaviour')
    )
    op.create_table('assessment_importances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('dimension_id', sa.String(length=100), nullable=False),
    sa.Column('importance', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_assessment_importances_assessment_id_assessments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_importances')),
    sa.UniqueConstraint('assessment_id', 'dimension_id', name='uq_assessment_importances_dimension')
    )
    op.create_table('assessment_dimension_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('dimension_id', sa.String(length=100), nullable=False),
    sa.Column('level_id', sa.String(length=100), nullable=True),
    sa.Column('importance', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_assessment_dimension_results_assessment_id_assessments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_dimension_results')),
    sa.UniqueConstraint('assessment_id', 'dimension_id', name='uq_assessment_dimension_results_dimension')
    )


def downgrade():
    op.drop_table('assessment_dimension_results')
    op.drop_table('assessment_importances')
    op.drop_table('assessment_answers')
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessments_user_id'))
        batch_op.drop_index(batch_op.f('ix_assessments_placement_id'))
        batch_op.drop_index('ix_assessments_course_status')

    op.drop_table('assessments')
