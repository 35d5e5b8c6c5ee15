"""Asking for feedback: the window, who may be asked, links kept only as hashes, reminders,
withdrawn links, counts per group and closing early."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.assessment_data import HLM, started
from support.feedback_data import NOW as T0

from development_plans.feedback import (
    FeedbackError,
    InvalidRater,
    NotAllowed,
    RequestState,
    WindowClosed,
    add_external_rater,
    add_member_rater,
    close_early,
    group_counts,
    remind,
    revoke,
    save_answers,
    send_answers,
    start_request,
    state_of,
    token_hash,
)
from development_plans.feedback.models import FeedbackSettings, ReleaseMode

LATER = T0 + timedelta(hours=1)


def _answer(session, rater, now=LATER):
    dimension = HLM.dimensions[0]
    ratings = {b.id: 2 for b in dimension.all_behaviours()}
    save_answers(session, rater, HLM, dimension.id, ratings=ratings, importance=3, now=now)
    send_answers(session, rater, HLM, now=now)


def test_a_request_needs_the_learners_own_assessment_and_a_sensible_window(session, people):
    assessment = started(session, people["asha"], people["course"], HLM)
    kwargs = {"assessment": assessment, "framework": HLM, "now": T0}
    with pytest.raises(NotAllowed):
        start_request(session, learner=people["ben"], closes_at=T0 + timedelta(days=7), **kwargs)
    for closes in (T0 + timedelta(hours=2), T0 + timedelta(days=91)):
        with pytest.raises(InvalidRater):
            start_request(session, learner=people["asha"], closes_at=closes, **kwargs)
    start_request(session, learner=people["asha"], closes_at=T0 + timedelta(days=7), **kwargs)
    with pytest.raises(NotAllowed, match="already asked"):
        start_request(session, learner=people["asha"], closes_at=T0 + timedelta(days=7), **kwargs)


def test_the_course_setting_chooses_release_on_closing(session, people):
    session.add(
        FeedbackSettings(
            course_id=people["course"].id,
            min_group_size=2,
            release_mode=ReleaseMode.ON_CLOSING.value,
        )
    )
    session.flush()
    assessment = started(session, people["asha"], people["course"], HLM)
    request = start_request(
        session,
        learner=people["asha"],
        assessment=assessment,
        framework=HLM,
        closes_at=T0 + timedelta(days=2),
        now=T0,
    )
    assert state_of(request, T0) is RequestState.OPEN
    assert state_of(request, T0 + timedelta(days=2)) is RequestState.RELEASED


def test_raters_come_from_the_course_or_by_email_each_in_a_group(session, people, request_):
    rater = add_member_rater(
        session, request_, HLM, user_id=people["pia"].id, group_id="peers", now=LATER
    )
    assert (rater.user_id, rater.token_hash, rater.group_id) == (people["pia"].id, None, "peers")
    with pytest.raises(InvalidRater, match="already"):
        add_member_rater(session, request_, HLM, user_id=people["pia"].id, group_id="peers")
    for user, problem in ((people["asha"], "self-assessment"), (people["dan"], "listed")):
        with pytest.raises(InvalidRater, match=problem):
            add_member_rater(session, request_, HLM, user_id=user.id, group_id="peers")
    with pytest.raises(InvalidRater, match="group"):
        add_member_rater(session, request_, HLM, user_id=people["ben"].id, group_id="friends")

    external, token = add_external_rater(
        session,
        request_,
        HLM,
        email=" Rae@Example.NHS.uk ",
        name="Rae  Smith",
        group_id="direct-reports",
        now=LATER,
    )
    assert (external.email, external.name) == ("rae@example.nhs.uk", "Rae Smith")
    assert len(token) >= 43 and external.token_hash == token_hash(token) != token
    with pytest.raises(InvalidRater, match="already"):
        add_external_rater(
            session, request_, HLM, email="rae@example.nhs.uk", name="R", group_id="others"
        )
    for email in ("not-an-email", "a@b", "x <x@y.z>", "asha@example.nhs.uk"):
        with pytest.raises(InvalidRater):
            add_external_rater(session, request_, HLM, email=email, name="X", group_id="others")


def test_counts_per_group_never_say_who_and_close_early_needs_every_group_shown(
    session, people, request_
):
    peers = [
        add_member_rater(session, request_, HLM, user_id=people[n].id, group_id="peers")
        for n in ("pia", "pete", "paul")
    ]
    manager = add_member_rater(
        session, request_, HLM, user_id=people["carys"].id, group_id="line-manager"
    )
    _answer(session, manager)
    _answer(session, peers[0])
    counts = {c.group_id: (c.asked, c.answered) for c in group_counts(session, request_, HLM)}
    assert counts == {
        "line-manager": (1, 1),
        "peers": (3, 1),
        "direct-reports": (0, 0),
        "others": (0, 0),
    }
    with pytest.raises(NotAllowed, match="enough answers"):
        close_early(session, request_, HLM, now=LATER)
    for rater in peers[1:]:
        _answer(session, rater)
    close_early(session, request_, HLM, now=LATER)
    assert state_of(request_, LATER) is RequestState.CLOSED
    with pytest.raises(WindowClosed):
        add_member_rater(session, request_, HLM, user_id=people["ben"].id, group_id="peers")


def test_reminders_replace_unanswered_links_and_revoking_closes_one(session, people, request_):
    rae, token = add_external_rater(
        session, request_, HLM, email="rae@example.nhs.uk", name="Rae", group_id="others"
    )
    pia = add_member_rater(session, request_, HLM, user_id=people["pia"].id, group_id="peers")
    done = add_member_rater(session, request_, HLM, user_id=people["pete"].id, group_id="peers")
    _answer(session, done)
    reminded = remind(session, request_, now=LATER)
    assert {r.id for r, _ in reminded} == {rae.id, pia.id}
    fresh = dict((r.id, t) for r, t in reminded)
    assert fresh[pia.id] is None and fresh[rae.id] != token
    assert rae.token_hash == token_hash(fresh[rae.id]) and rae.reminded_at == LATER
    revoke(session, request_, rae, now=LATER)
    assert rae.revoked_at == LATER
    with pytest.raises(NotAllowed):
        save_answers(session, rae, HLM, HLM.dimensions[0].id, ratings={}, importance=None)
    assert {r.id for r, _ in remind(session, request_, now=LATER)} == {pia.id}


def test_answers_are_checked_saved_and_final_once_sent(session, people, request_):
    pia = add_member_rater(session, request_, HLM, user_id=people["pia"].id, group_id="peers")
    dimension = HLM.dimensions[0]
    first = dimension.all_behaviours()[0].id
    with pytest.raises(FeedbackError, match="scale"):
        save_answers(session, pia, HLM, dimension.id, ratings={first: 9}, importance=None)
    with pytest.raises(FeedbackError, match="scale"):
        save_answers(session, pia, HLM, dimension.id, ratings={"x.y.1": 1}, importance=None)
    with pytest.raises(FeedbackError, match="at least one"):
        send_answers(session, pia, HLM)
    save_answers(
        session,
        pia,
        HLM,
        dimension.id,
        ratings={first: None},
        importance=4,
        comment=" Kind and clear ",
    )
    send_answers(session, pia, HLM, now=LATER)
    with pytest.raises(NotAllowed, match="already sent"):
        save_answers(session, pia, HLM, dimension.id, ratings={first: 1}, importance=None)


def test_automatic_reminders_come_once_shortly_before_closing(session, people, request_):
    from development_plans.feedback import due_reminders

    rae, token = add_external_rater(
        session, request_, HLM, email="rae@example.nhs.uk", name="Rae", group_id="others"
    )
    done = add_member_rater(session, request_, HLM, user_id=people["pete"].id, group_id="peers")
    _answer(session, done)
    two_days = timedelta(days=2)
    assert due_reminders(session, two_days, now=T0 + timedelta(days=1)) == []
    near = request_.closes_at - timedelta(days=1)
    due = due_reminders(session, two_days, now=near)
    assert [(r.id, t is not None and t != token) for r, t in due] == [(rae.id, True)]
    assert due_reminders(session, two_days, now=near + timedelta(hours=1)) == []


def test_course_settings_are_checked_and_kept(session, people):
    from development_plans.feedback import save_settings, settings_for, threshold_for

    course_id = people["course"].id
    assert threshold_for(session, course_id) == 3
    for size, mode in ((1, "at_debrief"), (3, "whenever")):
        with pytest.raises(InvalidRater):
            save_settings(session, course_id, min_group_size=size, release_mode=mode)
    save_settings(session, course_id, min_group_size=4, release_mode="on_closing")
    save_settings(session, course_id, min_group_size=5, release_mode="on_closing")
    assert threshold_for(session, course_id) == 5
    assert settings_for(session, course_id).release_mode == "on_closing"
