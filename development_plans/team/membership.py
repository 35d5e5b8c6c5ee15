"""Who is on a manager's team: the learners of the course they launched from, or only a mentor's
mentees; never the manager themselves."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from development_plans.people import Enrolment, ToolRole, User
from development_plans.plans import Plan, PlanStatus


@dataclass(frozen=True)
class Team:
    """The learners one manager sees in one course: all of them, or only a mentor's mentees."""

    course_id: int
    manager_id: int
    mentee_subjects: frozenset[str] | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        """What makes an enrolment (joined to its user) a member of this team, active or not."""
        conditions = [
            Enrolment.course_id == self.course_id,
            Enrolment.tool_role == ToolRole.LEARNER.value,
            Enrolment.user_id != self.manager_id,
        ]
        if self.mentee_subjects is not None:
            conditions.append(User.subject.in_(sorted(self.mentee_subjects)))
        return conditions

    def members_query(self) -> Select:
        """Enrolments and users of the team's members (active or not)."""
        return (
            select(Enrolment, User)
            .join(User, Enrolment.user_id == User.id)
            .where(*self.conditions())
        )

    def user_ids(self) -> Select:
        """A subquery of the members' user ids, for ``IN`` clauses of any size."""
        return (
            select(Enrolment.user_id)
            .join(User, Enrolment.user_id == User.id)
            .where(*self.conditions())
        )


def team_of(enrolment: Enrolment, *, mentor_only: bool | None = None) -> Team:
    """The team of a manager's enrolment: a mentor (and nothing more) sees only their mentees."""
    if mentor_only is None:
        mentor_only = enrolment.mentees_only
    mentees = frozenset(enrolment.mentee_subjects or ()) if mentor_only else None
    return Team(enrolment.course_id, enrolment.user_id, mentees)


def team_member(session: Session, team: Team, user_id: int) -> User | None:
    """The member with this user id if they are on the team, else None (reveals nothing)."""
    row = session.execute(team.members_query().where(Enrolment.user_id == user_id)).first()
    return None if row is None else row.User


def team_counts(session: Session, team: Team) -> tuple[int, int]:
    """(active members, plans waiting for review) for the home page, in two queries."""
    members = session.scalar(
        select(func.count())
        .select_from(Enrolment)
        .where(Enrolment.user_id.in_(team.user_ids()), Enrolment.course_id == team.course_id)
        .where(Enrolment.active.is_(True))
    )
    waiting = session.scalar(
        select(func.count(Plan.id)).where(
            Plan.course_id == team.course_id,
            Plan.user_id.in_(team.user_ids().where(Enrolment.active.is_(True))),
            Plan.status == PlanStatus.SUBMITTED.value,
            Plan.closed_at.is_(None),
        )
    )
    return members or 0, waiting or 0
