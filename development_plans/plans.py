"""The personal development plan: targets, gap analysis, the drafted plan and its items, the
review workflow (who may move a plan between which states) and the history of every change.

Goals, their actions and progress live in :mod:`development_plans.goals`; both modules share the
tables defined here. Nothing here knows about HTTP: callers pass a ``Session``, plain values and
the acting ``User``; failures are :class:`PlanError` subclasses whose message a learner can act on.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, selectinload

from development_plans.completion import CompletionState
from development_plans.completion import record_completion as queue_completion
from development_plans.framework import Behaviour, Framework
from development_plans.models import Base, Enrolment, ToolRole, User, utcnow

__all__ = [
    "MESSAGE_MAX",
    "REASON_MAX",
    "CourseTarget",
    "DimensionResult",
    "Gap",
    "Goal",
    "GoalAction",
    "GoalStatus",
    "InvalidChange",
    "NotAllowed",
    "Plan",
    "PlanError",
    "PlanEvent",
    "PlanItem",
    "PlanStatus",
    "ProgressUpdate",
    "activate",
    "approve",
    "course_targets",
    "current_plan",
    "default_target",
    "draft_plan",
    "focus_behaviours",
    "gap_analysis",
    "count_plans",
    "include_item",
    "load_plan",
    "manages_course",
    "may_edit",
    "may_review",
    "may_view",
    "plan_versions",
    "prioritised_items",
    "record_event",
    "remove_item",
    "request_changes",
    "require_editable",
    "require_trackable",
    "set_course_target",
    "set_target",
    "submit_for_review",
    "suggested_target",
    "unfinished_goals",
]

REASON_MAX = 1000
MESSAGE_MAX = 2000
TEXT_MAX = 2000


class PlanStatus(enum.StrEnum):
    """Where a plan is in its review: draft → submitted → approved/changes requested → active."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    ACTIVE = "active"

    @property
    def label(self) -> str:
        """The status in a learner's words."""
        return _PLAN_LABELS[self]


_PLAN_LABELS = {
    PlanStatus.DRAFT: "Draft",
    PlanStatus.SUBMITTED: "Submitted for review",
    PlanStatus.APPROVED: "Approved",
    PlanStatus.CHANGES_REQUESTED: "Changes requested",
    PlanStatus.ACTIVE: "Active",
}


class GoalStatus(enum.StrEnum):
    """A goal's progress."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        """The status in a learner's words."""
        return self.value.replace("_", " ").capitalize()

    @property
    def finished(self) -> bool:
        """Achieved and dropped goals need no more work (and are not carried over)."""
        return self in (GoalStatus.ACHIEVED, GoalStatus.DROPPED)


class PlanError(Exception):
    """A plan change that cannot be made; ``str(error)`` tells the person what to do."""


class NotAllowed(PlanError):
    """The person may not make this change (wrong person, role or plan state)."""


class InvalidChange(PlanError):
    """The values given were not acceptable; ``problems`` maps each field to a message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems.values()))


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------


class CourseTarget(Base):
    """A course's (or one placement's) target level for a dimension, set by its managers."""

    __tablename__ = "plan_course_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    placement_id: Mapped[int | None] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE")
    )
    framework_id: Mapped[str] = mapped_column(String(100))
    dimension_id: Mapped[str] = mapped_column(String(100))
    level_id: Mapped[str] = mapped_column(String(100))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Plan(Base):
    """One version of a learner's plan in one course; a new assessment cycle starts a new one."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("user_id", "course_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    placement_id: Mapped[int | None] = mapped_column(
        ForeignKey("placements.id", ondelete="SET NULL")
    )
    framework_id: Mapped[str] = mapped_column(String(100))
    assessment_id: Mapped[int | None] = mapped_column(Integer, index=True)
    cycle: Mapped[int | None] = mapped_column()
    version: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(30), default=PlanStatus.DRAFT.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column()
    reviewed_at: Mapped[datetime | None] = mapped_column()
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_message: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanItem.id"
    )
    goals: Mapped[list[Goal]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Goal.id"
    )

    @property
    def plan_status(self) -> PlanStatus:
        """``status`` as a :class:`PlanStatus`."""
        return PlanStatus(self.status)

    @property
    def closed(self) -> bool:
        """An earlier version, kept readable but no longer changed."""
        return self.closed_at is not None

    def item_for(self, dimension_id: str) -> PlanItem | None:
        """This plan's item for a dimension (included or not)."""
        return next((i for i in self.items if i.dimension_id == dimension_id), None)


