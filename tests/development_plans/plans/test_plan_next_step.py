"""The learner's next step from their latest self-assessment and current plan, and which of a
plan's priorities it focuses on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from development_plans.assessments import Assessment
from development_plans.goals import Goal, plan_at_a_glance
from development_plans.plans import Plan, PlanItem, split_focus
from development_plans.plans.next_step import StepKind, next_step

TODAY = date(2026, 11, 27)


def cycle(submitted: bool = True, id: int = 7) -> Assessment:
    return Assessment(id=id, status="submitted" if submitted else "in_progress")


def glance(status: str, assessment_id: int = 7, goals=()):
    plan = Plan(status=status, assessment_id=assessment_id)
    plan.goals = list(goals)
    return plan_at_a_glance(plan, TODAY)


def goal(days: int, status: str = "not_started") -> Goal:
    return Goal(
        specific=f"Goal due in {days} days", target_date=TODAY + timedelta(days), status=status
    )


def test_before_and_during_the_assessment():
    assert next_step(None, None).kind is StepKind.START_ASSESSMENT
    assert next_step(cycle(submitted=False), None).kind is StepKind.CONTINUE_ASSESSMENT
    # a new cycle in progress is continued even while the old plan is open
    assert next_step(cycle(False, id=8), glance("active")).kind is StepKind.CONTINUE_ASSESSMENT


def test_submitted_results_without_their_plan_are_drafted():
    assert next_step(cycle(), None).action == "Draft your development plan"
    assert next_step(cycle(id=8), glance("active", 7)).kind is StepKind.DRAFT_PLAN


@pytest.mark.parametrize(
    ("status", "kind", "action"),
    [
        ("draft", StepKind.FINISH_PLAN, "Continue your development plan"),
        ("changes_requested", StepKind.REVISE_PLAN, "Revise your plan"),
        ("approved", StepKind.START_WORK, "Start working on your plan"),
    ],
)
def test_the_plan_under_review(status, kind, action):
    step = next_step(cycle(), glance(status, goals=[goal(10)]))
    assert step.kind is kind and step.action == action and step.why


def test_progress_is_recorded_on_the_overdue_goal_first_then_the_one_due_soonest():
    due_soon, overdue, later = goal(5), goal(-2), goal(40)
    step = next_step(cycle(), glance("active", goals=[later, due_soon, overdue]))
    assert step.kind is StepKind.RECORD_PROGRESS and step.goal is overdue
    step = next_step(cycle(), glance("submitted", goals=[later, due_soon]))
    assert step.kind is StepKind.RECORD_PROGRESS and step.goal is due_soon


def test_a_new_assessment_is_the_next_step_only_when_every_goal_is_finished():
    open_goal = goal(5)
    assert next_step(cycle(), glance("active", goals=[open_goal])).kind is not (
        StepKind.NEW_ASSESSMENT
    )
    finished = [goal(5, "achieved"), goal(9, "dropped")]
    assert next_step(cycle(), glance("active", goals=finished)).kind is StepKind.NEW_ASSESSMENT


def test_the_plan_focuses_on_three_priorities_and_any_the_learner_works_on():
    items = [PlanItem(dimension_id=f"d{n}", added_by_learner=False) for n in range(1, 7)]
    for item in items:
        item.goals = []
    items[4].goals = [goal(5)]
    items[5].added_by_learner = True
    focus, rest = split_focus(items)
    assert [(n, i.dimension_id) for n, i in focus] == [
        (1, "d1"),
        (2, "d2"),
        (3, "d3"),
        (5, "d5"),
        (6, "d6"),
    ]
    assert [(n, i.dimension_id) for n, i in rest] == [(4, "d4")]
    focus, rest = split_focus(items[:2])
    assert len(focus) == 2 and rest == []
