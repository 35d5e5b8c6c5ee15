"""The team summary: how many active members are at each level of each dimension, withheld until
enough have submitted a self-assessment that no one can be singled out. Counted by the database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func
from sqlalchemy.orm import Session, aliased

from development_plans.assessments import DimensionResult
from development_plans.framework import Dimension, Framework, Level
from development_plans.models import Enrolment
from development_plans.team.member_facts import MemberFacts
from development_plans.team.membership import Team

#: A team summary is shown only when at least this many members have submitted an assessment.
DEFAULT_MIN_GROUP = 5


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
    submitted, result = facts.submitted, aliased(DimensionResult)
    assessed = (
        facts.members(func.count())
        .join(submitted, submitted.id == facts.submitted_id())
        .where(Enrolment.active.is_(True))
    )
    members = session.scalar(assessed.where(exists().where(result.assessment_id == submitted.id)))
    if members < min_group:
        return TeamSummary(members, min_group, ())
    level = func.coalesce(result.level_id, framework.below_lowest.id)
    counts = {
        (dimension_id, level_id): count
        for dimension_id, level_id, count in session.execute(
            assessed.with_only_columns(result.dimension_id, level, func.count())
            .join(result, result.assessment_id == submitted.id)
            .group_by(result.dimension_id, level)
        )
    }
    levels = (framework.below_lowest, *framework.levels)
    return TeamSummary(
        members,
        min_group,
        tuple(
            (d, tuple(LevelCount(lv, counts.get((d.id, lv.id), 0)) for lv in levels))
            for d in framework.dimensions
        ),
    )