class PlanItem(Base):
    """One dimension of a plan: current and target level, and whether it is in the plan."""

    __tablename__ = "plan_items"
    __table_args__ = (UniqueConstraint("plan_id", "dimension_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    dimension_id: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column()
    current_level_id: Mapped[str] = mapped_column(String(100))
    importance: Mapped[int] = mapped_column()
    suggested_target_id: Mapped[str] = mapped_column(String(100))
    target_level_id: Mapped[str] = mapped_column(String(100))
    target_reason: Mapped[str | None] = mapped_column(Text)
    included: Mapped[bool] = mapped_column(default=False)
    added_by_learner: Mapped[bool] = mapped_column(default=False)

    plan: Mapped[Plan] = relationship(back_populates="items")
    goals: Mapped[list[Goal]] = relationship(back_populates="item", order_by="Goal.id")

    @property
    def target_lowered(self) -> bool:
        """The learner chose a lower target than suggested (their reason is in target_reason)."""
        return self.target_reason is not None


class Goal(Base):
    """A SMART goal for one plan item."""

    __tablename__ = "plan_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("plan_items.id", ondelete="CASCADE"), index=True
    )
    specific: Mapped[str] = mapped_column(Text)
    measurable: Mapped[str] = mapped_column(Text)
    support: Mapped[str] = mapped_column(Text, default="")
    behaviour_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    resource_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    target_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=GoalStatus.NOT_STARTED.value)
    dropped_reason: Mapped[str | None] = mapped_column(Text)
    reflection: Mapped[str | None] = mapped_column(Text)
    carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_goals.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    achieved_at: Mapped[datetime | None] = mapped_column()

    plan: Mapped[Plan] = relationship(back_populates="goals")
    item: Mapped[PlanItem] = relationship(back_populates="goals")
    actions: Mapped[list[GoalAction]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="GoalAction.id"
    )
    updates: Mapped[list[ProgressUpdate]] = relationship(
        back_populates="goal",
        cascade="all, delete-orphan",
        order_by="(ProgressUpdate.occurred_on.desc(), ProgressUpdate.id.desc())",
    )

    @property
    def goal_status(self) -> GoalStatus:
        """``status`` as a :class:`GoalStatus`."""
        return GoalStatus(self.status)

    def overdue(self, today: date) -> bool:
        """Past its target date and not finished."""
        return not self.goal_status.finished and self.target_date < today


class GoalAction(Base):
    """One step towards a goal, ticked off when done."""

    __tablename__ = "plan_goal_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(
        ForeignKey("plan_goals.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(300))
    done: Mapped[bool] = mapped_column(default=False)
    done_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="actions")


class ProgressUpdate(Base):
    """A dated note of progress on a goal, with optional evidence (text and links)."""

    __tablename__ = "plan_progress_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(
        ForeignKey("plan_goals.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    occurred_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    evidence_text: Mapped[str] = mapped_column(Text, default="")
    evidence_links: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="updates")


class PlanEvent(Base):
    """One change to a plan or goal: who, when and what, in words."""

    __tablename__ = "plan_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_goals.id", ondelete="SET NULL"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text)

    actor: Mapped[User | None] = relationship()


def record_event(
    session: Session,
    plan: Plan,
    actor: User | None,
    action: str,
    summary: str,
    goal: Goal | None = None,
) -> PlanEvent:
    """Keep a history row for a change to ``plan`` (or one of its goals) and touch the plan."""
    now = utcnow()
    event = PlanEvent(
        plan_id=plan.id,
        goal_id=goal.id if goal is not None else None,
        actor_id=actor.id if actor is not None else None,
        at=now,
        action=action,
        summary=summary,
    )
    plan.updated_at = now
    session.add(event)
    return event


