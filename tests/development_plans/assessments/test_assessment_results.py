"""Results (development_plans.assessments.results): the change since the previous cycle against
the same framework, and the priorities."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.assessment_data import (
    HLM,
    SMALL,
    T0,
    answer_everything,
    started,
)

from development_plans.assessments import (
    AssessmentError,
    current_assessment,
    history,
    latest_submitted,
    results_for,
    submit,
)


def test_new_cycle_after_submission_and_the_change_since_the_last(session, asha, lead101):
    first = started(session, asha, lead101)
    answer_everything(session, first, SMALL, rating_for=lambda b: 1)
    submit(session, first, SMALL, now=T0)

    second = started(session, asha, lead101, now=T0 + timedelta(days=90))
    assert (second.cycle, second.status) == (2, "in_progress")
    assert current_assessment(session, asha.id, lead101.id).id == second.id
    assert latest_submitted(session, asha.id, lead101.id).id == first.id

    up = {"foundation": 3, "developing": 3, "advanced": 1}
    answer_everything(
        session,
        second,
        SMALL,
        rating_for=lambda b: up[b.level_id] if b.dimension_id != "listening" else 1,
    )
    submit(session, second, SMALL, now=T0 + timedelta(days=91))
    assert latest_submitted(session, asha.id, lead101.id).id == second.id
    assert [a.cycle for a in history(session, asha.id, lead101.id)] == [2, 1]

    results = results_for(session, second, SMALL)
    assert results.previous.id == first.id
    by_id = {o.dimension.id: o for o in results.dimensions}
    assert by_id["listening"].change == 0 and by_id["listening"].change_text == "No change"
    assert by_id["giving-feedback"].previous_level.id == "not-yet"
    assert by_id["giving-feedback"].level.id == "developing"
    assert by_id["giving-feedback"].change == 2
    assert by_id["giving-feedback"].change_text == "Up 2 levels"
    assert [row.previous_rank for row in results.chart_rows()] == [0, 0, 0]
    assert [row.current_rank for row in results.chart_rows()] == [0, 2, 2]
    assert results.level_names == ["Not yet", "Foundation", "Developing", "Advanced"]

    earlier = results_for(session, first, SMALL)
    assert earlier.previous is None
    assert all(o.change is None and o.previous_level is None for o in earlier.dimensions)


def test_priorities_put_important_dimensions_with_the_lowest_levels_first(session, asha, lead101):
    assessment = started(session, asha, lead101)
    # listening: Not yet, very important; giving-feedback: Advanced, very important;
    # planning-together: Foundation, slightly important.
    ratings = {"listening": {}, "giving-feedback": {}, "planning-together": {"foundation": 3}}
    answer_everything(
        session,
        assessment,
        SMALL,
        rating_for=lambda b: (
            3 if b.dimension_id == "giving-feedback" else ratings[b.dimension_id].get(b.level_id, 1)
        ),
        importance_for=lambda d: 2 if d.id == "planning-together" else 4,
    )
    submit(session, assessment, SMALL)
    results = results_for(session, assessment, SMALL)
    # giving-feedback is at Advanced, the top level: nothing above it, so not a priority.
    assert [o.dimension.id for o in results.priorities] == ["listening", "planning-together"]
    assert [o.importance_label for o in results.priorities] == [
        "Very important",
        "Slightly important",
    ]


def test_results_only_exist_for_submitted_assessments(session, asha, lead101):
    assessment = started(session, asha, lead101)
    with pytest.raises(AssessmentError, match="not been submitted"):
        results_for(session, assessment, SMALL)


def test_another_framework_is_not_compared_with(session, asha, lead101):
    first = started(session, asha, lead101, framework=SMALL)
    answer_everything(session, first, SMALL)
    submit(session, first, SMALL)
    second = started(session, asha, lead101, framework=HLM)
    answer_everything(session, second, HLM)
    submit(session, second, HLM)
    assert results_for(session, second, HLM).previous is None
