"""Recording learners' completions and choosing a placement's policy, in the caller's
transaction (nothing here commits)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from development_plans.completion.events import CompletionRecorded, completion_recorded
from development_plans.completion.models import LearnerCompletion, PlacementGradingPolicy
from development_plans.completion.policies import (
    DEFAULT_POLICY,
    POLICIES,
    Completion,
    CompletionPolicy,
    CompletionState,
)
from development_plans.courses import Placement
from development_plans.db import utcnow
from development_plans.people import Enrolment, ToolRole


def policy_for(session: Session, placement_id: int) -> CompletionPolicy:
    """The policy chosen for a placement, or the default."""
    chosen = session.get(PlacementGradingPolicy, placement_id)
    if chosen is None or chosen.policy not in POLICIES:
        return DEFAULT_POLICY
    return POLICIES[chosen.policy]


def _learners_policy(session: Session, user_id: int, placement_id: int) -> CompletionPolicy | None:
    """The placement's policy if the placement exists and the person is a learner in its course,
    else None; one query, which also loads the placement for whoever hears of the completion."""
    found = session.execute(
        select(Enrolment.tool_role, Placement, PlacementGradingPolicy.policy)
        .join(Placement, Placement.course_id == Enrolment.course_id)
        .outerjoin(PlacementGradingPolicy, PlacementGradingPolicy.placement_id == Placement.id)
        .where(Placement.id == placement_id, Enrolment.user_id == user_id)
    ).first()
    if found is None or found.tool_role != ToolRole.LEARNER.value:
        return None
    return POLICIES.get(found.policy, DEFAULT_POLICY)


def _store(session: Session, values: dict) -> None:
    """Insert or replace the learner's completion row in one statement (a copy already loaded in
    ``session`` is expired, so it is read again)."""
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    keys = ("placement_id", "user_id")
    loaded = session.identity_map.get(
        session.identity_key(LearnerCompletion, tuple(values[key] for key in keys))
    )
    if loaded is not None:
        session.expire(loaded)
    session.execute(
        insert(LearnerCompletion)
        .values(**values)
        .on_conflict_do_update(
            index_elements=list(keys),
            set_={name: value for name, value in values.items() if name not in keys},
        )
    )


def record_completion(
    session: Session,
    *,
    user_id: int,
    placement_id: int | None,
    state: CompletionState,
    occurred_at: datetime | None = None,
) -> Completion | None:
    """Record the completion a learner's step earns under the placement's policy and announce it
    (see ``completion.events``), in the caller's transaction.

    Nothing is recorded when the launch had no placement, the placement is gone, or the person is
    not a learner in its course (managers are not graded)."""
    if placement_id is None:
        return None
    policy = _learners_policy(session, user_id, placement_id)
    if policy is None:
        return None
    occurred = occurred_at or utcnow()
    if occurred.tzinfo is None:
        raise ValueError("occurred_at must be timezone-aware")
    completion = policy.completion(CompletionState(state))
    _store(
        session,
        {
            "placement_id": placement_id,
            "user_id": user_id,
            "state": completion.state.value,
            "policy": policy.key,
            "percent": completion.percent,
            "final": completion.final,
            "occurred_at": occurred,
            "recorded_at": utcnow(),
        },
    )
    completion_recorded(
        session,
        CompletionRecorded(
            user_id=user_id,
            placement_id=placement_id,
            completion=completion,
            policy=policy.key,
            occurred_at=occurred,
        ),
    )
    return completion


def learner_completions(session: Session, placement_id: int) -> list[LearnerCompletion]:
    """Every learner's current completion in a placement."""
    return list(
        session.scalars(
            select(LearnerCompletion)
            .where(LearnerCompletion.placement_id == placement_id)
            .order_by(LearnerCompletion.user_id)
        )
    )


def choose_policy(
    session: Session, *, placement_id: int, policy_key: str, chosen_by_user_id: int | None
) -> int:
    """Record a placement's policy and re-evaluate every learner's completion under it, in the
    caller's transaction; returns how many learners were re-evaluated."""
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
    reached = learner_completions(session, placement_id)
    for row in reached:
        record_completion(
            session,
            user_id=row.user_id,
            placement_id=placement_id,
            state=CompletionState(row.state),
        )
    return len(reached)
