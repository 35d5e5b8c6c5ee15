"""The plan pages: start a plan from the latest assessment, read it, choose targets and items,
submit it for review, its history, the PDF and the learner's data export. Each view checks who
is asking, calls development_plans and renders; a plan is only ever reached by its owner (or a
manager of its course, read-only)."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from development_plans import conversations
from development_plans import feedback as feedback_rules
from development_plans import plans as plan_rules
from development_plans.assessments import importance_label, latest_submitted, level_words
from development_plans.db import EditConflict
from development_plans.feedback.export import learner_feedback_export
from development_plans.framework import Framework
from development_plans.plans import InvalidChange, NotAllowed, Plan, PlanItem
from development_plans.plans.export import learner_export
from development_plans.resources import estimated_time_text
from lti_tool.auth import Viewer, launched_required
from lti_tool.extensions import db
from lti_tool.home.sections import HomeSection
from lti_tool.notices import tell
from lti_tool.plan.access import not_allowed_page, own_plan, plan_item, readable_plan
from lti_tool.plan.pdf import plan_pdf
from lti_tool.plan.resources import resource_index, resources_by_item
from lti_tool.views import (
    commit_or_refuse,
    framework_named,
    installed_frameworks,
    learner_glance,
    opened_version,
    plan_framework,
    today,
    viewer,
)

bp = Blueprint("plan", __name__, url_prefix="/plan")
bp.register_error_handler(NotAllowed, not_allowed_page)


def _shown(plan: Plan, anchor: str | None = None) -> str:
    return url_for("plan.show", plan_id=plan.id, _anchor=anchor)


@bp.get("/")
@launched_required
def index() -> Any:
    """The learner's current plan, or the page that starts one from their latest assessment."""
    who = viewer()
    if who.manages:
        return render_template("plan/manager_index.html")
    plan = plan_rules.current_plan(db.session, who.user.id, who.course.id)
    assessment = latest_submitted(db.session, who.user.id, who.course.id)
    if plan is not None and (assessment is None or plan.assessment_id == assessment.id):
        return redirect(_shown(plan))
    return render_template(
        "plan/start.html",
        assessment=assessment,
        previous=plan,
        unfinished=plan_rules.unfinished_goals(plan) if plan else [],
        framework=plan_framework(plan) if plan else None,
    )


@bp.post("/start")
@launched_required
def start() -> Any:
    """Draft a new plan version from the learner's latest submitted assessment."""
    who = viewer()
    if who.manages:
        abort(403)
    assessment = latest_submitted(db.session, who.user.id, who.course.id)
    if assessment is None:
        return redirect(url_for("plan.index"), code=303)
    framework = framework_named(assessment.framework_id, assessment.framework_version)
    carry = [int(v) for v in request.form.getlist("carry_over") if v.isdigit()]
    return commit_or_refuse(
        lambda: plan_rules.draft_plan(
            db.session,
            user=who.user,
            course_id=who.course.id,
            placement_id=who.placement_id,
            framework=framework,
            results=assessment.dimension_results,
            assessment_id=assessment.id,
            cycle=assessment.cycle,
            carry_over=carry,
        ),
        refused=NotAllowed,
        then=_shown,
        back=lambda _error: redirect(url_for("plan.index"), code=303),
    )


@bp.get("/<int:plan_id>")
@launched_required
def show(plan_id: int) -> Any:
    """The plan: priorities with focus behaviours, pitfalls, resources, goals and, for its
    owner, the threads their managers started, to reply in."""
    who = viewer()
    plan = readable_plan(who, plan_id)
    framework = plan_framework(plan)
    owner = plan.user_id == who.user.id
    return render_template(
        "plan/plan.html",
        plan=plan,
        framework=framework,
        items=plan_rules.prioritised_items(framework, plan),
        not_included=[i for i in plan.items if not i.included],
        resources=resources_by_item(plan, framework),
        focus={i.id: plan_rules.focus_behaviours(framework, i) for i in plan.items},
        versions=plan_rules.plan_versions(db.session, plan.user_id, plan.course_id),
        editable=plan_rules.may_edit(plan, who.user),
        owner=owner,
        threads=conversations.threads_for(db.session, plan.id) if owner else [],
        debrief_notes=feedback_rules.debrief_notes(db.session, plan.feedback_request_id),
        today=today(),
        split_focus=plan_rules.split_focus,
        focus_count=plan_rules.FOCUS_COUNT,
        level_words=level_words,
        importance_label=importance_label,
        time_text=estimated_time_text,
    )


def _targets_page(
    plan: Plan, framework: Framework, values: dict[str, tuple[str, str]], errors: dict[str, str]
) -> tuple[str, int]:
    return render_template(
        "plan/targets.html",
        plan=plan,
        framework=framework,
        items=sorted(plan.items, key=lambda i: i.position),
        values=values,
        errors=errors,
        level_words=level_words,
    ), (400 if errors else 200)