# --------------------------------------------------------------------------------------
# Targets and gap analysis
# --------------------------------------------------------------------------------------


class DimensionResult(Protocol):
    """What an assessment says about one dimension (``level_id`` None means below the lowest)."""

    dimension_id: str
    level_id: str | None
    importance: int


@dataclass(frozen=True)
class Gap:
    """One dimension's current level, importance, suggested target and gap in levels."""

    dimension_id: str
    current_level_id: str
    importance: int
    suggested_target_id: str
    size: int


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


def manages_course(session: Session, user: User, course_id: int) -> bool:
    """True when ``user`` manages the whole course (a mentor manages only their mentees)."""
    row = session.execute(
        select(Enrolment.tool_role, Enrolment.mentees_only).where(
            Enrolment.user_id == user.id,
            Enrolment.course_id == course_id,
            Enrolment.active.is_(True),
        )
    ).first()
    return row is not None and ToolRole(row.tool_role).manages and not row.mentees_only


def set_course_target(
    session: Session,
    *,
    course_id: int,
    framework: Framework,
    dimension_id: str,
    level_id: str | None,
    by_user: User,
    placement_id: int | None = None,
) -> None:
    """Set (or with ``level_id`` None, clear) a course's target for one dimension; managers only.
    Plans already drafted keep their targets; new plans use the new one."""
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
    if level_id is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
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


def gap_analysis(
    framework: Framework,
    results: Iterable[DimensionResult],
    targets: dict[str, str] | None = None,
) -> list[Gap]:
    """Each assessed dimension's current level, suggested target and gap, in pack order."""
    targets = targets or {}
    by_dimension = {r.dimension_id: r for r in results}
    gaps = []
    for dimension in framework.dimensions:
        result = by_dimension.get(dimension.id)
        if result is None:
            continue
        current = result.level_id or framework.below_lowest.id
        target = suggested_target(framework, current, targets.get(dimension.id))
        gaps.append(
            Gap(
                dimension_id=dimension.id,
                current_level_id=current,
                importance=result.importance,
                suggested_target_id=target,
                size=framework.level(target).rank - framework.level(current).rank,
            )
        )
    return gaps


def _priority_key(framework: Framework, item: PlanItem) -> tuple[int, int, int, int]:
    current = framework.level(item.current_level_id).rank
    gap = framework.level(item.target_level_id).rank - current
    return (-item.importance, -gap, current, item.position)


def prioritised_items(framework: Framework, plan: Plan) -> list[PlanItem]:
    """The plan's included items, most important to the role first, then the largest gap."""
    return sorted((i for i in plan.items if i.included), key=lambda i: _priority_key(framework, i))


def focus_behaviours(framework: Framework, item: PlanItem) -> tuple[Behaviour, ...]:
    """The behaviours of the next level up (at the top level, that level's own behaviours)."""
    dimension = framework.dimension(item.dimension_id)
    following = framework.next_level(item.current_level_id)
    return dimension.behaviours_at(following.id if following else item.current_level_id)


# --------------------------------------------------------------------------------------
# Permissions
# --------------------------------------------------------------------------------------


def may_review(session: Session, plan: Plan, user: User) -> bool:
    """A manager of the plan's course (a mentor only for their mentees), never its owner."""
    if user.id == plan.user_id:
        return False
    enrolment = session.scalar(
        select(Enrolment).where(
            Enrolment.user_id == user.id,
            Enrolment.course_id == plan.course_id,
            Enrolment.active.is_(True),
        )
    )
    if enrolment is None or not enrolment.role.manages:
        return False
    if enrolment.mentees_only:
        return plan.user.subject in (enrolment.mentee_subjects or [])
    return True


def may_view(session: Session, plan: Plan, user: User) -> bool:
    """The owner, or someone who may review it."""
    return user.id == plan.user_id or may_review(session, plan, user)


def may_edit(plan: Plan, user: User) -> bool:
    """The owner may change targets, items and goals unless it is closed or under review."""
    return user.id == plan.user_id and not plan.closed and plan.plan_status != PlanStatus.SUBMITTED


