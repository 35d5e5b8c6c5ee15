"""Tracking a goal: progress updates with their evidence, and the checklist of actions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from support.plan_data import GOAL_DAY as TODAY
from support.plan_data import goal_due_in

from development_plans import goals
from development_plans.plans import (
    InvalidChange,
    NotAllowed,
)


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


def test_actions_are_a_checklist(db, plan_and_people):
    plan, asha, carys, fw = plan_and_people
    goal = goal_due_in(db, plan, asha, fw)
    with pytest.raises(InvalidChange):
        goals.add_action(db, goal, "", asha)
    with pytest.raises(InvalidChange):
        goals.add_action(db, goal, "a" * 301, asha)
    action = goals.add_action(db, goal, "Book a room", asha)
    goals.set_action_done(db, goal, action, True, asha)
    assert action.done and action.done_at is not None
    with pytest.raises(NotAllowed):
        goals.set_action_done(db, goal, action, False, carys)
