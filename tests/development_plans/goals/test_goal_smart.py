"""What makes a goal SMART: each rule, and the messages that teach how to fix it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from support.plan_data import GOAL_DAY as TODAY
from support.plan_data import smart_input as smart

from development_plans.goals import (
    GoalInput,
    add_months,
    goal_problems,
    latest_target_date,
)
from development_plans.goals.smart import date_example, is_vague

FOCUS = {"a.1", "a.2"}


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
        ({"specific": "Lead huddles"}, "specific", "Be more specific"),
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
    "wish", ["Be a better leader", "Feel better", "Improve", "be more confident!", "Work on it"]
)
def test_a_wish_is_coached_on_the_field_that_holds_it_with_an_example(wish):
    found = problems(smart(specific=wish))
    assert list(found) == ["specific"]
    assert f"'{wish}' says who you want to be, not what you will do" in found["specific"]
    assert "for example 'Chair the Monday safety huddle" in found["specific"]

    found = problems(smart(measurable=wish))
    assert list(found) == ["measurable"]
    assert f"'{wish}' is a feeling no one else can check" in found["measurable"]
    assert "for example 'feedback from 3 colleagues'" in found["measurable"]


@pytest.mark.parametrize(
    "action",
    [
        "Lead the weekly team huddle and ask each person for one idea",
        "Improve handover by using SBAR at 10 handovers",
        "Feedback from my manager",
        "Be the named lead for the ward's falls audit in March and present it at the meeting",
    ],
)
def test_a_specific_action_or_count_is_not_called_vague(action):
    assert not is_vague(action)
    assert problems(smart(specific=action, measurable=action)) == {}


def test_one_date_example_everywhere():
    assert date_example(date(2027, 3, 7)) == "7 3 2027"
    missing = problems(smart(target_date=None))["target_date"]
    assert missing.endswith(f"for example {date_example(add_months(TODAY, 3))}")
