"""A manager's view of a member, saved from two tabs: the second save of a dimension changed in
between is refused naming the level saved now, with the manager's choice kept to save again."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select
from support.plan_pages import form_fields
from support.team_data import submitted_plan, text_of, user_id

from development_plans.team.models import ManagerObservation

ASHA = "demo-learner-asha"
DIMENSION = "engaging-the-team"


def test_a_stale_view_is_refused_and_the_choice_kept(app, launch):
    launch("asha")
    submitted_plan(app, ASHA, submit=False)
    carys = launch("carys")
    path = f"/team/members/{user_id(app, ASHA)}/observations"
    first_tab, second_tab = carys.get(path).text, carys.get(path).text
    assert form_fields(first_tab, "")[f"version-{DIMENSION}"] == "0"

    saved = carys.post(path, {**form_fields(first_tab, ""), DIMENSION: "proficient"})
    assert saved.status_code == 303
    stale = carys.post(path, {**form_fields(second_tab, ""), DIMENSION: "strong"})

    assert stale.status_code == 400
    text = text_of(stale.text)
    assert "There is a problem" in text and "in another tab or window" in text
    assert "it is now Proficient" in text
    assert re.search(rf'name="{DIMENSION}" type="radio" value="strong" checked', stale.text)
    assert form_fields(stale.text, "")[f"version-{DIMENSION}"] == "1"

    again = carys.post(path, {**form_fields(stale.text, ""), DIMENSION: "strong"})
    assert again.status_code == 303
    changed = carys.post(path, {**form_fields(first_tab, ""), DIMENSION: "exemplary"})
    assert changed.status_code == 400  # the first tab is now stale too
    assert "it is now Strong" in text_of(changed.text)


def test_two_first_views_saved_at_once_let_one_through(app, launch):
    """Tabs opened before any view of the dimension, saved at the same moment: one view is kept
    (version 1), the other saves are refused naming it, never a unique-constraint error."""
    launch("asha")
    submitted_plan(app, ASHA, submit=False)
    carys = launch("carys")
    path = f"/team/members/{user_id(app, ASHA)}/observations"
    form = form_fields(carys.get(path).text, "")
    levels = ["essential", "proficient", "strong", "exemplary"]
    start = threading.Barrier(len(levels))

    def save(level: str):
        start.wait()
        return carys.post(path, {**form, DIMENSION: level})

    with ThreadPoolExecutor(len(levels)) as pool:
        sent = list(pool.map(save, levels))

    assert sorted(r.status_code for r in sent) == [303, 400, 400, 400]
    kept = levels[[r.status_code for r in sent].index(303)]
    for refused in (r for r in sent if r.status_code == 400):
        assert f"it is now {kept.capitalize()}" in text_of(refused.text)
    assert _views(app, ASHA) == [(DIMENSION, kept, 1)]


def _views(app, member: str) -> list[tuple[str, str, int]]:
    from lti_tool.extensions import db

    with app.app_context():
        rows = db.session.execute(
            select(
                ManagerObservation.dimension_id,
                ManagerObservation.level_id,
                ManagerObservation.version_id,
            ).where(ManagerObservation.member_id == user_id(app, member))
        )
        return [tuple(row) for row in rows]
