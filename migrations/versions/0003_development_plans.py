"""development plans: course targets and resources, plans, items, goals, actions, progress, history

Revision ID: 0003_development_plans
Revises: 0002_self_assessments
Create Date: 2026-11-28 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003_development_plans'
down_revision = '0002_self_assessments'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('course_resources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('estimated_minutes', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('dimension_id', sa.String(length=100), nullable=False),
    sa.Column('level_id', sa.String(length=100), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_course_resources_added_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_course_resources_course_id_courses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_resources'))
    )
    op.create_index(op.f('ix_course_resources_course_id'), 'course_resources', ['course_id'], unique=False)
    op.create_table('plan_course_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=True),
    sa.Column('framework_id', sa.String(length=100), nullable=False),
    sa.Column('dimension_id', sa.String(length=100), nullable=False),
    sa.Column('level_id', sa.String(length=100), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_plan_course_targets_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_plan_course_targets_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_plan_course_targets_set_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_course_targets'))
    )
    op.create_index(op.f('ix_plan_course_targets_course_id'), 'plan_course_targets', ['course_id'], unique=False)
    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=True),
    sa.Column('framework_id', sa.String(length=100), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=True),
    sa.Column('cycle', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('review_message', sa.Text(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_plans_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_plans_placement_id_placements'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_plans_reviewed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_plans_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
    sa.UniqueConstraint('user_id', 'course_id', 'version', name=op.f('uq_plans_user_id'))
    )
    op.create_index(op.f('ix_plans_assessment_id'), 'plans', ['assessment_id'], unique=False)
    op.create_index(op.f('ix_plans_course_id'), 'plans', ['course_id'], unique=False)
    op.create_index(op.f('ix_plans_user_id'), 'plans', ['user_id'], unique=False)
    op.create_table('plan_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('dimension_id', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('current_level_id', sa.String(length=100), nullable=False),
    sa.Column('importance', sa.Integer(), nullable=False),
    sa.Column('suggested_target_id', sa.String(length=100), nullable=False),
    sa.Column('target_level_id', sa.String(length=100), nullable=False),
    sa.Column('target_reason', sa.Text(), nullable=True),
    sa.Column('included', sa.Boolean(), nullable=False),
    sa.Column('added_by_learner', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_items_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_items')),
    sa.UniqueConstraint('plan_id', 'dimension_id', name=op.f('uq_plan_items_plan_id'))
    )
    op.create_index(op.f('ix_plan_items_plan_id'), 'plan_items', ['plan_id'], unique=False)
    op.create_table('plan_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('specific', sa.Text(), nullable=False),
    sa.Column('measurable', sa.Text(), nullable=False),
    sa.Column('support', sa.Text(), nullable=False),
    sa.Column('behaviour_ids', sa.JSON(), nullable=False),
    sa.Column('resource_keys', sa.JSON(), nullable=False),
    sa.Column('target_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('dropped_reason', sa.Text(), nullable=True),
    sa.Column('reflection', sa.Text(), nullable=True),
    sa.Column('carried_from_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('achieved_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['carried_from_id'], ['plan_goals.id'], name=op.f('fk_plan_goals_carried_from_id_plan_goals'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['plan_items.id'], name=op.f('fk_plan_goals_item_id_plan_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_goals_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_goals'))
    )
    op.create_index(op.f('ix_plan_goals_item_id'), 'plan_goals', ['item_id'], unique=False)
    op.create_index(op.f('ix_plan_goals_plan_id'), 'plan_goals', ['plan_id'], unique=False)
    op.create_table('plan_goal_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['plan_goals.id'], name=op.f('fk_plan_goal_actions_goal_id_plan_goals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_goal_actions'))
    )
    op.create_index(op.f('ix_plan_goal_actions_goal_id'), 'plan_goal_actions', ['goal_id'], unique=False)
    op.create_table('plan_progress_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('evidence_text', sa.Text(), nullable=False),
    sa.Column('evidence_links', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_plan_progress_updates_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['goal_id'], ['plan_goals.id'], name=op.f('fk_plan_progress_updates_goal_id_plan_goals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_progress_updates'))
    )
    op.create_index(op.f('ix_plan_progress_updates_goal_id'), 'plan_progress_updates', ['goal_id'], unique=False)
    op.create_table('plan_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_plan_history_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['goal_id'], ['plan_goals.id'], name=op.f('fk_plan_history_goal_id_plan_goals'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_history_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_history'))
    )
    op.create_index(op.f('ix_plan_history_goal_id'), 'plan_history', ['goal_id'], unique=False)
    op.create_index(op.f('ix_plan_history_plan_id'), 'plan_history', ['plan_id'], unique=False)


def downgrade():
    op.drop_table('plan_history')
    op.drop_table('plan_progress_updates')
    op.drop_table('plan_goal_actions')
    op.drop_table('plan_goals')
    op.drop_table('plan_items')
    op.drop_table('plans')
    op.drop_table('plan_course_targets')
    op.drop_table('course_resources')
