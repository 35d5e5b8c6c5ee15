"""The dashboard from the database: each member's status, levels, goals and activity; filters,
sorting and paging done in SQL with the same results as sorting the rows in Python; the summary
threshold; and a fixed number of statements whatever the team's size or the query."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from support.plan_data import course, person
from support.queries import QueryCounter
from support.team_data import add_assessment, add_bulk_members, add_plan

from development_plans import team
from development_plans.db import utcnow
from development_plans.people import Enrolment, User
from development_plans.team import DashboardQuery, MemberRow, MemberStatus

NOW = utcnow()
TODAY = NOW.date()


def manager_of(db, here) -> team.Team:
    carys = person(db, f"Carys-{here.context_id}", here, "manager")
    return team.Team(here.id, carys.id)


def leave(db, user) -> None:
    db.execute(update(Enrolment).where(Enrolment.user_id == user.id).values(active=False))


def test_filters_sorts_and_pages(db, fw):
    dimension = fw.dimensions[0].id
    here = course(db, "c1")
    mine = manager_of(db, here)
    cara, abe = person(db, "Cara", here), person(db, "abe", here)
    bo, dee = person(db, "Bo", here), person(db, "Dee", here)
    assessed = add_assessment(db, cara, here, fw, levels={dimension: "strong"}, at=NOW)
    add_plan(db, cara, here, fw, "submitted", assessment=assessed, at=NOW)
    assessed = add_assessment(
        db, abe, here, fw, levels={dimension: "essential"}, at=NOW - timedelta(days=2)
    )
    add_plan(db, abe, here, fw, "approved", assessment=assessed, at=NOW - timedelta(days=2))
    leave(db, bo)
    overdue = [
        ("in_progress", TODAY - timedelta(days=1)),
        ("not_started", TODAY - timedelta(days=9)),
    ]
    add_plan(db, dee, here, fw, "draft", goals=overdue, at=NOW + timedelta(hours=1))

    def page(query: DashboardQuery) -> team.TeamPage:
        return team.dashboard_page(db, mine, fw, query, TODAY)

    names = lambda q: [r.name for r in page(q).rows]  # noqa: E731
    assert names(DashboardQuery()) == ["abe", "Cara", "Dee"]
    assert names(DashboardQuery(include_left=True, descending=True)) == ["Dee", "Cara", "Bo", "abe"]
    assert names(DashboardQuery(status=MemberStatus.SUBMITTED)) == ["Cara"]
    assert names(DashboardQuery(dimension_id=dimension, level_id="essential")) == ["abe"]
    assert names(DashboardQuery(sort=dimension, descending=True)) == ["Cara", "abe", "Dee"]
    assert names(DashboardQuery(sort="overdue", descending=True))[0] == "Dee"
    assert names(DashboardQuery(sort="activity")) == ["abe", "Cara", "Dee"]  # oldest first
    assert team.page_window(5, 9, 2) == (3, 3)
    last = page(DashboardQuery(include_left=True, page=9, per_page=3))
    assert ([r.name for r in last.rows], last.number, last.pages, last.total) == (["Dee"], 2, 2, 4)
    assert team.members_left(db, mine) == 1


def test_members_without_a_value_sort_last_whichever_the_order(db, fw):
    dimension = fw.dimensions[0].id
    here = course(db, "c1")
    mine = manager_of(db, here)
    never, early, late = (person(db, n, here) for n in ("Ann", "Bea", "Cy"))
    add_assessment(db, early, here, fw, levels={dimension: None}, at=NOW - timedelta(days=1))
    add_assessment(db, late, here, fw, levels={dimension: "exemplary"}, at=NOW)
    for sort in ("activity", dimension):
        for descending in (False, True):
            query = DashboardQuery(sort=sort, descending=descending)
            rows = team.dashboard_page(db, mine, fw, query, TODAY).rows
            assert [r.user_id for r in rows] == (
                [late.id, early.id, never.id] if descending else [early.id, late.id, never.id]
            )
    levels = {
        r.user_id: r.levels for r in team.dashboard_page(db, mine, fw, DashboardQuery(), TODAY).rows
    }
    assert levels == {
        never.id: {},
        early.id: {dimension: "insufficient"},
        late.id: {dimension: "exemplary"},
    }


def test_a_row_takes_status_from_the_latest_assessment_and_levels_from_the_latest_submitted(db, fw):
    first, second = fw.dimensions[0].id, fw.dimensions[1].id
    here = course(db, "c1")
    mine = manager_of(db, here)
    asha, ben, cy, dot = (person(db, n, here) for n in ("Asha", "Ben", "Cy", "Dot"))
    cycle_one = add_assessment(
        db, asha, here, fw, levels={first: "strong"}, at=NOW - timedelta(days=9)
    )
    add_plan(db, asha, here, fw, "approved", assessment=cycle_one, at=NOW - timedelta(days=8))
    add_assessment(db, asha, here, fw, submitted=False, cycle=2, at=NOW - timedelta(days=1))
    old = add_assessment(
        db, ben, here, fw, levels={second: "proficient"}, at=NOW - timedelta(days=5)
    )
    add_plan(
        db,
        ben,
        here,
        fw,
        "active",
        assessment=old,
        goals=[("achieved", TODAY)],
        at=NOW - timedelta(days=5),
    )
    add_plan(
        db,
        ben,
        here,
        fw,
        "changes_requested",
        assessment=old,
        version=2,
        goals=[("achieved", TODAY), ("dropped", TODAY), ("in_progress", TODAY - timedelta(days=1))],
        at=NOW - timedelta(days=4),
    )
    cy_old = add_assessment(
        db, cy, here, fw, levels={first: "essential"}, at=NOW - timedelta(days=7)
    )
    add_plan(db, cy, here, fw, "submitted", assessment=cy_old, at=NOW - timedelta(days=6))
    add_assessment(
        db, cy, here, fw, levels={first: "exemplary"}, cycle=2, at=NOW - timedelta(days=3)
    )
    add_assessment(db, dot, here, fw, levels={first: "strong"}, framework_id="another-pack", at=NOW)
    launched = NOW + timedelta(minutes=5)
    db.execute(update(Enrolment).where(Enrolment.user_id == dot.id).values(last_launch_at=launched))
    rows = {r.name: r for r in team.dashboard_page(db, mine, fw, DashboardQuery(), TODAY).rows}
    assert rows["Asha"].status == MemberStatus.ASSESSING  # a new cycle in progress
    assert rows["Asha"].levels == {first: "strong"}  # from the cycle she submitted
    assert rows["Asha"].last_activity == NOW - timedelta(days=1)
    assert rows["Ben"].status == MemberStatus.CHANGES_REQUESTED  # the newest plan version
    assert (rows["Ben"].goals_achieved, rows["Ben"].goals_total, rows["Ben"].goals_overdue) == (
        1,
        2,
        1,
    )
    assert rows["Cy"].status == MemberStatus.ASSESSING  # submitted again since the plan
    assert rows["Cy"].levels == {first: "exemplary"}
    assert rows["Dot"].status == MemberStatus.ASSESSING and rows["Dot"].levels == {}
    assert rows["Dot"].last_activity == launched


def test_names_fall_back_to_given_and_family_names_email_and_label(db, fw):
    here = course(db, "c1")
    mine = manager_of(db, here)
    full, given, mail, labelled, bare = (person(db, n, here) for n in ("a", "b", "c", "d", "e"))
    full.name, full.given_name, full.family_name = "", "Nia", "Shah"
    given.name, given.given_name = None, "Olu"
    mail.name, mail.email = None, "=x@example.nhs.uk"
    labelled.name, labelled.label = None, "Person 3F2A-91C4"
    bare.name = None
    db.flush()
    rows = team.dashboard_page(db, mine, fw, DashboardQuery(), TODAY).rows
    names = ["=x@example.nhs.uk", "Nia Shah", "Olu", "Person 3F2A-91C4", "Unnamed person"]
    assert sorted(r.name for r in rows) == sorted(names)
    assert (labelled.display_name, bare.display_name) == ("Person 3F2A-91C4", "Unnamed person")
    assert bare.subject not in bare.display_name


def test_summary_is_withheld_below_the_minimum_group(db, fw):
    dimension = fw.dimensions[0].id
    here = course(db, "c1")
    mine = manager_of(db, here)
    for n in range(4):
        add_assessment(db, person(db, f"M{n}", here), here, fw, levels={dimension: "essential"})
    assert not team.team_summary(db, mine, fw).shown
    gone = person(db, "Gone", here)
    add_assessment(db, gone, here, fw, levels={"x": "y"})
    leave(db, gone)
    assert not team.team_summary(db, mine, fw).shown
    assert team.team_summary(db, mine, fw, min_group=3).shown
    add_assessment(db, person(db, "M5", here), here, fw, levels={dimension: "strong"})
    summary = team.team_summary(db, mine, fw)
    assert summary.shown and summary.submitted == 5
    counts = {c.level.id: c.count for c in summary.dimensions[0][1]}
    assert counts["essential"] == 4 and counts["strong"] == 1 and counts["insufficient"] == 0


# --------------------------------------------------------------------------------------
# Against the rows sorted in Python, and a fixed number of statements
# --------------------------------------------------------------------------------------


def in_python(rows: list[MemberRow], query: DashboardQuery, fw) -> list[MemberRow]:
    """The dashboard's order as the tool computed it in Python before SQL did it: stable sorts,
    rows without a value last, ties by name."""
    chosen = [
        r
        for r in rows
        if (query.include_left or r.active)
        and (query.status is None or r.status == query.status)
        and (not query.level_filter or r.levels.get(query.dimension_id) == query.level_id)
    ]
    by_name = lambda r: (r.name.casefold(), r.user_id)  # noqa: E731
    order = list(MemberStatus)
    value = {
        "name": by_name,
        "status": lambda r: order.index(r.status),
        "goals": lambda r: (r.goals_achieved, r.goals_total),
        "overdue": lambda r: r.goals_overdue,
        "activity": lambda r: r.last_activity,
    }.get(query.sort) or (
        lambda r: fw.level(r.levels[query.sort]).rank if query.sort in r.levels else None
    )
    known = sorted((r for r in chosen if value(r) is not None), key=by_name)
    known.sort(key=value, reverse=query.descending)
    return known + sorted((r for r in chosen if value(r) is None), key=by_name)


def combinations(fw) -> list[DashboardQuery]:
    first, second = fw.dimensions[0].id, fw.dimensions[1].id
    queries = [
        DashboardQuery(sort=sort, descending=descending, per_page=7)
        for sort in (*team.SORT_KEYS, second)
        for descending in (False, True)
    ]
    return queries + [
        DashboardQuery(status=MemberStatus.APPROVED, sort="activity", per_page=7),
        DashboardQuery(status=MemberStatus.ASSESSING, include_left=True, page=2, per_page=3),
        DashboardQuery(dimension_id=first, level_id="insufficient", sort=second, per_page=7),
        DashboardQuery(dimension_id=first, level_id="proficient", descending=True, page=99),
        DashboardQuery(include_left=True, sort="goals", descending=True, page=3, per_page=7),
    ]


@pytest.fixture
def teams(db, fw):
    """A team of 10 and a team of 1,000, each with every status, level and goal count."""
    made = {}
    for size in (10, 1000):
        here = course(db, f"bulk-{size}")
        mine = manager_of(db, here)
        add_bulk_members(db, here, fw, size)
        made[size] = mine
    return made


def test_sql_pages_match_the_rows_sorted_in_python(db, fw, teams):
    mine = teams[1000]
    everyone = list(team.dashboard_rows(db, mine, fw, DashboardQuery(include_left=True), TODAY))
    assert len(everyone) == 1000
    for query in combinations(fw):
        expected = in_python(everyone, query, fw)
        page = team.dashboard_page(db, mine, fw, query, TODAY)
        number, pages = team.page_window(len(expected), query.page, query.per_page)
        start = (number - 1) * query.per_page
        assert (page.number, page.pages, page.total) == (number, pages, len(expected)), query
        assert page.rows == expected[start : start + query.per_page], query
        assert list(team.dashboard_rows(db, mine, fw, query, TODAY)) == expected, query


def test_a_mentors_page_has_only_their_mentees(db, fw, teams):
    whole = teams[1000]
    everyone = list(team.dashboard_rows(db, whole, fw, DashboardQuery(include_left=True), TODAY))
    members = select(User.id, User.subject).where(User.id.in_([r.user_id for r in everyone]))
    subjects = dict(db.execute(members).all())
    mentees = frozenset(subjects[r.user_id] for r in everyone[::3])
    mentor = team.Team(whole.course_id, whole.manager_id, mentees)
    for query in combinations(fw)[:4]:
        expected = in_python([r for r in everyone if subjects[r.user_id] in mentees], query, fw)
        assert list(team.dashboard_rows(db, mentor, fw, query, TODAY)) == expected, query


def test_every_query_runs_the_same_statements_for_10_and_1000_members(db, fw, teams):
    counter = QueryCounter(db.get_bind())
    for query in combinations(fw):
        counts = []
        for size in (10, 1000):
            with counter:
                page = team.dashboard_page(db, teams[size], fw, query, TODAY)
                team.team_summary(db, teams[size], fw)
                team.members_left(db, teams[size])
                rows = list(team.dashboard_rows(db, teams[size], fw, query, TODAY))
            assert len(rows) == page.total
            counts.append(counter.count)
        assert counts[0] == counts[1] <= 7, (query, counts)
