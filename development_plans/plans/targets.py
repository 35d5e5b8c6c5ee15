"""Target levels: the one suggested for each dimension, the course's own targets set by its
managers, and the target a learner chooses (lowering it needs a reason their manager sees)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from development_plans.db import EditConflict, save_version, utcnow
from development_plans.framework import Framework
from development_plans.people import User
from development_plans.plans.errors import InvalidChange, NotAllowed
from development_plans.plans.history import record_event
from development_plans.plans.models import CourseTarget, Plan, PlanItem
from development_plans.plans.permissions import manages_course, require_editable

REASON_MAX = 1000


def default_target(framework: Framework, current_level_id: str) -> str:
    """One level above the current level; the top level stays where it is."""
    following = framework.next_level(current_level_id)
    return following.id if following is not None else current_level_id


def suggested_target(
    framework: Framework, current_level_id: str, course_target_id: str | None
) -> str:
    """The course's target when it has one (never below the current level), else the default."""
    if course_target_id is None:
        return default_target(framework, current_level_id)
    if framework.level(course_target_id).rank < framework.level(current_level_id).rank:
        return current_level_id
    return course_target_id


def course_targets(
    session: Session, course_id: int, placement_id: int | None, framework_id: str
) -> dict[str, str]:
    """``{dimension id: level id}`` set for a course, a placement's own targets overriding it."""
    rows = session.scalars(
        select(CourseTarget).where(
            CourseTarget.course_id == course_id,
            CourseTarget.framework_id == framework_id,
            (CourseTarget.placement_id.is_(None) | (CourseTarget.placement_id == placement_id)),
        )
    ).all()
    targets = {r.dimension_id: r.level_id for r in rows if r.placement_id is None}
    targets.update({r.dimension_id: r.level_id for r in rows if r.placement_id is not None})
    return targets


def set_course_target(
    session: Session,
    *,
    course_id: int,
    framework: Framework,
    dimension_id: str,
    level_id: str | None,
    by_user: User,
    placement_id: int | None = None,
    opened: str | None = None,
) -> None:
    """Set (or with ``level_id`` None, clear) a course's target for one dimension; managers only.
    Plans already drafted keep their targets; new plans use the new one.

    ``opened`` is the target the form showed ("" for none): when another save changed it since,
    the change is refused (``InvalidChange`` naming the target saved now), so nothing is lost;
    the row's own update is compare-and-set on its version."""
    if not manages_course(session, by_user, course_id):
        raise NotAllowed("Only the course's managers can set its targets.")
    framework.dimension(dimension_id)
    if level_id is not None and level_id not in framework.level_ids:
        raise InvalidChange({dimension_id: "Select one of the framework's levels"})
    row = session.scalar(
        select(CourseTarget).where(
            CourseTarget.course_id == course_id,
            CourseTarget.framework_id == framework.id,
            CourseTarget.dimension_id == dimension_id,
            CourseTarget.placement_id.is_(None)
            if placement_id is None
            else CourseTarget.placement_id == placement_id,
        )
    )
    saved = row.level_id if row is not None else None
    if saved == level_id:
        return
    if opened is not None and (opened or None) != saved:
        raise _changed_since(framework, dimension_id, saved)
    if level_id is None:
        if row is not None:
            session.delete(row)
        return
    if row is not None:
        try:
            save_version(session, row, None)
        except EditConflict as conflict:
            raise _changed_since(framework, dimension_id, conflict.row.level_id) from None
    else:
        row = CourseTarget(
            course_id=course_id,
            placement_id=placement_id,
            framework_id=framework.id,
            dimension_id=dimension_id,
        )
        session.add(row)
    row.level_id = level_id
    row.set_by_id = by_user.id
    row.updated_at = utcnow()


def _changed_since(framework: Framework, dimension_id: str, saved: str | None) -> InvalidChange:
    name = framework.level(saved).name if saved else "one level up (the default)"
    return InvalidChange(
        {
            dimension_id: "This target was changed and saved in another tab or by another "
            f"manager after you opened this page: it is now {name}. Your choice is kept below: "
            "save again to keep yours."
        }
    )


def _target_problem(framework: Framework, item: PlanItem, level_id: str, reason: str) -> None:
    if level_id not in framework.level_ids:
        raise InvalidChange({"target": "Select one of the levels"})
    rank = framework.level(level_id).rank
    if rank < framework.level(item.current_level_id).rank:
        raise InvalidChange(
            {"target": "Your target cannot be below your current level; choose it or a higher one"}
        )
    if rank < framework.level(item.suggested_target_id).rank and not reason:
        raise InvalidChange(
            {
                "reason": "Explain why you are choosing a lower target than suggested; your "
                "manager will see this"
            }
        )
    if len(reason) > REASON_MAX:
        raise InvalidChange({"reason": f"Reason must be {REASON_MAX} characters or fewer"})


def set_target(
    session: Session,
    plan: Plan,
    item: PlanItem,
    level_id: str,
    by_user: User,
    framework: Framework,
    reason: str = "",
    opened_at: int | None = None,
) -> None:
    """The learner chooses a target: raising it is free, lowering it below the suggested target
    needs a reason (which their manager sees). A target above the current level puts the
    dimension in the plan. Raises ``EditConflict`` when the item was saved since version
    ``opened_at`` (the form's) and this would change it."""
    require_editable(plan, by_user)
    reason = reason.strip()
    _target_problem(framework, item, level_id, reason)
    rank = framework.level(level_id).rank
    lowered = rank < framework.level(item.suggested_target_id).rank
    new_reason = reason if lowered else None
    if level_id == item.target_level_id and new_reason == item.target_reason:
        return
    save_version(session, item, opened_at)
    name = framework.dimension(item.dimension_id).name
    before = framework.level(item.target_level_id).name
    item.target_level_id = level_id
    item.target_reason = new_reason
    summary = f"Target for {name} changed from {before} to {framework.level(level_id).name}"
    summary += f" (lower than suggested, because: {reason})." if lowered else "."
    if rank > framework.level(item.current_level_id).rank and not item.included:
        item.included = True
        item.added_by_learner = True
        summary += f" {name} added to the plan."
    record_event(session, plan, by_user, "target_changed", summary)
