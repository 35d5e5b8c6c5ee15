"""Development plan pages. Each view checks who is asking, calls development_plans and renders; a
plan, goal or export is only ever reached by its owner (or a manager of its course, read-only)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select

from development_plans import goals as goal_rules
from development_plans import plans as plan_rules
from development_plans.assessments import DEFAULT_FRAMEWORK_ID, latest_submitted
from development_plans.export import learner_export
from development_plans.framework import Framework, available_frameworks
from development_plans.models import User, utcnow
from development_plans.plans import (
    Goal,
    GoalStatus,
    InvalidChange,
    NotAllowed,
    Plan,
    PlanError,
    PlanEvent,
    PlanItem,
)
from development_plans.resources import (
    RESOURCE_TYPES,
    Catalogue,
    Resource,
    ResourceInvalid,
    add_course_resource,
    catalogue_for,
    course_resources,
    remove_course_resource,
    suggestions,
)
from lti_tool.auth import Viewer, current_viewer, launched_required, managers_only
from lti_tool.extensions import db
from lti_tool.home.sections import HomeSection, add_home_section
from lti_tool.plan import forms
from lti_tool.plan.pdf import plan_pdf

bp = Blueprint("plan", __name__, url_prefix="/plan")


def _viewer() -> Viewer:
    viewer = current_viewer()
    if viewer is None:
        abort(401)
    return viewer


def today() -> date:
    """Today's date in UTC, the day goals and progress are judged against."""
    return utcnow().date()


def frameworks() -> dict[str, Framework]:
    """The installed framework packs."""
    return available_frameworks(current_app.config.get("FRAMEWORK_PACKS_DIR"))


def framework_of(plan: Plan) -> Framework:
    """The pack a plan was drafted with."""
    try:
        return frameworks()[plan.framework_id]
    except KeyError:
        abort(500)


def _plan_for(viewer: Viewer, plan_id: int) -> Plan:
    """The plan if this viewer may read it; 404 otherwise, so ids reveal nothing."""
    plan = plan_rules.load_plan(db.session, plan_id)
    if (
        plan is None
        or plan.course_id != viewer.course.id
        or not plan_rules.may_view(db.session, plan, viewer.user)
    ):
        abort(404)
    return plan


def _own_plan(viewer: Viewer, plan_id: int) -> Plan:
    plan = _plan_for(viewer, plan_id)
    if plan.user_id != viewer.user.id:
        abort(403)
    return plan


def _own_goal(viewer: Viewer, goal_id: int, *, owner: bool = True) -> Goal:
    plan_id = db.session.scalar(select(Goal.plan_id).where(Goal.id == goal_id))
    if plan_id is None:
        abort(404)
    plan = _own_plan(viewer, plan_id) if owner else _plan_for(viewer, plan_id)
    return next(g for g in plan.goals if g.id == goal_id)


def _item(plan: Plan, item_id: int) -> PlanItem:
    item = next((i for i in plan.items if i.id == item_id), None)
    if item is None:
        abort(404)
    return item


def catalogue(framework: Framework) -> Catalogue:
    """The resource catalogue (``RESOURCE_CATALOGUE_DIR``, else the content folder)."""
    return catalogue_for(framework, current_app.config.get("RESOURCE_CATALOGUE_DIR"))


def _resources_by_item(plan: Plan, framework: Framework) -> dict[int, list[Resource]]:
    listed = catalogue(framework)
    own = course_resources(db.session, plan.course_id, plan.framework_id)
    return {
        item.id: suggestions(listed, own, item.dimension_id, item.target_level_id)
        for item in plan.items
    }


def _resource_index(plan: Plan, framework: Framework) -> dict[str, Resource]:
    own = course_resources(db.session, plan.course_id, plan.framework_id)
    return {r.key: r for r in (*(c.as_resource() for c in own), *catalogue(framework).resources)}


def _refused(error: PlanError, plan: Plan) -> Response:
    flash(str(error), "error")
    return redirect(url_for("plan.show", plan_id=plan.id), code=303)


@bp.errorhandler(NotAllowed)
def not_allowed(error: NotAllowed) -> tuple[str, int]:
    """A change the person may not make: say why, on a page of its own."""
    return render_template("plan/not_allowed.html", message=str(error)), 403


# --------------------------------------------------------------------------------------
# Starting and reading plans
# --------------------------------------------------------------------------------------


