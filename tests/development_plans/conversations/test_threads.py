"""Threads on a plan: a manager of the learner's course opens one with a comment; the learner and
their managers reply, nobody else; each thread reads in order, and every message is in the plan's
history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.plan_data import course, hlm, person, results

from development_plans import conversations
from development_plans.db import utcnow
from development_plans.goals import GoalInput, add_goal
from development_plans.plans import (
    InvalidChange,
    NotAllowed,
    draft_plan,
    focus_behaviours,
    plan_history,
)


def _plan(db, owner, here):
    return draft_plan(
        db,
        user=owner,
        course_id=here.id,
        placement_id=None,
        framework=hlm(),
        results=results(hlm()),
    )


def test_comments_need_a_reviewer_and_text(db):
    here = course(db, "c1")
    asha, ben = person(db, "Asha", here), person(db, "Ben", here)
    carys = person(db, "Carys", here, "manager")
    plan = _plan(db, asha, here)
    with pytest.raises(NotAllowed):
        conversations.add_comment(db, plan, ben, "Nice")
    with pytest.raises(NotAllowed):
        conversations.add_comment(db, plan, asha, "Talking to myself")
    with pytest.raises(InvalidChange):
        conversations.add_comment(db, plan, carys, "   ")
    with pytest.raises(InvalidChange):
        conversations.add_comment(db, plan, carys, "x" * (conversations.COMMENT_MAX + 1))
    conversations.add_comment(db, plan, carys, "Good start")
    threads = conversations.threads_for(db, plan.id)
    assert [[m.body for m in t.messages] for t in threads] == [["Good start"]]


def test_the_learner_and_managers_reply_in_order_and_no_one_else(db, fw):
    here, there = course(db, "c1"), course(db, "c2")
    asha, ben = person(db, "Asha", here), person(db, "Ben", here)
    carys, dev = person(db, "Carys", here, "manager"), person(db, "Dev", here, "manager")
    elsewhere = person(db, "Eli", there, "manager")
    plan, bens_plan = _plan(db, asha, here), _plan(db, ben, here)
    on_plan = conversations.add_comment(db, plan, carys, "Which day?")
    on_bens = conversations.add_comment(db, bens_plan, carys, "Hello Ben")
    conversations.reply(db, plan, on_plan, asha, "Mondays")
    conversations.reply(db, plan, on_plan, dev, "Mondays suit the rota")
    later = conversations.add_comment(db, plan, carys, "And the start date?")
    conversations.reply(db, plan, on_plan, carys, "Thanks both")
    for stranger in (ben, elsewhere):
        with pytest.raises(NotAllowed):
            conversations.reply(db, plan, on_plan, stranger, "Me too")
    with pytest.raises(NotAllowed):  # a thread of another plan, through this plan
        conversations.reply(db, plan, on_bens, asha, "Hi Ben")
    first_reply = conversations.threads_for(db, plan.id)[0].replies[0]
    with pytest.raises(NotAllowed):  # replies are to the comment that opened the thread
        conversations.reply(db, plan, first_reply, asha, "Nested")
    with pytest.raises(InvalidChange):
        conversations.reply(db, plan, on_plan, asha, " ")
    threads = conversations.threads_for(db, plan.id)
    assert [t.opening.id for t in threads] == [on_plan.id, later.id]
    assert [(m.author.name, m.body) for m in threads[0].messages] == [
        ("Carys", "Which day?"),
        ("Asha", "Mondays"),
        ("Dev", "Mondays suit the rota"),
        ("Carys", "Thanks both"),
    ]
    assert threads[1].replies == []
    history = [e.summary for e in plan_history(db, plan)[0]]
    assert "Reply: Mondays" in history and "Comment: Which day?" in history


def test_a_reply_on_a_goal_stays_with_that_goal(db, fw):
    here = course(db, "c1")
    asha, carys = person(db, "Asha", here), person(db, "Carys", here, "manager")
    plan = _plan(db, asha, here)
    item = next(i for i in plan.items if i.included)
    today = utcnow().date()
    goal = add_goal(
        db,
        plan,
        item,
        GoalInput(
            specific="Lead the weekly huddle and ask everyone for one idea",
            measurable="Six huddles with notes",
            support="Time with my mentor",
            behaviour_ids=[focus_behaviours(fw, item)[0].id],
            target_date=today + timedelta(days=60),
        ),
        asha,
        fw,
        resource_keys=(),
        today=today,
    )
    opening = conversations.add_comment(db, plan, carys, "Which day?", goal)
    answer = conversations.reply(db, plan, opening, asha, "Mondays")
    assert answer.goal_id == goal.id and answer.thread_id == opening.id
    [thread] = conversations.threads_for(db, plan.id)
    assert thread.goal_id == goal.id and [m.body for m in thread.messages] == [
        "Which day?",
        "Mondays",
    ]
    assert "Reply on the goal “Lead the weekly huddle" in plan_history(db, plan)[0][0].summary
