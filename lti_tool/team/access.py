"""What every team page needs: the viewer, their team, the installed frameworks, and a member or
plan that is on the viewer's team (404 for any other id, so ids reveal nothing)."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from development_plans import plans as plan_rules
from development_plans import team as team_rules
from development_plans.assessments import FrameworkUnavailable
from development_plans.framework import Framework
from development_plans.people import User
from development_plans.plans import Plan
from development_plans.team import Team
from lti_tool import views
from lti_tool.auth import Viewer
from lti_tool.extensions import db


def team_for(viewer: Viewer) -> Team:
    """The viewer's team in the course they launched from."""
    return team_rules.team_of(viewer.enrolment)


def course_framework() -> Framework:
    """The framework the course's assessments use; without one the page cannot be drawn."""
    try:
        return views.course_framework()
    except FrameworkUnavailable:
        abort(500)


def framework_of_plan(plan: Plan) -> Framework:
    """The pack a plan was drafted with."""
    return views.plan_framework(plan)


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
