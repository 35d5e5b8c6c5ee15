"""The learner's data export: everything the tool holds about one learner, grouped by course,
as plain JSON values, and nothing about anyone else."""

from __future__ import annotations

import json
from datetime import date

from support.plan_data import assess, draft, smart_goal

from development_plans.goals import add_action, record_progress
from development_plans.plans import approve, draft_plan, submit_for_review
from development_plans.plans.export import EXPORT_FORMAT, learner_export


def _asha_with_an_approved_plan(db, fw, people):
    asha, carys = people["asha"], people["carys"]
    assessment = assess(db, fw, asha.id, people["course"].id, levels={"leading-with-care": None})
    plan = draft_plan(
        db,
        user=asha,
        course_id=people["course"].id,
        placement_id=None,
        framework=fw,
        results=assessment.dimension_results,
        assessment_id=assessment.id,
        cycle=assessment.cycle,
    )
    goal = smart_goal(db, plan, fw, asha)
    add_action(db, goal, "Book a room", asha)
    record_progress(
        db,
        goal,
        asha,
        note="Ran the first huddle",
        occurred_on=date.today(),
        today=date.today(),
        evidence_links="https://example.nhs.uk/notes",
    )
    submit_for_review(db, plan, asha)
    approve(db, plan, carys, "Good plan")
    db.flush()
    return assessment, plan, goal


def test_export_holds_the_learners_assessments_plans_goals_and_history(db, fw, people):
    asha = people["asha"]
    assessment, plan, goal = _asha_with_an_approved_plan(db, fw, people)
    draft(db, fw, people["ben"], people["course"])

    data = learner_export(db, asha)

    assert data["format"] == EXPORT_FORMAT
    assert data["person"] == {
        "name": "Asha",
        "email": asha.email,
        "lms": "https://lms.example",
        "lms_user_id": asha.subject,
    }
    [course] = data["courses"]
    assert course["lms_context_id"] == "course-1"
    [exported_assessment] = course["assessments"]
    assert exported_assessment["id"] == assessment.id
    assert exported_assessment["status"] == "submitted"
    behaviours = sum(len(e.behaviours) for d in fw.dimensions for e in d.levels)
    assert len(exported_assessment["answers"]) == behaviours
    assert exported_assessment["importance"] == {d.id: 2 for d in fw.dimensions}
    results = {r["dimension_id"]: r["level_id"] for r in exported_assessment["results"]}
    assert results["leading-with-care"] is None and results["engaging-the-team"] == "essential"

    [exported_plan] = course["plans"]
    assert exported_plan["id"] == plan.id and exported_plan["status"] == "approved"
    assert exported_plan["review_message"] == "Good plan"
    assert len(exported_plan["items"]) == len(fw.dimensions)
    care = next(i for i in exported_plan["items"] if i["dimension_id"] == "leading-with-care")
    assert care["current_level_id"] == "insufficient" and care["in_plan"]
    [exported_goal] = exported_plan["goals"]
    assert exported_goal["id"] == goal.id and exported_goal["status"] == "in_progress"
    assert [a["text"] for a in exported_goal["actions"]] == ["Book a room"]
    [update] = exported_goal["progress"]
    assert update["note"] == "Ran the first huddle"
    assert update["evidence_links"] == ["https://example.nhs.uk/notes"]
    assert update["date"] == date.today().isoformat()
    history = [(e["action"], e["by"]) for e in exported_plan["history"]]
    assert history == [
        ("plan_drafted", "Asha"),
        ("goal_added", "Asha"),
        ("action_added", "Asha"),
        ("progress_recorded", "Asha"),
        ("goal_status", "Asha"),
        ("plan_submitted", "Asha"),
        ("plan_approved", "Carys"),
    ]
    assert json.loads(json.dumps(data)) == data


def test_export_says_what_each_rating_level_and_behaviour_id_means(db, fw, people):
    _asha_with_an_approved_plan(db, fw, people)
    data = learner_export(db, people["asha"], {fw.id: fw})
    scale = {o.value: o.label for o in fw.scale}
    assert data["scales"]["ratings"][fw.id] == [
        {"value": value, "means": label} for value, label in scale.items()
    ]
    assert data["scales"]["importance"][-1] == {"value": 4, "means": "Very important"}
    [course] = data["courses"]
    [assessment] = course["assessments"]
    for answer in assessment["answers"]:
        assert answer["behaviour"] == fw.behaviour(answer["behaviour_id"]).self_text
        assert answer["rating_means"] == scale[answer["rating"]]
    assert set(assessment["importance_means"].values()) == {"Slightly important"}
    levels = {r["dimension_id"]: r["level"] for r in assessment["results"]}
    assert levels["leading-with-care"] == "Insufficient – not yet consistently at Essential"
    assert levels["engaging-the-team"] == "Essential"
    [plan] = course["plans"]
    care = next(i for i in plan["items"] if i["dimension_id"] == "leading-with-care")
    assert care["current_level"] == "Insufficient – not yet consistently at Essential"
    assert care["target_level"] == "Essential" and care["importance_means"] == "Slightly important"
    [goal] = plan["goals"]
    assert goal["focus_behaviours"] == [
        fw.behaviour(b).self_text for b in goal["focus_behaviour_ids"]
    ]
    assert json.loads(json.dumps(data)) == data


def test_a_learner_without_data_exports_no_courses(db, people):
    data = learner_export(db, people["ben"])
    assert data["courses"] == []
    assert data["person"]["name"] == "Ben"
