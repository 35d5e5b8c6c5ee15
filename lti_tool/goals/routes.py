"""The goal pages: write and change a SMART goal for an item of the plan, read it, tick off its
actions, record progress and change its status. A goal is reached through its plan, so only the
plan's owner (or a manager of its course, read-only) ever sees it."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from sqlalchemy import select

from development_plans import conversations
from development_plans import feedback as feedback_rules
from development_plans import goals as goal_rules
from development_plans import plans as plan_rules
from development_plans.db import EditConflict
from development_plans.framework import Framework
from development_plans.goals import Goal, GoalInput, GoalStatus
from development_plans.goals.smart import date_example
from development_plans.plans import InvalidChange, NotAllowed, Plan, PlanItem
from lti_tool.auth import Viewer, launched_required
from lti_tool.extensions import db
from lti_tool.goals import forms
from lti_tool.plan.access import not_allowed_page, own_plan, plan_item, readable_plan
from lti_tool.plan.resources import resource_index, resources_by_item
from lti_tool.views import (
    commit_or_refuse,
    opened_version,
    plan_framework,
    today,
    viewer,
)

bp = Blueprint("goals", __name__, url_prefix="/plan")
bp.register_error_handler(NotAllowed, not_allowed_page)


def _goal_of(who: Viewer, goal_id: int, *, owner: bool = True) -> Goal:
    """The goal through its plan: the viewer's own (``owner``) or one they may read."""
    plan_id = db.session.scalar(select(Goal.plan_id).where(Goal.id == goal_id))
    if plan_id is None:
        abort(404)
    plan = own_plan(who, plan_id) if owner else readable_plan(who, plan_id)
    return next(g for g in plan.goals if g.id == goal_id)


def _goal_url(goal: Goal, anchor: str | None = None) -> str:
    return url_for("goals.goal", goal_id=goal.id, _anchor=anchor)


def _date_values(day: date) -> dict[str, str]:
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


def _goal_form_page(
    plan: Plan,
    item: PlanItem,
    framework: Framework,
    *,
    goal: Goal | None,
    values: dict[str, Any],
    errors: dict[str, str],
    saved: list[tuple[str, str]] | None = None,
) -> tuple[str, int]:
    return render_template(
        "goals/goal_form.html",
        saved=saved,
        plan=plan,
        item=item,
        goal=goal,
        framework=framework,
        dimension=framework.dimension(item.dimension_id),
        focus=plan_rules.focus_behaviours(framework, item),
        resources=resources_by_item(plan, framework)[item.id],
        values=values,
        errors=errors,
        latest=goal_rules.latest_target_date(today()),
        date_example=date_example(goal_rules.add_months(today(), 3)),
    ), (400 if errors else 200)


def _posted_values(data: GoalInput) -> dict[str, Any]:
    return {
        "specific": data.specific,
        "measurable": data.measurable,
        "support": data.support,
        "behaviour_ids": list(data.behaviour_ids),
        "resource_keys": list(data.resource_keys),
        "target_date": forms.date_values(request.form, "target_date"),
    }


def _save_goal(who: Viewer, plan: Plan, item: PlanItem, goal: Goal | None) -> Any:
    framework = plan_framework(plan)
    data, unreadable = forms.goal_input(request.form)
    values = _posted_values(data)
    keys = {r.key for r in resources_by_item(plan, framework)[item.id]}
    if goal is not None:
        keys |= set(goal.resource_keys)

    def page(errors: dict[str, str]) -> tuple[str, int]:
        return _goal_form_page(plan, item, framework, goal=goal, values=values, errors=errors)

    def refused(error: InvalidChange | EditConflict) -> tuple[str, int]:
        if isinstance(error, EditConflict):
            saved = _saved_goal(error.row, framework)
            return _goal_form_page(
                plan, item, framework, goal=goal, values=values, errors=_conflict(), saved=saved
            )
        return page(error.problems)

    if unreadable:
        focus = {b.id for b in plan_rules.focus_behaviours(framework, item)}
        others = goal_rules.goal_problems(data, focus_ids=focus, resource_keys=keys, today=today())
        return page({**{k: v for k, v in others.items() if k != "target_date"}, **unreadable})

    def save() -> Goal:
        if goal is None:
            return goal_rules.add_goal(
                db.session, plan, item, data, who.user, framework, resource_keys=keys, today=today()
            )
        goal_rules.update_goal(
            db.session,
            goal,
            data,
            who.user,
            framework,
            resource_keys=keys,
            today=today(),
            opened_at=opened_version(),
        )
        return goal

    return commit_or_refuse(
        save,
        refused=(InvalidChange, EditConflict),
        then=_goal_url,
        success="Your goal is saved.",
        back=refused,
        once=goal is None,
    )