@bp.route("/<int:plan_id>/targets", methods=["GET", "POST"])
@launched_required
def targets(plan_id: int) -> Any:
    """Choose a target level per dimension: raise freely, lower with a reason."""
    who = viewer()
    plan = own_plan(who, plan_id)
    plan_rules.require_editable(plan, who.user)
    framework = plan_framework(plan)
    values = {i.dimension_id: (i.target_level_id, i.target_reason or "") for i in plan.items}
    if request.method == "GET":
        return _targets_page(plan, framework, values, {})
    for item in plan.items:
        chosen = request.form.get(f"target-{item.dimension_id}", item.target_level_id)
        # each lower option has its own reason field, revealed with that option
        values[item.dimension_id] = (
            chosen,
            request.form.get(f"reason-{item.dimension_id}-{chosen}", ""),
        )

    def set_each() -> None:
        errors: dict[str, str] = {}
        for item in plan.items:
            level, reason = values[item.dimension_id]
            opened = opened_version(f"version-{item.dimension_id}")
            try:
                plan_rules.set_target(
                    db.session, plan, item, level, who.user, framework, reason, opened
                )
            except InvalidChange as problem:
                errors[item.dimension_id] = next(iter(problem.problems.values()))
            except EditConflict as conflict:
                errors[item.dimension_id] = _target_conflict(framework, conflict.row)
        if errors:
            raise InvalidChange(errors)

    return commit_or_refuse(
        set_each,
        refused=InvalidChange,
        then=_shown(plan),
        success="Your targets are saved.",
        back=lambda error: _targets_page(own_plan(who, plan_id), framework, values, error.problems),
    )


def _target_conflict(framework: Framework, saved: PlanItem) -> str:
    """What a stale save of one target says: the target saved since, beside the choice kept."""
    message = (
        "This target was changed and saved in another tab or window after you opened this page."
        f" The saved target is now {framework.level(saved.target_level_id).name}"
    )
    if saved.target_reason:
        message += f" (reason: “{saved.target_reason}”)"
    return message + ". Your choice is kept below: save again to keep yours, or reload the page."


@bp.post("/<int:plan_id>/items/<int:item_id>/include")
@launched_required
def include_item(plan_id: int, item_id: int) -> Any:
    """Add a dimension with no gap to the plan."""
    who = viewer()
    plan = own_plan(who, plan_id)
    item = plan_item(plan, item_id)
    framework = plan_framework(plan)
    return commit_or_refuse(
        lambda: plan_rules.include_item(db.session, plan, item, who.user, framework),
        then=_shown(plan, f"item-{item_id}"),
    )


@bp.post("/<int:plan_id>/items/<int:item_id>/remove")
@launched_required
def remove_item(plan_id: int, item_id: int) -> Any:
    """Take a suggested dimension out of the plan."""
    who = viewer()
    plan = own_plan(who, plan_id)
    item = plan_item(plan, item_id)
    framework = plan_framework(plan)
    return commit_or_refuse(
        lambda: plan_rules.remove_item(db.session, plan, item, who.user, framework),
        refused=NotAllowed,
        then=_shown(plan),
    )


@bp.post("/<int:plan_id>/submit")
@launched_required
def submit(plan_id: int) -> Any:
    """Send the plan to the learner's manager for review."""
    who = viewer()
    plan = own_plan(who, plan_id)

    def submit_and_tell() -> None:
        plan_rules.submit_for_review(db.session, plan, who.user)
        tell.plan_submitted(db.session, plan)

    return commit_or_refuse(
        submit_and_tell,
        refused=InvalidChange,
        then=_shown(plan),
        success="Your plan has been submitted for review.",
        once=True,
    )


@bp.post("/<int:plan_id>/activate")
@launched_required
def activate(plan_id: int) -> Any:
    """Start working on an approved plan."""
    who = viewer()
    plan = own_plan(who, plan_id)
    return commit_or_refuse(
        lambda: plan_rules.activate(db.session, plan, who.user), then=_shown(plan)
    )


@bp.get("/<int:plan_id>/history")
@launched_required
def history(plan_id: int) -> Any:
    """Every change to the plan and its goals: who, when and what."""
    plan = readable_plan(viewer(), plan_id)
    events, people = plan_rules.plan_history(db.session, plan)
    return render_template("plan/history.html", plan=plan, events=events, people=people)


@bp.get("/<int:plan_id>/pdf")
@launched_required
def pdf(plan_id: int) -> Response:
    """The plan as a PDF to bring to an appraisal."""
    plan = readable_plan(viewer(), plan_id)
    framework = plan_framework(plan)
    body = plan_pdf(
        plan,
        framework,
        previous=plan_rules.previous_version(db.session, plan),
        resources=resource_index(plan, framework),
        today=today(),
    )
    name = f"development-plan-v{plan.version}.pdf"
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/export.json")
@launched_required
def export() -> Response:
    """Everything the tool holds about the learner, as JSON."""
    frameworks = installed_frameworks()
    data = learner_export(db.session, viewer().user, frameworks)
    data["feedback_360"] = learner_feedback_export(db.session, viewer().user.id, frameworks)
    body = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="development-planner-data.json"'},
    )


def home_section(who: Viewer) -> HomeSection:
    """The home page's "Your development plan" section: the plan at a glance (for managers,
    where the course's targets and resources are set)."""
    if who.manages:
        return HomeSection("plan/_home_section.html", order=20, data={"manager": True})
    glance = learner_glance(who)
    return HomeSection("plan/_home_section.html", order=20, data={"glance": glance})
