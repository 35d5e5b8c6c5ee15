"""Finding a learner's assessments in a course: the latest, the latest submitted, every cycle,
one by id (only if it is theirs), and the cycle before another."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, lazyload

from development_plans.assessments.models import Assessment, AssessmentStatus


def _of(user_id: int, course_id: int) -> Select[tuple[Assessment]]:
    return select(Assessment).where(
        Assessment.user_id == user_id, Assessment.course_id == course_id
    )


def current_assessment(session: Session, user_id: int, course_id: int) -> Assessment | None:
    """The learner's latest cycle in this course, in progress or submitted."""
    return session.scalars(
        _of(user_id, course_id).order_by(Assessment.cycle.desc()).limit(1)
    ).first()


def latest_submitted(session: Session, user_id: int, course_id: int) -> Assessment | None:
    """The learner's most recently submitted cycle in this course, with its dimension results."""
    return session.scalars(
        _of(user_id, course_id)
        .where(Assessment.status == AssessmentStatus.SUBMITTED.value)
        .order_by(Assessment.cycle.desc())
        .limit(1)
    ).first()


def history(session: Session, user_id: int, course_id: int) -> list[Assessment]:
    """Every cycle of the learner in this course, newest first, with their dimension results."""
    return list(session.scalars(_of(user_id, course_id).order_by(Assessment.cycle.desc())))


def owned_assessment(
    session: Session, assessment_id: int, *, user_id: int, course_id: int
) -> Assessment | None:
    """The assessment with this id only if it is this learner's, in this course.

    Its dimension results load only when read, as most pages showing one assessment need none.
    """
    return session.scalars(
        _of(user_id, course_id)
        .where(Assessment.id == assessment_id)
        .options(lazyload(Assessment.dimension_results))
    ).first()


def previous_submitted(session: Session, assessment: Assessment) -> Assessment | None:
    """The submitted cycle before this one, against the same framework, if there is one."""
    return session.scalars(
        _of(assessment.user_id, assessment.course_id)
        .where(
            Assessment.status == AssessmentStatus.SUBMITTED.value,
            Assessment.framework_id == assessment.framework_id,
            Assessment.cycle < assessment.cycle,
        )
        .order_by(Assessment.cycle.desc())
        .limit(1)
    ).first()