@bp.get("/")
@launched_required
def index() -> Any:
    """The learner's current plan, or the page that starts one from their latest assessment."""
    viewer = _viewer()
    if viewer.manages:
        return render_template("plan/manager_index.html")
    plan = plan_rules.current_plan(db.session, viewer.user.id, viewer.course.id)
    assessment = latest_submitted(db.session, viewer.user.id, viewer.course.id)
    if plan is not None and (assessment is None or plan.assessment_id == assessment.id):
        return redirect(url_for("plan.show", plan_id=plan.id))
    return render_template(
        "plan/start.html",
        assessment=assessment,
        previous=plan,
        unfinished=plan_rules.unfinished_goals(plan) if plan else [],
        framework=framework_of(plan) if plan else None,
    )


@bp.post("/start")
@launched_required
def start() -> Any:
    """Draft a new plan version from the learner's latest submitted assessment."""
    viewer = _viewer()
    if viewer.manages:
        abort(403)
    assessment = latest_submitted(db.session, viewer.user.id, viewer.course.id)
    if assessment is None:
        return redirect(url_for("plan.index"), code=303)
    framework = frameworks().get(assessment.framework_id)
    if framework is None:
        abort(500)
    carry = [int(v) for v in request.form.getlist("carry_over") if v.isdigit()]
    try:
        plan = plan_rules.draft_plan(
            db.session,
            user=viewer.user,
            course_id=viewer.course.id,
            placement_id=viewer.placement_id,
            framework=framework,
            results=assessment.dimension_results,
            assessment_id=assessment.id,
            cycle=assessment.cycle,
            carry_over=carry,
        )
    except NotAllowed:
        db.session.rollback()
        return redirect(url_for("plan.index"), code=303)
    db.session.commit()
    return redirect(url_for("plan.show", plan_id=plan.id), code=303)


@bp.get("/<int:plan_id>")
@launched_required
def show(plan_id: int) -> Any:
    """The plan: priorities with focus behaviours, pitfalls, resources and goals."""
    viewer = _viewer()
    plan = _plan_for(viewer, plan_id)
    framework = framework_of(plan)
    return render_template(
        "plan/plan.html",
        plan=plan,
        framework=framework,
        items=plan_rules.prioritised_items(framework, plan),
        not_included=[i for i in plan.items if not i.included],
        resources=_resources_by_item(plan, framework),
        focus={i.id: plan_rules.focus_behaviours(framework, i) for i in plan.items},
        versions=plan_rules.plan_versions(db.session, plan.user_id, plan.course_id),
        editable=plan_rules.may_edit(plan, viewer.user),
        owner=plan.user_id == viewer.user.id,
        today=today(),
    )


@bp.route("/<int:plan_id>/targets", methods=["GET", "POST"])
@launched_required
def targets(plan_id: int) -> Any:
    """Choose a target level per dimension: raise freely, lower with a reason."""
    viewer = _viewer()
    plan = _own_plan(viewer, plan_id)
    plan_rules.require_editable(plan, viewer.user)
    framework = framework_of(plan)
    errors: dict[str, str] = {}
    values = {i.dimension_id: (i.target_level_id, i.target_reason or "") for i in plan.items}
    if request.method == "POST":
        for item in plan.items:
            level = request.form.get(f"target-{item.dimension_id}", item.target_level_id)
            reason = request.form.get(f"reason-{item.dimension_id}", "")
            values[item.dimension_id] = (level, reason)
            try:
                plan_rules.set_target(db.session, plan, item, level, viewer.user, framework, reason)
            except InvalidChange as problem:
                errors[item.dimension_id] = next(iter(problem.problems.values()))
        if not errors:
            db.session.commit()
            flash("Your targets are saved.", "success")
            return redirect(url_for("plan.show", plan_id=plan.id), code=303)
        db.session.rollback()
        plan = _own_plan(viewer, plan_id)
    return render_template(
        "plan/targets.html",
        plan=plan,
        framework=framework,
        items=sorted(plan.items, key=lambda i: i.position),
        values=values,
        errors=errors,
    ), (400 if errors else 200)


