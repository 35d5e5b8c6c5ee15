"""Drafting a plan from an assessment: one version per assessment cycle, one item per dimension,
the previous version closed and its chosen unfinished goals carried over; then the learner adds
or removes items. Also reading a learner's plan versions back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from development_plans.db import utcnow
from development_plans.framework import Framework
from development_plans.goals.models import Goal, GoalAction, GoalStatus
from development_plans.people import User
from development_plans.plans.errors import NotAllowed
from development_plans.plans.gaps import DimensionResult, focus_behaviours, gap_analysis
from development_plans.plans.history import record_event
from development_plans.plans.models import Plan, PlanItem, PlanStatus
from development_plans.plans.permissions import require_editable
from development_plans.plans.targets import course_targets


def load_plan(session: Session, plan_id: int) -> Plan | None:
    """A plan with its items and goals (and the goals' actions and updates) in a fixed number
    of queries."""
    return session.scalar(
        select(Plan)
        .where(Plan.id == plan_id)
        .options(
            selectinload(Plan.items).selectinload(PlanItem.goals),
            selectinload(Plan.goals).selectinload(Goal.actions),
            selectinload(Plan.goals).selectinload(Goal.updates),
            selectinload(Plan.user),
            selectinload(Plan.reviewed_by),
        )
    )


def current_plan(session: Session, user_id: int, course_id: int) -> Plan | None:
    """The learner's latest plan version in a course."""
    plan_id = session.scalar(
        select(Plan.id)
        .where(Plan.user_id == user_id, Plan.course_id == course_id)
        .order_by(Plan.version.desc())
        .limit(1)
    )
    return None if plan_id is None else load_plan(session, plan_id)


def previous_version(session: Session, plan: Plan) -> Plan | None:
    """The version before ``plan`` (loaded like :func:`load_plan`), or None for the first."""
    if plan.version <= 1:
        return None
    plan_id = session.scalar(
        select(Plan.id).where(
            Plan.user_id == plan.user_id,
            Plan.course_id == plan.course_id,
            Plan.version == plan.version - 1,
        )
    )
    return None if plan_id is None else load_plan(session, plan_id)


def plan_versions(session: Session, user_id: int, course_id: int) -> list[Plan]:
    """Every version of the learner's plan in a course, newest first."""
    return list(
        session.scalars(
            select(Plan)
            .where(Plan.user_id == user_id, Plan.course_id == course_id)
            .order_by(Plan.version.desc())
        )
    )


def count_plans(session: Session, user_id: int, course_id: int) -> int:
    """How many plan versions the learner has in a course."""
    return (
        session.scalar(
            select(func.count(Plan.id)).where(Plan.user_id == user_id, Plan.course_id == course_id)
        )
        or 0
    )


def unfinished_goals(plan: Plan) -> list[Goal]:
    """Goals not achieved or dropped: the ones a new plan version may carry over."""
    return [g for g in plan.goals if not g.goal_status.finished]


def _new_version(
    session: Session,
    user: User,
    course_id: int,
    placement_id: int | None,
    framework: Framework,
    results: Sequence[DimensionResult],
    version: int,
) -> Plan:
    now = utcnow()
    plan = Plan(
        user_id=user.id,
        course_id=course_id,
        placement_id=placement_id,
        framework_id=framework.id,
        version=version,
        status=PlanStatus.DRAFT.value,
        created_at=now,
        updated_at=now,
    )
    plan.user = user
    targets = course_targets(session, course_id, placement_id, framework.id)
    for position, gap in enumerate(gap_analysis(framework, results, targets)):
        plan.items.append(
            PlanItem(
                dimension_id=gap.dimension_id,
                position=position,
                current_level_id=gap.current_level_id,
                importance=gap.importance,
                suggested_target_id=gap.suggested_target_id,
                target_level_id=gap.suggested_target_id,
                included=gap.size > 0,
            )
        )
    return plan


def draft_plan(
    session: Session,
    *,
    user: User,
    course_id: int,
    placement_id: int | None,
    framework: Framework,
    results: Sequence[DimensionResult],
    assessment_id: int | None = None,
    cycle: int | None = None,
    carry_over: Iterable[int] = (),
    feedback_request_id: int | None = None,
) -> Plan:
    """Start a new plan version from an assessment: one item per dimension below its target, the
    previous version closed, and the chosen unfinished goals (by id) carried over. With
    ``feedback_request_id`` the ``results`` are that 360 report's view, and the plan says so."""
    previous = current_plan(session, user.id, course_id)
    if (
        previous is not None
        and assessment_id is not None
        and previous.assessment_id == assessment_id
        and previous.feedback_request_id == feedback_request_id
    ):
        raise NotAllowed(
            "You already have a plan from this 360 feedback."
            if feedback_request_id
            else "You already have a plan for this assessment."
        )
    version = (previous.version + 1) if previous else 1
    plan = _new_version(session, user, course_id, placement_id, framework, results, version)
    plan.assessment_id = assessment_id
    plan.cycle = cycle
    plan.feedback_request_id = feedback_request_id
    session.add(plan)
    session.flush()
    gaps = sum(1 for i in plan.items if i.included)
    source = "360 feedback (everyone else's view)" if feedback_request_id else "the assessment"
    record_event(
        session,
        plan,
        user,
        "plan_drafted",
        f"Plan version {plan.version} drafted from {source} with {gaps} "
        f"dimension{'' if gaps == 1 else 's'} below target.",
    )
    if previous is not None:
        _carry_over(session, previous, plan, set(carry_over), user, framework)
        if not previous.closed:
            previous.closed_at = plan.created_at
            record_event(
                session, previous, user, "plan_closed", f"Replaced by plan version {plan.version}."
            )
    session.flush()
    return plan


def _carry_over(
    session: Session, previous: Plan, plan: Plan, goal_ids: set[int], user: User, fw: Framework
) -> None:
    for old in unfinished_goals(previous):
        if old.id not in goal_ids:
            continue
        item = plan.item_for(old.item.dimension_id)
        if item is None:
            continue
        if not item.included:
            item.included = True
            item.added_by_learner = True
        focus = {b.id for b in focus_behaviours(fw, item)}
        goal = Goal(
            plan=plan,
            item=item,
            specific=old.specific,
            measurable=old.measurable,
            support=old.support,
            behaviour_ids=[b for b in old.behaviour_ids if b in focus] or list(old.behaviour_ids),
            resource_keys=list(old.resource_keys),
            target_date=old.target_date,
            status=old.status,
            carried_from_id=old.id,
        )
        goal.actions = [
            GoalAction(text=a.text, done=a.done, done_at=a.done_at) for a in old.actions
        ]
        session.add(goal)
        session.flush()
        record_event(
            session,
            plan,
            user,
            "goal_carried_over",
            f"Goal carried over from plan version {previous.version}: {old.specific}",
            goal,
        )


def include_item(
    session: Session, plan: Plan, item: PlanItem, by_user: User, framework: Framework
) -> None:
    """Add a dimension to the plan (for example one with no gap the learner wants to work on)."""
    require_editable(plan, by_user)
    if item.included:
        return
    item.included = True
    item.added_by_learner = True
    name = framework.dimension(item.dimension_id).name
    record_event(session, plan, by_user, "item_added", f"{name} added to the plan.")


def remove_item(
    session: Session, plan: Plan, item: PlanItem, by_user: User, framework: Framework
) -> None:
    """Take a dimension out of the plan; refused while it has goals that are not dropped."""
    require_editable(plan, by_user)
    if not item.included:
        return
    if any(g.goal_status != GoalStatus.DROPPED for g in item.goals):
        raise NotAllowed(
            "This item has goals. Drop its goals (with a reason) before removing it from the plan."
        )
    item.included = False
    name = framework.dimension(item.dimension_id).name
    record_event(session, plan, by_user, "item_removed", f"{name} removed from the plan.")
