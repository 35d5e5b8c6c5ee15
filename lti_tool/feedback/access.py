"""Who may open what in 360 feedback, decided once: the learner's own request, a course member's
own invitation, an external rater's link (by the hash of its token), and the report. Any other
id answers 404, so ids reveal nothing."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from development_plans import feedback as fb
from development_plans.framework import Framework
from lti_tool.auth import Viewer
from lti_tool.extensions import db
from lti_tool.views import framework_named


def framework_of(request: fb.FeedbackRequest) -> Framework:
    """The pack the request was made with."""
    return framework_named(request.framework_id)


def _request(request_id: int) -> fb.FeedbackRequest | None:
    return db.session.scalar(
        select(fb.FeedbackRequest)
        .where(fb.FeedbackRequest.id == request_id)
        .options(selectinload(fb.FeedbackRequest.raters), selectinload(fb.FeedbackRequest.learner))
    )


def own_request(viewer: Viewer, request_id: int) -> fb.FeedbackRequest:
    """The viewer's own request in the course they launched from; 404 for any other."""
    request = _request(request_id)
    if (
        request is None
        or request.learner_id != viewer.user.id
        or request.course_id != viewer.course.id
    ):
        abort(404)
    return request


def readable_report(viewer: Viewer, request_id: int) -> fb.FeedbackRequest:
    """A request whose report the viewer may read now (the learner once released; the person
    releasing from the closing); 404 otherwise."""
    request = _request(request_id)
    if request is None or not fb.may_read_report(db.session, request, viewer.enrolment):
        abort(404)
    return request


def releasable(viewer: Viewer, request_id: int) -> fb.FeedbackRequest:
    """A request the viewer holds the debrief for; 404 otherwise."""
    request = _request(request_id)
    if request is None or not fb.releases(db.session, request, viewer.enrolment):
        abort(404)
    return request


def member_rater(viewer: Viewer, rater_id: int) -> fb.Rater:
    """The viewer's own invitation, on a request of the course they launched from; 404 else."""
    rater = db.session.get(fb.Rater, rater_id)
    if (
        rater is None
        or rater.user_id != viewer.user.id
        or rater.request.course_id != viewer.course.id
    ):
        abort(404)
    return rater


def rater_by_token(token: str) -> fb.Rater | None:
    """The rater a link's token belongs to (looked up by its hash), or None."""
    if not 20 <= len(token) <= 100:
        return None
    return db.session.scalar(select(fb.Rater).where(fb.Rater.token_hash == fb.token_hash(token)))
