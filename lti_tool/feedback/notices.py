"""The emails of 360 feedback, through the mail outbox in the same transaction as the change:
an invitation (with the rater's own link when they are outside the course), a reminder, and
"your feedback is ready" to the learner. Each goes to one person and names no other rater."""

from __future__ import annotations

from flask import url_for

from development_plans import feedback as fb
from development_plans.db import utcnow
from lti_tool.extensions import db
from lti_tool.mail import render_message, send_later


def _send(purpose: str, address: str | None, name: str | None, key: str, **context) -> None:
    if not address:
        return
    subject, text, html = render_message(purpose, **context)
    send_later(
        db.session,
        to_address=address,
        to_name=name,
        subject=subject,
        text=text,
        html=html,
        purpose=purpose,
        dedupe_key=key,
    )


def _context(rater: fb.Rater, token: str | None) -> dict:
    request = rater.request
    learner = request.learner.display_name
    return {
        "recipient_name": rater.name or (rater.user.display_name if rater.user else "there"),
        "learner_name": learner,
        "closes": f"{request.closes_at:%-d %B %Y}",
        "link": url_for("feedback.link_start", token=token, _external=True) if token else None,
    }


def _recipient(rater: fb.Rater) -> tuple[str | None, str | None]:
    if rater.external:
        return rater.email, rater.name
    return (rater.user.email, rater.user.display_name) if rater.user else (None, None)


def invite(rater: fb.Rater, token: str | None) -> None:
    """Ask the rater for feedback: people outside the course get their link."""
    address, name = _recipient(rater)
    _send(
        "feedback_invitation",
        address,
        name,
        f"feedback:{rater.id}:invitation",
        **_context(rater, token),
    )


def remind(rater: fb.Rater, token: str | None) -> None:
    """Remind a rater who has not answered (a fresh link for people outside the course)."""
    address, name = _recipient(rater)
    key = f"feedback:{rater.id}:reminder:{utcnow():%Y%m%dT%H%M%S%f}"
    _send("feedback_reminder", address, name, key, **_context(rater, token))


def feedback_ready(request: fb.FeedbackRequest) -> None:
    """Tell the learner their report is released."""
    learner = request.learner
    _send(
        "feedback_ready",
        learner.email,
        learner.display_name,
        f"feedback:{request.id}:ready",
        recipient_name=learner.display_name,
    )
