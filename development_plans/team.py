"""A manager's team: who is on it, the roster the LMS reports, the dashboard's rows and summary,
comments on plans and goals, and a manager's own view of a member's level per dimension.

Plain Python and SQLAlchemy: callers pass a ``Session`` and commit it. The dashboard is built in a
fixed number of queries whatever the team's size, then filtered, sorted and paged in memory.
"""

from __future__ import annotations

import csv
import enum
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from math import ceil

from sqlalchemy import (
    ForeignKey,
    Select,
    String,
    Text,
    UniqueConstraint,
    and_,
    case,
    func,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, selectinload

from development_plans.assessments import Assessment, AssessmentStatus, DimensionResult
from development_plans.framework import Dimension, Framework, Level
from development_plans.goals import Goal, GoalStatus
from development_plans.models import Base, Course, Enrolment, ToolRole, User, utcnow
from development_plans.plans import (
    InvalidChange,
    NotAllowed,
    Plan,
    PlanStatus,
    may_review,
    record_event,
)

__all__ = [
    "COMMENT_MAX",
    "DEFAULT_MIN_GROUP",
    "SORT_KEYS",
    "DashboardQuery",
    "LevelCount",
    "ManagerObservation",
    "MemberRow",
    "MemberStatus",
    "PlanComment",
    "RosterMember",
    "RosterResult",
    "RosterSync",
    "Team",
    "TeamPage",
    "TeamSummary",
    "add_comment",
    "apply_roster",
    "comments_for",
    "csv_safe",
    "dashboard_csv",
    "dashboard_rows",
    "due_for_sync",
    "filter_and_sort",
    "observations_for",
    "paginate",
    "record_observation",
    "record_sync_failure",
    "team_counts",
    "team_member",
    "team_of",
    "team_summary",
]

#: A team summary is shown only when at least this many members have submitted an assessment.
DEFAULT_MIN_GROUP = 5
COMMENT_MAX = 2000
_CHUNK = 500


class MemberStatus(enum.StrEnum):
    """Where a team member is in their development, as their manager sees it."""

    NOT_STARTED = "not_started"
    ASSESSING = "assessing"
    PLAN_DRAFT = "plan_draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        """The status in a manager's words."""
        return _MEMBER_LABELS[self]


_MEMBER_LABELS = {
    MemberStatus.NOT_STARTED: "Not started",
    MemberStatus.ASSESSING: "Assessing",
    MemberStatus.PLAN_DRAFT: "Plan draft",
    MemberStatus.SUBMITTED: "Submitted for review",
    MemberStatus.CHANGES_REQUESTED: "Changes requested",
    MemberStatus.APPROVED: "Approved",
}
_FROM_PLAN = {
    PlanStatus.DRAFT: MemberStatus.PLAN_DRAFT,
    PlanStatus.SUBMITTED: MemberStatus.SUBMITTED,
    PlanStatus.CHANGES_REQUESTED: MemberStatus.CHANGES_REQUESTED,
    PlanStatus.APPROVED: MemberStatus.APPROVED,
    PlanStatus.ACTIVE: MemberStatus.APPROVED,
}


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------


class RosterSync(Base):
    """When a course's roster was last fetched from the LMS, and what happened."""

    __tablename__ = "team_roster_syncs"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
    synced_at: Mapped[datetime | None] = mapped_column()
    members_listed: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)


class PlanComment(Base):
    """A manager's comment on a learner's plan, or on one of its goals."""

    __tablename__ = "team_plan_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_goals.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()


