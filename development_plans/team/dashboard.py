"""The team dashboard: members filtered, sorted and paged by the database, in a fixed number of
statements whatever the team's size (see ``member_facts`` for why the SQL has its shape)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from math import ceil

from sqlalchemy import ColumnElement, Row, Select, func, select
from sqlalchemy.orm import Session

from development_plans.framework import Framework
from development_plans.people import Enrolment, User
from development_plans.team.member_facts import MemberFacts
from development_plans.team.membership import Team
from development_plans.team.rows import MemberRow, MemberStatus

SORT_KEYS = ("name", "status", "goals", "overdue", "activity")


@dataclass(frozen=True)
class DashboardQuery:
    """How the manager asked to see the dashboard: filters, sort and page. ``sort`` is one of
    ``SORT_KEYS`` or a dimension id (by level)."""

    status: MemberStatus | None = None
    dimension_id: str | None = None
    level_id: str | None = None
    sort: str = "name"
    descending: bool = False
    include_left: bool = False
    page: int = 1
    per_page: int = 50

    @property
    def level_filter(self) -> bool:
        """Only members at one level in one dimension are asked for."""
        return self.dimension_id is not None and self.level_id is not None


@dataclass(frozen=True)
class TeamPage:
    """One page of dashboard rows."""

    rows: list[MemberRow]
    number: int
    pages: int
    total: int


def page_window(total: int, page: int, per_page: int) -> tuple[int, int]:
    """(page number, pages) for the ``page``-th page (from 1); out-of-range pages show the last."""
    pages = max(1, ceil(total / per_page))
    return min(max(1, page), pages), pages


def _conditions(facts: MemberFacts, query: DashboardQuery) -> list[ColumnElement[bool]]:
    conditions = []
    if not query.include_left:
        conditions.append(Enrolment.active.is_(True))
    if query.status is not None:
        conditions.append(facts.status == query.status.value)
    if query.level_filter:
        conditions.append(facts.level(query.dimension_id) == query.level_id)
    return conditions


def _order(
    facts: MemberFacts, query: DashboardQuery, today: date, grouped: bool
) -> list[ColumnElement]:
    """Members by the sort's value, those without one last; ties (and ``name``) by name. A
    level is aggregated (``max`` of its one value) when the rows are ``grouped`` by member."""
    by_name = [func.lower(facts.name), Enrolment.user_id]
    if query.sort == "name":
        return [c.desc() if query.descending else c for c in by_name]
    if query.sort in SORT_KEYS:
        values = {
            "status": [facts.status_rank],
            "goals": [facts.goals_achieved, facts.goals_total],
            "overdue": [facts.goals_overdue(today)],
            "activity": [facts.last_activity],
        }[query.sort]
    else:
        rank = facts.level_rank(query.sort)
        values = [func.max(rank) if grouped else rank]
    return [(v.desc() if query.descending else v.asc()).nulls_last() for v in values] + by_name


def _joins(query: DashboardQuery, framework: Framework) -> dict:
    """The joins the query's filters and sort need (see ``MemberFacts.members``)."""
    dimensions = [query.dimension_id] if query.level_filter else []
    if query.sort in {d.id for d in framework.dimensions}:
        dimensions.append(query.sort)
    progress = query.status is not None or query.sort in ("status", "activity")
    return {
        "progress": progress,
        "dimensions": dimensions,
        "goals": query.sort in ("goals", "overdue"),
    }


def _chosen(facts: MemberFacts, query: DashboardQuery, today: date, *columns) -> Select:
    """``columns`` of the members the query asks for, in its order, with only the joins its
    filters and sort need."""
    joins = _joins(query, facts.framework)
    return (
        facts.members(*columns, **joins)
        .where(*_conditions(facts, query))
        .order_by(*_order(facts, query, today, grouped=joins["goals"]))
    )


def _rows(facts: MemberFacts, today: date) -> Select:
    """Every dashboard column of the team's members, with their level in every dimension as
    columns ``level_0``, ``level_1``, … (grouped by member to count goals)."""
    dimensions = [d.id for d in facts.framework.dimensions]
    return facts.members(
        Enrolment.user_id,
        facts.name.label("name"),
        User.email,
        Enrolment.launched,
        Enrolment.active,
        facts.status.label("status"),
        facts.plan.id.label("plan_id"),
        facts.goals_achieved.label("goals_achieved"),
        facts.goals_total.label("goals_total"),
        facts.goals_overdue(today).label("goals_overdue"),
        facts.last_activity.label("last_activity"),
        *(func.max(facts.level(d)).label(f"level_{i}") for i, d in enumerate(dimensions)),
        progress=True,
        goals=True,
        dimensions=dimensions,
    )


def _member_row(row: Row, framework: Framework) -> MemberRow:
    levels = {d.id: row._mapping[f"level_{i}"] for i, d in enumerate(framework.dimensions)}
    return MemberRow(
        user_id=row.user_id,
        name=row.name,
        email=row.email,
        launched=row.launched,
        active=row.active,
        status=MemberStatus(row.status),
        levels={dimension_id: level for dimension_id, level in levels.items() if level},
        plan_id=row.plan_id,
        goals_achieved=row.goals_achieved,
        goals_total=row.goals_total,
        goals_overdue=row.goals_overdue,
        last_activity=row.last_activity,
    )


def dashboard_page(
    session: Session, team: Team, framework: Framework, query: DashboardQuery, today: date
) -> TeamPage:
    """The page of members the query asks for, in three statements whatever the team's size:
    how many match; which members are on the page, computing only what the filters and sort
    need; and those members' rows."""
    facts = MemberFacts(team, framework)
    total = session.scalar(
        facts.members(
            func.count(),
            people=False,
            progress=query.status is not None,
            dimensions=[query.dimension_id] if query.level_filter else [],
        ).where(*_conditions(facts, query))
    )
    number, pages = page_window(total, query.page, query.per_page)
    chosen = session.scalars(
        _chosen(facts, query, today, Enrolment.user_id)
        .offset((number - 1) * query.per_page)
        .limit(query.per_page)
    ).all()
    rows = {
        row.user_id: _member_row(row, framework)
        for row in session.execute(_rows(facts, today).where(Enrolment.user_id.in_(chosen)))
    }
    return TeamPage([rows[user_id] for user_id in chosen], number, pages, total)


def dashboard_rows(
    session: Session, team: Team, framework: Framework, query: DashboardQuery, today: date
) -> Iterator[MemberRow]:
    """Every member the query asks for (all pages), in its order, with their level in every
    dimension: one statement, read in batches."""
    facts = MemberFacts(team, framework)
    ordered = (
        _rows(facts, today)
        .where(*_conditions(facts, query))
        .order_by(*_order(facts, query, today, grouped=True))
    )
    for row in session.execute(ordered, execution_options={"yield_per": 500}):
        yield _member_row(row, framework)


def members_left(session: Session, team: Team) -> int:
    """How many people on the team have left the course (their data is kept)."""
    return session.scalar(
        select(func.count())
        .select_from(Enrolment)
        .join(User, User.id == Enrolment.user_id)
        .where(*team.conditions(), Enrolment.active.is_(False))
    )