def _conflict() -> dict[str, str]:
    return {
        "version": "This goal was changed and saved in another tab or window after you opened "
        "this page. Your changes are below and are not saved yet: compare them with the saved "
        "version, then save yours or use the saved one."
    }


def _saved_status(goal: Goal) -> list[tuple[str, str]]:
    """The goal's status as now saved, to show beside what the learner chose and wrote."""
    return [
        ("Status", goal.goal_status.label),
        ("Reason for dropping", goal.dropped_reason or ""),
        ("Reflection", goal.reflection or ""),
    ]


def _saved_goal(goal: Goal, framework: Framework) -> list[tuple[str, str]]:
    """The goal as now saved, field by field, to show beside what the learner typed."""
    behaviours = {b.id: b.self_text for b in plan_rules.focus_behaviours(framework, goal.item)}
    return [
        ("What you will do", goal.specific),
        ("How you will know", goal.measurable),
        ("Support you need", goal.support),
        ("Focus behaviours", "; ".join(behaviours.get(b, b) for b in goal.behaviour_ids)),
        ("Target date", f"{goal.target_date:%-d %B %Y}"),
    ]


@bp.route("/<int:plan_id>/items/<int:item_id>/goals/new", methods=["GET", "POST"])
@launched_required
def new_goal(plan_id: int, item_id: int) -> Any:
    """Write a SMART goal for one item of the plan."""
    who = viewer()
    plan = own_plan(who, plan_id)
    plan_rules.require_editable(plan, who.user)
    item = plan_item(plan, item_id)
    if not item.included:
        abort(404)
    if request.method == "POST":
        return _save_goal(who, plan, item, None)
    values = {"behaviour_ids": [], "resource_keys": [], "target_date": {}}
    note = request.args.get("note", "")
    for debrief in feedback_rules.debrief_notes(db.session, plan.feedback_request_id):
        if str(debrief.id) == note:
            values["specific"] = debrief.text  # a debrief note becomes the goal's first draft
    framework = plan_framework(plan)
    return _goal_form_page(plan, item, framework, goal=None, values=values, errors={})


@bp.route("/goals/<int:goal_id>/edit", methods=["GET", "POST"])
@launched_required
def edit_goal(goal_id: int) -> Any:
    """Change a goal's SMART fields."""
    who = viewer()
    goal = _goal_of(who, goal_id)
    plan_rules.require_editable(goal.plan, who.user)
    if request.method == "POST":
        return _save_goal(who, goal.plan, goal.item, goal)
    values = {
        "specific": goal.specific,
        "measurable": goal.measurable,
        "support": goal.support,
        "behaviour_ids": goal.behaviour_ids,
        "resource_keys": goal.resource_keys,
        "target_date": _date_values(goal.target_date),
    }
    framework = plan_framework(goal.plan)
    return _goal_form_page(goal.plan, goal.item, framework, goal=goal, values=values, errors={})


def _goal_page(goal: Goal, who: Viewer, **extra: Any) -> tuple[str, int]:
    framework = plan_framework(goal.plan)
    status = 400 if extra.get("action_error") else 200
    return render_template(
        "goals/goal.html",
        goal=goal,
        plan=goal.plan,
        framework=framework,
        dimension=framework.dimension(goal.item.dimension_id),
        resources=resource_index(goal.plan, framework),
        owner=goal.plan.user_id == who.user.id,
        trackable=goal.plan.user_id == who.user.id and not goal.plan.closed,
        editable=plan_rules.may_edit(goal.plan, who.user),
        threads=[
            t for t in conversations.threads_for(db.session, goal.plan_id) if t.goal_id == goal.id
        ],
        today=today(),
        **extra,
    ), status


@bp.get("/goals/<int:goal_id>")
@launched_required
def goal(goal_id: int) -> Any:
    """One goal: its SMART parts, actions, resources, progress, status and the threads on it."""
    who = viewer()
    return _goal_page(_goal_of(who, goal_id, owner=False), who)


@bp.post("/goals/<int:goal_id>/actions")
@launched_required
def add_action(goal_id: int) -> Any:
    """Add a step to the goal's checklist."""
    who = viewer()
    goal = _goal_of(who, goal_id)
    text = request.form.get("text", "")
    return commit_or_refuse(
        lambda: goal_rules.add_action(db.session, goal, text, who.user),
        refused=InvalidChange,
        then=_goal_url(goal, "actions"),
        back=lambda problem: _goal_page(
            _goal_of(who, goal_id), who, action_error=problem.problems["text"], action_text=text
        ),
        once=True,
    )


