"""Never lose an edit: each goal form carries the version it was opened at, and a save from an
older version (another tab saved in between) is refused, showing the version saved now beside
what the learner typed, who can then keep theirs or use the saved one."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from support.plan_data import submit_assessment
from support.plan_pages import add_goal, form_fields, goal_fields, start_plan, text_of

from development_plans.goals import Goal
from development_plans.plans import PlanEvent

ASHA = "demo-learner-asha"


def _goal(app, asha) -> tuple[int, str]:
    submit_assessment(app, ASHA, {})
    _, plan_page = start_plan(asha)
    form, saved = add_goal(asha, plan_page)
    assert saved.status_code == 303, saved.text[:1000]
    goal_id = int(re.search(r"/plan/goals/(\d+)", saved.headers["Location"]).group(1))
    behaviour = re.search(r'name="behaviour_ids" type="checkbox" value="([^"]+)"', form.text)
    return goal_id, behaviour.group(1)


def _events(app, action: str) -> int:
    from lti_tool.extensions import db

    with app.app_context():
        return db.session.scalar(select(func.count()).where(PlanEvent.action == action))


def _saved_goal(app, goal_id: int) -> Goal:
    from lti_tool.extensions import db

    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        db.session.expunge(goal)
        return goal


def test_a_stale_goal_save_is_refused_showing_both_versions(app, asha):
    goal_id, behaviour = _goal(app, asha)
    edit = f"/plan/goals/{goal_id}/edit"
    first_tab, second_tab = asha.get(edit).text, asha.get(edit).text
    assert form_fields(first_tab, "")["version_id"] == "1"

    saved = asha.post(
        edit,
        {
            **goal_fields(behaviour, specific="Run the huddle on Mondays"),
            **form_fields(first_tab, ""),
        },
        page=first_tab,
    )
    assert saved.status_code == 303
    typed = "Chair the Thursday safety huddle and note each idea"
    stale = asha.post(
        edit,
        {**goal_fields(behaviour, specific=typed), **form_fields(second_tab, "")},
        page=second_tab,
    )

    assert stale.status_code == 400
    text = text_of(stale.text)
    assert "There is a problem" in text and "changed and saved in another tab" in text
    assert 'href="#version"' in stale.text
    assert "The version saved now" in text and "Run the huddle on Mondays" in text
    assert f">{typed}</textarea>" in stale.text  # nothing typed is lost
    assert f'href="{edit}"' in stale.text  # use the saved version instead
    assert form_fields(stale.text, "")["version_id"] == "2"
    assert _saved_goal(app, goal_id).specific == "Run the huddle on Mondays"
    assert _events(app, "goal_changed") == 1

    kept = asha.post(
        edit,
        {**goal_fields(behaviour, specific=typed), **form_fields(stale.text, "")},
        page=stale.text,
    )
    assert kept.status_code == 303
    goal = _saved_goal(app, goal_id)
    assert (goal.specific, goal.version_id) == (typed, 3)
    assert _events(app, "goal_changed") == 2


def test_a_stale_save_that_changes_nothing_is_not_a_conflict(app, asha):
    goal_id, behaviour = _goal(app, asha)
    edit = f"/plan/goals/{goal_id}/edit"
    first_tab, second_tab = asha.get(edit).text, asha.get(edit).text
    same = {**goal_fields(behaviour, specific="Run the huddle on Mondays")}
    assert (
        asha.post(edit, {**same, **form_fields(first_tab, "")}, page=first_tab).status_code == 303
    )
    again = asha.post(edit, {**same, **form_fields(second_tab, "")}, page=second_tab)
    assert again.status_code == 303
    assert _saved_goal(app, goal_id).version_id == 2


def test_a_stale_status_change_is_refused_and_keeps_the_reflection(app, asha):
    goal_id, _ = _goal(app, asha)
    path = f"/plan/goals/{goal_id}/status"
    first_tab, second_tab = asha.get(path).text, asha.get(path).text
    dropped = asha.post(
        path, {"status": "dropped", "reason": "My role changed", **form_fields(first_tab, "")}
    )
    assert dropped.status_code == 303
    reflection = "I led six huddles and the team tried three ideas"
    stale = asha.post(
        path, {"status": "achieved", "reflection": reflection, **form_fields(second_tab, "")}
    )
    assert stale.status_code == 400
    text = text_of(stale.text)
    assert "The version saved now" in text and "Dropped" in text and "My role changed" in text
    assert f">{reflection}</textarea>" in stale.text
    assert _saved_goal(app, goal_id).status == "dropped"


def test_a_goal_saved_twice_from_one_form_is_added_once(app, asha):
    submit_assessment(app, ASHA, {})
    plan_id, plan_page = start_plan(asha)
    new = re.search(r"/plan/\d+/items/\d+/goals/new", plan_page).group(0)
    form = asha.get(new).text
    behaviour = re.search(r'name="behaviour_ids" type="checkbox" value="([^"]+)"', form).group(1)
    fields = {**goal_fields(behaviour), **form_fields(form, "")}

    first, second = (asha.post(new, fields, page=form) for _ in range(2))

    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert "already saved" in text_of(asha.get(second.headers["Location"]).text)
    assert _events(app, "goal_added") == 1


def test_progress_and_actions_sent_twice_are_recorded_once(app, asha):
    goal_id, _ = _goal(app, asha)
    goal_page = asha.get(f"/plan/goals/{goal_id}").text
    action = f"/plan/goals/{goal_id}/actions"
    for _ in range(2):
        sent = asha.post(action, {"text": "Book the room", **form_fields(goal_page, action)})
        assert sent.status_code == 303
    progress = f"/plan/goals/{goal_id}/progress"
    form = asha.get(progress).text
    fields = {
        "note": "Led the first huddle",
        **{f"occurred_on-{k}": v for k, v in (("day", "1"), ("month", "1"), ("year", "2026"))},
        **form_fields(form, ""),
    }
    fields.update(
        {k: v for k, v in re.findall(r'name="(occurred_on-\w+)"[^>]*value="(\d+)"', form)}
    )
    for _ in range(2):
        assert asha.post(progress, fields, page=form).status_code == 303
    assert _events(app, "action_added") == 1
    assert _events(app, "progress_recorded") == 1


def test_simultaneous_saves_of_one_version_let_one_through(app, asha):
    """Two posts of the same opened form at the same moment (a double click that reaches two
    worker threads): the version's compare-and-set lets exactly one change the goal."""
    goal_id, behaviour = _goal(app, asha)
    edit = f"/plan/goals/{goal_id}/edit"
    form = asha.get(edit).text
    texts = ["Run the huddle on Mondays and note ideas", "Run the huddle on Fridays and note ideas"]
    start = threading.Barrier(len(texts))

    def save(text: str):
        fields = {**goal_fields(behaviour, specific=text), **form_fields(form, "")}
        start.wait()
        return asha.post(edit, fields, page=form).status_code

    with ThreadPoolExecutor(len(texts)) as pool:
        statuses = sorted(pool.map(save, texts))

    assert statuses == [303, 400]
    goal = _saved_goal(app, goal_id)
    assert goal.version_id == 2 and goal.specific in texts
    assert _events(app, "goal_changed") == 1


def test_one_new_goal_form_sent_twice_at_once_adds_one_goal(app, asha):
    submit_assessment(app, ASHA, {})
    _, plan_page = start_plan(asha)
    new = re.search(r"/plan/\d+/items/\d+/goals/new", plan_page).group(0)
    form = asha.get(new).text
    behaviour = re.search(r'name="behaviour_ids" type="checkbox" value="([^"]+)"', form).group(1)
    fields = {**goal_fields(behaviour), **form_fields(form, "")}
    start = threading.Barrier(2)

    def send(_):
        start.wait()
        return asha.post(new, fields, page=form)

    with ThreadPoolExecutor(2) as pool:
        sent = list(pool.map(send, range(2)))

    assert [r.status_code for r in sent] == [303, 303]
    assert sent[0].headers["Location"] == sent[1].headers["Location"]
    assert _events(app, "goal_added") == 1
