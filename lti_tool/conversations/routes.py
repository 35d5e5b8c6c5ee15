"""Replying in a thread. A learner reaches only threads on their own plan in the course they
launched from, a manager only those on plans of their own team; any other comment id is 404, so
ids reveal nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError

from development_plans import conversations
from development_plans.conversations import PlanComment
from development_plans.plans import InvalidChange, NotAllowed, Plan
from lti_tool.auth import Viewer, current_viewer, launched_required
from lti_tool.errors import MESSAGES
from lti_tool.extensions import db
from lti_tool.goals.routes import goal
from lti_tool.notices import tell
from lti_tool.plan.access import readable_plan
from lti_tool.plan.routes import show
from lti_tool.team.access import team_plan
from lti_tool.team.members import member
from lti_tool.views import viewer

bp = Blueprint("conversations", __name__, url_prefix="/conversations")


def _thread_and_plan(who: Viewer, comment_id: int) -> tuple[PlanComment, Plan]:
    """The thread's opening comment and its plan, if this viewer may reply there; else 404."""
    opening = db.session.get(PlanComment, comment_id)
    if opening is None or opening.thread_id is not None:
        abort(404)
    if who.manages:
        return opening, team_plan(who, opening.plan_id)
    plan = readable_plan(who, opening.plan_id)
    if plan.user_id != who.user.id:
        abort(404)
    return opening, plan


@dataclass(frozen=True)
class RefusedReply:
    """A reply the server refused, shown again in its thread's form with the problem; the
    thread macro and its error summary read it from ``g.refused_reply``."""

    thread_id: int
    text: str
    problem: str

    @property
    def field_id(self) -> str:
        return f"reply-{self.thread_id}"


def _thread_page_again(who: Viewer, opening: PlanComment, plan: Plan) -> Any:
    """The page the thread is on, drawn again for this request (400) with the refused reply."""
    if who.manages:
        page = member(plan.user_id)
    elif opening.goal_id is not None:
        page = goal(opening.goal_id)
    else:
        page = show(plan.id)
    response = make_response(page)
    response.status_code = 400
    return response


def where_thread_is(who: Viewer, opening: PlanComment, plan: Plan) -> str:
    """The page the viewer sees this thread on, at the thread."""
    anchor = f"thread-{opening.id}"
    if who.manages:
        return url_for("team.member", user_id=plan.user_id, _anchor=anchor)
    if opening.goal_id is not None:
        return url_for("goals.goal", goal_id=opening.goal_id, _anchor=anchor)
    return url_for("plan.show", plan_id=plan.id, _anchor=anchor)


@bp.post("/<int:comment_id>/replies")
@launched_required
def reply(comment_id: int) -> Any:
    """Reply in a thread: the learner on their own plan, a manager on their team's plans."""
    who = viewer()
    opening, plan = _thread_and_plan(who, comment_id)
    back = where_thread_is(who, opening, plan)
    text = request.form.get("body", "")
    try:
        said = conversations.reply(db.session, plan, opening, who.user, text)
        tell.reply_added(db.session, plan, opening, said)
    except InvalidChange as error:
        db.session.rollback()
        g.refused_reply = RefusedReply(opening.id, text, error.problems["body"])
        return _thread_page_again(who, opening, plan)
    except NotAllowed as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(back, code=303)
    db.session.commit()
    flash("Your reply is saved.", "success")
    return redirect(back, code=303)


@bp.errorhandler(CSRFError)
def csrf_refused(error: CSRFError) -> Any:
    """Without a launch, 401 (as for every page); with one, the form has expired."""
    if current_viewer() is None:
        title, detail = MESSAGES[401]
        return render_template("errors/generic.html", title=title, detail=detail), 401
    return render_template(
        "errors/generic.html",
        title="This form has expired",
        detail="Go back, reload the page and reply again. Nothing you saved before has been lost.",
    ), 400
