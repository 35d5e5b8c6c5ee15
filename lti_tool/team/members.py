"""A member of the team: their self-assessment results and plan with the progress on each goal,
the threads on the plan, the review decision, and the manager's own view of their levels (shared
with the member when the manager chooses)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for

from development_plans import conversations
from development_plans import plans as plan_rules
from development_plans import team as team_rules
from development_plans.assessments import (
    FrameworkUnavailable,
    framework_of,
    latest_submitted,
    load_answers,
    results_for,
)
from development_plans.assessments.profile_chart import profile_chart_svg, profile_table_rows
from development_plans.db import utcnow
from development_plans.people import User
from development_plans.plans import InvalidChange, NotAllowed, Plan, PlanStatus
from lti_tool import views
from lti_tool.auth import Viewer, managers_only
from lti_tool.extensions import db
from lti_tool.notices import tell
from lti_tool.team.access import (
    course_framework,
    framework_of_plan,
    team_for,
    team_member,
    team_plan,
)
from lti_tool.team.forms import DECISIONS, chosen_levels, opened_versions


def _self_assessment(member: User, course_id: int) -> dict[str, Any]:
    """The member's latest submitted self-assessment: results, chart, table and ratings."""
    assessment = latest_submitted(db.session, member.id, course_id)
    if assessment is None:
        return {
            "framework": course_framework(),
            "results": None,
            "chart_svg": None,
            "table_rows": None,
            "ratings": {},
        }
    try:
        framework = framework_of(db.session, assessment, views.installed_frameworks())
    except FrameworkUnavailable:
        abort(500)
    results = results_for(db.session, assessment, framework)
    return {
        "framework": framework,
        "results": results,
        "chart_svg": profile_chart_svg(
            results.chart_rows(),
            results.level_names,
            f"Levels from {member.display_name}'s self-assessment",
            "Previous self-assessment" if results.previous else None,
            id_prefix="member-chart",
        ),
        "table_rows": profile_table_rows(results.chart_rows(), results.level_names),
        "ratings": load_answers(db.session, assessment).ratings,
    }


def _current_plan(viewer: Viewer, member: User) -> dict[str, Any]:
    """The member's current plan read-only, its comments, and what the viewer may do with it."""
    plan = plan_rules.current_plan(db.session, member.id, viewer.course.id)
    if plan is None:
        return {"plan": None, "items": [], "plan_framework": None, "plan_threads": []}
    threads = conversations.threads_for(db.session, plan.id)
    may_review = plan_rules.may_review(db.session, plan, viewer.user)
    return {
        "plan": plan,
        "items": plan_rules.prioritised_items(framework_of_plan(plan), plan),
        "plan_framework": framework_of_plan(plan),
        "plan_threads": [t for t in threads if t.goal_id is None],
        "goal_threads": {g.id: [t for t in threads if t.goal_id == g.id] for g in plan.goals},
        "reviewable": may_review and plan.plan_status == PlanStatus.SUBMITTED,
        "commentable": may_review,
    }


def _member_page(
    viewer: Viewer, member: User, errors: dict[str, str] | None = None, status: int = 200
) -> tuple[str, int]:
    context = {
        "goal_threads": {},
        "reviewable": False,
        "commentable": False,
        **_self_assessment(member, viewer.course.id),
        **_current_plan(viewer, member),
    }
    framework = context["framework"]
    return render_template(
        "team/member.html",
        member=member,
        scale={option.value: option.label for option in framework.scale},
        observations=team_rules.observations_for(
            db.session, viewer.course.id, member.id, framework.id
        ),
        shared=team_rules.is_shared(db.session, viewer.course.id, member.id, viewer.user.id),
        decisions=DECISIONS,
        errors=errors or {},
        form=request.form if errors else {},
        today=utcnow().date(),
        **context,
    ), status


@managers_only
def member(user_id: int) -> Any:
    """A member's self-assessment results, ratings, your view of them, and their plan."""
    viewer = views.viewer()
    return _member_page(viewer, team_member(viewer, user_id))


def _refused(plan: Plan, error: NotAllowed) -> Any:
    db.session.rollback()
    flash(str(error), "error")
    return redirect(url_for("team.member", user_id=plan.user_id), code=303)


