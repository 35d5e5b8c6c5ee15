"""What every team page needs: the viewer, their team, the installed frameworks, and a member or
plan that is on the viewer's team (404 for any other id, so ids reveal nothing)."""

from __future__ import annotations

from flask import abort, current_app
from sqlalchemy import select

from development_plans import plans as plan_rules
from development_plans import team as team_rules
from development_plans.assessments import FrameworkUnavailable, framework_for_placement
from development_plans.framework import Framework, available_frameworks
from development_plans.models import User
from development_plans.plans import Plan
from development_plans.team import Team
from lti_tool.auth import Viewer, current_viewer
from lti_tool.extensions import db


def launched_viewer() -> Viewer:
    """The person who launched this session (401 without one)."""
    viewer = current_viewer()
    if viewer is None:
        abort(401)
    return viewer


def team_for(viewer: Viewer) -> Team:
    """The viewer's team in the course they launched from."""
    return team_rules.team_of(viewer.enrolment)


def frameworks() -> dict[str, Framework]:
    """The installed framework packs."""
    return available_frameworks(current_app.config.get("FRAMEWORK_PACKS_DIR"))


def course_framework() -> Framework:
    """The framework the course's assessments use (the default pack)."""
    try:
        return framework_for_placement(frameworks())
    except FrameworkUnavailable:
        abort(500)


def framework_of_plan(plan: Plan) -> Framework:
    """The pack a plan was drafted with."""
    try:
        return frameworks()[plan.framework_id]
    except KeyError:
        abort(500)


def team_member(viewer: Viewer, user_id: int) -> User:
    """The member with this id on the viewer's team; 404 for anyone else."""
    member = team_rules.team_member(db.session, team_for(viewer), user_id)
    if member is None:
        abort(404)
    return member


def team_plan(viewer: Viewer, plan_id: int) -> Plan:
    """A plan of a member of the viewer's team in this course; 404 for any other id."""
    owner = db.session.scalar(
        select(Plan.user_id).where(Plan.id == plan_id, Plan.course_id == viewer.course.id)
    )
    if owner is None:
        abort(404)
    team_member(viewer, owner)
    plan = plan_rules.load_plan(db.session, plan_id)
    if plan is None:
        abort(404)
    return plan
