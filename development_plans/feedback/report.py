"""The 360 report: per dimension the learner's own level, each shown group's and all others'
combined, on the framework's levels by the self-assessment's own scoring rule; importance self
versus others; per behaviour the hidden strengths and blind spots; the comments of shown groups.

The report is built only from a :class:`~development_plans.feedback.anonymity.Grouping`, so it
never sees an answer the anonymity rule leaves out, and nothing in it names a rater.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from development_plans.assessments.profile_chart import ChartRow
from development_plans.assessments.scoring import DEFAULT_RULE, score_dimension
from development_plans.feedback.anonymity import Grouping, RaterSheet, ShownGroup
from development_plans.framework import Behaviour, Dimension, Framework, Level

HIDDEN_STRENGTH = "hidden strength"
BLIND_SPOT = "blind spot"


def typical_rating(values: Iterable[int | None]) -> int | None:
    """The group's rating of a behaviour: the mean of those who saw it, rounded half up to a
    point on the scale; None when nobody saw it (it then counts as not shown)."""
    seen = [value for value in values if value is not None]
    if not seen:
        return None
    mean = Fraction(sum(seen), len(seen))
    return int((mean + Fraction(1, 2)).__floor__())


def _mean(values: Iterable[int]) -> float | None:
    values = list(values)
    return None if not values else round(sum(values) / len(values), 1)


@dataclass(frozen=True)
class GroupLevel:
    """One shown group's level in one dimension."""

    group: ShownGroup
    level: Level


@dataclass(frozen=True)
class DimensionView:
    """One dimension of the report."""

    dimension: Dimension
    self_level: Level
    groups: tuple[GroupLevel, ...]
    others_level: Level | None
    self_importance: int | None
    others_importance: float | None
    comments: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class BehaviourView:
    """A behaviour where the learner's view and everyone else's differ."""

    behaviour: Behaviour
    self_rating: int | None
    others_rating: int | None
    kind: str


@dataclass(frozen=True)
class PlanResult:
    """What the 360 view says about a dimension, in the shape plan drafting takes."""

    dimension_id: str
    level_id: str | None
    importance: int


@dataclass(frozen=True)
class FeedbackReport:
    """The whole report. ``grouping`` says which groups are shown and which left out, why."""

    framework: Framework
    grouping: Grouping
    dimensions: tuple[DimensionView, ...]
    hidden_strengths: tuple[BehaviourView, ...]
    blind_spots: tuple[BehaviourView, ...]

    @property
    def has_answers(self) -> bool:
        """True when at least one group is shown."""
        return bool(self.grouping.shown)

    @property
    def level_names(self) -> list[str]:
        return [self.framework.below_lowest.name, *(lv.name for lv in self.framework.levels)]

    def chart_rows(self) -> list[ChartRow]:
        """All others combined as the bar, the learner's own view as the thinner one."""
        return [
            ChartRow(view.dimension.name, view.others_level.rank, view.self_level.rank)
            for view in self.dimensions
            if view.others_level is not None
        ]

    def plan_results(self) -> list[PlanResult]:
        """All others' combined level per dimension, with the learner's own importance (the
        others' when the learner gave none), for a plan drafted from the 360 view."""
        results = []
        for view in self.dimensions:
            if view.others_level is None:
                continue
            importance = view.self_importance or round(view.others_importance or 3)
            level_id = view.others_level.id if view.others_level.rank else None
            results.append(PlanResult(view.dimension.id, level_id, importance))
        return results


def _level(framework: Framework, dimension: Dimension, ratings: Mapping[str, int | None]) -> Level:
    score = score_dimension(dimension.level_behaviour_ids(), ratings, DEFAULT_RULE)
    return framework.level(score.level_id or framework.below_lowest.id)


def _typical(
    sheets: Sequence[RaterSheet], behaviours: Iterable[Behaviour]
) -> dict[str, int | None]:
    return {b.id: typical_rating(sheet.ratings.get(b.id) for sheet in sheets) for b in behaviours}


def _dimension_view(
    framework: Framework,
    dimension: Dimension,
    grouping: Grouping,
    self_ratings: Mapping[str, int | None],
    self_importances: Mapping[str, int],
) -> DimensionView:
    behaviours = dimension.all_behaviours()
    everyone = grouping.all_shown_sheets()
    groups = tuple(
        GroupLevel(group, _level(framework, dimension, _typical(group.sheets, behaviours)))
        for group in grouping.shown
    )
    comments = [
        (group.label, text)
        for group in grouping.shown
        for text in sorted(
            sheet.comments[dimension.id].strip()
            for sheet in group.sheets
            if sheet.comments.get(dimension.id, "").strip()
        )
    ]
    return DimensionView(
        dimension=dimension,
        self_level=_level(framework, dimension, self_ratings),
        groups=groups,
        others_level=_level(framework, dimension, _typical(everyone, behaviours))
        if everyone
        else None,
        self_importance=self_importances.get(dimension.id),
        others_importance=_mean(
            s.importances[dimension.id] for s in everyone if s.importances.get(dimension.id)
        ),
        comments=tuple(comments),
    )


def _differences(
    framework: Framework, grouping: Grouping, self_ratings: Mapping[str, int | None]
) -> tuple[list[BehaviourView], list[BehaviourView]]:
    everyone = grouping.all_shown_sheets()
    strengths, blind_spots = [], []
    if not everyone:
        return strengths, blind_spots
    for behaviour in framework.all_behaviours():
        others = typical_rating(sheet.ratings.get(behaviour.id) for sheet in everyone)
        if others is None:
            continue
        mine = self_ratings.get(behaviour.id)
        they_see, i_see = DEFAULT_RULE.is_shown(others), DEFAULT_RULE.is_shown(mine)
        if they_see and not i_see:
            strengths.append(BehaviourView(behaviour, mine, others, HIDDEN_STRENGTH))
        elif i_see and not they_see:
            blind_spots.append(BehaviourView(behaviour, mine, others, BLIND_SPOT))
    return strengths, blind_spots


def build_report(
    framework: Framework,
    grouping: Grouping,
    self_ratings: Mapping[str, int | None],
    self_importances: Mapping[str, int],
) -> FeedbackReport:
    """The report from the learner's own answers and the shown groups' answers."""
    dimensions = tuple(
        _dimension_view(framework, dimension, grouping, self_ratings, self_importances)
        for dimension in framework.dimensions
    )
    strengths, blind_spots = _differences(framework, grouping, self_ratings)
    return FeedbackReport(
        framework=framework,
        grouping=grouping,
        dimensions=dimensions,
        hidden_strengths=tuple(strengths),
        blind_spots=tuple(blind_spots),
    )
