"""team: roster sync times, managers' comments on plans and goals, managers' observations

Revision ID: 0005_team_reviews
Revises: 0003_development_plans
Create Date: 2026-11-28 12:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0005_team_reviews'
down_revision = '0003_development_plans'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('team_roster_syncs',
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('synced_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('members_listed', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_team_roster_syncs_course_id_courses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('course_id', name=op.f('pk_team_roster_syncs'))
    )
    op.create_table('team_plan_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_team_plan_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['goal_id'], ['plan_goals.id'], name=op.f('fk_team_plan_comments_goal_id_plan_goals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_team_plan_comments_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_plan_comments'))
    )
    op.create_index(op.f('ix_team_plan_comments_goal_id'), 'team_plan_comments', ['goal_id'], unique=False)
    op.create_index(op.f('ix_team_plan_comments_plan_id'), 'team_plan_comments', ['plan_id'], unique=False)
    op.create_table('team_observations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('observer_id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.String(length=100), nullable=False),
    sa.Column('dimension_id', sa.String(length=100), nullable=False),
    sa.Column('level_id', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_team_observations_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['users.id'], name=op.f('fk_team_observations_member_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['observer_id'], ['users.id'], name=op.f('fk_team_observations_observer_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_observations')),
    sa.UniqueConstraint('course_id', 'member_id', 'observer_id', 'framework_id', 'dimension_id', name='uq_team_observations_dimension')
    )
    op.create_index(op.f('ix_team_observations_member_id'), 'team_observations', ['member_id'], unique=False)


def downgrade():
    op.drop_table('team_observations')
    op.drop_table('team_plan_comments')
    op.drop_table('team_roster_syncs')