@bp.post("/goals/<int:goal_id>/actions/<int:action_id>")
@launched_required
def tick_action(goal_id: int, action_id: int) -> Any:
    """Mark an action done or not done."""
    who = viewer()
    goal = _goal_of(who, goal_id)
    action = next((a for a in goal.actions if a.id == action_id), None)
    if action is None:
        abort(404)
    done = request.form.get("done") == "1"
    return commit_or_refuse(
        lambda: goal_rules.set_action_done(db.session, goal, action, done, who.user),
        then=_goal_url(goal, "actions"),
    )


def _progress_page(goal: Goal, values: dict[str, Any], errors: dict[str, str]) -> Any:
    return render_template(
        "goals/progress_form.html",
        goal=goal,
        plan=goal.plan,
        values=values,
        errors=errors,
        links_max=goal_rules.LINKS_MAX,
        date_example=date_example(today()),
    ), (400 if errors else 200)


@bp.route("/goals/<int:goal_id>/progress", methods=["GET", "POST"])
@launched_required
def progress(goal_id: int) -> Any:
    """Record a dated progress update with optional evidence."""
    who = viewer()
    goal = _goal_of(who, goal_id)
    plan_rules.require_trackable(goal.plan, who.user)
    if request.method == "GET":
        return _progress_page(goal, {"occurred_on": _date_values(today())}, {})
    occurred_on, date_problem = forms.parse_date(request.form, "occurred_on", "Date")
    values = {
        "note": request.form.get("note", ""),
        "evidence_text": request.form.get("evidence_text", ""),
        "evidence_links": request.form.get("evidence_links", ""),
        "occurred_on": forms.date_values(request.form, "occurred_on"),
    }

    def record() -> None:
        if date_problem:
            raise InvalidChange({"occurred_on": date_problem})
        goal_rules.record_progress(
            db.session,
            goal,
            who.user,
            note=values["note"],
            occurred_on=occurred_on,
            today=today(),
            evidence_text=values["evidence_text"],
            evidence_links=values["evidence_links"],
        )

    def refused(problem: InvalidChange) -> Any:
        every = goal_rules.progress_problems(
            values["note"],
            values["evidence_text"],
            values["evidence_links"],
            occurred_on or today(),
            today(),
        )
        return _progress_page(_goal_of(who, goal_id), values, {**every, **problem.problems})

    return commit_or_refuse(
        record,
        refused=InvalidChange,
        then=_goal_url(goal, "progress"),
        success="Your progress is recorded.",
        back=refused,
        once=True,
    )


@bp.route("/goals/<int:goal_id>/status", methods=["GET", "POST"])
@launched_required
def status(goal_id: int) -> Any:
    """Change a goal's status: dropping needs a reason, achieving a reflection."""
    who = viewer()
    goal = _goal_of(who, goal_id)
    plan_rules.require_trackable(goal.plan, who.user)
    values = {
        "status": goal.status,
        "reason": goal.dropped_reason or "",
        "reflection": goal.reflection or "",
    }

    def page(errors: dict[str, str], saved: list[tuple[str, str]] | None = None) -> Any:
        shown = _goal_of(who, goal_id) if errors else goal
        return render_template(
            "goals/status_form.html",
            goal=shown,
            plan=shown.plan,
            values=values,
            errors=errors,
            saved=saved,
            statuses=list(GoalStatus),
        ), (400 if errors else 200)

    def refused(error: InvalidChange | EditConflict) -> Any:
        if isinstance(error, InvalidChange):
            return page(error.problems)
        return page(_conflict(), _saved_status(error.row))

    if request.method == "GET":
        return page({})
    chosen = forms.goal_status(request.form)
    values = {name: request.form.get(name, "") for name in ("status", "reason", "reflection")}

    def change() -> None:
        if chosen is None:
            raise InvalidChange({"status": "Select the goal's status"})
        goal_rules.change_status(
            db.session,
            goal,
            chosen,
            who.user,
            reason=values["reason"] if chosen == GoalStatus.DROPPED else "",
            reflection=values["reflection"] if chosen == GoalStatus.ACHIEVED else "",
            opened_at=opened_version(),
        )

    return commit_or_refuse(
        change,
        refused=(InvalidChange, EditConflict),
        then=_goal_url(goal),
        success=f"Goal marked {chosen.label.lower()}." if chosen else None,
        back=refused,
    )
