"""Completion grades: what each step of a learner's journey is worth, and the outbox hook.

Pure domain: completion states, the policies a course can choose between, the score a state earns
on a line item of any ``scoreMaximum``, and :func:`queue_completion`, which the assessment and plan
features call inside their own transaction. Delivery to the LMS lives in ``lti_tool.grades``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from development_plans.grading_models import (
    DeliveryStatus,
    GradeDelivery,
    PlacementGradingPolicy,
)
from development_plans.models import Enrolment, Placement, ToolRole, utcnow

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
TIMESTAMP_STEP = timedelta(seconds=1)


class CompletionState(enum.StrEnum):
    """A point in the learner's journey that changes their completion grade."""

    ASSESSMENT_SUBMITTED = "assessment_submitted"
    PLAN_SUBMITTED = "plan_submitted"
    CHANGES_REQUESTED = "changes_requested"
    PLAN_APPROVED = "plan_approved"

    @property
    def label(self) -> str:
        """The state as a learner or teacher would say it."""
        return STATE_LABELS[self]


STATE_LABELS = {
    CompletionState.ASSESSMENT_SUBMITTED: "Self-assessment submitted",
    CompletionState.PLAN_SUBMITTED: "Development plan submitted for review",
    CompletionState.CHANGES_REQUESTED: "Changes requested to the development plan",
    CompletionState.PLAN_APPROVED: "Development plan approved",
}


class ActivityProgress(enum.StrEnum):
    """AGS ``activityProgress``: how far the learner is through the activity."""

    IN_PROGRESS = "InProgress"
    SUBMITTED = "Submitted"
    COMPLETED = "Completed"


class GradingProgress(enum.StrEnum):
    """AGS ``gradingProgress``: whether the score is final."""

    PENDING = "Pending"
    FULLY_GRADED = "FullyGraded"


STATE_ACTIVITY = {
    CompletionState.ASSESSMENT_SUBMITTED: ActivityProgress.IN_PROGRESS,
    CompletionState.PLAN_SUBMITTED: ActivityProgress.SUBMITTED,
    CompletionState.CHANGES_REQUESTED: ActivityProgress.IN_PROGRESS,
    CompletionState.PLAN_APPROVED: ActivityProgress.COMPLETED,
}


@dataclass(frozen=True)
class Completion:
    """What one state is worth under one policy: a percentage and the AGS progress pair."""

    state: CompletionState
    percent: int
    activity_progress: ActivityProgress
    grading_progress: GradingProgress


@dataclass(frozen=True)
class CompletionPolicy:
    """How a placement turns completion states into a percentage.

    ``every_step_final`` reports each step as ``FullyGraded``: Moodle, for one, blanks any score
    that is not, so with it a learner's 50 % shows in the gradebook as soon as they submit."""

    key: str
    title: str
    description: str
    percents: Mapping[CompletionState, int]
    every_step_final: bool = False

    def completion(self, state: CompletionState) -> Completion:
        """The percentage and progress this policy gives ``state``."""
        percent = self.percents[state]
        finished = percent >= 100 or state is CompletionState.PLAN_APPROVED
        if finished:
            return Completion(
                state, percent, ActivityProgress.COMPLETED, GradingProgress.FULLY_GRADED
            )
        grading = GradingProgress.FULLY_GRADED if self.every_step_final else GradingProgress.PENDING
        return Completion(state, percent, STATE_ACTIVITY[state], grading)


def _percents(assessment: int, plan: int, approved: int) -> dict[CompletionState, int]:
    return {
        CompletionState.ASSESSMENT_SUBMITTED: assessment,
        CompletionState.PLAN_SUBMITTED: plan,
        CompletionState.CHANGES_REQUESTED: assessment,
        CompletionState.PLAN_APPROVED: approved,
    }


