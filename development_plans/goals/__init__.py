"""SMART goals and their tracking: the goal tables (``models``), the rules a goal must meet with
messages that teach what makes a goal SMART (``smart``), writing and changing a goal
(``writing``), actions and dated progress (``progress``), status changes (``status``) and the
plan at a glance (``glance``). A goal belongs to a plan item: who may change it and the history
it is recorded in are the plan's (:mod:`development_plans.plans`)."""

from development_plans.goals.glance import PlanAtAGlance, glance_for, plan_at_a_glance
from development_plans.goals.models import Goal, GoalAction, GoalStatus, ProgressUpdate
from development_plans.goals.progress import (
    ACTION_MAX,
    LINKS_MAX,
    add_action,
    progress_problems,
    record_progress,
    set_action_done,
)
from development_plans.goals.smart import (
    HORIZON_MONTHS,
    GoalInput,
    add_months,
    goal_problems,
    latest_target_date,
)
from development_plans.goals.status import change_status, start_work
from development_plans.goals.writing import add_goal, update_goal

__all__ = [
    "ACTION_MAX",
    "HORIZON_MONTHS",
    "LINKS_MAX",
    "Goal",
    "GoalAction",
    "GoalInput",
    "GoalStatus",
    "PlanAtAGlance",
    "ProgressUpdate",
    "add_action",
    "add_goal",
    "add_months",
    "change_status",
    "glance_for",
    "goal_problems",
    "latest_target_date",
    "plan_at_a_glance",
    "progress_problems",
    "record_progress",
    "set_action_done",
    "start_work",
    "update_goal",
]
