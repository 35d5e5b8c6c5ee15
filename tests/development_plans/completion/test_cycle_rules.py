"""Which cycle's completion the gradebook holds: a new cycle never lowers a grade already held;
"keep the best" keeps the highest, "latest completed" lets a completed newer cycle replace it."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from support.completion_data import enrolled, graded_placement

from development_plans.completion import (
    STAGED,
    CompletionRecorded,
    CompletionState,
    CycleResult,
    CycleRule,
    LearnerCompletion,
    choose_policy,
    held_cycle,
    on_completion_recorded,
    record_completion,
)

ASSESSED = CompletionState.ASSESSMENT_SUBMITTED
SUBMITTED = CompletionState.PLAN_SUBMITTED
CHANGES = CompletionState.CHANGES_REQUESTED
APPROVED = CompletionState.PLAN_APPROVED
BEST, LATEST = CycleRule.KEEP_BEST, CycleRule.LATEST_COMPLETED

heard: list[CompletionRecorded] = []


def _results(*states: CompletionState) -> list[CycleResult]:
    return [CycleResult(n, STAGED.completion(s)) for n, s in enumerate(states, start=1)]


@pytest.mark.parametrize("rule", list(CycleRule))
def test_an_approved_cycle_stays_held_while_the_next_is_in_progress(rule):
    for later in (ASSESSED, SUBMITTED, CHANGES):
        assert held_cycle(_results(APPROVED, later), rule).cycle == 1


def test_keep_best_keeps_the_first_of_equal_grades_and_latest_takes_the_completed_one():
    assert held_cycle(_results(APPROVED, APPROVED), BEST).cycle == 1
    assert held_cycle(_results(APPROVED, APPROVED), LATEST).cycle == 2
    assert held_cycle(_results(APPROVED, ASSESSED, APPROVED), LATEST).cycle == 3


@pytest.mark.parametrize("rule", list(CycleRule))
def test_without_a_completed_cycle_the_highest_grade_is_held(rule):
    assert held_cycle(_results(SUBMITTED, ASSESSED), rule).completion.percent == 80
    assert held_cycle(_results(ASSESSED, SUBMITTED), rule).cycle == 2
    assert held_cycle(_results(SUBMITTED, CHANGES), rule).completion.percent == 80


def test_within_one_cycle_the_newest_step_is_held():
    assert held_cycle(_results(CHANGES), BEST).completion.percent == 50
    with pytest.raises(ValueError):
        held_cycle([], BEST)


def _hear(session, recorded: CompletionRecorded) -> None:
    heard.append(recorded)


@pytest.fixture
def session(app):
    from lti_tool.extensions import db

    on_completion_recorded(_hear)
    heard.clear()
    with app.app_context():
        yield db.session


@pytest.mark.parametrize("rule", list(CycleRule))
def test_a_new_cycle_announces_nothing_until_it_changes_the_grade(session, rule):
    placement = graded_placement(session)
    learner = enrolled(session, placement)
    choose_policy(
        session,
        placement_id=placement.id,
        policy_key="staged",
        chosen_by_user_id=None,
        cycle_rule=rule.value,
    )
    for state in (ASSESSED, SUBMITTED, APPROVED):
        record_completion(session, user_id=learner, placement_id=placement.id, state=state, cycle=1)
    heard.clear()

    for state in (ASSESSED, SUBMITTED, CHANGES):
        held = record_completion(
            session, user_id=learner, placement_id=placement.id, state=state, cycle=2
        )
        assert (held.state, held.percent, held.final) == (APPROVED, 100, True)
    assert heard == []
    row = session.scalar(select(LearnerCompletion))
    assert (row.cycle, row.percent, row.state) == (1, 100, "plan_approved")

    record_completion(session, user_id=learner, placement_id=placement.id, state=APPROVED, cycle=2)
    assert [event.cycle for event in heard] == ([2] if rule is LATEST else [])
    session.rollback()


def test_changing_the_cycle_rule_regrades_only_learners_it_changes(session):
    placement = graded_placement(session)
    learner = enrolled(session, placement)
    for cycle in (1, 2):
        record_completion(
            session, user_id=learner, placement_id=placement.id, state=APPROVED, cycle=cycle
        )
    heard.clear()
    regraded = choose_policy(
        session,
        placement_id=placement.id,
        policy_key="staged",
        chosen_by_user_id=None,
        cycle_rule="latest_completed",
    )
    assert regraded == 1 and [event.cycle for event in heard] == [2]
    session.rollback()
