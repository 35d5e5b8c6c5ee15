"""The learner's side of 360 feedback: ask for it on their assessment, choose raters from the
course roster or by email, see how many of each group answered (never who), remind, withdraw a
link, close early. Every view checks the request is the viewer's own."""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime, time, timedelta
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import select

from development_plans import feedback as fb
from development_plans.assessments import current_assessment
from development_plans.db import utcnow
from development_plans.people import Enrolment, ToolRole, User
from development_plans.team import team_member, team_of
from lti_tool.auth import Viewer, launched_required
from lti_tool.extensions import db
from lti_tool.feedback import notices
from lti_tool.feedback.access import framework_of, own_request
from lti_tool.goals.forms import date_values, parse_date
from lti_tool.team.roster import RosterUnavailable, sync_roster
from lti_tool.views import commit_or_refuse, framework_named, viewer

bp = Blueprint("feedback", __name__, url_prefix="/feedback")

DEFAULT_WINDOW_DAYS = 14


def _learner() -> Viewer:
    who = viewer()
    if who.manages:
        abort(403)
    return who


def _shown(request_: fb.FeedbackRequest) -> str:
    return url_for("feedback.show", request_id=request_.id)


def _refresh_roster(who: Viewer) -> None:
    """Bring the course's people up to date from the LMS when it is due (it commits)."""
    with suppress(RosterUnavailable):  # the people already known are still listed
        sync_roster(who.course, keep_user_ids=[who.user.id])


def _managers(who: Viewer) -> list[User]:
    """The course's managers whose team has the learner: their line manager(s) first."""
    rows = db.session.execute(
        select(Enrolment, User)
        .join(User, Enrolment.user_id == User.id)
        .where(
            Enrolment.course_id == who.course.id,
            Enrolment.active.is_(True),
            Enrolment.tool_role.in_([ToolRole.MANAGER.value, ToolRole.ADMINISTRATOR.value]),
        )
        .order_by(User.name, User.id)
    ).all()
    return [
        user
        for enrolment, user in rows
        if team_member(db.session, team_of(enrolment), who.user.id) is not None
    ]


@bp.get("/")
@launched_required
def index() -> Any:
    """The request on the learner's current assessment, or the page that starts one."""
    who = _learner()
    assessment = current_assessment(db.session, who.user.id, who.course.id)
    if assessment is not None:
        existing = fb.request_for_assessment(db.session, assessment.id)
        if existing is not None:
            return redirect(_shown(existing))
    _refresh_roster(who)
    closes = (utcnow() + timedelta(days=DEFAULT_WINDOW_DAYS)).date()
    return render_template(
        "feedback/start.html",
        assessment=assessment,
        values={"day": str(closes.day), "month": str(closes.month), "year": str(closes.year)},
        error=None,
        managers=_managers(who),
    )


@bp.post("/start")
@launched_required
def start() -> Any:
    """Open a request for feedback on the learner's current assessment."""
    who = _learner()
    assessment = current_assessment(db.session, who.user.id, who.course.id)
    if assessment is None:
        return redirect(url_for("feedback.index"), code=303)
    day, error = parse_date(request.form, "closes", "the closing date")
    if day is not None:
        try:
            made = fb.start_request(
                db.session,
                learner=who.user,
                assessment=assessment,
                framework=framework_named(assessment.framework_id),
                closes_at=datetime.combine(day, time(23, 59), tzinfo=UTC),
            )
        except (fb.InvalidRater, fb.NotAllowed) as refused:
            db.session.rollback()
            error = str(refused)
        else:
            facilitator = request.form.get("facilitator", "")
            if facilitator.isdigit() and int(facilitator) in {m.id for m in _managers(who)}:
                made.facilitator_id = int(facilitator)
            db.session.commit()
            return redirect(_shown(made), code=303)
    return _start_again(who, assessment, error)


def _start_again(who: Viewer, assessment, error: str | None) -> Any:
    return (
        render_template(
            "feedback/start.html",
            assessment=assessment,
            values=date_values(request.form, "closes"),
            error=error,
            managers=_managers(who),
        ),
        400,
    )


def _roster(who: Viewer, request_: fb.FeedbackRequest) -> list[User]:
    """Course members the learner may still ask (the roster is refreshed first)."""
    asked = {r.user_id for r in request_.raters if r.user_id is not None}
    return list(
        db.session.scalars(
            select(User)
            .join(Enrolment, Enrolment.user_id == User.id)
            .where(
                Enrolment.course_id == who.course.id,
                Enrolment.active.is_(True),
                User.id != who.user.id,
                User.id.not_in(asked or [0]),
            )
            .order_by(User.name, User.id)
        )
    )