@bp.post("/<int:plan_id>/items/<int:item_id>/include")
@launched_required
def include_item(plan_id: int, item_id: int) -> Any:
    """Add a dimension with no gap to the plan."""
    viewer = _viewer()
    plan = _own_plan(viewer, plan_id)
    plan_rules.include_item(db.session, plan, _item(plan, item_id), viewer.user, framework_of(plan))
    db.session.commit()
    return redirect(url_for("plan.show", plan_id=plan.id, _anchor=f"item-{item_id}"), code=303)


@bp.post("/<int:plan_id>/items/<int:item_id>/remove")
@launched_required
def remove_item(plan_id: int, item_id: int) -> Any:
    """Take a suggested dimension out of the plan."""
    viewer = _viewer()
    plan = _own_plan(viewer, plan_id)
    try:
        plan_rules.remove_item(
            db.session, plan, _item(plan, item_id), viewer.user, framework_of(plan)
        )
    except NotAllowed as error:
        db.session.rollback()
        return _refused(error, plan)
    db.session.commit()
    return redirect(url_for("plan.show", plan_id=plan.id), code=303)


@bp.post("/<int:plan_id>/submit")
@launched_required
def submit(plan_id: int) -> Any:
    """Send the plan to the learner's manager for review."""
    viewer = _viewer()
    plan = _own_plan(viewer, plan_id)
    try:
        plan_rules.submit_for_review(db.session, plan, viewer.user)
    except InvalidChange as error:
        db.session.rollback()
        return _refused(error, plan)
    db.session.commit()
    flash("Your plan has been submitted for review.", "success")
    return redirect(url_for("plan.show", plan_id=plan.id), code=303)


@bp.post("/<int:plan_id>/activate")
@launched_required
def activate(plan_id: int) -> Any:
    """Start working on an approved plan."""
    viewer = _viewer()
    plan = _own_plan(viewer, plan_id)
    plan_rules.activate(db.session, plan, viewer.user)
    db.session.commit()
    return redirect(url_for("plan.show", plan_id=plan.id), code=303)


@bp.get("/<int:plan_id>/history")
@launched_required
def history(plan_id: int) -> Any:
    """Every change to the plan and its goals: who, when and what."""
    viewer = _viewer()
    plan = _plan_for(viewer, plan_id)
    events = db.session.scalars(
        select(PlanEvent)
        .where(PlanEvent.plan_id == plan.id)
        .order_by(PlanEvent.at.desc(), PlanEvent.id.desc())
    ).all()
    people = {plan.user_id: plan.user}
    ids = {e.actor_id for e in events if e.actor_id is not None} - set(people)
    if ids:
        people.update({u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))})
    return render_template("plan/history.html", plan=plan, events=events, people=people)


# --------------------------------------------------------------------------------------
# Goals
# --------------------------------------------------------------------------------------


def _goal_form_page(
    plan: Plan,
    item: PlanItem,
    framework: Framework,
    *,
    goal: Goal | None,
    values: dict[str, Any],
    errors: dict[str, str],
) -> tuple[str, int]:
    return render_template(
        "plan/goal_form.html",
        plan=plan,
        item=item,
        goal=goal,
        framework=framework,
        dimension=framework.dimension(item.dimension_id),
        focus=plan_rules.focus_behaviours(framework, item),
        resources=_resources_by_item(plan, framework)[item.id],
        values=values,
        errors=errors,
        latest=goal_rules.latest_target_date(today()),
    ), (400 if errors else 200)


def _save_goal(viewer: Viewer, plan: Plan, item: PlanItem, goal: Goal | None) -> Any:
    framework = framework_of(plan)
    data, errors = forms.goal_input(request.form)
    values = {
        "specific": data.specific,
        "measurable": data.measurable,
        "support": data.support,
        "behaviour_ids": list(data.behaviour_ids),
        "resource_keys": list(data.resource_keys),
        "target_date": forms.date_values(request.form, "target_date"),
    }
    keys = {r.key for r in _resources_by_item(plan, framework)[item.id]}
    if goal is not None:
        keys |= set(goal.resource_keys)
    if not errors:
        try:
            if goal is None:
                goal = goal_rules.add_goal(
                    db.session,
                    plan,
                    item,
                    data,
                    viewer.user,
                    framework,
                    resource_keys=keys,
                    today=today(),
                )
            else:
                goal_rules.update_goal(
                    db.session,
                    goal,
                    data,
                    viewer.user,
                    framework,
                    resource_keys=keys,
                    today=today(),
                )
        except InvalidChange as problem:
            db.session.rollback()
            errors = problem.problems
    elif data.target_date is None:
        focus = {b.id for b in plan_rules.focus_behaviours(framework, item)}
        others = goal_rules.goal_problems(data, focus_ids=focus, resource_keys=keys, today=today())
        errors = {**{k: v for k, v in others.items() if k != "target_date"}, **errors}
    if errors:
        return _goal_form_page(plan, item, framework, goal=goal, values=values, errors=errors)
    db.session.commit()
    flash("Your goal is saved.", "success")
    return redirect(url_for("plan.goal", goal_id=goal.id), code=303)


