"""Gap analysis, the order of a plan's priorities and the behaviours to work on next."""

from __future__ import annotations

from support.plan_data import Result, draft

from development_plans import plans
from development_plans.plans import (
    focus_behaviours,
    gap_analysis,
    prioritised_items,
)


def test_gap_analysis_reports_current_target_and_size(fw):
    gaps = gap_analysis(
        fw,
        [Result("leading-with-care", None, 3), Result("engaging-the-team", "exemplary", 4)],
        {"leading-with-care": "strong"},
    )
    assert [(g.dimension_id, g.current_level_id, g.suggested_target_id, g.size) for g in gaps] == [
        ("leading-with-care", "insufficient", "strong", 3),
        ("engaging-the-team", "exemplary", "exemplary", 0),
    ]


def test_bigger_gap_comes_first_at_equal_importance(db, fw, people):
    c = people["course"]
    plans.set_course_target(
        db,
        course_id=c.id,
        framework=fw,
        dimension_id="developing-capability",
        level_id="exemplary",
        by_user=people["carys"],
    )
    plan = draft(db, fw, people["asha"], c)
    assert prioritised_items(fw, plan)[0].dimension_id == "developing-capability"


def test_focus_behaviours_are_the_next_level_up_in_self_phrasing(fw, db, people):
    plan = draft(db, fw, people["asha"], people["course"], leading_with_care=(None, 3))
    item = plan.item_for("leading-with-care")
    behaviours = focus_behaviours(fw, item)
    assert behaviours == fw.dimension("leading-with-care").behaviours_at("essential")
    assert [b.self_text for b in behaviours] == [b.text("self") for b in behaviours]
    top = plan.item_for("inspiring-shared-purpose")
    top.current_level_id = "exemplary"
    assert focus_behaviours(fw, top) == fw.dimension("inspiring-shared-purpose").behaviours_at(
        "exemplary"
    )
