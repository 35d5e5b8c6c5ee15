"""The self-assessment domain (development_plans.assessments), on the migrated test database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from development_plans.assessments import (
    DEFAULT_FRAMEWORK_ID,
    IMPORTANCE_SCALE,
    Assessment,
    AssessmentClosed,
    AssessmentError,
    AssessmentStatus,
    BehaviourAnswer,
    FrameworkUnavailable,
    IncompleteAssessment,
    InvalidAnswer,
    current_assessment,
    framework_for_placement,
    framework_of,
    history,
    latest_submitted,
    load_answers,
    move_to,
    owned_assessment,
    results_for,
    save_dimension_answers,
    start_or_resume,
    submit,
    unanswered,
)
from development_plans.framework import Framework, load_framework
from development_plans.models import Course, User
from development_plans.scoring import PriorityItem, prioritise, score_dimension

REPO_ROOT = Path(__file__).resolve().parents[2]
HLM = load_framework(REPO_ROOT / "content" / "frameworks" / "healthcare-leadership-model.yaml")
SMALL = load_framework(REPO_ROOT / "tests" / "fixtures" / "packs" / "valid" / "small-pack.yaml")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


@contextmanager
def rolled_back(engine: Engine) -> Iterator[Session]:
    """A session whose work is never committed: each test leaves the database as it found it."""
    with engine.connect() as connection:
        transaction = connection.begin()
        session = Session(bind=connection)
        try:
            yield session
        finally:
            session.close()
            transaction.rollback()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with rolled_back(engine) as session:
        yield session


def person(session: Session, subject: str) -> User:
    user = User(issuer="https://lms.example", subject=subject, name=subject.title())
    session.add(user)
    session.flush()
    return user


def course(session: Session, context_id: str) -> Course:
    row = Course(
        issuer="https://lms.example", client_id="c", deployment_id="1", context_id=context_id
    )
    session.add(row)
    session.flush()
    return row


def started(
    session: Session, user: User, where: Course, framework: Framework = SMALL, now=T0
) -> Assessment:
    return start_or_resume(
        session,
        user_id=user.id,
        course_id=where.id,
        placement_id=None,
        framework=framework,
        now=now,
    )


def answer_everything(
    session: Session,
    assessment: Assessment,
    framework: Framework,
    rating_for=lambda behaviour: 3,
    importance_for=lambda dimension: 3,
) -> None:
    for dimension in framework.dimensions:
        save_dimension_answers(
            session,
            assessment,
            framework,
            dimension.id,
            {b.id: rating_for(b) for b in dimension.all_behaviours()},
            importance_for(dimension),
        )


@pytest.fixture
def asha(session: Session) -> User:
    return person(session, "asha")


@pytest.fixture
def ben(session: Session) -> User:
    return person(session, "ben")


@pytest.fixture
def lead101(session: Session) -> Course:
    return course(session, "LEAD101")


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
    assert [o.dimension.id for o in results.priorities] == [
        "listening",
        "giving-feedback",
        "planning-together",
    ]
    assert [o.importance_label for o in results.priorities] == [
        "Very important",
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


def test_learners_and_courses_are_kept_apart(session, asha, ben, lead101):
    other_course = course(session, "LEAD202")
    ashas = started(session, asha, lead101)
    bens = started(session, ben, lead101)
    ashas_other = started(session, asha, other_course)
    assert len({ashas.id, bens.id, ashas_other.id}) == 3
    assert ashas_other.cycle == 1

    assert owned_assessment(session, ashas.id, user_id=asha.id, course_id=lead101.id) is ashas
    assert owned_assessment(session, ashas.id, user_id=ben.id, course_id=lead101.id) is None
    assert owned_assessment(session, ashas.id, user_id=asha.id, course_id=other_course.id) is None
    assert current_assessment(session, ben.id, lead101.id).id == bens.id
    assert history(session, asha.id, lead101.id) == [ashas]
    assert latest_submitted(session, asha.id, lead101.id) is None
    assert current_assessment(session, ben.id, other_course.id) is None


def test_framework_for_placement_defaults_to_the_leadership_model():
    both = {HLM.id: HLM, SMALL.id: SMALL}
    assert HLM.id == DEFAULT_FRAMEWORK_ID
    assert framework_for_placement(both) is HLM
    assert framework_for_placement(both, SMALL.id) is SMALL
    assert framework_for_placement({SMALL.id: SMALL}) is SMALL
    with pytest.raises(FrameworkUnavailable, match="'missing-pack'"):
        framework_for_placement(both, "missing-pack")
    with pytest.raises(FrameworkUnavailable, match="default"):
        framework_for_placement({})


def test_framework_of_names_a_missing_pack(session, asha, lead101):
    assessment = started(session, asha, lead101)
    assert framework_of(assessment, {SMALL.id: SMALL}) is SMALL
    with pytest.raises(FrameworkUnavailable, match=SMALL.id):
        framework_of(assessment, {HLM.id: HLM})


def test_importance_scale_runs_from_not_important_to_very_important():
    assert [(o.value, o.label) for o in IMPORTANCE_SCALE] == [
        (1, "Not important"),
        (2, "Slightly important"),
        (3, "Important"),
        (4, "Very important"),
    ]


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
            order = prioritise(
                PriorityItem(
                    d.id,
                    score_dimension(d.level_behaviour_ids(), ratings).rank,
                    importances[d.id],
                )
                for d in framework.dimensions
            )
            assert [o.dimension.id for o in results.priorities] == [i.dimension_id for i in order]

    check()
