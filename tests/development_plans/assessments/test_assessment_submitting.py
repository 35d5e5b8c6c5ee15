"""Submitting (development_plans.assessments.submitting): refused while anything is unanswered,
final once done, and what it stores is what the scoring rule says."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from support.assessment_data import (
    HLM,
    SMALL,
    T0,
    answer_everything,
    course,
    person,
    rolled_back,
    started,
)

from development_plans.assessments import (
    IMPORTANCE_SCALE,
    Assessment,
    AssessmentClosed,
    AssessmentStatus,
    BehaviourAnswer,
    IncompleteAssessment,
    latest_submitted,
    load_answers,
    move_to,
    results_for,
    save_dimension_answers,
    submit,
    unanswered,
)
from development_plans.assessments.scoring import PriorityItem, prioritise, score_dimension
from development_plans.framework import Framework


def test_submit_refuses_while_anything_is_unanswered(session, asha, lead101):
    assessment = started(session, asha, lead101)
    answer_everything(session, assessment, SMALL)
    save_dimension_answers(session, assessment, SMALL, "planning-together", {}, None)
    session.execute(
        BehaviourAnswer.__table__.delete().where(
            BehaviourAnswer.behaviour_id == "planning-together.advanced.2"
        )
    )
    with pytest.raises(IncompleteAssessment) as refused:
        submit(session, assessment, SMALL)
    assert [item.behaviour_id for item in refused.value.missing] == ["planning-together.advanced.2"]
    assert "1 question is not answered" in str(refused.value)
    assert assessment.status == AssessmentStatus.IN_PROGRESS
    assert assessment.dimension_results == []


def test_submit_needs_every_importance_too(session, asha, lead101):
    assessment = started(session, asha, lead101)
    answer_everything(session, assessment, SMALL, importance_for=lambda d: None)
    with pytest.raises(IncompleteAssessment) as refused:
        submit(session, assessment, SMALL)
    assert [item.dimension_id for item in refused.value.missing] == [d.id for d in SMALL.dimensions]
    assert all(item.behaviour_id is None for item in refused.value.missing)


def test_submit_stores_each_dimensions_level_and_closes_the_cycle(session, asha, lead101):
    assessment = started(session, asha, lead101)
    levels = {"foundation": 3, "developing": 2, "advanced": 1}
    answer_everything(
        session,
        assessment,
        SMALL,
        rating_for=lambda b: levels[b.level_id] if b.dimension_id != "listening" else 1,
        importance_for=lambda d: {"listening": 4, "giving-feedback": 2}.get(d.id, 3),
    )
    submitted_at = T0 + timedelta(days=9)
    submit(session, assessment, SMALL, now=submitted_at)
    session.expire_all()
    stored = session.get(Assessment, assessment.id)
    assert stored.status == AssessmentStatus.SUBMITTED and stored.is_submitted
    assert stored.submitted_at == submitted_at
    assert [
        (r.position, r.dimension_id, r.level_id, r.importance) for r in stored.dimension_results
    ] == [
        (0, "listening", None, 4),
        (1, "giving-feedback", "developing", 2),
        (2, "planning-together", "developing", 3),
    ]
    with pytest.raises(AssessmentClosed):
        save_dimension_answers(session, stored, SMALL, "listening", {}, 1)
    with pytest.raises(AssessmentClosed):
        submit(session, stored, SMALL)
    with pytest.raises(AssessmentClosed):
        move_to(stored, SMALL, 0)


def test_a_submission_racing_another_is_refused(session, asha, lead101):
    """Two clicks at once: the database, not the stale object in memory, decides who wins."""
    assessment = started(session, asha, lead101)
    answer_everything(session, assessment, SMALL)
    session.execute(
        update(Assessment.__table__)
        .where(Assessment.__table__.c.id == assessment.id)
        .values(status=AssessmentStatus.SUBMITTED.value)
    )
    assert assessment.status == AssessmentStatus.IN_PROGRESS  # the object has not seen it
    with pytest.raises(AssessmentClosed):
        submit(session, assessment, SMALL)
    assert assessment.dimension_results == []


def test_the_whole_healthcare_leadership_model_can_be_submitted(session, asha, lead101):
    assessment = started(session, asha, lead101, framework=HLM)
    assert len(unanswered(HLM, load_answers(session, assessment))) == 114 + 9
    answer_everything(session, assessment, HLM, rating_for=lambda b: 2)
    submit(session, assessment, HLM)
    results = results_for(session, assessment, HLM)
    assert len(results.dimensions) == 9
    assert {o.level.name for o in results.dimensions} == {"Exemplary"}
    assert results.dimensions[0].explanation.startswith("You are at Exemplary, the highest level")


def _ratings_for(framework: Framework):
    values = [option.value for option in framework.scale]
    return st.fixed_dictionaries(
        {b.id: st.sampled_from(values) for b in framework.all_behaviours()}
    )


def _importances_for(framework: Framework):
    values = [option.value for option in IMPORTANCE_SCALE]
    return st.fixed_dictionaries({d.id: st.sampled_from(values) for d in framework.dimensions})


@pytest.mark.parametrize("framework", [SMALL, HLM], ids=["small-pack", "leadership-model"])
def test_stored_results_match_the_scoring_rule(engine, framework):
    """Whatever the answers, what submit stores is what scoring.score_dimension says, and the
    priorities are scoring.prioritise's order."""

    @settings(
        max_examples=25 if framework is HLM else 60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(ratings=_ratings_for(framework), importances=_importances_for(framework))
    def check(ratings: dict[str, int], importances: dict[str, int]) -> None:
        with rolled_back(engine) as session:
            learner = person(session, "hypothesis")
            where = course(session, "PROP")
            assessment = started(session, learner, where, framework=framework)
            answer_everything(
                session,
                assessment,
                framework,
                rating_for=lambda b: ratings[b.id],
                importance_for=lambda d: importances[d.id],
            )
            submit(session, assessment, framework)
            session.expire_all()
            stored = latest_submitted(session, learner.id, where.id)
            expected = [
                (
                    d.id,
                    score_dimension(d.level_behaviour_ids(), ratings).level_id,
                    importances[d.id],
                )
                for d in framework.dimensions
            ]
            assert [
                (r.dimension_id, r.level_id, r.importance) for r in stored.dimension_results
            ] == expected

            results = results_for(session, stored, framework)
            ranks = {
                d.id: score_dimension(d.level_behaviour_ids(), ratings).rank
                for d in framework.dimensions
            }
            # a dimension at the top level has nothing above it: it is left out of the priorities
            order = prioritise(
                PriorityItem(d.id, ranks[d.id], importances[d.id])
                for d in framework.dimensions
                if ranks[d.id] < len(framework.levels)
            )
            assert [o.dimension.id for o in results.priorities] == [i.dimension_id for i in order]

    check()
