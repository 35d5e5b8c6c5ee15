"""The personal development plan: targets, gap analysis, the drafted plan and its items, the
review workflow (who may move a plan between which states) and the history of every change.

One module per purpose: ``models`` (tables), ``targets``, ``gaps``, ``drafting``, ``review``,
``permissions``, ``history``, ``errors`` and ``export`` (everything about one learner, as JSON).
A plan's goals are a concept of their own, :mod:`development_plans.goals`. Nothing here knows
about HTTP: callers pass a ``Session``, plain values and the acting ``User``; failures are
:class:`PlanError` subclasses whose message a learner can act on.
"""

from development_plans.plans.drafting import (
    count_plans,
    current_plan,
    draft_plan,
    include_item,
    load_plan,
    plan_versions,
    previous_version,
    remove_item,
    unfinished_goals,
)
from development_plans.plans.errors import InvalidChange, NotAllowed, PlanError
from development_plans.plans.gaps import (
    FOCUS_COUNT,
    DimensionResult,
    Gap,
    focus_behaviours,
    gap_analysis,
    prioritised_items,
    split_focus,
)
from development_plans.plans.history import plan_history, record_event
from development_plans.plans.models import CourseTarget, Plan, PlanEvent, PlanItem, PlanStatus
from development_plans.plans.permissions import (
    manages_course,
    may_edit,
    may_review,
    may_view,
    require_editable,
    require_owner,
    require_trackable,
)
from development_plans.plans.review import (
    MESSAGE_MAX,
    activate,
    approve,
    request_changes,
    submit_for_review,
)
from development_plans.plans.targets import (
    REASON_MAX,
    course_targets,
    default_target,
    set_course_target,
    set_target,
    suggested_target,
)

__all__ = [
    "FOCUS_COUNT",
    "MESSAGE_MAX",
    "REASON_MAX",
    "CourseTarget",
    "DimensionResult",
    "Gap",
    "InvalidChange",
    "NotAllowed",
    "Plan",
    "PlanError",
    "PlanEvent",
    "PlanItem",
    "PlanStatus",
    "activate",
    "approve",
    "count_plans",
    "course_targets",
    "current_plan",
    "default_target",
    "draft_plan",
    "focus_behaviours",
    "gap_analysis",
    "include_item",
    "load_plan",
    "manages_course",
    "may_edit",
    "may_review",
    "may_view",
    "plan_history",
    "plan_versions",
    "previous_version",
    "prioritised_items",
    "record_event",
    "remove_item",
    "request_changes",
    "require_editable",
    "require_owner",
    "require_trackable",
    "set_course_target",
    "set_target",
    "split_focus",
    "submit_for_review",
    "suggested_target",
    "unfinished_goals",
]
