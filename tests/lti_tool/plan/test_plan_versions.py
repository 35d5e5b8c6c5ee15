"""Targets saved from an older version of the page (another tab saved in between) are refused
for the dimensions that changed, naming the saved target, with the learner's choice kept."""

from __future__ import annotations

import re

from support.plan_data import submit_assessment
from support.plan_pages import form_fields, start_plan, text_of

ASHA = "demo-learner-asha"


def test_a_stale_target_is_refused_and_the_choice_kept(app, asha):
    submit_assessment(app, ASHA, {})
    plan_id, _ = start_plan(asha)
    path = f"/plan/{plan_id}/targets"
    first_tab, second_tab = asha.get(path).text, asha.get(path).text
    assert form_fields(first_tab, "")["version-sharing-the-vision"] == "1"

    saved = asha.post(path, {"target-sharing-the-vision": "strong", **form_fields(first_tab, "")})
    assert saved.status_code == 303
    stale = asha.post(
        path, {"target-sharing-the-vision": "exemplary", **form_fields(second_tab, "")}
    )

    assert stale.status_code == 400
    text = text_of(stale.text)
    assert "There is a problem" in text
    assert "changed and saved in another tab" in text and "The saved target is now Strong" in text
    assert 'value="exemplary" checked' in stale.text
    kept = asha.post(
        path, {"target-sharing-the-vision": "exemplary", **form_fields(stale.text, "")}
    )
    assert kept.status_code == 303
    assert re.search(
        r'name="target-sharing-the-vision" type="radio"[^>]*value="exemplary" checked',
        asha.get(path).text,
    )
