"""The rater's questionnaire, one dimension a page, reached two ways: a course member after
launching (``/feedback/answer/<rater id>``, their own invitation only) and anyone invited by
email through their link (``/feedback/r/<token>``: no LTI session, looked up by the token's
hash, rate-limited, refused plainly once withdrawn or closed). Save and come back; send once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import redirect, render_template, request, url_for

from development_plans import feedback as fb
from development_plans.assessments import IMPORTANCE_SCALE
from lti_tool.auth import launched_required
from lti_tool.extensions import db
from lti_tool.feedback.access import framework_of, member_rater, rater_by_token
from lti_tool.feedback.answers_form import NOT_SEEN, rating_field_name, read_page
from lti_tool.feedback.limits import link_request_allowed
from lti_tool.feedback.routes import bp
from lti_tool.views import viewer


@dataclass(frozen=True)
class Questionnaire:
    """One rater's questionnaire and where its pages are."""

    rater: fb.Rater
    page_url: Callable[[int], str]
    send_url: str
    start_url: str
    launched: bool


def _member(rater_id: int) -> Questionnaire:
    rater = member_rater(viewer(), rater_id)
    return Questionnaire(
        rater,
        lambda n: url_for("feedback.member_page", rater_id=rater_id, number=n),
        url_for("feedback.member_send", rater_id=rater_id),
        url_for("feedback.member_start", rater_id=rater_id),
        True,
    )


def _refused(message: str, status: int) -> Any:
    return render_template("feedback/link_refused.html", message=message, viewer=None), status


def _by_link(token: str) -> Questionnaire | Any:
    """The questionnaire behind a link, or the page saying plainly why it does not open."""
    if not link_request_allowed():
        return _refused(
            "There have been too many requests from your network. Wait a minute, then try again.",
            429,
        )
    rater = rater_by_token(token)
    problem = fb.usable(rater)
    if problem is not None:
        return _refused(problem, 404 if rater is None else 410)
    return Questionnaire(
        rater,
        lambda n: url_for("feedback.link_page", token=token, number=n),
        url_for("feedback.link_send", token=token),
        url_for("feedback.link_start", token=token),
        False,
    )


def _start(q: Questionnaire) -> Any:
    framework = framework_of(q.rater.request)
    answers = fb.load_rater_answers(db.session, q.rater)
    return render_template(
        "feedback/answer_start.html",
        q=q,
        framework=framework,
        answers=answers,
        visible=fb.own_answers_visible(q.rater),
        state=fb.state_of(q.rater.request),
        viewer=viewer() if q.launched else None,
    )


def _page(q: Questionnaire, number: int) -> Any:
    framework = framework_of(q.rater.request)
    if not 1 <= number <= len(framework.dimensions) or q.rater.answered_at is not None:
        return redirect(q.start_url, code=303)
    if fb.usable(q.rater) is not None:
        return redirect(q.start_url, code=303)
    dimension = framework.dimensions[number - 1]
    saved = fb.load_rater_answers(db.session, q.rater)
    errors: dict[str, str] = {}
    if request.method == "POST":
        page = read_page(request.form, framework, dimension)
        errors = page.errors
        if not errors:
            try:
                fb.save_answers(
                    db.session,
                    q.rater,
                    framework,
                    dimension.id,
                    ratings=page.ratings,
                    importance=page.importance,
                    comment=page.comment,
                )
            except fb.FeedbackError as refused:
                db.session.rollback()
                errors = {"comment": str(refused)}
            else:
                db.session.commit()
                later = request.form.get("action") == "later"
                done = number == len(framework.dimensions)
                return redirect(
                    q.start_url if later else (q.send_url if done else q.page_url(number + 1)),
                    code=303,
                )
        saved = fb.RaterAnswers(
            {**saved.ratings, **page.ratings},
            {**saved.importances, dimension.id: page.importance}
            if page.importance
            else saved.importances,
            {**saved.comments, dimension.id: page.comment},
        )
    return (
        render_template(
            "feedback/answer_page.html",
            q=q,
            framework=framework,
            dimension=dimension,
            number=number,
            saved=saved,
            errors=errors,
            not_seen=NOT_SEEN,
            field_name=rating_field_name,
            importance_scale=IMPORTANCE_SCALE,
            viewer=viewer() if q.launched else None,
        ),
        400 if errors else 200,
    )


def _send(q: Questionnaire) -> Any:
    framework = framework_of(q.rater.request)
    if q.rater.answered_at is not None or fb.usable(q.rater) is not None:
        return redirect(q.start_url, code=303)
    error = None
    if request.method == "POST":
        try:
            fb.send_answers(db.session, q.rater, framework)
        except fb.FeedbackError as refused:
            db.session.rollback()
            error = str(refused)
        else:
            db.session.commit()
            return redirect(q.start_url, code=303)
    answers = fb.load_rater_answers(db.session, q.rater)
    total = len(framework.all_behaviours())
    return (
        render_template(
            "feedback/answer_send.html",
            q=q,
            framework=framework,
            answered=sum(1 for r in answers.ratings.values() if r is not None),
            not_seen=sum(1 for r in answers.ratings.values() if r is None),
            total=total,
            error=error,
            viewer=viewer() if q.launched else None,
        ),
        400 if error else 200,
    )


@bp.get("/answer/<int:rater_id>")
@launched_required
def member_start(rater_id: int) -> Any:
    """A course member's invitation: what is asked, and where they are."""
    return _start(_member(rater_id))


@bp.route("/answer/<int:rater_id>/<int:number>", methods=["GET", "POST"])
@launched_required
def member_page(rater_id: int, number: int) -> Any:
    return _page(_member(rater_id), number)


@bp.route("/answer/<int:rater_id>/send", methods=["GET", "POST"])
@launched_required
def member_send(rater_id: int) -> Any:
    return _send(_member(rater_id))


def _with_link(token: str, then: Callable[[Questionnaire], Any]) -> Any:
    found = _by_link(token)
    return then(found) if isinstance(found, Questionnaire) else found


@bp.get("/r/<token>")
def link_start(token: str) -> Any:
    """An emailed link: the questionnaire for one learner, nothing else in the tool."""
    return _with_link(token, _start)


@bp.route("/r/<token>/<int:number>", methods=["GET", "POST"])
def link_page(token: str, number: int) -> Any:
    return _with_link(token, lambda q: _page(q, number))


@bp.route("/r/<token>/send", methods=["GET", "POST"])
def link_send(token: str) -> Any:
    return _with_link(token, _send)
