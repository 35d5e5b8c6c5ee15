"""Drive the 360 feedback pages over real HTTP: the people of the test course, asking for
feedback, inviting, answering in the course or by an emailed link read from the mail outbox."""

from __future__ import annotations

import re
from datetime import timedelta

import requests
from sqlalchemy import select
from support.lti import hidden_inputs

from demo_lms.config import INSTRUCTOR, LEARNER, MENTOR, Persona
from development_plans.db import utcnow
from development_plans.framework import Framework
from lti_tool.feedback.answers_form import NOT_SEEN, rating_field_name

PEOPLE = (
    Persona("asha", "asha", "Asha", "Patel", "asha@example.nhs.uk", (LEARNER,)),
    Persona("ben", "ben", "Ben", "Okafor", "ben@example.nhs.uk", (LEARNER,)),
    Persona("pia", "pia", "Pia", "Peer", "pia@example.nhs.uk", (LEARNER,)),
    Persona("pete", "pete", "Pete", "Peer", "pete@example.nhs.uk", (LEARNER,)),
    Persona("paul", "paul", "Paul", "Peer", "paul@example.nhs.uk", (LEARNER,)),
    Persona("carys", "carys", "Carys", "Jones", "carys@example.nhs.uk", (INSTRUCTOR,)),
    Persona("nia", "nia", "Nia", "Evans", "nia@example.nhs.uk", (MENTOR,), mentees=("ben",)),
)
LINK = re.compile(r"https?://[^\s\"<>]+/feedback/r/([A-Za-z0-9_-]+)")
REQUEST_URL = re.compile(r"/feedback/(\d+)$")


def csrf(page: str) -> str:
    return hidden_inputs(page)["csrf_token"]


def ask_for_feedback(learner, days: int = 14) -> int:
    """The learner starts (or resumes) their assessment, then asks for feedback; returns the
    request's id."""
    learner.start()
    page = learner.get("/feedback/")
    assert page.status_code == 200, page.text[:500]
    closes = (utcnow() + timedelta(days=days)).date()
    response = learner.post(
        "/feedback/start",
        {
            "csrf_token": csrf(page.text),
            "closes-day": closes.day,
            "closes-month": closes.month,
            "closes-year": closes.year,
        },
    )
    assert response.status_code == 200, response.text[:500]
    return int(REQUEST_URL.search(response.url).group(1))


def add_members(learner, request_id: int, groups: dict[int, str]) -> requests.Response:
    page = learner.get(f"/feedback/{request_id}")
    data: dict = {"csrf_token": csrf(page.text), "member": list(groups)}
    data.update({f"group-{user_id}": group for user_id, group in groups.items()})
    return learner.post(f"/feedback/{request_id}/members", data)


def invite(learner, request_id: int, name: str, email: str, group: str) -> requests.Response:
    page = learner.get(f"/feedback/{request_id}")
    return learner.post(
        f"/feedback/{request_id}/external",
        {"csrf_token": csrf(page.text), "name": name, "email": email, "group": group},
    )


def links_in_outbox(app) -> dict[str, str]:
    """The latest feedback link emailed to each address, from the mail outbox."""
    from lti_tool.extensions import db
    from lti_tool.mail.models import OutboxMail

    found: dict[str, str] = {}
    with app.app_context():
        for address, text in db.session.execute(
            select(OutboxMail.to_address, OutboxMail.body_text).order_by(OutboxMail.id)
        ):
            if match := LINK.search(text):
                found[address] = match.group(1)
    return found


def answer(
    http: requests.Session, base: str, framework: Framework, rating: int | None, send=True
) -> requests.Response:
    """Answer the first part of the questionnaire at ``base`` (…/answer/<id> or …/r/<token>)
    with one rating for every behaviour (None: "I have not seen this"), then send."""
    dimension = framework.dimensions[0]
    page = http.get(f"{base}/1")
    assert page.status_code == 200, page.text[:500]
    data = {
        rating_field_name(b.id): NOT_SEEN if rating is None else rating
        for b in dimension.all_behaviours()
    }
    data.update(csrf_token=csrf(page.text), importance=3, comment="Kind and clear.", action="later")
    saved = http.post(f"{base}/1", data=data)
    assert saved.status_code == 200, saved.text[:500]
    if not send:
        return saved
    page = http.get(f"{base}/send")
    return http.post(f"{base}/send", data={"csrf_token": csrf(page.text)})
