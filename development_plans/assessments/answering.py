"""Answering a self-assessment: starting or resuming a cycle, saving a dimension's page (partial
pages allowed), remembering where the learner is, and listing what is still unanswered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from development_plans.assessments.errors import AssessmentClosed, InvalidAnswer, MissingItem
from development_plans.assessments.finding import current_assessment
from development_plans.assessments.importance import IMPORTANCE_LABELS, importance_question
from development_plans.assessments.models import (
    Assessment,
    AssessmentStatus,
    BehaviourAnswer,
    DimensionImportance,
)
from development_plans.db import utcnow
from development_plans.framework import Framework
from development_plans.framework.versions import remember_version


def start_or_resume(
    session: Session,
    *,
    user_id: int,
    course_id: int,
    placement_id: int | None,
    framework: Framework,
    now: datetime | None = None,
) -> Assessment:
    """The learner's cycle in progress, or a new cycle when there is none (or the last is done)."""
    latest = current_assessment(session, user_id, course_id)
    if latest is not None and not latest.is_submitted:
        return latest
    now = now or utcnow()
    assessment = Assessment(
        user_id=user_id,
        course_id=course_id,
        placement_id=placement_id,
        framework_id=framework.id,
        framework_version=framework.version,
        cycle=1 if latest is None else latest.cycle + 1,
        status=AssessmentStatus.IN_PROGRESS.value,
        current_dimension=0,
        started_at=now,
        updated_at=now,
    )
    session.add(assessment)
    remember_version(session, framework)
    session.flush()
    return assessment


@dataclass(frozen=True)
class AnswerSheet:
    """Everything answered so far: ratings by behaviour id, importance by dimension id."""

    ratings: dict[str, int]
    importances: dict[str, int]


def load_answers(session: Session, assessment: Assessment) -> AnswerSheet:
    """All answers of an assessment: one query for the ratings, one for the importances."""
    ratings = session.execute(
        select(BehaviourAnswer.behaviour_id, BehaviourAnswer.rating).where(
            BehaviourAnswer.assessment_id == assessment.id
        )
    )
    importances = session.execute(
        select(DimensionImportance.dimension_id, DimensionImportance.importance).where(
            DimensionImportance.assessment_id == assessment.id
        )
    )
    return AnswerSheet(
        ratings={behaviour_id: rating for behaviour_id, rating in ratings},
        importances={dimension_id: importance for dimension_id, importance in importances},
    )


def require_open(assessment: Assessment) -> None:
    """Refuse any change to a submitted cycle: its answers are final."""
    if assessment.is_submitted:
        raise AssessmentClosed()


def save_dimension_answers(
    session: Session,
    assessment: Assessment,
    framework: Framework,
    dimension_id: str,
    ratings: Mapping[str, int],
    importance: int | None,
    *,
    now: datetime | None = None,
) -> None:
    """Keep the answers given on one dimension's page; questions left out keep their old answer."""
    require_open(assessment)
    _check_answers(framework, dimension_id, ratings, importance)
    now = now or utcnow()
    if ratings:
        _save_ratings(session, assessment, ratings, now)
    if importance is not None:
        _save_importance(session, assessment, dimension_id, importance)
    assessment.updated_at = now
    session.flush()


def _check_answers(
    framework: Framework, dimension_id: str, ratings: Mapping[str, int], importance: int | None
) -> None:
    try:
        dimension = framework.dimension(dimension_id)
    except KeyError:
        raise InvalidAnswer(f"There is no dimension {dimension_id!r} in this framework.") from None
    allowed_behaviours = {behaviour.id for behaviour in dimension.all_behaviours()}
    allowed_ratings = {option.value for option in framework.scale}
    for behaviour_id, rating in ratings.items():
        if behaviour_id not in allowed_behaviours:
            raise InvalidAnswer(f"{behaviour_id!r} is not a behaviour of {dimension.name}.")
        if rating not in allowed_ratings:
            raise InvalidAnswer(f"{rating!r} is not a rating on this framework's scale.")
    if importance is not None and importance not in IMPORTANCE_LABELS:
        raise InvalidAnswer(f"{importance!r} is not one of the importance options.")


def _save_ratings(
    session: Session, assessment: Assessment, ratings: Mapping[str, int], now: datetime
) -> None:
    """One statement for the new ratings and one for the changed ones, however many."""
    stored_ratings = dict(
        session.execute(
            select(BehaviourAnswer.behaviour_id, BehaviourAnswer.id).where(
                BehaviourAnswer.assessment_id == assessment.id,
                BehaviourAnswer.behaviour_id.in_(list(ratings)),
            )
        ).all()
    )
    new_rows = [
        {
            "assessment_id": assessment.id,
            "behaviour_id": behaviour_id,
            "rating": rating,
            "answered_at": now,
        }
        for behaviour_id, rating in ratings.items()
        if behaviour_id not in stored_ratings
    ]
    changed_rows = [
        {"id": stored_ratings[behaviour_id], "rating": rating, "answered_at": now}
        for behaviour_id, rating in ratings.items()
        if behaviour_id in stored_ratings
    ]
    if new_rows:
        session.execute(insert(BehaviourAnswer), new_rows)
    if changed_rows:
        session.execute(update(BehaviourAnswer), changed_rows)


def _save_importance(
    session: Session, assessment: Assessment, dimension_id: str, importance: int
) -> None:
    stored = session.scalars(
        select(DimensionImportance).where(
            DimensionImportance.assessment_id == assessment.id,
            DimensionImportance.dimension_id == dimension_id,
        )
    ).first()
    if stored is None:
        session.add(
            DimensionImportance(
                assessment_id=assessment.id, dimension_id=dimension_id, importance=importance
            )
        )
    else:
        stored.importance = importance


def move_to(assessment: Assessment, framework: Framework, position: int) -> None:
    """Remember the page the learner is on (0-based dimension; the count means the review page)."""
    require_open(assessment)
    assessment.current_dimension = max(0, min(position, len(framework.dimensions)))


def unanswered(framework: Framework, answers: AnswerSheet) -> list[MissingItem]:
    """Every question not yet answered, in the order the learner meets them."""
    missing: list[MissingItem] = []
    for number, dimension in enumerate(framework.dimensions, start=1):
        for behaviour in dimension.all_behaviours():
            if behaviour.id not in answers.ratings:
                missing.append(MissingItem(dimension.id, number, behaviour.id, behaviour.self_text))
        if dimension.id not in answers.importances:
            missing.append(MissingItem(dimension.id, number, None, importance_question(dimension)))
    return missing
