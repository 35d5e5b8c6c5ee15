"""Self-assessments: a learner rates every behaviour of a framework, one dimension at a time.

An :class:`Assessment` is one *cycle* for one learner in one course. While it is in progress
the learner saves answers page by page (partial pages allowed) and can leave and come back;
:func:`submit` checks nothing is left unanswered, scores every dimension with
:mod:`development_plans.scoring`, stores the results and closes the cycle for good. A new
cycle can be started afterwards, and earlier cycles stay readable.

Plain Python and SQLAlchemy only: callers pass a ``Session`` and commit it themselves, so a
submission and whatever else must happen with it (a grade, say) share one transaction.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, insert, select, update
from sqlalchemy.orm import Mapped, Session, lazyload, mapped_column, relationship

from development_plans.completion import CompletionState
from development_plans.completion import record_completion as queue_completion
from development_plans.framework import Dimension, Framework, Level
from development_plans.models import Base, utcnow
from development_plans.profile_chart import ChartRow, change_text
from development_plans.scoring import (
    PriorityItem,
    explain,
    level_change,
    level_rank,
    prioritise,
    score_dimension,
    shown_rating_labels,
)

__all__ = [
    "DEFAULT_FRAMEWORK_ID",
    "IMPORTANCE_SCALE",
    "AnswerSheet",
    "Assessment",
    "AssessmentClosed",
    "AssessmentError",
    "AssessmentResults",
    "AssessmentStatus",
    "BehaviourAnswer",
    "DimensionImportance",
    "DimensionOutcome",
    "DimensionResult",
    "FrameworkUnavailable",
    "ImportanceOption",
    "IncompleteAssessment",
    "InvalidAnswer",
    "MissingItem",
    "current_assessment",
    "framework_for_placement",
    "framework_of",
    "history",
    "importance_label",
    "importance_question",
    "latest_submitted",
    "load_answers",
    "move_to",
    "owned_assessment",
    "previous_submitted",
    "results_for",
    "save_dimension_answers",
    "start_or_resume",
    "submit",
    "unanswered",
]

#: The pack a placement uses unless it names another one.
DEFAULT_FRAMEWORK_ID = "nhs-healthcare-leadership-model"


@dataclass(frozen=True)
class ImportanceOption:
    """One answer to "how important is this dimension to my current role?"."""

    value: int
    label: str


#: How important a dimension is to the learner's current role, least important first.
IMPORTANCE_SCALE: tuple[ImportanceOption, ...] = (
    ImportanceOption(1, "Not important"),
    ImportanceOption(2, "Slightly important"),
    ImportanceOption(3, "Important"),
    ImportanceOption(4, "Very important"),
)
_IMPORTANCE_LABELS = {option.value: option.label for option in IMPORTANCE_SCALE}


class AssessmentStatus(enum.StrEnum):
    """Where a cycle is: answers can change only while it is in progress."""

    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class AssessmentError(Exception):
    """A change the assessment cannot accept; ``str(error)`` says why, in the learner's words."""


class AssessmentClosed(AssessmentError):
    """The assessment has been submitted, so its answers are final."""

    def __init__(self) -> None:
        super().__init__(
            "This self-assessment has been submitted, so its answers can no longer be changed."
        )


class InvalidAnswer(AssessmentError):
    """An answer names a behaviour, dimension or value the framework does not have."""


class FrameworkUnavailable(AssessmentError):
    """The framework pack an assessment was made with is not installed."""


@dataclass(frozen=True)
class MissingItem:
    """An unanswered question: a behaviour's rating, or (``behaviour_id`` None) the importance."""

    dimension_id: str
    dimension_number: int
    behaviour_id: str | None
    question: str


class IncompleteAssessment(AssessmentError):
    """Submission refused because some questions are unanswered; ``missing`` lists them."""

    def __init__(self, missing: Sequence[MissingItem]) -> None:
        self.missing = list(missing)
        count = len(self.missing)
        noun = "question is" if count == 1 else "questions are"
        super().__init__(
            f"This self-assessment cannot be submitted yet: {count} {noun} not answered."
        )