def _require_owner(plan: Plan, user: User) -> None:
    if user.id != plan.user_id:
        raise NotAllowed("Only the plan's owner can change it.")
    if plan.closed:
        raise NotAllowed("This is an earlier version of your plan; it can be read but not changed.")


def require_editable(plan: Plan, user: User) -> None:
    """Raise :class:`NotAllowed` unless ``user`` may change this plan's targets, items or goals."""
    _require_owner(plan, user)
    if plan.plan_status == PlanStatus.SUBMITTED:
        raise NotAllowed(
            "Your plan is with your manager for review. You can record progress, but wait for "
            "their response before changing targets or goals."
        )


def require_trackable(plan: Plan, user: User) -> None:
    """Raise :class:`NotAllowed` unless ``user`` may record progress on this plan's goals."""
    _require_owner(plan, user)


# --------------------------------------------------------------------------------------
# Drafting and versions
# --------------------------------------------------------------------------------------


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


def plan_versions(session: Session, user_id: int, course_id: int) -> list[Plan]:
    """Every version of the learner's plan in a course, newest first."""
    return list(
        session.scalars(
            select(Plan)
            .where(Plan.user_id == user_id, Plan.course_id == course_id)
            .order_by(Plan.version.desc())
        )
    )


def unfinished_goals(plan: Plan) -> list[Goal]:
    """Goals not achieved or dropped: the ones a new plan version may carry over."""
    return [g for g in plan.goals if not g.goal_status.finished]


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
) -> Plan:
    """Start a new plan version from an assessment: one item per dimension below its target, the
    previous version closed, and the chosen unfinished goals (by id) carried over."""
    previous = current_plan(session, user.id, course_id)
    if (
        previous is not None
        and assessment_id is not None
        and previous.assessment_id == assessment_id
    ):
        raise NotAllowed("You already have a plan for this assessment.")
    targets = course_targets(session, course_id, placement_id, framework.id)
    now = utcnow()
    plan = Plan(
        user_id=user.id,
        course_id=course_id,
        placement_id=placement_id,
        framework_id=framework.id,
        assessment_id=assessment_id,
        cycle=cycle,
        version=(previous.version + 1) if previous else 1,
        status=PlanStatus.DRAFT.value,
        created_at=now,
        updated_at=now,
    )
    plan.user = user
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
    session.add(plan)
    session.flush()
    gaps = sum(1 for i in plan.items if i.included)
    record_event(
        session,
        plan,
        user,
        "plan_drafted",
        f"Plan version {plan.version} drafted from the assessment with {gaps} "
        f"dimension{'' if gaps == 1 else 's'} below target.",
    )
    if previous is not None:
        _carry_over(session, previous, plan, set(carry_over), user, framework)
        if not previous.closed:
            previous.closed_at = now
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


# --------------------------------------------------------------------------------------
# Targets and items chosen by the learner
# --------------------------------------------------------------------------------------


def set_target(
    session: Session,
    plan: Plan,
    item: PlanItem,
    level_id: str,
    by_user: User,
    framework: Framework,
    reason: str = "",
) -> None:
    """The learner chooses a target: raising it is free, lowering it below the suggested target
    needs a reason (which their manager sees). A target above the current level puts the
    dimension in the plan."""
    require_editable(plan, by_user)
    reason = reason.strip()
    if level_id not in framework.level_ids:
        raise InvalidChange({"target": "Select one of the levels"})
    rank = framework.level(level_id).rank
    if rank < framework.level(item.current_level_id).rank:
        raise InvalidChange(
            {"target": "Your target cannot be below your current level; choose it or a higher one"}
        )
    lowered = rank < framework.level(item.suggested_target_id).rank
    if lowered and not reason:
        raise InvalidChange(
            {
                "reason": "Explain why you are choosing a lower target than suggested; your "
                "manager will see this"
            }
        )
    if len(reason) > REASON_MAX:
        raise InvalidChange({"reason": f"Reason must be {REASON_MAX} characters or fewer"})
    new_reason = reason if lowered else None
    if level_id == item.target_level_id and new_reason == item.target_reason:
        return
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


