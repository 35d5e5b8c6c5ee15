"""Reaching a plan by id from a page: only its owner (or a manager of its course, read-only)
ever does; for anyone else the id does not exist. Shared by the plan and goal pages."""

from __future__ import annotations

from flask import abort, render_template

from development_plans import plans as plan_rules
from development_plans.plans import NotAllowed, Plan, PlanItem
from lti_tool.auth import Viewer
from lti_tool.extensions import db


def readable_plan(viewer: Viewer, plan_id: int) -> Plan:
    """The plan if this viewer may read it; 404 otherwise, so ids reveal nothing."""
    plan = plan_rules.load_plan(db.session, plan_id)
    if (
        plan is None
        or plan.course_id != viewer.course.id
        or not plan_rules.may_view(db.session, plan, viewer.user)
    ):
        abort(404)
    return plan


def own_plan(viewer: Viewer, plan_id: int) -> Plan:
    """The viewer's own plan; 403 for a plan they may only read, 404 for any other."""
    plan = readable_plan(viewer, plan_id)
    if plan.user_id != viewer.user.id:
        abort(403)
    return plan


def plan_item(plan: Plan, item_id: int) -> PlanItem:
    """One of the plan's items; 404 for an item of another plan."""
    item = next((i for i in plan.items if i.id == item_id), None)
    if item is None:
        abort(404)
    return item


def not_allowed_page(error: NotAllowed) -> tuple[str, int]:
    """A change the person may not make: say why, on a page of its own."""
    return render_template("plan/not_allowed.html", message=str(error)), 403