@bp.route("/<int:plan_id>/items/<int:item_id>/goals/new", methods=["GET", "POST"])
@launched_required
def new_goal(plan_id: int, item_id: int) -> Any:
    """Write a SMART goal for one item of the plan."""
    viewer = _viewer()
    plan = _own_plan(viewer, plan_id)
    plan_rules.require_editable(plan, viewer.user)
    item = _item(plan, item_id)
    if not item.included:
        abort(404)
    if request.method == "POST":
        return _save_goal(viewer, plan, item, None)
    values = {"behaviour_ids": [], "resource_keys": [], "target_date": {}}
    return _goal_form_page(plan, item, framework_of(plan), goal=None, values=values, errors={})


@bp.route("/goals/<int:goal_id>/edit", methods=["GET", "POST"])
@launched_required
def edit_goal(goal_id: int) -> Any:
    """Change a goal's SMART fields."""
    viewer = _viewer()
    goal = _own_goal(viewer, goal_id)
    plan_rules.require_editable(goal.plan, viewer.user)
    if request.method == "POST":
        return _save_goal(viewer, goal.plan, goal.item, goal)
    values = {
        "specific": goal.specific,
        "measurable": goal.measurable,
        "support": goal.support,
        "behaviour_ids": goal.behaviour_ids,
        "resource_keys": goal.resource_keys,
        "target_date": {
            "day": str(goal.target_date.day),
            "month": str(goal.target_date.month),
            "year": str(goal.target_date.year),
        },
    }
    return _goal_form_page(
        goal.plan, goal.item, framework_of(goal.plan), goal=goal, values=values, errors={}
    )


def _goal_page(goal: Goal, viewer: Viewer, **extra: Any) -> tuple[str, int]:
    framework = framework_of(goal.plan)
    status = 400 if extra.get("action_error") else 200
    return render_template(
        "plan/goal.html",
        goal=goal,
        plan=goal.plan,
        framework=framework,
        dimension=framework.dimension(goal.item.dimension_id),
        resources=_resource_index(goal.plan, framework),
        owner=goal.plan.user_id == viewer.user.id,
        trackable=goal.plan.user_id == viewer.user.id and not goal.plan.closed,
        editable=plan_rules.may_edit(goal.plan, viewer.user),
        today=today(),
        **extra,
    ), status


@bp.get("/goals/<int:goal_id>")
@launched_required
def goal(goal_id: int) -> Any:
    """One goal: its SMART parts, actions, resources, progress and status."""
    viewer = _viewer()
    return _goal_page(_own_goal(viewer, goal_id, owner=False), viewer)


@bp.post("/goals/<int:goal_id>/actions")
@launched_required
def add_action(goal_id: int) -> Any:
    """Add a step to the goal's checklist."""
    viewer = _viewer()
    goal = _own_goal(viewer, goal_id)
    text = request.form.get("text", "")
    try:
        goal_rules.add_action(db.session, goal, text, viewer.user)
    except InvalidChange as problem:
        db.session.rollback()
        goal = _own_goal(viewer, goal_id)
        return _goal_page(goal, viewer, action_error=problem.problems["text"], action_text=text)
    db.session.commit()
    return redirect(url_for("plan.goal", goal_id=goal.id, _anchor="actions"), code=303)


@bp.post("/goals/<int:goal_id>/actions/<int:action_id>")
@launched_required
def tick_action(goal_id: int, action_id: int) -> Any:
    """Mark an action done or not done."""
    viewer = _viewer()
    goal = _own_goal(viewer, goal_id)
    action = next((a for a in goal.actions if a.id == action_id), None)
    if action is None:
        abort(404)
    goal_rules.set_action_done(
        db.session, goal, action, request.form.get("done") == "1", viewer.user
    )
    db.session.commit()
    return redirect(url_for("plan.goal", goal_id=goal.id, _anchor="actions"), code=303)