# --------------------------------------------------------------------------------------
# Review workflow
# --------------------------------------------------------------------------------------


def submit_for_review(session: Session, plan: Plan, by_user: User) -> None:
    """The owner sends a draft (or a plan with changes requested) to their manager; it needs at
    least one goal that is not dropped."""
    _require_owner(plan, by_user)
    if plan.plan_status not in (PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED):
        raise NotAllowed(f"This plan is {plan.plan_status.label.lower()}; it cannot be submitted.")
    if not any(g.goal_status != GoalStatus.DROPPED for g in plan.goals):
        raise InvalidChange(
            {"plan": "Add at least one goal to your plan before submitting it for review"}
        )
    plan.status = PlanStatus.SUBMITTED.value
    plan.submitted_at = utcnow()
    record_event(session, plan, by_user, "plan_submitted", "Plan submitted for review.")
    _grade(session, plan, CompletionState.PLAN_SUBMITTED, plan.submitted_at)


def _grade(session: Session, plan: Plan, state: CompletionState, at: datetime) -> None:
    """Queue the completion grade this review step earns, in the same transaction."""
    queue_completion(
        session, user_id=plan.user_id, placement_id=plan.placement_id, state=state, occurred_at=at
    )


def _review(session: Session, plan: Plan, by_user: User) -> None:
    if plan.closed:
        raise NotAllowed("This is an earlier version of the plan; it cannot be reviewed.")
    if not may_review(session, plan, by_user):
        raise NotAllowed("Only a manager of this learner's course can review their plan.")
    if plan.plan_status != PlanStatus.SUBMITTED:
        raise NotAllowed(f"This plan is {plan.plan_status.label.lower()}, not waiting for review.")


def approve(session: Session, plan: Plan, by_user: User, message: str = "") -> None:
    """A manager approves a submitted plan, with an optional message for the learner."""
    _review(session, plan, by_user)
    message = message.strip()
    if len(message) > MESSAGE_MAX:
        raise InvalidChange({"message": f"Message must be {MESSAGE_MAX} characters or fewer"})
    plan.status = PlanStatus.APPROVED.value
    plan.reviewed_at = utcnow()
    plan.reviewed_by_id = by_user.id
    plan.review_message = message or None
    summary = "Plan approved." + (f" Message: {message}" if message else "")
    record_event(session, plan, by_user, "plan_approved", summary)
    _grade(session, plan, CompletionState.PLAN_APPROVED, plan.reviewed_at)


def request_changes(session: Session, plan: Plan, by_user: User, message: str) -> None:
    """A manager sends a submitted plan back, saying what to change (a message is required)."""
    _review(session, plan, by_user)
    message = message.strip()
    if not message:
        raise InvalidChange({"message": "Tell the learner what to change in their plan"})
    if len(message) > MESSAGE_MAX:
        raise InvalidChange({"message": f"Message must be {MESSAGE_MAX} characters or fewer"})
    plan.status = PlanStatus.CHANGES_REQUESTED.value
    plan.reviewed_at = utcnow()
    plan.reviewed_by_id = by_user.id
    plan.review_message = message
    record_event(session, plan, by_user, "changes_requested", f"Changes requested: {message}")
    _grade(session, plan, CompletionState.CHANGES_REQUESTED, plan.reviewed_at)


def activate(session: Session, plan: Plan, by_user: User) -> None:
    """The owner starts working on an approved plan (also done by their first progress)."""
    _require_owner(plan, by_user)
    if plan.plan_status != PlanStatus.APPROVED:
        raise NotAllowed("Only an approved plan can be made active.")
    plan.status = PlanStatus.ACTIVE.value
    record_event(session, plan, by_user, "plan_activated", "Plan is now active.")


def count_plans(session: Session, user_id: int, course_id: int) -> int:
    """How many plan versions the learner has in a course."""
    return (
        session.scalar(
            select(func.count(Plan.id)).where(Plan.user_id == user_id, Plan.course_id == course_id)
        )
        or 0
    )
