"""The team summary: how many active members are at each level of each dimension, withheld until
enough have submitted a self-assessment that no one can be singled out. Counted by the database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, exists, func
from sqlalchemy.orm import Session, aliased

from development_plans.assessments import DimensionResult
from development_plans.framework import Dimension, Framework, Level
from development_plans.people import Enrolment
from development_plans.team.member_facts import MemberFacts
from development_plans.team.membership import Team

#: A team summary is shown only when at least this many members have submitted an assessment.
DEFAULT_MIN_GROUP = 5

_RESULT = aliased(DimensionResult, name="result")


@dataclass(frozen=True)
class LevelCount:
    """How many members are at one level of one dimension."""

    level: Level
    count: int


@dataclass(frozen=True)
class TeamSummary:
    """Members at each level per dimension, withheld below ``min_group`` submitted members."""

    submitted: int
    min_group: int
    dimensions: tuple[tuple[Dimension, tuple[LevelCount, ...]], ...]

    @property
    def shown(self) -> bool:
        """Enough members have submitted that no one can be singled out."""
        return self.submitted >= self.min_group


def team_summary(
    session: Session, team: Team, framework: Framework, min_group: int = DEFAULT_MIN_GROUP
) -> TeamSummary:
    """Count active members at each level per dimension, from each one's latest submitted
    self-assessment with ``framework`` (only members who submitted count): two statements."""
    facts = MemberFacts(team, framework)
    result = _RESULT
    of_latest = result.assessment_id == facts.submitted_id()
    active = facts.members(func.count(), people=False).where(Enrolment.active.is_(True))
    members = session.scalar(active.where(exists().where(of_latest)))
    if members < min_group:
        return TeamSummary(members, min_group, ())
    # Grouped by small numbers (dimension position, level rank) rather than by the ids, so that
    # the sort a fresh PostgreSQL uses to group tens of thousands of results stays in memory.
    levels = (framework.below_lowest, *framework.levels)
    dimension = case(
        {d.id: position for position, d in enumerate(framework.dimensions)},
        value=result.dimension_id,
    )
    level = case(
        {lv.id: lv.rank for lv in levels},
        value=func.coalesce(result.level_id, framework.below_lowest.id),
    )
    counts = {
        (position, rank): count
        for position, rank, count in session.execute(
            active.with_only_columns(dimension, level, func.count())
            .join(result, of_latest)
            .group_by(dimension, level)
        )
    }
    return TeamSummary(
        members,
        min_group,
        tuple(
            (d, tuple(LevelCount(lv, counts.get((position, lv.rank), 0)) for lv in levels))
            for position, d in enumerate(framework.dimensions)
        ),
    )