@bp.route("/goals/<int:goal_id>/progress", methods=["GET", "POST"])
@launched_required
def progress(goal_id: int) -> Any:
    """Record a dated progress update with optional evidence."""
    viewer = _viewer()
    goal = _own_goal(viewer, goal_id)
    plan_rules.require_trackable(goal.plan, viewer.user)
    values: dict[str, Any] = {"occurred_on": {}}
    errors: dict[str, str] = {}
    if request.method == "POST":
        occurred_on, date_problem = forms.parse_date(request.form, "occurred_on", "Date")
        values = {
            "note": request.form.get("note", ""),
            "evidence_text": request.form.get("evidence_text", ""),
            "evidence_links": request.form.get("evidence_links", ""),
            "occurred_on": forms.date_values(request.form, "occurred_on"),
        }
        try:
            if date_problem:
                raise InvalidChange({"occurred_on": date_problem})
            goal_rules.record_progress(
                db.session,
                goal,
                viewer.user,
                note=values["note"],
                occurred_on=occurred_on,
                today=today(),
                evidence_text=values["evidence_text"],
                evidence_links=values["evidence_links"],
            )
        except InvalidChange as problem:
            db.session.rollback()
            goal = _own_goal(viewer, goal_id)
            errors = {
                **goal_rules.progress_problems(
                    values["note"],
                    values["evidence_text"],
                    values["evidence_links"],
                    occurred_on or today(),
                    today(),
                ),
                **problem.problems,
            }
        else:
            db.session.commit()
            flash("Your progress is recorded.", "success")
            return redirect(url_for("plan.goal", goal_id=goal.id, _anchor="progress"), code=303)
    else:
        now = today()
        values["occurred_on"] = {
            "day": str(now.day),
            "month": str(now.month),
            "year": str(now.year),
        }
    return render_template(
        "plan/progress_form.html",
        goal=goal,
        plan=goal.plan,
        values=values,
        errors=errors,
        links_max=goal_rules.LINKS_MAX,
    ), (400 if errors else 200)


@bp.route("/goals/<int:goal_id>/status", methods=["GET", "POST"])
@launched_required
def status(goal_id: int) -> Any:
    """Change a goal's status: dropping needs a reason, achieving a reflection."""
    viewer = _viewer()
    goal = _own_goal(viewer, goal_id)
    plan_rules.require_trackable(goal.plan, viewer.user)
    values = {
        "status": goal.status,
        "reason": goal.dropped_reason or "",
        "reflection": goal.reflection or "",
    }
    errors: dict[str, str] = {}
    if request.method == "POST":
        chosen = forms.goal_status(request.form)
        values = {
            "status": request.form.get("status", ""),
            "reason": request.form.get("reason", ""),
            "reflection": request.form.get("reflection", ""),
        }
        try:
            if chosen is None:
                raise InvalidChange({"status": "Select the goal's status"})
            goal_rules.change_status(
                db.session,
                goal,
                chosen,
                viewer.user,
                reason=values["reason"] if chosen == GoalStatus.DROPPED else "",
                reflection=values["reflection"] if chosen == GoalStatus.ACHIEVED else "",
            )
        except InvalidChange as problem:
            db.session.rollback()
            goal = _own_goal(viewer, goal_id)
            errors = problem.problems
        else:
            db.session.commit()
            flash(f"Goal marked {chosen.label.lower()}.", "success")
            return redirect(url_for("plan.goal", goal_id=goal.id), code=303)
    return render_template(
        "plan/status_form.html",
        goal=goal,
        plan=goal.plan,
        values=values,
        errors=errors,
        statuses=list(GoalStatus),
    ), (400 if errors else 200)


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


@bp.get("/<int:plan_id>/pdf")
@launched_required
def pdf(plan_id: int) -> Response:
    """The plan as a PDF to bring to an appraisal."""
    viewer = _viewer()
    plan = _plan_for(viewer, plan_id)
    framework = framework_of(plan)
    previous = None
    if plan.version > 1:
        previous = db.session.scalar(
            select(Plan).where(
                Plan.user_id == plan.user_id,
                Plan.course_id == plan.course_id,
                Plan.version == plan.version - 1,
            )
        )
    body = plan_pdf(
        plan,
        framework,
        previous=plan_rules.load_plan(db.session, previous.id) if previous else None,
        resources=_resource_index(plan, framework),
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
    viewer = _viewer()
    data = learner_export(db.session, viewer.user)
    body = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="development-planner-data.json"'},
    )


