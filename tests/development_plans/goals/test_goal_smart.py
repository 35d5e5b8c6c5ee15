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
