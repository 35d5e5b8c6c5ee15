"""Answering a self-assessment: starting or resuming a cycle, saving a dimension's page (partial
pages allowed), remembering where the learner is, and listing what is still unanswered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from development_plans.assessments.errors import AssessmentClosed, InvalidAnswer, MissingItem
from development_plans.assessments.finding import current_assessment
from development_plans.assessments.importance import IMPORTANCE_LABELS, importance_question
from development_plans.assessments.models import (
    Assessment,
    AssessmentStatus,
    BehaviourAnswer,
    DimensionAnswers,
    DimensionImportance,
)
from development_plans.db import (
    EditConflict,
    dialect_of,
    execute_upsert,
    upsert,
    utcnow,
)
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


def answers_version(session: Session, assessment: Assessment, dimension_id: str) -> int:
    """The version of a dimension's saved answers, for its page to carry (0: never saved)."""
    version = session.scalar(
        select(DimensionAnswers.version_id).where(
            DimensionAnswers.assessment_id == assessment.id,
            DimensionAnswers.dimension_id == dimension_id,
        )
    )
    return version or 0


def save_dimension_answers(
    session: Session,
    assessment: Assessment,
    framework: Framework,
    dimension_id: str,
    ratings: Mapping[str, int],
    importance: int | None,
    *,
    opened_at: int | None = None,
    now: datetime | None = None,
) -> None:
    """Keep the answers given on one dimension's page; questions left out keep their old answer.

    ``opened_at`` is the version of the dimension's answers the page showed (see
    :func:`answers_version`; None: not said). A page that changes an answer saved since (in
    another tab) raises ``EditConflict`` and nothing is kept; one that changes nothing saved is
    never a conflict."""
    require_open(assessment)
    _check_answers(framework, dimension_id, ratings, importance)
    now = now or utcnow()
    stored = load_answers(session, assessment)
    changed = {b: rating for b, rating in ratings.items() if stored.ratings.get(b) != rating}
    if importance == stored.importances.get(dimension_id):
        importance = None
    if changed or importance is not None:
        _claim_version(session, assessment, dimension_id, opened_at, now)
    if changed:
        _save_ratings(session, assessment, changed, now)
    if importance is not None:
        _save_importance(session, assessment, dimension_id, importance)
    assessment.updated_at = now


def _claim_version(
    session: Session,
    assessment: Assessment,
    dimension_id: str,
    opened_at: int | None,
    now: datetime,
) -> None:
    """The next version of the dimension's answers for this save, in one statement, or
    ``EditConflict``: a page opened at a saved version compare-and-sets it (as
    ``db.save_version`` does), a page opened before any save inserts version 1 unless another
    save landed first; a page that did not say takes the next version whatever it is."""
    keys = {"assessment_id": assessment.id, "dimension_id": dimension_id}
    dialect = dialect_of(session)
    if opened_at is None:
        statement = upsert(
            dialect,
            DimensionAnswers,
            conflict=list(keys),
            update={"version_id": DimensionAnswers.version_id + 1, "saved_at": now},
        )
        execute_upsert(session, statement, [{**keys, "version_id": 1, "saved_at": now}])
        return
    claimed = bool(opened_at) and _compare_and_set(session, keys, opened_at, now)
    if not claimed:
        statement = upsert(dialect, DimensionAnswers, conflict=list(keys))
        row = {**keys, "version_id": 1, "saved_at": now}
        claimed = session.execute(statement.returning(DimensionAnswers.id), row).scalar()
    if not claimed:
        saved = session.scalars(
            select(DimensionAnswers).filter_by(**keys).execution_options(populate_existing=True)
        ).one()
        raise EditConflict(saved, opened_at)


def _compare_and_set(
    session: Session, keys: Mapping[str, object], opened_at: int, now: datetime
) -> bool:
    claimed = session.execute(
        update(DimensionAnswers)
        .filter_by(**keys)
        .where(DimensionAnswers.version_id == opened_at)
        .values(version_id=opened_at + 1, saved_at=now)
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1


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
    """One upsert for every rating given, however many."""
    statement = upsert(
        dialect_of(session),
        BehaviourAnswer,
        conflict=("assessment_id", "behaviour_id"),
        update={"rating": lambda new: new.rating, "answered_at": lambda new: new.answered_at},
    )
    rows = [
        {
            "assessment_id": assessment.id,
            "behaviour_id": behaviour_id,
            "rating": rating,
            "answered_at": now,
        }
        for behaviour_id, rating in ratings.items()
    ]
    execute_upsert(session, statement, rows)


def _save_importance(
    session: Session, assessment: Assessment, dimension_id: str, importance: int
) -> None:
    statement = upsert(
        dialect_of(session),
        DimensionImportance,
        conflict=("assessment_id", "dimension_id"),
        update={"importance": lambda new: new.importance},
    )
    row = {"assessment_id": assessment.id, "dimension_id": dimension_id, "importance": importance}
    execute_upsert(session, statement, [row])


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
