"""Recording learners' completions and choosing a placement's policy, in the caller's
transaction (nothing here commits)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from development_plans.completion.events import CompletionRecorded, completion_recorded
from development_plans.completion.models import (
    CycleCompletion,
    LearnerCompletion,
    PlacementGradingPolicy,
)
from development_plans.completion.policies import (
    DEFAULT_CYCLE_RULE,
    DEFAULT_POLICY,
    POLICIES,
    Completion,
    CompletionPolicy,
    CompletionState,
    CycleResult,
    CycleRule,
    held_cycle,
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


def _learners_rules(
    session: Session, user_id: int, placement_id: int
) -> tuple[CompletionPolicy, CycleRule] | None:
    """The placement's policy and cycle rule if the placement exists and the person is a learner
    in its course, else None; one query, which also loads the placement for whoever hears of the
    completion."""
    found = session.execute(
        select(
            Enrolment.tool_role,
            Placement,
            PlacementGradingPolicy.policy,
            PlacementGradingPolicy.cycle_rule,
        )
        .join(Placement, Placement.course_id == Enrolment.course_id)
        .outerjoin(PlacementGradingPolicy, PlacementGradingPolicy.placement_id == Placement.id)
        .where(Placement.id == placement_id, Enrolment.user_id == user_id)
    ).first()
    if found is None or found.tool_role != ToolRole.LEARNER.value:
        return None
    return POLICIES.get(found.policy, DEFAULT_POLICY), _cycle_rule(found.cycle_rule)


def _cycle_rule(key: str | None) -> CycleRule:
    try:
        return CycleRule(key)
    except ValueError:
        return DEFAULT_CYCLE_RULE


def cycle_rule_for(session: Session, placement_id: int) -> CycleRule:
    """The cycle rule chosen for a placement, or the default."""
    chosen = session.get(PlacementGradingPolicy, placement_id)
    return _cycle_rule(chosen.cycle_rule if chosen else None)


def _store(session: Session, model: type, keys: tuple[str, ...], values: dict) -> None:
    """Insert or replace one row in one statement (a copy already loaded in ``session`` is
    expired, so it is read again)."""
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    loaded = session.identity_map.get(
        session.identity_key(model, tuple(values[key] for key in keys))
    )
    if loaded is not None:
        session.expire(loaded)
    session.execute(
        insert(model)
        .values(**values)
        .on_conflict_do_update(
            index_elements=list(keys),
            set_={name: value for name, value in values.items() if name not in keys},
        )
    )


LEARNER_KEYS = ("placement_id", "user_id")
CYCLE_KEYS = ("placement_id", "user_id", "cycle")


def _cycles(session: Session, user_id: int, placement_id: int) -> list[CycleCompletion]:
    return list(
        session.scalars(
            select(CycleCompletion)
            .where(CycleCompletion.placement_id == placement_id, CycleCompletion.user_id == user_id)
            .order_by(CycleCompletion.cycle)
        )
    )


def _hold(
    session: Session, user_id: int, placement_id: int, policy: CompletionPolicy, rule: CycleRule
) -> Completion:
    """Choose the cycle the gradebook holds and, when that changes what it holds, store it and
    announce it (see ``completion.events``); returns the completion held."""
    found = session.execute(
        select(CycleCompletion, LearnerCompletion)
        .outerjoin(
            LearnerCompletion,
            (LearnerCompletion.placement_id == CycleCompletion.placement_id)
            & (LearnerCompletion.user_id == CycleCompletion.user_id),
        )
        .where(CycleCompletion.placement_id == placement_id, CycleCompletion.user_id == user_id)
    ).all()
    rows = {cycle.cycle: cycle for cycle, _ in found}
    current = found[0][1]
    held = held_cycle(
        [CycleResult(n, policy.completion(CompletionState(row.state))) for n, row in rows.items()],
        rule,
    )
    completion, occurred = held.completion, rows[held.cycle].occurred_at
    values = {
        "placement_id": placement_id,
        "user_id": user_id,
        "state": completion.state.value,
        "policy": policy.key,
        "percent": completion.percent,
        "final": completion.final,
        "cycle": held.cycle,
        "occurred_at": occurred,
    }
    if current is not None and all(
        getattr(current, name) == value
        for name, value in values.items()
        if name not in ("occurred_at", *LEARNER_KEYS)
    ):
        return completion
    _store(session, LearnerCompletion, LEARNER_KEYS, {**values, "recorded_at": utcnow()})
    completion_recorded(
        session,
        CompletionRecorded(
            user_id=user_id,
            placement_id=placement_id,
            completion=completion,
            policy=policy.key,
            occurred_at=occurred,
            cycle=held.cycle,
        ),
    )
    return completion


def record_completion(
    session: Session,
    *,
    user_id: int,
    placement_id: int | None,
    state: CompletionState,
    occurred_at: datetime | None = None,
    cycle: int | None = None,
) -> Completion | None:
    """Record the completion a learner's step in ``cycle`` earns under the placement's policy,
    and announce the grade it leaves the gradebook holding when that changes (see
    ``completion.events`` and ``policies.held_cycle``), in the caller's transaction. Returns the
    completion the gradebook holds. Without ``cycle``, the learner's newest cycle (else 1).

    Nothing is recorded when the launch had no placement, the placement is gone, or the person is
    not a learner in its course (managers are not graded)."""
    if placement_id is None:
        return None
    rules = _learners_rules(session, user_id, placement_id)
    if rules is None:
        return None
    policy, rule = rules
    occurred = occurred_at or utcnow()
    if occurred.tzinfo is None:
        raise ValueError("occurred_at must be timezone-aware")
    if cycle is None:
        cycle = max((row.cycle for row in _cycles(session, user_id, placement_id)), default=1)
    completion = policy.completion(CompletionState(state))
    _store(
        session,
        CycleCompletion,
        CYCLE_KEYS,
        {
            "placement_id": placement_id,
            "user_id": user_id,
            "cycle": cycle,
            "state": completion.state.value,
            "percent": completion.percent,
            "final": completion.final,
            "occurred_at": occurred,
        },
    )
    return _hold(session, user_id, placement_id, policy, rule)


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
    session: Session,
    *,
    placement_id: int,
    policy_key: str,
    chosen_by_user_id: int | None,
    cycle_rule: str | None = None,
) -> int:
    """Record a placement's policy (and, when given, its cycle rule) and re-evaluate every
    learner's grade under them, in the caller's transaction; returns how many learners' grades
    changed (and are sent again)."""
    if policy_key not in POLICIES:
        raise ValueError(f"unknown completion policy {policy_key!r}")
    rule = CycleRule(cycle_rule) if cycle_rule is not None else None
    chosen = session.get(PlacementGradingPolicy, placement_id)
    if chosen is None:
        chosen = PlacementGradingPolicy(placement_id=placement_id, cycle_rule=DEFAULT_CYCLE_RULE)
        session.add(chosen)
    elif chosen.policy == policy_key and (rule is None or chosen.cycle_rule == rule.value):
        return 0
    policy = POLICIES[policy_key]
    chosen.policy = policy_key
    chosen.cycle_rule = (rule or _cycle_rule(chosen.cycle_rule)).value
    chosen.chosen_by_user_id = chosen_by_user_id
    chosen.chosen_at = utcnow()
    session.flush()
    changed = 0
    for row in learner_completions(session, placement_id):
        for cycle in _cycles(session, row.user_id, placement_id):
            completion = policy.completion(CompletionState(cycle.state))
            cycle.percent, cycle.final = completion.percent, completion.final
        session.flush()
        before = (row.state, row.policy, row.percent, row.final, row.cycle)
        _hold(session, row.user_id, placement_id, policy, CycleRule(chosen.cycle_rule))
        session.refresh(row)
        changed += before != (row.state, row.policy, row.percent, row.final, row.cycle)
    return changed