@managers_only
def comment(plan_id: int) -> Any:
    """Comment on a member's plan or, with ``goal_id``, on one of its goals."""
    viewer = views.viewer()
    plan = team_plan(viewer, plan_id)
    goal_id = request.form.get("goal_id", "")
    goal = None
    if goal_id:
        goal = next((g for g in plan.goals if str(g.id) == goal_id), None)
        if goal is None:
            abort(404)
    anchor = f"goal-{goal.id}" if goal else "plan-comments"
    landing = url_for("team.member", user_id=plan.user_id, _anchor=anchor)
    if (repeat := views.sent_before(landing)) is not None:
        return repeat
    try:
        said = conversations.add_comment(
            db.session, plan, viewer.user, request.form.get("body", ""), goal
        )
        tell.comment_added(db.session, plan, said, goal)
    except InvalidChange as error:
        db.session.rollback()
        field = f"goal-{goal.id}-body" if goal else "body"
        return _member_page(viewer, plan.user, {field: error.problems["body"]}, 400)
    except NotAllowed as error:
        return _refused(plan, error)
    views.landed_at(landing)
    db.session.commit()
    flash("Your comment is saved. The learner sees it with their plan and can reply.", "success")
    return redirect(landing, code=303)


@managers_only
def review(plan_id: int) -> Any:
    """Approve a submitted plan, or send it back with a message saying what to change."""
    viewer = views.viewer()
    plan = team_plan(viewer, plan_id)
    decision = request.form.get("decision", "")
    message = request.form.get("message", "")
    if decision not in DECISIONS:
        return _member_page(viewer, plan.user, {"decision": "Choose whether to approve"}, 400)
    landing = url_for("team.member", user_id=plan.user_id)
    if (repeat := views.sent_before(landing)) is not None:
        return repeat
    try:
        if decision == "approve":
            plan_rules.approve(db.session, plan, viewer.user, message)
        else:
            plan_rules.request_changes(db.session, plan, viewer.user, message)
            tell.changes_requested(db.session, plan)
    except InvalidChange as error:
        db.session.rollback()
        return _member_page(viewer, plan.user, dict(error.problems), 400)
    except NotAllowed as error:
        return _refused(plan, error)
    views.landed_at(landing)
    db.session.commit()
    flash(
        "The plan is approved."
        if decision == "approve"
        else "Changes requested. The learner sees your message and can resubmit.",
        "success",
    )
    return redirect(landing, code=303)


@managers_only
def observations(user_id: int) -> Any:
    """Record your own view of the member's level in each dimension, in observer phrasing."""
    viewer = views.viewer()
    member = team_member(viewer, user_id)
    framework = course_framework()
    mine_rows = {
        dimension_id: row
        for dimension_id, rows in team_rules.observations_for(
            db.session, viewer.course.id, member.id, framework.id
        ).items()
        for row in rows
        if row.observer_id == viewer.user.id
    }
    mine = {dimension_id: row.level_id for dimension_id, row in mine_rows.items()}
    versions = {dimension_id: row.version_id for dimension_id, row in mine_rows.items()}
    errors: dict[str, str] = {}
    if request.method == "POST":
        chosen = chosen_levels(framework)
        if not chosen:
            errors = {framework.dimensions[0].id: "Choose a level for at least one dimension"}
        else:
            try:
                team_rules.record_observation(
                    db.session,
                    team_for(viewer),
                    member,
                    viewer.user,
                    framework,
                    chosen,
                    opened_versions(framework),
                )
            except InvalidChange as error:
                db.session.rollback()
                errors = dict(error.problems)
            else:
                db.session.commit()
                flash("Your view is saved beside their self-assessment.", "success")
                return redirect(url_for("team.member", user_id=member.id), code=303)
        mine.update(chosen)
    return render_template(
        "team/observations.html",
        member=member,
        framework=framework,
        levels=(framework.below_lowest, *framework.levels),
        mine=mine,
        versions=versions,
        errors=errors,
    ), (400 if errors else 200)


@managers_only
def share(user_id: int) -> Any:
    """Share your view of the member's levels with them (``share=1``), or take it back."""
    viewer = views.viewer()
    member = team_member(viewer, user_id)
    sharing = request.form.get("share") == "1"
    change = team_rules.share_view if sharing else team_rules.unshare_view
    try:
        change(db.session, team_for(viewer), member, viewer.user)
    except NotAllowed as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(
            f"{member.display_name} now sees your view beside their own results."
            if sharing
            else f"{member.display_name} no longer sees your view.",
            "success",
        )
    return redirect(url_for("team.member", user_id=member.id, _anchor="levels"), code=303)
