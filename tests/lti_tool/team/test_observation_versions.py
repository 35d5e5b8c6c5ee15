"""A manager's view of a member, saved from two tabs: the second save of a dimension changed in
between is refused naming the level saved now, with the manager's choice kept to save again."""

from __future__ import annotations

import re

from support.plan_pages import form_fields
from support.team_data import submitted_plan, text_of, user_id

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