STAGED = CompletionPolicy(
    key="staged",
    title="In stages: 50 %, 80 %, then 100 %",
    description="50 % when the self-assessment is submitted, 80 % when the plan is submitted "
    "for review, 100 % when it is approved. Until approval the score is marked as pending.",
    percents=_percents(50, 80, 100),
)
STAGED_FINAL = CompletionPolicy(
    key="staged_final",
    title="In stages, each counted straight away",
    description="The same stages, but each score is marked as final so LMSs that hide pending "
    "scores (such as Moodle) show 50 % and 80 % as soon as they are earned.",
    percents=_percents(50, 80, 100),
    every_step_final=True,
)
ASSESSMENT_ONLY = CompletionPolicy(
    key="assessment_only",
    title="100 % when the self-assessment is submitted",
    description="Full marks as soon as the learner submits their self-assessment; the plan and "
    "its approval do not change the grade.",
    percents=_percents(100, 100, 100),
)
APPROVAL_ONLY = CompletionPolicy(
    key="approval_only",
    title="100 % when the plan is approved",
    description="Nothing until a manager approves the development plan, then full marks.",
    percents=_percents(0, 0, 100),
)
POLICIES: dict[str, CompletionPolicy] = {
    policy.key: policy for policy in (STAGED, STAGED_FINAL, ASSESSMENT_ONLY, APPROVAL_ONLY)
}
DEFAULT_POLICY = STAGED


def score_for(
    completion: Completion,
    *,
    user_subject: str,
    score_maximum: float,
    timestamp: datetime,
) -> dict[str, Any]:
    """The AGS score body for a completion, scaled to the line item's ``scoreMaximum``."""
    if score_maximum <= 0:
        raise ValueError("a line item's scoreMaximum must be above 0")
    return {
        "userId": user_subject,
        "scoreGiven": round(completion.percent * score_maximum / 100, 4),
        "scoreMaximum": score_maximum,
        "activityProgress": completion.activity_progress.value,
        "gradingProgress": completion.grading_progress.value,
        "timestamp": timestamp.isoformat(timespec="milliseconds"),
        "comment": completion.state.label,
    }


def policy_for(session: Session, placement_id: int) -> CompletionPolicy:
    """The policy chosen for a placement, or the default."""
    chosen = session.get(PlacementGradingPolicy, placement_id)
    if chosen is None or chosen.policy not in POLICIES:
        return DEFAULT_POLICY
    return POLICIES[chosen.policy]


def has_grade_service(placement: Placement) -> bool:
    """Whether the LMS offered a score service and somewhere to post to for this placement."""
    return SCORE_SCOPE in (placement.ags_scopes or []) and bool(
        placement.lineitem_url or placement.lineitems_url
    )


def _is_learner(session: Session, user_id: int, placement: Placement) -> bool:
    role = session.scalar(
        select(Enrolment.tool_role).where(
            Enrolment.user_id == user_id, Enrolment.course_id == placement.course_id
        )
    )
    return role == ToolRole.LEARNER.value


