"""The goal pages over real HTTP: SMART goals with their validation, and tracking a goal
through its actions, progress and status."""

from __future__ import annotations

import re
from datetime import timedelta

from support.plan_data import submit_assessment
from support.plan_pages import add_goal, date_fields, start_plan, text_of

from development_plans.db import utcnow
from development_plans.goals import add_months

ASHA = "demo-learner-asha"
TODAY = utcnow().date()


def test_smart_goal_errors_teach_and_keep_what_was_typed(app, asha):
    submit_assessment(app, ASHA, {})
    _, plan_page = start_plan(asha)
    form, response = add_goal(
        asha,
        plan_page,
        specific="<script>alert('x')</script> lead",
        measurable="",
        support="",
        behaviour_ids=[],
        **date_fields("target_date", TODAY - timedelta(days=1)),
    )
    assert response.status_code == 400
    text = text_of(response.text)
    assert "There is a problem" in text
    assert "Say how you will know you have done it" in text
    assert "Say what support, time or resources make this achievable" in text
    assert "Select at least one focus behaviour" in text
    assert "Target date must be in the future" in text
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; lead" in response.text
    yesterday = TODAY - timedelta(days=1)
    assert f'name="target_date-day" type="text" inputmode="numeric" value="{yesterday.day}"' in (
        response.text
    )
    assert response.text.startswith("<!DOCTYPE html>") or "<title>Error:" in response.text

    _, far = add_goal(asha, plan_page, **date_fields("target_date", add_months(TODAY, 19)))
    assert far.status_code == 400
    assert "Target date must be within 18 months" in text_of(far.text)

    _, unreal = add_goal(asha, plan_page, **{"target_date-day": "31", "target_date-month": "2"})
    assert "Target date must be a real date" in text_of(unreal.text)

    _, long = add_goal(asha, plan_page, specific="x" * 1001)
    assert "What you will do must be 1000 characters or fewer (it is 1001)" in text_of(long.text)

    _, vague = add_goal(asha, plan_page, specific="Be a better leader")
    assert vague.status_code == 400
    assert "'Be a better leader' says who you want to be, not what you will do" in text_of(
        vague.text
    )

    _, feeling = add_goal(asha, plan_page, measurable="Feel better")
    assert "'Feel better' is a feeling no one else can check" in text_of(feeling.text)

    _, forged = add_goal(asha, plan_page, behaviour_ids=["leading-with-care.exemplary.1"])
    assert "Select focus behaviours from this item's list" in text_of(forged.text)

    _, saved = add_goal(asha, plan_page)
    assert saved.status_code == 303
    goal_page = asha.follow(saved)
    assert "Lead the weekly huddle and ask each person for one idea" in goal_page.text
    assert "Your goal is saved." in goal_page.text


def test_tracking_a_goal_actions_progress_status_and_history(app, asha):
    submit_assessment(app, ASHA, {})
    plan_id, plan_page = start_plan(asha)
    _, saved = add_goal(asha, plan_page)
    goal_url = saved.headers["Location"].removeprefix(asha.base)
    goal_id = int(goal_url.rsplit("/", 1)[1])
    goal_page = asha.get(goal_url).text

    empty = asha.post(f"/plan/goals/{goal_id}/actions", {"text": " "}, page=goal_page)
    assert empty.status_code == 400 and "Enter the action" in text_of(empty.text)
    added = asha.post(
        f"/plan/goals/{goal_id}/actions", {"text": "Book <b>room</b>"}, page=goal_page
    )
    page = asha.follow(added)
    assert "To do: Book &lt;b&gt;room&lt;/b&gt;" in page.text
    action_id = re.search(rf"/plan/goals/{goal_id}/actions/(\d+)", page.text).group(1)
    page = asha.follow(
        asha.post(f"/plan/goals/{goal_id}/actions/{action_id}", {"done": "1"}, page=page.text)
    )
    assert "Done: Book" in text_of(page.text)

    progress = asha.get(f"/plan/goals/{goal_id}/progress")
    bad = asha.post(
        f"/plan/goals/{goal_id}/progress",
        {
            **date_fields("occurred_on", TODAY + timedelta(days=2)),
            "note": "Ran the first huddle",
            "evidence_links": "https://example.nhs.uk/notes\njavascript:alert(1)",
        },
        page=progress.text,
    )
    assert bad.status_code == 400
    bad_text = text_of(bad.text)
    assert "Link 2: Web address must start with https:// or http://" in bad_text
    assert "Date must be today or in the past" in bad_text
    assert "Ran the first huddle" in bad.text  # kept
    good = asha.post(
        f"/plan/goals/{goal_id}/progress",
        {
            **date_fields("occurred_on", TODAY),
            "note": "Ran the first huddle",
            "evidence_text": "Two ideas from the team",
            "evidence_links": "https://example.nhs.uk/notes",
        },
        page=progress.text,
    )
    page = asha.follow(good)
    assert (
        "Ran the first huddle" in page.text and 'href="https://example.nhs.uk/notes"' in page.text
    )
    assert "In progress" in page.text

    status_form = asha.get(f"/plan/goals/{goal_id}/status")
    no_reflection = asha.post(
        f"/plan/goals/{goal_id}/status", {"status": "achieved"}, page=status_form.text
    )
    assert no_reflection.status_code == 400
    assert "Reflect on what you did" in text_of(no_reflection.text)
    no_reason = asha.post(
        f"/plan/goals/{goal_id}/status", {"status": "dropped"}, page=status_form.text
    )
    assert "Say why you are dropping this goal" in text_of(no_reason.text)
    unknown = asha.post(f"/plan/goals/{goal_id}/status", {"status": "won"}, page=status_form.text)
    assert "Select the goal's status" in text_of(unknown.text)
    done = asha.post(
        f"/plan/goals/{goal_id}/status",
        {"status": "achieved", "reflection": "The team now brings ideas unprompted"},
        page=status_form.text,
    )
    page = asha.follow(done)
    assert "Achieved" in page.text and "The team now brings ideas unprompted" in page.text

    history = text_of(asha.get(f"/plan/{plan_id}/history").text)
    for expected in (
        "Plan version 1 drafted",
        "Goal added for",
        "Action added: Book <b>room</b>",
        "Action marked done",
        "Progress recorded for",
        "Status changed to Achieved. Reflection: The team now brings ideas unprompted",
    ):
        assert expected in history
    assert "Asha" in history
