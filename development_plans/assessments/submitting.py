"""Submitting a self-assessment: every question answered, each dimension scored and stored, the
cycle closed for good, and its completion queued for the gradebook in the same transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from development_plans.assessments.answering import (
    AnswerSheet,
    load_answers,
    require_open,
    unanswered,
)
from development_plans.assessments.errors import (
    AssessmentClosed,
    IncompleteAssessment,
    InvalidAnswer,
)
from development_plans.assessments.levels import scoring_rule
from development_plans.assessments.models import Assessment, AssessmentStatus, DimensionResult
from development_plans.assessments.scoring import score_dimension
from development_plans.completion import CompletionState, record_completion
from development_plans.db import utcnow
from development_plans.framework import Framework


def submit(
    session: Session, assessment: Assessment, framework: Framework, *, now: datetime | None = None
) -> Assessment:
    """Close the cycle for good and store each dimension's level; refuses unanswered items."""
    require_open(assessment)
    if assessment.framework_id != framework.id:
        raise InvalidAnswer(
            f"This self-assessment uses {assessment.framework_id!r}, not {framework.id!r}."
        )
    answers = load_answers(session, assessment)
    missing = unanswered(framework, answers)
    if missing:
        raise IncompleteAssessment(missing)
    now = now or utcnow()
    _close(session, assessment, framework, now)
    _store_results(session, assessment, framework, answers)
    record_completion(
        session,
        user_id=assessment.user_id,
        placement_id=assessment.placement_id,
        state=CompletionState.ASSESSMENT_SUBMITTED,
        occurred_at=now,
        cycle=assessment.cycle,
    )
    return assessment


def _close(session: Session, assessment: Assessment, framework: Framework, now: datetime) -> None:
    """A conditional update, so a double click or a second tab cannot submit twice."""
    closed = session.execute(
        update(Assessment)
        .where(
            Assessment.id == assessment.id,
            Assessment.status == AssessmentStatus.IN_PROGRESS.value,
        )
        .values(
            status=AssessmentStatus.SUBMITTED.value,
            submitted_at=now,
            updated_at=now,
            framework_version=framework.version,
            current_dimension=len(framework.dimensions),
        )
    )
    if closed.rowcount != 1:
        session.refresh(assessment)
        raise AssessmentClosed()


def _store_results(
    session: Session, assessment: Assessment, framework: Framework, answers: AnswerSheet
) -> None:
    """Every dimension's level and importance, in one statement."""
    rule = scoring_rule(framework)
    session.execute(
        insert(DimensionResult),
        [
            {
                "assessment_id": assessment.id,
                "position": position,
                "dimension_id": dimension.id,
                "level_id": score_dimension(
                    dimension.level_behaviour_ids(), answers.ratings, rule
                ).level_id,
                "importance": answers.importances[dimension.id],
            }
            for position, dimension in enumerate(framework.dimensions)
        ],
    )
    session.expire(assessment, ["dimension_results"])