class ManagerObservation(Base):
    """A manager's own view of the level a member shows in one dimension."""

    __tablename__ = "team_observations"
    __table_args__ = (
        UniqueConstraint(
            "course_id",
            "member_id",
            "observer_id",
            "framework_id",
            "dimension_id",
            name="uq_team_observations_dimension",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    observer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    framework_id: Mapped[str] = mapped_column(String(100))
    dimension_id: Mapped[str] = mapped_column(String(100))
    level_id: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    observer: Mapped[User] = relationship(foreign_keys=[observer_id])


# --------------------------------------------------------------------------------------
# Who is on the team
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Team:
    """The learners one manager sees in one course: all of them, or only a mentor's mentees."""

    course_id: int
    manager_id: int
    mentee_subjects: frozenset[str] | None = None

    def members_query(self) -> Select:
        """Enrolments and users of the team's members (active or not)."""
        query = (
            select(Enrolment, User)
            .join(User, Enrolment.user_id == User.id)
            .where(
                Enrolment.course_id == self.course_id,
                Enrolment.tool_role == ToolRole.LEARNER.value,
                Enrolment.user_id != self.manager_id,
            )
        )
        if self.mentee_subjects is not None:
            query = query.where(User.subject.in_(sorted(self.mentee_subjects)))
        return query

    def user_ids(self) -> Select:
        """A subquery of the members' user ids, for ``IN`` clauses of any size."""
        query = (
            select(Enrolment.user_id)
            .join(User, Enrolment.user_id == User.id)
            .where(
                Enrolment.course_id == self.course_id,
                Enrolment.tool_role == ToolRole.LEARNER.value,
                Enrolment.user_id != self.manager_id,
            )
        )
        if self.mentee_subjects is not None:
            query = query.where(User.subject.in_(sorted(self.mentee_subjects)))
        return query


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


# --------------------------------------------------------------------------------------
# Roster from the LMS
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterMember:
    """One person the LMS lists in the course; names and email may be missing."""

    subject: str
    tool_role: ToolRole
    lti_roles: tuple[str, ...] = ()
    active: bool = True
    name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class RosterResult:
    """What a roster sync changed."""

    listed: int
    added: int
    left: int
    returned: int


def _chunks(values: Sequence[str], size: int = _CHUNK) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def apply_roster(
    session: Session,
    course: Course,
    members: Iterable[RosterMember],
    *,
    keep_user_ids: Iterable[int] = (),
    now: datetime | None = None,
) -> RosterResult:
    """Bring the course's enrolments in line with the LMS's list: add people not seen before,
    fill in names and emails the list has (never erasing any), and mark people the list no
    longer has, or lists as inactive, as inactive. Nothing is deleted."""
    now = now or utcnow()
    listed = {m.subject: m for m in members if m.subject}
    subjects = sorted(listed)
    users: dict[str, User] = {}
    for chunk in _chunks(subjects):
        users.update(
            (u.subject, u)
            for u in session.scalars(
                select(User).where(User.issuer == course.issuer, User.subject.in_(chunk))
            )
        )
    for subject in subjects:
        member = listed[subject]
        user = users.get(subject)
        if user is None:
            user = users[subject] = User(issuer=course.issuer, subject=subject, last_seen_at=now)
            session.add(user)
        for name in ("name", "given_name", "family_name", "email"):
            value = getattr(member, name)
            if value and getattr(user, name) != value[:255]:
                setattr(user, name, value[:255])
    session.flush()

    enrolments = {
        e.user_id: e
        for e in session.scalars(select(Enrolment).where(Enrolment.course_id == course.id))
    }
    added = left = returned = 0
    listed_ids = set()
    for subject in subjects:
        member, user = listed[subject], users[subject]
        listed_ids.add(user.id)
        enrolment = enrolments.get(user.id)
        if enrolment is None:
            session.add(
                Enrolment(
                    user_id=user.id,
                    course_id=course.id,
                    tool_role=member.tool_role.value,
                    lti_roles=list(member.lti_roles),
                    active=member.active,
                    launched=False,
                    created_at=now,
                )
            )
            added += 1
            continue
        if not enrolment.launched:
            enrolment.tool_role = member.tool_role.value
            enrolment.lti_roles = list(member.lti_roles)
        if enrolment.active != member.active:
            left += not member.active
            returned += member.active
            enrolment.active = member.active
    keep = set(keep_user_ids)
    for user_id, enrolment in enrolments.items():
        if user_id not in listed_ids and user_id not in keep and enrolment.active:
            enrolment.active = False
            left += 1
    sync = session.get(RosterSync, course.id) or RosterSync(course_id=course.id)
    sync.attempted_at = sync.synced_at = now
    sync.members_listed = len(listed)
    sync.error = None
    session.add(sync)
    session.flush()
    return RosterResult(listed=len(listed), added=added, left=left, returned=returned)


def record_sync_failure(
    session: Session, course_id: int, error: str, now: datetime | None = None
) -> None:
    """Remember a failed roster fetch, so the dashboard says so and does not retry at once."""
    sync = session.get(RosterSync, course_id) or RosterSync(course_id=course_id)
    sync.attempted_at = now or utcnow()
    sync.error = error[:2000]
    session.add(sync)
    session.flush()


def due_for_sync(
    session: Session, course_id: int, interval_seconds: int, now: datetime | None = None
) -> bool:
    """True when the course's roster was not fetched (or tried) in the last ``interval_seconds``."""
    attempted = session.scalar(
        select(RosterSync.attempted_at).where(RosterSync.course_id == course_id)
    )
    now = now or utcnow()
    return attempted is None or (now - attempted).total_seconds() >= interval_seconds


# --------------------------------------------------------------------------------------
# The dashboard
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberRow:
    """One member's line on the dashboard."""

    user_id: int
    name: str
    email: str | None
    launched: bool
    active: bool
    status: MemberStatus
    levels: dict[str, str] = field(default_factory=dict)
    plan_id: int | None = None
    goals_achieved: int = 0
    goals_total: int = 0
    goals_overdue: int = 0
    last_activity: datetime | None = None


def _display_name(name, given, family, email, subject) -> str:
    full = " ".join(p for p in (given, family) if p)
    return name or full or email or f"Person {subject}"


def _latest_per_user(column, *where) -> Select:
    """``(user_id, max(column))`` per user among rows matching ``where``."""
    table = column.class_
    return (
        select(table.user_id, func.max(column).label("latest"))
        .where(*where)
        .group_by(table.user_id)
    )


def dashboard_rows(
    session: Session, team: Team, framework: Framework, today: date
) -> list[MemberRow]:
    """Every team member's row (active or not) in five queries, whatever the team's size."""
    members = session.execute(
        team.members_query().with_only_columns(
            Enrolment.user_id,
            Enrolment.active,
            Enrolment.launched,
            Enrolment.last_launch_at,
            User.name,
            User.given_name,
            User.family_name,
            User.email,
            User.subject,
        )
    ).all()
    in_team = Assessment.user_id.in_(team.user_ids())
    latest = _latest_per_user(
        Assessment.cycle, Assessment.course_id == team.course_id, in_team
    ).subquery()
    assessed = {
        row.user_id: row
        for row in session.execute(
            select(Assessment.id, Assessment.user_id, Assessment.status, Assessment.updated_at)
            .join(
                latest,
                and_(Assessment.user_id == latest.c.user_id, Assessment.cycle == latest.c.latest),
            )
            .where(Assessment.course_id == team.course_id)
        )
    }
    submitted = _latest_per_user(
        Assessment.cycle,
        Assessment.course_id == team.course_id,
        Assessment.status == AssessmentStatus.SUBMITTED.value,
        Assessment.framework_id == framework.id,
        in_team,
    ).subquery()
    levels: dict[int, dict[str, str]] = defaultdict(dict)
    below = framework.below_lowest.id
    for row in session.execute(
        select(Assessment.user_id, DimensionResult.dimension_id, DimensionResult.level_id)
        .join(DimensionResult, DimensionResult.assessment_id == Assessment.id)
        .join(
            submitted,
            and_(Assessment.user_id == submitted.c.user_id, Assessment.cycle == submitted.c.latest),
        )
        .where(Assessment.course_id == team.course_id)
    ):
        levels[row.user_id][row.dimension_id] = row.level_id or below
    newest_plan = _latest_per_user(
        Plan.version, Plan.course_id == team.course_id, Plan.user_id.in_(team.user_ids())
    ).subquery()
    plan_join = and_(Plan.user_id == newest_plan.c.user_id, Plan.version == newest_plan.c.latest)
    plans = {
        row.user_id: row
        for row in session.execute(
            select(Plan.id, Plan.user_id, Plan.status, Plan.assessment_id, Plan.updated_at)
            .join(newest_plan, plan_join)
            .where(Plan.course_id == team.course_id)
        )
    }
    finished = (GoalStatus.ACHIEVED.value, GoalStatus.DROPPED.value)
    goals = {
        row.plan_id: row
        for row in session.execute(
            select(
                Goal.plan_id,
                func.sum(case((Goal.status != GoalStatus.DROPPED.value, 1), else_=0)).label(
                    "total"
                ),
                func.sum(case((Goal.status == GoalStatus.ACHIEVED.value, 1), else_=0)).label(
                    "achieved"
                ),
                func.sum(
                    case((and_(Goal.status.not_in(finished), Goal.target_date < today), 1), else_=0)
                ).label("overdue"),
            )
            .join(Plan, Goal.plan_id == Plan.id)
            .join(newest_plan, plan_join)
            .where(Plan.course_id == team.course_id)
            .group_by(Goal.plan_id)
        )
    }
    rows = []
    for m in members:
        assessment, plan = assessed.get(m.user_id), plans.get(m.user_id)
        counts = goals.get(plan.id) if plan else None
        activity = [t for t in (m.last_launch_at, assessment and assessment.updated_at) if t]
        if plan:
            activity.append(plan.updated_at)
        rows.append(
            MemberRow(
                user_id=m.user_id,
                name=_display_name(m.name, m.given_name, m.family_name, m.email, m.subject),
                email=m.email,
                launched=m.launched,
                active=m.active,
                status=_status(assessment, plan),
                levels=levels.get(m.user_id, {}),
                plan_id=plan.id if plan else None,
                goals_achieved=int(counts.achieved or 0) if counts else 0,
                goals_total=int(counts.total or 0) if counts else 0,
                goals_overdue=int(counts.overdue or 0) if counts else 0,
                last_activity=max(activity) if activity else None,
            )
        )
    return rows


def _status(assessment, plan) -> MemberStatus:
    if assessment is not None and (
        plan is None
        or assessment.status == AssessmentStatus.IN_PROGRESS.value
        or (plan.assessment_id is not None and plan.assessment_id != assessment.id)
    ):
        return MemberStatus.ASSESSING
    if plan is not None:
        return _FROM_PLAN[PlanStatus(plan.status)]
    return MemberStatus.NOT_STARTED


SORT_KEYS = ("name", "status", "goals", "overdue", "activity")


@dataclass(frozen=True)
class DashboardQuery:
    """How the manager asked to see the dashboard: filters, sort and page."""

    status: MemberStatus | None = None
    dimension_id: str | None = None
    level_id: str | None = None
    sort: str = "name"
    descending: bool = False
    include_left: bool = False
    page: int = 1
    per_page: int = 50


def filter_and_sort(
    rows: Iterable[MemberRow], query: DashboardQuery, framework: Framework
) -> list[MemberRow]:
    """The rows the query asks for, in its order; ``sort`` may also be a dimension id (by level).
    Members who have not assessed a dimension sort after everyone who has."""
    chosen = [
        r
        for r in rows
        if (query.include_left or r.active)
        and (query.status is None or r.status == query.status)
        and (
            query.dimension_id is None
            or query.level_id is None
            or r.levels.get(query.dimension_id) == query.level_id
        )
    ]
    value = _sort_value(query.sort, framework)
    known = [r for r in chosen if value(r) is not None]
    unknown = [r for r in chosen if value(r) is None]
    known.sort(key=_by_name)
    known.sort(key=value, reverse=query.descending)
    unknown.sort(key=_by_name)
    return known + unknown


def _by_name(row: MemberRow) -> tuple[str, int]:
    return row.name.casefold(), row.user_id


def _sort_value(sort: str, framework: Framework):
    """The key a sort uses; None for rows it cannot place (they go last)."""
    order = list(MemberStatus)
    if sort in {d.id for d in framework.dimensions}:
        return lambda r: framework.level(r.levels[sort]).rank if sort in r.levels else None
    keys = {
        "status": lambda r: order.index(r.status),
        "goals": lambda r: (r.goals_achieved, r.goals_total),
        "overdue": lambda r: r.goals_overdue,
        "activity": lambda r: r.last_activity,
    }
    return keys.get(sort, _by_name)


@dataclass(frozen=True)
class TeamPage:
    """One page of dashboard rows."""

    rows: list[MemberRow]
    number: int
    pages: int
    total: int


def paginate(rows: Sequence[MemberRow], page: int, per_page: int) -> TeamPage:
    """The ``page``-th page (from 1) of ``per_page`` rows; out-of-range pages show the last."""
    pages = max(1, ceil(len(rows) / per_page))
    number = min(max(1, page), pages)
    start = (number - 1) * per_page
    return TeamPage(list(rows[start : start + per_page]), number, pages, len(rows))


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
    rows: Iterable[MemberRow], framework: Framework, min_group: int = DEFAULT_MIN_GROUP
) -> TeamSummary:
    """Count active members at each level per dimension (only members who submitted count)."""
    assessed = [r for r in rows if r.active and r.levels]
    levels = (framework.below_lowest, *framework.levels)
    if len(assessed) < min_group:
        return TeamSummary(len(assessed), min_group, ())
    dimensions = []
    for dimension in framework.dimensions:
        counts = Counter(r.levels.get(dimension.id) for r in assessed)
        dimensions.append(
            (dimension, tuple(LevelCount(level, counts.get(level.id, 0)) for level in levels))
        )
    return TeamSummary(len(assessed), min_group, tuple(dimensions))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    """A cell spreadsheets will not run as a formula: text starting = + - @ tab or CR gets '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def dashboard_csv(rows: Iterable[MemberRow], framework: Framework) -> str:
    """The dashboard as CSV, every cell made formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["Name", "Email", "Status", "Launched", "Active"]
    header += [d.name for d in framework.dimensions]
    header += ["Goals achieved", "Goals", "Overdue goals", "Last activity (UTC)"]
    writer.writerow([csv_safe(h) for h in header])
    for r in rows:
        cells: list[object] = [
            r.name,
            r.email,
            r.status.label,
            "yes" if r.launched else "no",
            "yes" if r.active else "no",
        ]
        cells += [
            framework.level(r.levels[d.id]).name if d.id in r.levels else ""
            for d in framework.dimensions
        ]
        cells += [
            r.goals_achieved,
            r.goals_total,
            r.goals_overdue,
            r.last_activity.strftime("%Y-%m-%d %H:%M") if r.last_activity else "",
        ]
        writer.writerow([csv_safe(c) for c in cells])
    return out.getvalue()


# --------------------------------------------------------------------------------------
# Comments on plans and goals
# --------------------------------------------------------------------------------------


def add_comment(
    session: Session, plan: Plan, author: User, body: str, goal: Goal | None = None
) -> PlanComment:
    """A reviewer comments on a plan (or one of its goals); the comment is in the plan's history."""
    if not may_review(session, plan, author):
        raise NotAllowed("Only a manager of this learner's course can comment on their plan.")
    if goal is not None and goal.plan_id != plan.id:
        raise NotAllowed("That goal is not in this plan.")
    body = body.strip()
    if not body:
        raise InvalidChange({"body": "Write a comment"})
    if len(body) > COMMENT_MAX:
        raise InvalidChange({"body": f"Comment must be {COMMENT_MAX} characters or fewer"})
    comment = PlanComment(
        plan_id=plan.id,
        goal_id=goal.id if goal else None,
        author_id=author.id,
        body=body,
        created_at=utcnow(),
    )
    comment.author = author
    session.add(comment)
    where = f" on the goal “{goal.specific}”" if goal else ""
    record_event(session, plan, author, "comment_added", f"Comment{where}: {body}", goal)
    session.flush()
    return comment


def comments_for(session: Session, plan_id: int) -> list[PlanComment]:
    """A plan's comments, oldest first, with their authors."""
    return list(
        session.scalars(
            select(PlanComment)
            .where(PlanComment.plan_id == plan_id)
            .order_by(PlanComment.created_at, PlanComment.id)
            .options(selectinload(PlanComment.author))
        )
    )


# --------------------------------------------------------------------------------------
# A manager's own view of a member's levels
# --------------------------------------------------------------------------------------


def record_observation(
    session: Session,
    team: Team,
    member: User,
    observer: User,
    framework: Framework,
    levels: dict[str, str],
) -> int:
    """Keep the observer's view of the member's level per dimension (ids from ``framework``);
    returns how many dimensions changed. Dimensions left out keep their earlier view."""
    if observer.id != team.manager_id or member.id == observer.id:
        raise NotAllowed("Only the member's manager can record a view of their levels.")
    problems = {
        dimension_id: "Select one of the levels"
        for dimension_id, level_id in levels.items()
        if dimension_id not in {d.id for d in framework.dimensions}
        or level_id not in {framework.below_lowest.id, *framework.level_ids}
    }
    if problems:
        raise InvalidChange(problems)
    existing = {
        o.dimension_id: o
        for o in session.scalars(
            select(ManagerObservation).where(
                ManagerObservation.course_id == team.course_id,
                ManagerObservation.member_id == member.id,
                ManagerObservation.observer_id == observer.id,
                ManagerObservation.framework_id == framework.id,
            )
        )
    }
    now = utcnow()
    changed = 0
    for dimension_id, level_id in levels.items():
        row = existing.get(dimension_id)
        if row is not None and row.level_id == level_id:
            continue
        if row is None:
            row = ManagerObservation(
                course_id=team.course_id,
                member_id=member.id,
                observer_id=observer.id,
                framework_id=framework.id,
                dimension_id=dimension_id,
            )
            session.add(row)
        row.level_id = level_id
        row.updated_at = now
        changed += 1
    session.flush()
    return changed


def observations_for(
    session: Session, course_id: int, member_id: int, framework_id: str
) -> dict[str, list[ManagerObservation]]:
    """Every manager's view of the member, by dimension id, with the observers loaded."""
    by_dimension: dict[str, list[ManagerObservation]] = defaultdict(list)
    for row in session.scalars(
        select(ManagerObservation)
        .where(
            ManagerObservation.course_id == course_id,
            ManagerObservation.member_id == member_id,
            ManagerObservation.framework_id == framework_id,
        )
        .order_by(ManagerObservation.updated_at)
        .options(selectinload(ManagerObservation.observer))
    ):
        by_dimension[row.dimension_id].append(row)
    return dict(by_dimension)