@bp.get("/<int:request_id>")
@launched_required
def show(request_id: int) -> Any:
    """The request: answered counts per group, the people asked, and what can be done now."""
    who = _learner()
    found = own_request(who, request_id)
    return _request_page(who, found, {}, {})


def _request_page(who, found, errors: dict, values: dict, status: int = 200) -> Any:
    framework = framework_of(found)
    state = fb.state_of(found)
    if state is fb.RequestState.OPEN:
        _refresh_roster(who)
    counts = fb.group_counts(db.session, found, framework)
    threshold = fb.threshold_for(db.session, found.course_id)
    managers = {m.id for m in _managers(who)}
    return (
        render_template(
            "feedback/request.html",
            request_=found,
            framework=framework,
            counts=counts,
            threshold=threshold,
            state=state,
            may_close=state is fb.RequestState.OPEN
            and fb.may_close_early(counts, framework, threshold),
            roster=_roster(who, found) if state is fb.RequestState.OPEN else [],
            managers=managers,
            raters=[r for r in found.raters if r.revoked_at is None],
            errors=errors,
            values=values,
        ),
        status,
    )


@bp.post("/<int:request_id>/members")
@launched_required
def add_members(request_id: int) -> Any:
    """Ask the chosen course members, each in the group chosen for them."""
    who = _learner()
    found = own_request(who, request_id)
    framework = framework_of(found)
    chosen = [int(v) for v in request.form.getlist("member") if v.isdigit()]
    if not chosen:
        return _request_page(who, found, {"member": "Choose at least one person."}, {}, 400)

    def change() -> None:
        for user_id in chosen:
            group = request.form.get(f"group-{user_id}", "")
            rater = fb.add_member_rater(
                db.session, found, framework, user_id=user_id, group_id=group
            )
            notices.invite(rater, None)

    return commit_or_refuse(
        change,
        then=_shown(found),
        refused=(fb.InvalidRater, fb.WindowClosed),
        back=lambda e: _request_page(who, found, {"member": str(e)}, {}, 400),
        success=f"Asked {len(chosen)} {'person' if len(chosen) == 1 else 'people'} for feedback.",
    )


@bp.post("/<int:request_id>/external")
@launched_required
def add_external(request_id: int) -> Any:
    """Invite someone outside the course by email; they get their own link."""
    who = _learner()
    found = own_request(who, request_id)
    framework = framework_of(found)
    values = {k: request.form.get(k, "") for k in ("name", "email", "group")}

    def change() -> None:
        rater, token = fb.add_external_rater(
            db.session,
            found,
            framework,
            email=values["email"],
            name=values["name"],
            group_id=values["group"],
        )
        notices.invite(rater, token)

    return commit_or_refuse(
        change,
        then=_shown(found),
        refused=(fb.InvalidRater, fb.WindowClosed),
        back=lambda e: _request_page(
            who, found, {getattr(e, "field", "email"): str(e)}, values, 400
        ),
        success=f"Invitation sent to {values['email'].strip()}.",
    )


@bp.post("/<int:request_id>/remind")
@launched_required
def remind(request_id: int) -> Any:
    """Remind everyone who has not answered yet (nobody learns who that is)."""
    found = own_request(_learner(), request_id)

    def change() -> None:
        for rater, token in fb.remind(db.session, found):
            notices.remind(rater, token)

    return commit_or_refuse(
        change,
        then=_shown(found),
        refused=fb.FeedbackError,
        success="A reminder is on its way to everyone who has not answered yet.",
    )


@bp.post("/<int:request_id>/raters/<int:rater_id>/withdraw")
@launched_required
def withdraw(request_id: int, rater_id: int) -> Any:
    """Withdraw one invitation: its link stops working and any answers do not count."""
    found = own_request(_learner(), request_id)
    rater = next((r for r in found.raters if r.id == rater_id), None)
    if rater is None:
        abort(404)
    return commit_or_refuse(
        lambda: fb.revoke(db.session, found, rater),
        then=_shown(found),
        refused=fb.FeedbackError,
        success="Invitation withdrawn.",
    )


@bp.post("/<int:request_id>/close")
@launched_required
def close(request_id: int) -> Any:
    """Close the request early, once every group with answers can be shown."""
    found = own_request(_learner(), request_id)
    return commit_or_refuse(
        lambda: fb.close_early(db.session, found, framework_of(found)),
        then=_shown(found),
        refused=fb.FeedbackError,
        success="Closed. Your report will be shared with you at your debrief.",
    )
