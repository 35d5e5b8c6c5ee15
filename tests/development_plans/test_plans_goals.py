"""SMART goal rules, actions, status changes, progress updates and the plan at a glance."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from support.plan_data import course, hlm, person, results

from development_plans import goals
from development_plans.goals import GoalInput, add_months, goal_problems, latest_target_date
from development_plans.plans import (
    GoalStatus,
    InvalidChange,
    NotAllowed,
    PlanStatus,
    approve,
    draft_plan,
    focus_behaviours,
    prioritised_items,
    submit_for_review,
)

TODAY = date(2026, 11, 27)
FOCUS = {"a.1", "a.2"}


def smart(**overrides) -> GoalInput:
    values = {
        "specific": "Lead the weekly huddle and ask each person for one idea",
        "measurable": "Used at six huddles",
        "support": "none needed",
        "behaviour_ids": ["a.1"],
        "target_date": TODAY + timedelta(days=30),
        **overrides,
    }
    return GoalInput(**values)


def problems(data: GoalInput, **kwargs) -> dict[str, str]:
    return goal_problems(
        data, focus_ids=FOCUS, resource_keys={"catalogue:x"}, today=TODAY, **kwargs
    )


def test_months_are_added_with_the_end_of_month_clamped():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 27), 18) == date(2028, 5, 27)
    assert add_months(date(2026, 3, 15), -18) == date(2024, 9, 15)
    assert latest_target_date(TODAY) == date(2028, 5, 27)


def test_a_smart_goal_has_no_problems():
    assert problems(smart()) == {}
    assert problems(smart(resource_keys=["catalogue:x"], behaviour_ids=["a.1", "a.2"])) == {}


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"specific": "  "}, "specific", "Say exactly what you will do"),
        ({"specific": "Be better"}, "specific", "Be more specific"),
        ({"specific": "x" * 1001}, "specific", "1000 characters or fewer"),
        ({"measurable": ""}, "measurable", "Say how you will know"),
        ({"measurable": "m" * 1001}, "measurable", "1000 characters or fewer"),
        ({"support": ""}, "support", "write 'none needed'"),
        ({"behaviour_ids": []}, "behaviour_ids", "at least one focus behaviour"),
        ({"behaviour_ids": ["b.9"]}, "behaviour_ids", "from this item's list"),
        ({"resource_keys": ["course:99"]}, "resource_keys", "from the suggested list"),
        ({"target_date": None}, "target_date", "Enter a target date"),
        ({"target_date": TODAY}, "target_date", "must be in the future"),
        (
            {"target_date": date(2028, 5, 28)},
            "target_date",
            "within 18 months, on or before 27 May 2028",
        ),
    ],
)
def test_each_smart_rule_explains_how_to_fix_it(overrides, field, words):
    found = problems(smart(**overrides))
    assert list(found) == [field]
    assert words in found[field]


def test_the_last_allowed_day_and_an_unchanged_past_date_are_accepted():
    assert problems(smart(target_date=date(2028, 5, 27))) == {}
    past = TODAY - timedelta(days=10)
    assert problems(smart(target_date=past), unchanged_date=past) == {}


@pytest.mark.parametrize(
    ("links", "words"),
    [
        ("ftp://example.org/x", "must start with https:// or http://"),
        ("javascript:alert(1)", "must start with https:// or http://"),
        ("https://exa mple.org", "must not contain spaces"),
        ("https://", "correct format"),
        ("\n".join(f"https://e.org/{n}" for n in range(6)), "up to 5 links"),
    ],
)
def test_progress_links_are_web_addresses_only(links, words):
    found = goals.progress_problems("Did it", "", links, TODAY, TODAY)
    assert words in found["evidence_links"].lower() or words in found["evidence_links"]


def test_progress_dates_and_notes():
    assert goals.progress_problems("", "", "", TODAY, TODAY) == {
        "note": "Describe what you did and what happened"
    }
    assert (
        "today or in the past"
        in goals.progress_problems("n", "", "", TODAY + timedelta(days=1), TODAY)["occurred_on"]
    )
    assert (
        "within the last 18 months"
        in goals.progress_problems("n", "", "", date(2025, 1, 1), TODAY)["occurred_on"]
    )
    assert goals.progress_problems("n", "e" * 2000, "https://e.org/a\n\n", TODAY, TODAY) == {}


@pytest.fixture
def db(app):
    from lti_tool.extensions import db

    with app.app_context():
        yield db.session
        db.session.rollback()


@pytest.fixture
def plan_and_people(db):
    here = course(db)
    asha = person(db, "Asha", here)
    carys = person(db, "Carys", here, "manager")
    fw = hlm()
    plan = draft_plan(
        db, user=asha, course_id=here.id, placement_id=None, framework=fw, results=results(fw)
    )
    return plan, asha, carys, fw


def _add(db, plan, asha, fw, days=30, item=None):
    item = item or prioritised_items(fw, plan)[0]
    today = date.today()
    return goals.add_goal(
        db,
        plan,
        item,
        smart(
            behaviour_ids=[focus_behaviours(fw, item)[0].id], target_date=today + timedelta(days)
        ),
        asha,
        fw,
        resource_keys=set(),
        today=today,
    )


def test_goal_changes_are_recorded_field_by_field(db, plan_and_people):
    plan, asha, _, fw = plan_and_people
    goal = _add(db, plan, asha, fw)
    today = date.today()
    changed = goals.update_goal(
        db,
        goal,
        smart(
            specific="Lead the weekly huddle with a new format",
            behaviour_ids=goal.behaviour_ids,
            target_date=goal.target_date,
        ),
        asha,
        fw,
        resource_keys=set(),
        today=today,
    )
    assert changed == ["specific"]
    with pytest.raises(InvalidChange) as refused:
        goals.update_goal(
            db, goal, smart(behaviour_ids=[]), asha, fw, resource_keys=set(), today=today
        )
    assert "behaviour_ids" in refused.value.problems


def test_status_rules_and_approved_plans_become_active_with_progress(db, plan_and_people):
    plan, asha, carys, fw = plan_and_people
    goal = _add(db, plan, asha, fw)
    with pytest.raises(InvalidChange):
        goals.change_status(db, goal, GoalStatus.ACHIEVED, asha)
    with pytest.raises(InvalidChange):
        goals.change_status(db, goal, GoalStatus.DROPPED, asha, reason=" ")
    with pytest.raises(NotAllowed):
        goals.change_status(db, goal, GoalStatus.IN_PROGRESS, carys)
    submit_for_review(db, plan, asha)
    approve(db, plan, carys, "")
    goals.record_progress(
        db, goal, asha, note="First huddle", occurred_on=date.today(), today=date.today()
    )
    assert goal.status == GoalStatus.IN_PROGRESS and plan.status == PlanStatus.ACTIVE
    goals.change_status(db, goal, GoalStatus.ACHIEVED, asha, reflection="It stuck")
    assert goal.achieved_at is not None and goal.reflection == "It stuck"
    goals.change_status(db, goal, GoalStatus.IN_PROGRESS, asha)
    assert goal.achieved_at is None


def test_actions_are_a_checklist(db, plan_and_people):
    plan, asha, carys, fw = plan_and_people
    goal = _add(db, plan, asha, fw)
    with pytest.raises(InvalidChange):
        goals.add_action(db, goal, "", asha)
    with pytest.raises(InvalidChange):
        goals.add_action(db, goal, "a" * 301, asha)
    action = goals.add_action(db, goal, "Book a room", asha)
    goals.set_action_done(db, goal, action, True, asha)
    assert action.done and action.done_at is not None
    with pytest.raises(NotAllowed):
        goals.set_action_done(db, goal, action, False, carys)


def test_plan_at_a_glance_counts_due_next_and_overdue(db, plan_and_people):
    plan, asha, _, fw = plan_and_people
    late = _add(db, plan, asha, fw)
    soon = _add(db, plan, asha, fw, days=10)
    later = _add(db, plan, asha, fw, days=60)
    done = _add(db, plan, asha, fw, days=5)
    goals.change_status(db, done, GoalStatus.ACHIEVED, asha, reflection="Done")
    late.target_date = date.today() - timedelta(days=1)
    glance = goals.plan_at_a_glance(plan, date.today())
    assert glance.counts[GoalStatus.NOT_STARTED] == 3
    assert glance.counts[GoalStatus.ACHIEVED] == 1
    assert glance.total == 4
    assert glance.overdue == [late]
    assert glance.due_next == [soon, later]
    assert late.overdue(date.today()) and not done.overdue(date.today() + timedelta(days=99))
    db.flush()
    again = goals.glance_for(db, asha.id, plan.course_id, date.today())
    assert again is not None and again.plan.id == plan.id
