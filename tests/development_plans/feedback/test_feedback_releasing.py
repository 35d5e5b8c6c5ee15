"""After the window: who reads the report when, releasing it with debrief notes, and a report
built only from sent, not withdrawn answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.assessment_data import HLM, person
from support.feedback_data import NOW, enrol

from development_plans.feedback import (
    NotAllowed,
    RequestState,
    add_external_rater,
    add_member_rater,
    answered_sheets,
    may_read_report,
    release,
    releases,
    report_for,
    revoke,
    save_answers,
    send_answers,
    state_of,
)

CLOSED = NOW + timedelta(days=15)


def _answer(session, rater, rating=2, send=True):
    for dimension in HLM.dimensions:
        ratings = {b.id: rating for b in dimension.all_behaviours()}
        save_answers(
            session,
            rater,
            HLM,
            dimension.id,
            ratings=ratings,
            importance=3,
            comment=f"comment {rating}",
        )
    if send:
        send_answers(session, rater, HLM)


def test_the_report_waits_for_the_closing_and_the_learner_for_the_release(
    session, people, request_
):
    asha, carys, dan = (people[f"{n}_enrolment"] for n in ("asha", "carys", "dan"))
    for moment in (NOW, CLOSED):
        assert not may_read_report(session, request_, asha, moment)
        assert not may_read_report(session, request_, dan, moment)
        assert not may_read_report(session, request_, people["ben_enrolment"], moment)
    assert not may_read_report(session, request_, carys, NOW)
    assert may_read_report(session, request_, carys, CLOSED)
    assert releases(session, request_, carys) and not releases(session, request_, dan)
    with pytest.raises(NotAllowed, match="closed"):
        release(session, request_, carys, [], NOW)
    with pytest.raises(NotAllowed):
        release(session, request_, asha, [], CLOSED)
    release(
        session, request_, carys, [(HLM.dimensions[0].id, " Talk it through "), (None, "")], CLOSED
    )
    assert state_of(request_, CLOSED) is RequestState.RELEASED
    assert may_read_report(session, request_, asha, CLOSED)
    assert [(n.dimension_id, n.text) for n in request_.notes] == [
        (HLM.dimensions[0].id, "Talk it through")
    ]


def test_a_mentor_releases_only_for_their_mentees_and_a_named_facilitator_alone(
    session, people, request_
):
    mentor = enrol(
        session,
        person(session, "nia"),
        people["course"],
        "manager",
        mentees_only=True,
        mentee_subjects=["ben"],
    )
    assert not releases(session, request_, mentor)
    mentor.mentee_subjects = ["asha"]
    assert releases(session, request_, mentor)
    request_.facilitator_id = people["dan"].id
    assert not releases(session, request_, people["carys_enrolment"])


def test_the_report_counts_only_sent_answers_of_raters_not_withdrawn(session, people, request_):
    peers = [
        add_member_rater(session, request_, HLM, user_id=people[n].id, group_id="peers")
        for n in ("pia", "pete", "paul", "ben")
    ]
    rae, _ = add_external_rater(
        session, request_, HLM, email="rae@example.nhs.uk", name="Rae", group_id="peers"
    )
    for rater in peers[:3]:
        _answer(session, rater, 3)
    _answer(session, peers[3], 1, send=False)
    _answer(session, rae, 1)
    revoke(session, request_, rae)
    sheets = answered_sheets(session, request_)
    assert len(sheets) == 3 and {s.group_id for s in sheets} == {"peers"}
    report = report_for(session, request_, HLM)
    assert [g.count for g in report.grouping.shown] == [3]
    assert report.dimensions[0].others_level == HLM.levels[-1]
    assert report.dimensions[0].comments == (("Peers", "comment 3"),) * 3
