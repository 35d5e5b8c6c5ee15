"""What the dashboard knows of each team member, as SQL columns: name, status, goal counts, last
activity and level per dimension, from their latest assessment and newest plan.

The SQL is shaped to stay linear in the team's size whatever the planner knows. A freshly filled
PostgreSQL table has no statistics: the planner takes any equality for a few rows, expects one
member, and picks nested loops, which rescan their inner side for every member. Two rules follow.

- The members are read once, by the course's enrolments. Every other table is reached from a
  member by its primary key or by the member's user id, never with a condition on the course
  that an index could serve: the planner cannot know that nearly every row is in this one course,
  and would scan the course's rows once per member (that, and joins to aggregated subqueries,
  made 1,000 members take seconds before ``ANALYZE``).
- A member's newest assessment or plan is a scalar subquery over that member's few rows (in any
  course, this course's first, newest first, ``LIMIT 1``), and the table is joined on its primary
  key equal to that id, which a nested loop, a hash or a merge join all do in one pass. Goals are
  counted in the outer query's ``GROUP BY``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, null, or_, select
from sqlalchemy.orm import aliased

from development_plans.assessments import Assessment, AssessmentStatus, DimensionResult
from development_plans.framework import Framework
from development_plans.goals import Goal, GoalStatus
from development_plans.people import Enrolment, User
from development_plans.people.labels import UNNAMED
from development_plans.plans import Plan
from development_plans.team.membership import Team
from development_plans.team.rows import STATUS_OF_PLAN, MemberStatus

_FINISHED = (GoalStatus.ACHIEVED.value, GoalStatus.DROPPED.value)

# The tables' aliases, made once: an alias builds a proxy of every column the first time it is
# used, which would otherwise cost each request milliseconds.
_LATEST_ASSESSMENT = aliased(Assessment, name="latest_assessment")
_NEWEST_PLAN = aliased(Plan, name="newest_plan")
_LATEST_SUBMITTED = aliased(Assessment, name="latest_submitted")
_GOAL = aliased(Goal, name="plan_goal")
_MEMBER_ROWS = {Assessment: aliased(Assessment, name="member_assessment"), Plan: aliased(Plan)}


@cache
def _result_alias(position: int):
    return aliased(DimensionResult, name=f"result_{position}")


def _given(column) -> ColumnElement[bool]:
    return and_(column.is_not(None), column != "")


def _later(first, second):
    """The later of two timestamps, either of which may be NULL (SQL's own max() is not
    portable: SQLite's multi-argument max() is NULL when any argument is)."""
    return case(
        (first.is_(None), second), (second.is_(None), first), (first >= second, first), else_=second
    )


class MemberFacts:
    """The columns and joins of one team's dashboard for one framework."""

    def __init__(self, team: Team, framework: Framework) -> None:
        self.team = team
        self.framework = framework
        self.assessment = _LATEST_ASSESSMENT
        self.plan = _NEWEST_PLAN
        self.submitted = _LATEST_SUBMITTED
        self.goal = _GOAL
        self._results: dict[str, Any] = {}

    # ----------------------------------------------------------------------------------
    # Joins
    # ----------------------------------------------------------------------------------

    def newest_id(self, model, order: str, *where):
        """The id of the member's newest row of ``model`` in the course by ``order`` among the
        rows matching ``where`` (callables of the table), NULL when there is none; for the
        member of the enclosing query's enrolment. Found among the member's rows in every
        course, this course's first, so that no index on the course is ever used for it."""
        row = _MEMBER_ROWS[model]
        in_course = row.course_id == self.team.course_id
        return (
            select(case((in_course, row.id), else_=null()))
            .where(row.user_id == Enrolment.user_id, *(condition(row) for condition in where))
            .order_by(in_course.desc(), getattr(row, order).desc())
            .limit(1)
            .correlate(Enrolment)
            .scalar_subquery()
        )

    def submitted_id(self):
        """The id of the member's latest submitted assessment with this framework."""
        return self.newest_id(
            Assessment,
            "cycle",
            lambda row: row.status == AssessmentStatus.SUBMITTED.value,
            lambda row: row.framework_id == self.framework.id,
        )

    def result(self, dimension_id: str):
        """The member's result in one dimension of their latest submitted assessment."""
        if dimension_id not in self._results:
            self._results[dimension_id] = _result_alias(len(self._results))
        return self._results[dimension_id]

    def members(
        self,
        *columns,
        people: bool = True,
        progress: bool = False,
        dimensions: Iterable[str] = (),
        goals: bool = False,
    ) -> Select:
        """``columns`` of every team member (active or not), one row each, with the joins the
        columns need: ``people`` (their user; joined anyway for a mentor's team), ``progress``
        (latest assessment, newest plan), the levels in ``dimensions``, and ``goals`` (the
        newest plan's goals, counted per member).

        With ``goals`` the rows are grouped by member (enrolment, and user, assessment and plan
        when joined), so level columns must be aggregated (``max`` of the one value). They are
        left out of the grouping on purpose: to deliver a grouped column in order, SQLite would
        scan an index that gives that order rather than the one that finds the row."""
        query = select(*columns).select_from(Enrolment)
        keys = [Enrolment.id]
        if people or self.team.mentee_subjects is not None:
            query = query.join(User, User.id == Enrolment.user_id)
            keys.append(User.id)
        query = query.where(*self.team.conditions())
        if progress:
            query = query.outerjoin(
                self.assessment, self.assessment.id == self.newest_id(Assessment, "cycle")
            )
            keys.append(self.assessment.id)
        if progress or goals:
            query = query.outerjoin(self.plan, self.plan.id == self.newest_id(Plan, "version"))
            keys.append(self.plan.id)
        dimensions = list(dict.fromkeys(dimensions))
        if dimensions:
            query = query.outerjoin(self.submitted, self.submitted.id == self.submitted_id())
        for dimension_id in dimensions:
            result = self.result(dimension_id)
            query = query.outerjoin(
                result,
                and_(
                    result.assessment_id == self.submitted.id, result.dimension_id == dimension_id
                ),
            )
        if goals:
            query = query.outerjoin(self.goal, self.goal.plan_id == self.plan.id).group_by(*keys)
        return query

    # ----------------------------------------------------------------------------------
    # Columns
    # ----------------------------------------------------------------------------------

    @property
    def name(self) -> ColumnElement[str]:
        """The name a manager sees: name, else given and family names, else email, else the
        person's label, never their LMS subject (as ``User.display_name``)."""
        full = case(
            (
                and_(_given(User.given_name), _given(User.family_name)),
                User.given_name + " " + User.family_name,
            ),
            (_given(User.given_name), User.given_name),
            (_given(User.family_name), User.family_name),
            else_=null(),
        )
        return func.coalesce(
            func.nullif(User.name, ""),
            full,
            func.nullif(User.email, ""),
            User.label,
            literal(UNNAMED),
        )

    @property
    def status(self) -> ColumnElement[str]:
        """The member's :class:`MemberStatus`: assessing while their latest assessment has no
        plan, is in progress, or is newer than their plan's; else their plan's status."""
        assessment, plan = self.assessment, self.plan
        assessing = and_(
            assessment.id.is_not(None),
            or_(
                plan.id.is_(None),
                assessment.status == AssessmentStatus.IN_PROGRESS.value,
                and_(plan.assessment_id.is_not(None), plan.assessment_id != assessment.id),
            ),
        )
        of_plan = case(
            {plan.value: member.value for plan, member in STATUS_OF_PLAN.items()}, value=plan.status
        )
        return case(
            (assessing, literal(MemberStatus.ASSESSING.value)),
            (plan.id.is_not(None), of_plan),
            else_=literal(MemberStatus.NOT_STARTED.value),
        )

    @property
    def status_rank(self) -> ColumnElement[int]:
        """The status's place in :class:`MemberStatus`, for sorting."""
        return case(
            {status.value: rank for rank, status in enumerate(MemberStatus)}, value=self.status
        )

    @property
    def last_activity(self):
        """The latest of their last launch, assessment change and plan change."""
        return _later(
            _later(Enrolment.last_launch_at, self.assessment.updated_at), self.plan.updated_at
        )

    def goals_counted(self, condition) -> ColumnElement[int]:
        """How many of the newest plan's goals meet ``condition``."""
        return func.count(case((condition, self.goal.id)))

    @property
    def goals_total(self) -> ColumnElement[int]:
        return self.goals_counted(self.goal.status != GoalStatus.DROPPED.value)

    @property
    def goals_achieved(self) -> ColumnElement[int]:
        return self.goals_counted(self.goal.status == GoalStatus.ACHIEVED.value)

    def goals_overdue(self, today: date) -> ColumnElement[int]:
        """Goals past their target date on ``today`` and neither achieved nor dropped."""
        return self.goals_counted(
            and_(self.goal.status.not_in(_FINISHED), self.goal.target_date < today)
        )

    def level(self, dimension_id: str) -> ColumnElement[str]:
        """The level id the member reached in a dimension (the below-lowest level's id when
        they reached none), NULL when they have not assessed it."""
        result = self.result(dimension_id)
        return case(
            (
                result.id.is_not(None),
                func.coalesce(result.level_id, self.framework.below_lowest.id),
            ),
            else_=null(),
        )

    def level_rank(self, dimension_id: str) -> ColumnElement[int]:
        """The rank of the member's level in a dimension, NULL when not assessed."""
        levels = (self.framework.below_lowest, *self.framework.levels)
        return case({level.id: level.rank for level in levels}, value=self.level(dimension_id))
