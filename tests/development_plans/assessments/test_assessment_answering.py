"""Answering a self-assessment (development_plans.assessments.answering): starting and resuming,
saving pages, refusing answers outside the framework, remembering the page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from support.assessment_data import (
    SMALL,
    T0,
    started,
)

from development_plans.assessments import (
    Assessment,
    BehaviourAnswer,
    InvalidAnswer,
    answers_version,
    load_answers,
    move_to,
    save_dimension_answers,
    unanswered,
)
from development_plans.db import EditConflict


def test_start_creates_the_first_cycle_and_then_resumes_it(session, asha, lead101):
    first = started(session, asha, lead101)
    assert (first.cycle, first.status, first.current_dimension) == (1, "in_progress", 0)
    assert (first.framework_id, first.framework_version) == (SMALL.id, SMALL.version)
    assert first.started_at == T0
    assert started(session, asha, lead101, now=T0 + timedelta(days=3)).id == first.id
    assert session.scalar(select(func.count()).where(Assessment.user_id == asha.id)) == 1


def test_partial_answers_are_kept_and_the_rest_listed_as_unanswered(session, asha, lead101):
    assessment = started(session, asha, lead101)
    listening = SMALL.dimension("listening")
    save_dimension_answers(
        session, assessment, SMALL, "listening", {"listening.foundation.1": 2}, None
    )
    answers = load_answers(session, assessment)
    assert answers.ratings == {"listening.foundation.1": 2}
    assert answers.importances == {}

    missing = unanswered(SMALL, answers)
    total = sum(len(d.all_behaviours()) + 1 for d in SMALL.dimensions)
    assert len(missing) == total - 1
    first = missing[0]
    assert (first.dimension_id, first.dimension_number, first.behaviour_id) == (
        "listening",
        1,
        "listening.foundation.2",
    )
    assert first.question == listening.all_behaviours()[1].self_text
    importance = [item for item in missing if item.behaviour_id is None]
    assert [item.dimension_id for item in importance] == [d.id for d in SMALL.dimensions]
    assert importance[0].question == "How important is Listening to your current role?"
    assert [item.dimension_number for item in missing] == sorted(
        item.dimension_number for item in missing
    )


def test_saving_again_changes_answers_in_place_and_keeps_those_left_out(session, asha, lead101):
    assessment = started(session, asha, lead101)
    save_dimension_answers(
        session,
        assessment,
        SMALL,
        "listening",
        {"listening.foundation.1": 1, "listening.foundation.2": 2},
        2,
        now=T0,
    )
    later = T0 + timedelta(days=4)
    save_dimension_answers(
        session, assessment, SMALL, "listening", {"listening.foundation.1": 3}, 4, now=later
    )
    answers = load_answers(session, assessment)
    assert answers.ratings == {"listening.foundation.1": 3, "listening.foundation.2": 2}
    assert answers.importances == {"listening": 4}
    stored = select(func.count()).where(BehaviourAnswer.assessment_id == assessment.id)
    assert session.scalar(stored) == 2
    assert assessment.updated_at == later


@pytest.mark.parametrize(
    ("dimension_id", "ratings", "importance", "message"),
    [
        ("listening", {"giving-feedback.foundation.1": 2}, None, "not a behaviour of Listening"),
        ("listening", {"listening.foundation.1": 0}, None, "not a rating"),
        ("listening", {"listening.foundation.1": 4}, None, "not a rating"),
        ("listening", {}, 5, "not one of the importance options"),
        ("listening", {}, 0, "not one of the importance options"),
        ("no-such-dimension", {}, 2, "no dimension"),
    ],
)
def test_answers_outside_the_framework_are_refused(
    session, asha, lead101, dimension_id, ratings, importance, message
):
    assessment = started(session, asha, lead101)
    with pytest.raises(InvalidAnswer, match=message):
        save_dimension_answers(session, assessment, SMALL, dimension_id, ratings, importance)
    assert load_answers(session, assessment).ratings == {}


def test_move_to_remembers_the_page_within_bounds(session, asha, lead101):
    assessment = started(session, asha, lead101)
    move_to(assessment, SMALL, 2)
    assert assessment.current_dimension == 2
    move_to(assessment, SMALL, 99)
    assert assessment.current_dimension == len(SMALL.dimensions)
    move_to(assessment, SMALL, -1)
    assert assessment.current_dimension == 0


def test_a_page_saved_from_an_older_version_is_refused_and_changes_nothing(session, asha, lead101):
    assessment = started(session, asha, lead101)
    assert answers_version(session, assessment, "listening") == 0
    save_dimension_answers(
        session, assessment, SMALL, "listening", {"listening.foundation.1": 2}, 3, opened_at=0
    )
    assert answers_version(session, assessment, "listening") == 1
    assert answers_version(session, assessment, SMALL.dimensions[1].id) == 0

    with pytest.raises(EditConflict) as refused:
        save_dimension_answers(
            session, assessment, SMALL, "listening", {"listening.foundation.1": 1}, 3, opened_at=0
        )
    assert refused.value.row.version_id == 1
    assert load_answers(session, assessment).ratings == {"listening.foundation.1": 2}

    save_dimension_answers(  # the same answers again, from the stale page: nothing to refuse
        session, assessment, SMALL, "listening", {"listening.foundation.1": 2}, 3, opened_at=0
    )
    save_dimension_answers(
        session, assessment, SMALL, "listening", {"listening.foundation.2": 1}, None, opened_at=1
    )
    assert answers_version(session, assessment, "listening") == 2
    assert load_answers(session, assessment).ratings == {
        "listening.foundation.1": 2,
        "listening.foundation.2": 1,
    }
