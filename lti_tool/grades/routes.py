"""Completion grade pages: managers choose how their placement is graded and see each learner's
grade; learners see whether the LMS has theirs."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from development_plans.completion import (
    POLICIES,
    CompletionState,
    CycleRule,
    choose_policy,
    cycle_rule_for,
    policy_for,
)
from development_plans.courses import Placement
from development_plans.people import User
from lti_tool.auth import Viewer, current_viewer, launched_required, managers_only
from lti_tool.extensions import db
from lti_tool.grades.status import GradeStatus, grade_status_for, latest_deliveries
from lti_tool.home.sections import HomeSection

bp = Blueprint("grades", __name__, url_prefix="/grades")


class PolicyForm(FlaskForm):
    policy = RadioField(
        "How should completion be graded?",
        choices=[SelectChoice(policy.key, policy.title) for policy in POLICIES.values()],
        validators=[InputRequired("Choose how completion should be graded")],
    )
    cycle_rule = RadioField(
        "When a learner starts a new cycle",
        choices=[SelectChoice(rule.value, rule.title) for rule in CycleRule],
        validators=[InputRequired("Choose which cycle's grade the gradebook keeps")],
    )


def _viewer_placement() -> Placement:
    viewer = current_viewer()
    placement_id = viewer.placement_id if viewer else None
    placement = db.session.get(Placement, placement_id) if placement_id else None
    if placement is None or placement.course_id != viewer.course.id:
        abort(404)
    return placement


@bp.route("/policy", methods=["GET", "POST"])
@managers_only
def policy():
    """Choose this placement's completion policy; learners already graded are re-graded."""
    placement = _viewer_placement()
    current = policy_for(db.session, placement.id)
    rule = cycle_rule_for(db.session, placement.id)
    form = PolicyForm(data={"policy": current.key, "cycle_rule": rule.value})
    if form.validate_on_submit():
        requeued = choose_policy(
            db.session,
            placement_id=placement.id,
            policy_key=form.policy.data,
            chosen_by_user_id=current_viewer().user.id,
            cycle_rule=form.cycle_rule.data,
        )
        db.session.commit()
        chosen = POLICIES[form.policy.data]
        message = (
            f"Completion is now graded “{chosen.title}”; across cycles: "
            f"“{CycleRule(form.cycle_rule.data).title.lower()}”."
        )
        if requeued:
            message += f" Grades for {requeued} learner(s) will be sent again."
        flash(message)
        return redirect(url_for("grades.policy"), code=303)
    latest = latest_deliveries(db.session, placement.id)
    users = {
        user.id: user
        for user in db.session.scalars(
            select(User).where(User.id.in_([row.user_id for row in latest]))
        )
    }
    grades = [(users[row.user_id], row, CompletionState(row.state)) for row in latest]
    return render_template(
        "grades/policy.html",
        form=form,
        placement=placement,
        policies=list(POLICIES.values()),
        cycle_rules=list(CycleRule),
        current=current,
        grades=grades,
    )


@bp.get("/status")
@launched_required
def status():
    """The signed-in learner's grade status on its own, for a page to refresh in place."""
    return render_template("grades/_status.html", grade_status=current_grade_status())


def current_grade_status() -> GradeStatus | None:
    """The signed-in learner's grade status for the placement they launched."""
    viewer = current_viewer()
    if viewer is None:
        return None
    return grade_status_for(db.session, viewer.user.id, viewer.placement_id)


def home_section(viewer: Viewer) -> HomeSection | None:
    """Learners see on their home page whether the LMS has their completion grade."""
    if viewer.manages:
        return None
    return HomeSection("grades/_home_section.html", order=30)


@bp.app_context_processor
def grade_status_helpers() -> dict:
    """Let any template include ``grades/_status.html`` without passing anything."""
    return {"current_grade_status": current_grade_status}


@bp.app_template_filter("grade_time")
def grade_time(moment: datetime | None) -> str:
    """A time of day in the tool's display time zone, e.g. 10:32 (with the date if not today)."""
    if moment is None:
        return ""
    zone = ZoneInfo(current_app.extensions["grade_settings"].display_timezone)
    local = moment.astimezone(zone)
    if local.date() == datetime.now(zone).date():
        return f"{local:%H:%M}"
    return f"{local:%H:%M} on {local.day} {local:%B %Y}"
