"""A submitted cycle's results: each dimension's level explained in plain words, its importance,
the change since the previous cycle against the same framework, and the priorities."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from development_plans.assessments.answering import AnswerSheet, load_answers
from development_plans.assessments.errors import AssessmentError
from development_plans.assessments.finding import previous_submitted
from development_plans.assessments.importance import IMPORTANCE_LABELS
from development_plans.assessments.levels import is_top_level, scoring_rule
from development_plans.assessments.models import Assessment, DimensionResult
from development_plans.assessments.profile_chart import ChartRow, change_text
from development_plans.assessments.scoring import (
    PriorityItem,
    explain,
    level_change,
    level_rank,
    prioritise,
    score_dimension,
    shown_rating_labels,
)
from development_plans.framework import Dimension, Framework, Level


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
    explainer = _Explainer(framework, answers)
    previous_levels = (
        {result.dimension_id: result.level_id for result in previous.dimension_results}
        if previous is not None
        else {}
    )
    stored = {result.dimension_id: result for result in assessment.dimension_results}
    outcomes: list[DimensionOutcome] = []
    for dimension in framework.dimensions:
        result = stored.get(dimension.id)
        outcome = None if result is None else explainer.outcome(dimension, result, previous_levels)
        if outcome is not None:
            outcomes.append(outcome)
    return AssessmentResults(
        assessment=assessment,
        framework=framework,
        previous=previous,
        dimensions=tuple(outcomes),
        priorities=_prioritised(outcomes, framework),
    )


class _Explainer:
    """Turns one stored dimension result into a :class:`DimensionOutcome`."""

    def __init__(self, framework: Framework, answers: AnswerSheet) -> None:
        self.framework = framework
        self.answers = answers
        self.level_names = {lv.id: lv.name for lv in framework.levels}
        self.rule = scoring_rule(framework)
        self.shown_labels = shown_rating_labels(
            {option.value: option.label for option in framework.scale}, self.rule
        )

    def outcome(
        self,
        dimension: Dimension,
        result: DimensionResult,
        previous_levels: Mapping[str, str | None],
    ) -> DimensionOutcome | None:
        """None when the stored level is no longer in the pack."""
        framework = self.framework
        level = _level(framework, result.level_id)
        if level is None:
            return None
        score = score_dimension(dimension.level_behaviour_ids(), self.answers.ratings, self.rule)
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
        return DimensionOutcome(
            dimension=dimension,
            level=level,
            explanation=explain(
                score, self.level_names, framework.below_lowest.name, self.shown_labels
            ),
            importance=result.importance,
            importance_label=IMPORTANCE_LABELS.get(result.importance, str(result.importance)),
            previous_level=previous_level,
            change=change,
        )


def _prioritised(
    outcomes: Sequence[DimensionOutcome], framework: Framework
) -> tuple[DimensionOutcome, ...]:
    """The outcomes in :func:`~development_plans.assessments.scoring.prioritise` order, leaving
    out dimensions already at the top level: there is nothing above them to work towards."""
    outcomes = [o for o in outcomes if not is_top_level(framework, o.level)]
    by_id = {outcome.dimension.id: outcome for outcome in outcomes}
    ordered = prioritise(
        PriorityItem(
            outcome.dimension.id,
            level_rank(_level_id(outcome.level), framework.level_ids),
            outcome.importance,
        )
        for outcome in outcomes
    )
    return tuple(by_id[item.dimension_id] for item in ordered)
