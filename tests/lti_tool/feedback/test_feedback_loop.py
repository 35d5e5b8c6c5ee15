"""The whole 360 loop over real HTTP: ask, invite from the course and by email, answer after a
launch and through the emailed link, close, release at the debrief with notes, read the report,
draft a plan from it and turn a note into a goal."""

from __future__ import annotations

import re

from support.assessment_data import HLM
from support.feedback_pages import (
    add_members,
    answer,
    ask_for_feedback,
    csrf,
    invite,
    links_in_outbox,
)
from support.lti import browser
from support.team_data import text_of, user_id

MEMBER_LINK = re.compile(r"/feedback/answer/(\d+)")


def _invite_everyone(app, asha, request_id: int) -> None:
    ids = {name: user_id(app, name) for name in ("carys", "pia", "pete", "paul")}
    page = asha.get(f"/feedback/{request_id}")
    assert "Carys Jones (your manager)" in text_of(page.text)
    groups = {ids["carys"]: "line-manager", **{ids[n]: "peers" for n in ("pia", "pete", "paul")}}
    added = add_members(asha, request_id, groups)
    assert "Asked 4 people for feedback." in text_of(added.text)
    for name, email, group in (
        ("Report 1", "report1@example.org", "direct-reports"),
        ("Report 2", "report2@example.org", "direct-reports"),
        ("Olu Other", "olu@example.org", "others"),
    ):
        invited = invite(asha, request_id, name, email, group)
        assert f"Invitation sent to {email}" in text_of(invited.text)


def _members_answer(tool, launch) -> None:
    for name, rating in (("carys", 2), ("pia", 3), ("pete", 3), ("paul", 3)):
        rater = launch(name)
        home = rater.home().text
        assert "Give feedback to Asha Patel" in text_of(home)
        rater_id = int(MEMBER_LINK.search(home).group(1))
        sent = answer(rater.http, f"{tool.url}/feedback/answer/{rater_id}", HLM, rating)
        assert "You sent your feedback" in text_of(sent.text)


def _links_answer(app, tool, answers) -> None:
    links = links_in_outbox(app)
    assert set(links) == {"report1@example.org", "report2@example.org", "olu@example.org"}
    for address, rating in answers:
        external = browser()
        link = f"{tool.url}/feedback/r/{links[address]}"
        assert "You sent your feedback" in text_of(answer(external, link, HLM, rating).text)
        sent_page = external.get(link).text
        assert "can no longer change" in text_of(sent_page)
        assert "nhsuk-header__account" not in sent_page, "no empty account area without a viewer"


def test_the_whole_loop(app, tool, launch):
    asha = launch("asha")
    home_page = asha.home().text
    assert "nhsuk-header__account" in home_page
    home = text_of(home_page)
    assert "Once you have started your self-assessment, you can ask your manager" in home
    request_id = ask_for_feedback(asha)
    page = text_of(asha.get(f"/feedback/{request_id}").text)
    assert "No one is asked yet" in page and "Remind people" not in page
    _invite_everyone(app, asha, request_id)
    _members_answer(tool, launch)
    _links_answer(app, tool, [("report1@example.org", None)])
    page = asha.get(f"/feedback/{request_id}")
    assert "Close now" not in page.text
    refused = asha.post(f"/feedback/{request_id}/close", {"csrf_token": csrf(page.text)})
    assert "enough answers to be shown" in text_of(refused.text)  # 1 direct report: left out
    _links_answer(app, tool, [("report2@example.org", 1), ("olu@example.org", 2)])

    page = asha.get(f"/feedback/{request_id}")
    assert "Line manager 1 1 Peers 3 3 Direct reports 2 2 Others 1 1" in text_of(page.text)
    closed = asha.post(f"/feedback/{request_id}/close", {"csrf_token": csrf(page.text)})
    assert "Closed." in text_of(closed.text)
    assert asha.get(f"/feedback/{request_id}/report").status_code == 404

    carys = launch("carys")
    assert f"/feedback/{request_id}/report" in carys.home().text
    report = carys.get(f"/feedback/{request_id}/report")
    words = text_of(report.text)
    assert "Line manager (identifiable): 1 person" in words and "Peers: 3 people" in words
    assert "Others (including direct reports): 3 people" in words
    released = carys.post(
        f"/feedback/{request_id}/release",
        {
            "csrf_token": csrf(report.text),
            "note-general": "Well done.",
            f"note-{HLM.dimensions[1].id}": "Share the purpose in team huddles.",
        },
    )
    assert "released to the learner" in text_of(released.text)

    assert "Your 360 feedback report is ready" in text_of(asha.home().text)
    report = asha.get(f"/feedback/{request_id}/report")
    assert report.status_code == 200
    assert "Share the purpose in team huddles." in text_of(report.text)
    assert "Kind and clear." in report.text  # comments verbatim, without names
    assert "Insufficient means not yet consistently at Essential" in text_of(report.text)
    for name in ("Pia", "Pete", "Paul", "Report 1", "Report 2", "Olu", "@example"):
        assert name not in report.text
    drafted = asha.post(f"/feedback/{request_id}/plan", {"csrf_token": csrf(report.text)})
    assert drafted.status_code == 200 and "/plan/" in drafted.url
    assert "From 360 feedback" in text_of(drafted.text)
    goal_link = re.search(r'href="([^"]+note=\d+)"', drafted.text).group(1)
    goal_form = asha.get(goal_link.replace("&amp;", "&"))
    assert "Share the purpose in team huddles." in goal_form.text
    pdf = asha.get(f"/feedback/{request_id}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