class Assessment(Base):
    """One self-assessment cycle of one learner in one course."""

    __tablename__ = "assessments"
    __table_args__ = (
        UniqueConstraint("course_id", "user_id", "cycle", name="uq_assessments_course_user_cycle"),
        Index("ix_assessments_course_status", "course_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    placement_id: Mapped[int | None] = mapped_column(
        ForeignKey("placements.id", ondelete="SET NULL"), index=True
    )
    framework_id: Mapped[str] = mapped_column(String(100))
    framework_version: Mapped[str] = mapped_column(String(50))
    cycle: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default=AssessmentStatus.IN_PROGRESS.value)
    current_dimension: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column()

    dimension_results: Mapped[list[DimensionResult]] = relationship(
        back_populates="assessment",
        order_by="DimensionResult.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )

    @property
    def is_submitted(self) -> bool:
        """True once the cycle is submitted and its answers are final."""
        return self.status == AssessmentStatus.SUBMITTED


class BehaviourAnswer(Base):
    """How often the learner says they show one behaviour: a value on the pack's scale."""

    __tablename__ = "assessment_answers"
    __table_args__ = (
        UniqueConstraint("assessment_id", "behaviour_id", name="uq_assessment_answers_behaviour"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    behaviour_id: Mapped[str] = mapped_column(String(200))
    rating: Mapped[int]
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class DimensionImportance(Base):
    """How important the learner says a dimension is to their current role."""

    __tablename__ = "assessment_importances"
    __table_args__ = (
        UniqueConstraint(
            "assessment_id", "dimension_id", name="uq_assessment_importances_dimension"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    dimension_id: Mapped[str] = mapped_column(String(100))
    importance: Mapped[int]


class DimensionResult(Base):
    """A dimension's outcome, stored at submission: ``level_id`` None means below the lowest."""

    __tablename__ = "assessment_dimension_results"
    __table_args__ = (
        UniqueConstraint(
            "assessment_id", "dimension_id", name="uq_assessment_dimension_results_dimension"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    position: Mapped[int]
    dimension_id: Mapped[str] = mapped_column(String(100))
    level_id: Mapped[str | None] = mapped_column(String(100))
    importance: Mapped[int]

    assessment: Mapped[Assessment] = relationship(back_populates="dimension_results")


# --------------------------------------------------------------------------------------
# Choosing the framework
# --------------------------------------------------------------------------------------


def framework_for_placement(
    frameworks: Mapping[str, Framework], placement_framework_id: str | None = None
) -> Framework:
    """The pack a new assessment in a placement uses: the placement's choice, else the default."""
    if placement_framework_id is not None:
        try:
            return frameworks[placement_framework_id]
        except KeyError:
            raise FrameworkUnavailable(
                f"The framework {placement_framework_id!r} chosen for this activity is not"
                " installed. Ask your administrator to add its content pack."
            ) from None
    if DEFAULT_FRAMEWORK_ID in frameworks:
        return frameworks[DEFAULT_FRAMEWORK_ID]
    if len(frameworks) == 1:
        return next(iter(frameworks.values()))
    raise FrameworkUnavailable(
        f"No framework is chosen for this activity and the default {DEFAULT_FRAMEWORK_ID!r}"
        " is not installed. Ask your administrator to add a content pack."
    )


def framework_of(assessment: Assessment, frameworks: Mapping[str, Framework]) -> Framework:
    """The pack an assessment was started with (ids stay stable across wording corrections)."""
    try:
        return frameworks[assessment.framework_id]
    except KeyError:
        raise FrameworkUnavailable(
            f"The framework {assessment.framework_id!r} this self-assessment uses is no longer"
            " installed. Ask your administrator to add its content pack again."
        ) from None


# --------------------------------------------------------------------------------------
# Finding assessments
# --------------------------------------------------------------------------------------


def _of(user_id: int, course_id: int):
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


# --------------------------------------------------------------------------------------
# Answering
# --------------------------------------------------------------------------------------


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


def _require_open(assessment: Assessment) -> None:
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
    _require_open(assessment)
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
    if importance is not None and importance not in _IMPORTANCE_LABELS:
        raise InvalidAnswer(f"{importance!r} is not one of the importance options.")

    now = now or utcnow()
    if ratings:
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
        # One statement each, however many answers the page has.
        if new_rows:
            session.execute(insert(BehaviourAnswer), new_rows)
        if changed_rows:
            session.execute(update(BehaviourAnswer), changed_rows)
    if importance is not None:
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
    assessment.updated_at = now
    session.flush()


def move_to(assessment: Assessment, framework: Framework, position: int) -> None:
    """Remember the page the learner is on (0-based dimension; the count means the review page)."""
    _require_open(assessment)
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


def importance_question(dimension: Dimension) -> str:
    """The importance question for a dimension, as the learner reads it."""
    return f"How important is {dimension.name} to your current role?"


def importance_label(importance: int) -> str:
    """The words for an importance value, e.g. "Very important"."""
    return _IMPORTANCE_LABELS[importance]


# --------------------------------------------------------------------------------------
# Submitting
# --------------------------------------------------------------------------------------


def submit(
    session: Session, assessment: Assessment, framework: Framework, *, now: datetime | None = None
) -> Assessment:
    """Close the cycle for good and store each dimension's level; refuses unanswered items."""
    _require_open(assessment)
    if assessment.framework_id != framework.id:
        raise InvalidAnswer(
            f"This self-assessment uses {assessment.framework_id!r}, not {framework.id!r}."
        )
    answers = load_answers(session, assessment)
    missing = unanswered(framework, answers)
    if missing:
        raise IncompleteAssessment(missing)
    now = now or utcnow()
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
    session.execute(
        insert(DimensionResult),
        [
            {
                "assessment_id": assessment.id,
                "position": position,
                "dimension_id": dimension.id,
                "level_id": score_dimension(
                    dimension.level_behaviour_ids(), answers.ratings
                ).level_id,
                "importance": answers.importances[dimension.id],
            }
            for position, dimension in enumerate(framework.dimensions)
        ],
    )
    session.expire(assessment, ["dimension_results"])
    queue_completion(
        session,
        user_id=assessment.user_id,
        placement_id=assessment.placement_id,
        state=CompletionState.ASSESSMENT_SUBMITTED,
        occurred_at=now,
    )
    return assessment


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionOutcome:
    """One dimension's result, explained, with the change since the previous cycle."""

    dimension: Dimension
    level: Level
    explanation: str
    importance: int
    importance_label: str
    previous_level: Level | None
    change: int | None

    @property
    def change_text(self) -> str | None:
        """The change in words ("Up 1 level", "No change"), or None without a previous cycle."""
        return change_text(self.change)


@dataclass(frozen=True)
class AssessmentResults:
    """A submitted cycle's results: every dimension in framework order, and the priorities."""

    assessment: Assessment
    framework: Framework
    previous: Assessment | None
    dimensions: tuple[DimensionOutcome, ...]
    priorities: tuple[DimensionOutcome, ...]

    @property
    def level_names(self) -> list[str]:
        """Level names from below the lowest to the top, as the profile chart takes them."""
        return [self.framework.below_lowest.name, *(lv.name for lv in self.framework.levels)]

    def chart_rows(self) -> list[ChartRow]:
        """One chart row per dimension, with the previous cycle's rank when there is one."""
        return [
            ChartRow(
                name=outcome.dimension.name,
                current_rank=outcome.level.rank,
                previous_rank=None
                if outcome.previous_level is None
                else outcome.previous_level.rank,
            )
            for outcome in self.dimensions
        ]


def _level_id(level: Level) -> str | None:
    """The id scoring uses for a level: None for the below-lowest level."""
    return level.id if level.rank else None


def _level(framework: Framework, level_id: str | None) -> Level | None:
    try:
        return framework.level(level_id or framework.below_lowest.id)
    except KeyError:
        return None


def results_for(
    session: Session, assessment: Assessment, framework: Framework
) -> AssessmentResults:
    """Explain a submitted cycle: level, reasons, importance and change per dimension."""
    if not assessment.is_submitted:
        raise AssessmentError("This self-assessment has not been submitted yet.")
    answers = load_answers(session, assessment)
    previous = previous_submitted(session, assessment)
    previous_levels = (
        {result.dimension_id: result.level_id for result in previous.dimension_results}
        if previous is not None
        else {}
    )
    level_names = {lv.id: lv.name for lv in framework.levels}
    shown_labels = shown_rating_labels({option.value: option.label for option in framework.scale})
    stored = {result.dimension_id: result for result in assessment.dimension_results}
    outcomes: list[DimensionOutcome] = []
    for dimension in framework.dimensions:
        result = stored.get(dimension.id)
        level = None if result is None else _level(framework, result.level_id)
        if result is None or level is None:
            continue
        score = score_dimension(dimension.level_behaviour_ids(), answers.ratings)
        previous_level = (
            _level(framework, previous_levels[dimension.id])
            if dimension.id in previous_levels
            else None
        )
        change = (
            None
            if previous_level is None
            else level_change(_level_id(previous_level), _level_id(level), framework.level_ids)
        )
        outcomes.append(
            DimensionOutcome(
                dimension=dimension,
                level=level,
                explanation=explain(score, level_names, framework.below_lowest.name, shown_labels),
                importance=result.importance,
                importance_label=_IMPORTANCE_LABELS.get(result.importance, str(result.importance)),
                previous_level=previous_level,
                change=change,
            )
        )
    by_id = {outcome.dimension.id: outcome for outcome in outcomes}
    ordered = prioritise(
        PriorityItem(
            outcome.dimension.id,
            level_rank(_level_id(outcome.level), framework.level_ids),
            outcome.importance,
        )
        for outcome in outcomes
    )
    return AssessmentResults(
        assessment=assessment,
        framework=framework,
        previous=previous,
        dimensions=tuple(outcomes),
        priorities=tuple(by_id[item.dimension_id] for item in ordered),
    )