# --------------------------------------------------------------------------------------
# Course settings (managers)
# --------------------------------------------------------------------------------------


def _course_framework() -> Framework:
    installed = frameworks()
    if DEFAULT_FRAMEWORK_ID in installed:
        return installed[DEFAULT_FRAMEWORK_ID]
    if not installed:
        abort(500)
    return next(iter(installed.values()))


@bp.route("/course/targets", methods=["GET", "POST"])
@managers_only
def course_targets() -> Any:
    """The course's target level per dimension; learners' new plans start from these."""
    viewer = _viewer()
    framework = _course_framework()
    current = plan_rules.course_targets(db.session, viewer.course.id, None, framework.id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        chosen = {d.id: request.form.get(f"target-{d.id}", "") for d in framework.dimensions}
        for dimension in framework.dimensions:
            level = chosen[dimension.id]
            if level and level not in framework.level_ids:
                errors[dimension.id] = "Select one of the levels, or 'One level up'"
        if not errors:
            for dimension in framework.dimensions:
                plan_rules.set_course_target(
                    db.session,
                    course_id=viewer.course.id,
                    framework=framework,
                    dimension_id=dimension.id,
                    level_id=chosen[dimension.id] or None,
                    by_user=viewer.user,
                )
            db.session.commit()
            flash("The course's targets are saved. New plans will use them.", "success")
            return redirect(url_for("plan.course_targets"), code=303)
        current = chosen
    return render_template(
        "plan/course_targets.html", framework=framework, current=current, errors=errors
    ), (400 if errors else 200)


@bp.route("/course/resources", methods=["GET", "POST"])
@managers_only
def course_resource_list() -> Any:
    """Resources the course adds to the catalogue, tagged with dimension and level."""
    viewer = _viewer()
    framework = _course_framework()
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {
            name: request.form.get(name, "")
            for name in (
                "title",
                "url",
                "type",
                "dimension_id",
                "level_id",
                "estimated_minutes",
                "description",
            )
        }
        time, time_problem = forms.minutes(values["estimated_minutes"])
        try:
            add_course_resource(
                db.session,
                course_id=viewer.course.id,
                framework=framework,
                added_by_id=viewer.user.id,
                title=values["title"],
                url=values["url"],
                type=values["type"],
                dimension_id=values["dimension_id"],
                level_id=values["level_id"],
                estimated_minutes=time,
                description=values["description"],
            )
            if time_problem:
                raise ResourceInvalid({"estimated_minutes": time_problem})
        except ResourceInvalid as problem:
            db.session.rollback()
            errors = problem.problems
            if time_problem:
                errors["estimated_minutes"] = time_problem
        else:
            db.session.commit()
            flash("The resource is added.", "success")
            return redirect(url_for("plan.course_resource_list"), code=303)
    return render_template(
        "plan/course_resources.html",
        framework=framework,
        rows=course_resources(db.session, viewer.course.id, framework.id),
        types=RESOURCE_TYPES,
        values=values,
        errors=errors,
    ), (400 if errors else 200)


@bp.post("/course/resources/<int:resource_id>/remove")
@managers_only
def remove_course_resource_view(resource_id: int) -> Any:
    """Remove one of the course's resources."""
    viewer = _viewer()
    if not remove_course_resource(db.session, viewer.course.id, resource_id):
        abort(404)
    db.session.commit()
    flash("The resource is removed.", "success")
    return redirect(url_for("plan.course_resource_list"), code=303)


# --------------------------------------------------------------------------------------
# Home page
# --------------------------------------------------------------------------------------


def home_section(viewer: Viewer) -> HomeSection:
    """The home page's "Your development plan" section: the plan at a glance."""
    if viewer.manages:
        return HomeSection("plan/_home_section.html", order=20, data={"manager": True})
    glance = goal_rules.glance_for(db.session, viewer.user.id, viewer.course.id, today())
    return HomeSection("plan/_home_section.html", order=20, data={"glance": glance})


bp.record_once(lambda state: add_home_section(state.app, home_section))