def queue_completion(
    session: Session,
    *,
    user_id: int,
    placement_id: int | None,
    state: CompletionState,
    occurred_at: datetime | None = None,
) -> None:
    """Add the grade this change earns to the outbox, in the caller's transaction (no commit).

    Nothing is queued when the launch had no placement, the LMS offered no grade service, or the
    person is not a learner in the course. Older unsent scores for the same learner and placement
    are superseded, and the score's timestamp is kept at least a second after the previous one so
    the LMS never takes the newer score for an older one."""
    if placement_id is None:
        return
    placement = session.get(Placement, placement_id)
    if placement is None or not has_grade_service(placement):
        return
    if not _is_learner(session, user_id, placement):
        return
    occurred = occurred_at or utcnow()
    if occurred.tzinfo is None:
        raise ValueError("occurred_at must be timezone-aware")
    policy = policy_for(session, placement_id)
    completion = policy.completion(CompletionState(state))
    previous = session.scalar(
        select(func.max(GradeDelivery.score_timestamp)).where(
            GradeDelivery.user_id == user_id, GradeDelivery.placement_id == placement_id
        )
    )
    timestamp = occurred if previous is None else max(occurred, previous + TIMESTAMP_STEP)
    now = utcnow()
    row = GradeDelivery(
        user_id=user_id,
        placement_id=placement_id,
        state=completion.state.value,
        policy=policy.key,
        completion_percent=completion.percent,
        activity_progress=completion.activity_progress.value,
        grading_progress=completion.grading_progress.value,
        occurred_at=occurred,
        score_timestamp=timestamp,
        created_at=now,
        next_attempt_at=now,
        status=DeliveryStatus.PENDING.value,
    )
    session.add(row)
    session.flush()
    session.execute(
        update(GradeDelivery)
        .where(
            GradeDelivery.user_id == user_id,
            GradeDelivery.placement_id == placement_id,
            GradeDelivery.id < row.id,
            GradeDelivery.status == DeliveryStatus.PENDING.value,
            or_(GradeDelivery.claimed_by.is_(None), GradeDelivery.claim_expires < now),
        )
        .values(
            status=DeliveryStatus.SUPERSEDED.value,
            superseded_by=row.id,
            claimed_by=None,
            claim_expires=None,
        )
        .execution_options(synchronize_session=False)
    )
    session.info["grades_queued"] = True


def latest_deliveries(session: Session, placement_id: int) -> list[GradeDelivery]:
    """Each learner's newest outbox row for a placement."""
    newest = (
        select(func.max(GradeDelivery.id))
        .where(GradeDelivery.placement_id == placement_id)
        .group_by(GradeDelivery.user_id)
    )
    return list(
        session.scalars(
            select(GradeDelivery)
            .where(GradeDelivery.id.in_(newest))
            .order_by(GradeDelivery.user_id)
        )
    )


def choose_policy(
    session: Session, *, placement_id: int, policy_key: str, chosen_by_user_id: int | None
) -> int:
    """Record a placement's policy and re-queue every graded learner's score under it, in the
    caller's transaction; returns how many learners were re-queued."""
    if policy_key not in POLICIES:
        raise ValueError(f"unknown completion policy {policy_key!r}")
    chosen = session.get(PlacementGradingPolicy, placement_id)
    if chosen is None:
        chosen = PlacementGradingPolicy(placement_id=placement_id)
        session.add(chosen)
    elif chosen.policy == policy_key:
        return 0
    chosen.policy = policy_key
    chosen.chosen_by_user_id = chosen_by_user_id
    chosen.chosen_at = utcnow()
    session.flush()
    requeued = 0
    for row in latest_deliveries(session, placement_id):
        queue_completion(
            session,
            user_id=row.user_id,
            placement_id=placement_id,
            state=CompletionState(row.state),
        )
        requeued += 1
    return requeued


@dataclass(frozen=True)
class GradeStatus:
    """What a learner is told about their completion grade in the LMS."""

    state: CompletionState
    percent: int
    delivery: DeliveryStatus
    sent_at: datetime | None = None
    problem: str | None = None

    @property
    def sent(self) -> bool:
        return self.delivery is DeliveryStatus.SENT

    @property
    def waiting(self) -> bool:
        return self.delivery is DeliveryStatus.PENDING

    @property
    def failed(self) -> bool:
        return self.delivery is DeliveryStatus.FAILED


def grade_status_for(
    session: Session, user_id: int, placement_id: int | None
) -> GradeStatus | None:
    """The learner's newest completion grade for a placement and whether the LMS has it; None
    when nothing has been queued (including when the LMS offers no grade service)."""
    if placement_id is None:
        return None
    row = session.scalars(
        select(GradeDelivery)
        .where(GradeDelivery.user_id == user_id, GradeDelivery.placement_id == placement_id)
        .order_by(GradeDelivery.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return GradeStatus(
        state=CompletionState(row.state),
        percent=row.completion_percent,
        delivery=row.delivery_status,
        sent_at=row.sent_at,
        problem=row.last_error if row.delivery_status is DeliveryStatus.FAILED else None,
    )
