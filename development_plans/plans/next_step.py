"""The one thing a learner should do next, from where their self-assessment and plan are: the
home page makes it its primary button. A new self-assessment is never the next step while a plan
still has open goals."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from development_plans.assessments import Assessment
from development_plans.goals import Goal, PlanAtAGlance
from development_plans.plans.models import Plan, PlanStatus


class StepKind(enum.StrEnum):
    """What the learner's next step is."""

    START_ASSESSMENT = "start_assessment"
    CONTINUE_ASSESSMENT = "continue_assessment"
    DRAFT_PLAN = "draft_plan"
    FINISH_PLAN = "finish_plan"
    REVISE_PLAN = "revise_plan"
    START_WORK = "start_work"
    RECORD_PROGRESS = "record_progress"
    NEW_ASSESSMENT = "new_assessment"


_WORDS = {
    StepKind.START_ASSESSMENT: (
        "Start your self-assessment",
        "Assess yourself against each dimension; your plan is drafted from the results.",
    ),
    StepKind.CONTINUE_ASSESSMENT: (
        "Continue your self-assessment",
        "Your answers are saved: carry on where you left off.",
    ),
    StepKind.DRAFT_PLAN: (
        "Draft your development plan",
        "Your self-assessment is submitted: turn your priorities into a plan with SMART goals.",
    ),
    StepKind.FINISH_PLAN: (
        "Continue your development plan",
        "Write a SMART goal for each priority, then submit the plan to your manager.",
    ),
    StepKind.REVISE_PLAN: (
        "Revise your plan",
        "Your manager asked for changes: read their message, change the plan and submit it again.",
    ),
    StepKind.START_WORK: (
        "Start working on your plan",
        "Your manager approved your plan.",
    ),
    StepKind.RECORD_PROGRESS: (
        "Record progress",
        "Note what you have done towards your goal due soonest.",
    ),
    StepKind.NEW_ASSESSMENT: (
        "Start a new self-assessment",
        "Every goal of your plan is finished: assess yourself again to see how you have developed.",
    ),
}


@dataclass(frozen=True)
class NextStep:
    """The learner's next step; ``goal`` is the goal to record progress on, when that is it."""

    kind: StepKind
    goal: Goal | None = None

    @property
    def action(self) -> str:
        """The button's words."""
        return _WORDS[self.kind][0]

    @property
    def why(self) -> str:
        """One sentence saying why this is the next step."""
        return _WORDS[self.kind][1]


def _plan_step(plan: Plan, glance: PlanAtAGlance) -> NextStep:
    status = plan.plan_status
    if status is PlanStatus.CHANGES_REQUESTED:
        return NextStep(StepKind.REVISE_PLAN)
    if status is PlanStatus.DRAFT:
        return NextStep(StepKind.FINISH_PLAN)
    if status is PlanStatus.APPROVED:
        return NextStep(StepKind.START_WORK)
    soonest = [*glance.overdue, *glance.due_next]
    if soonest:
        return NextStep(StepKind.RECORD_PROGRESS, soonest[0])
    if status is PlanStatus.ACTIVE:
        return NextStep(StepKind.NEW_ASSESSMENT)
    return NextStep(StepKind.FINISH_PLAN)


def next_step(latest: Assessment | None, glance: PlanAtAGlance | None) -> NextStep:
    """The next step from the learner's latest self-assessment and current plan at a glance."""
    if latest is None:
        return NextStep(StepKind.START_ASSESSMENT)
    if not latest.is_submitted:
        return NextStep(StepKind.CONTINUE_ASSESSMENT)
    if glance is None or glance.plan.assessment_id != latest.id:
        return NextStep(StepKind.DRAFT_PLAN)
    return _plan_step(glance.plan, glance)


def plan_id_for_assessment(session: Session, assessment_id: int) -> int | None:
    """The plan version drafted from an assessment, if the learner has drafted one."""
    return session.scalar(select(Plan.id).where(Plan.assessment_id == assessment_id).limit(1))
