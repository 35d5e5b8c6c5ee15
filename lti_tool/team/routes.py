"""The team pages: dashboard, CSV export, roster sync, a member's results and plan, comments,
review decisions and the manager's own view. Every page is for managers of the launched course,
and a member is reachable only when they are on the viewer's team (404 otherwise)."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError
from sqlalchemy import select

from development_plans import plans as plan_rules
from development_plans import team as team_rules
from development_plans.assessments import (
    FrameworkUnavailable,
    framework_for_placement,
    framework_of,
    latest_submitted,
    load_answers,
    results_for,
)
from development_plans.assessments.profile_chart import profile_chart_svg, profile_table_rows
from development_plans.framework import Framework, available_frameworks
from development_plans.models import User, utcnow
from development_plans.plans import InvalidChange, NotAllowed, Plan, PlanStatus
from development_plans.team import DashboardQuery, MemberStatus, RosterSync, Team
from lti_tool.auth import Viewer, current_viewer, managers_only
from lti_tool.errors import MESSAGES
from lti_tool.extensions import db
from lti_tool.home.sections import HomeSection, add_home_section
from lti_tool.team.roster import RosterUnavailable, sync_roster

bp = Blueprint("team", __name__, url_prefix="/team")

SETTINGS = {
    "TEAM_SYNC_INTERVAL_SECONDS": ("DP_TEAM_SYNC_SECONDS", 300),
    "TEAM_SUMMARY_MIN_GROUP": ("DP_TEAM_SUMMARY_MIN_GROUP", team_rules.DEFAULT_MIN_GROUP),
    "TEAM_PAGE_SIZE": ("DP_TEAM_PAGE_SIZE", 50),
    "TEAM_HTTP_TIMEOUT": ("DP_TEAM_HTTP_TIMEOUT", 10),
}
DECISIONS = {"approve": "Approve the plan", "request_changes": "Ask for changes"}


@bp.errorhandler(CSRFError)
def csrf_refused(error: CSRFError) -> Any:
    """Refuse who may not be here at all first: 401 without a session, 403 for a learner."""
    viewer = current_viewer()
    if viewer is None or not viewer.manages:
        code = 401 if viewer is None else 403
        title, detail = MESSAGES[code]
        return render_template("errors/generic.html", title=title, detail=detail), code
    return render_template(
        "errors/generic.html",
        title="This form has expired",
        detail="Go back, reload the page and submit it again. Nothing you saved before has been "
        "lost.",
    ), 400


def _configure(app: Flask) -> None:
    for name, (variable, default) in SETTINGS.items():
        app.config.setdefault(name, int(os.environ.get(variable, default)))


def _viewer() -> Viewer:
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


def _member(viewer: Viewer, user_id: int) -> User:
    member = team_rules.team_member(db.session, team_for(viewer), user_id)
    if member is None:
        abort(404)
    return member


def _team_plan(viewer: Viewer, plan_id: int) -> Plan:
    """A plan of a member of the viewer's team in this course; 404 for any other id."""
    owner = db.session.scalar(
        select(Plan.user_id).where(Plan.id == plan_id, Plan.course_id == viewer.course.id)
    )
    if owner is None:
        abort(404)
    _member(viewer, owner)
    plan = plan_rules.load_plan(db.session, plan_id)
    if plan is None:
        abort(404)
    return plan


# --------------------------------------------------------------------------------------
# Dashboard
# --------------------------------------------------------------------------------------


def dashboard_query(framework: Framework) -> DashboardQuery:
    """The dashboard's filters, sort and page from the query string; unknown values ignored."""
    args = request.args
    status = args.get("status", "")
    dimension = args.get("dimension", "")
    level = args.get("level", "")
    dimensions = {d.id for d in framework.dimensions}
    sort = args.get("sort", "name")
    page = args.get("page", "1")
    return DashboardQuery(
        status=MemberStatus(status) if status in set(MemberStatus) else None,
        dimension_id=dimension if dimension in dimensions else None,
        level_id=level if level in {framework.below_lowest.id, *framework.level_ids} else None,
        sort=sort if sort in team_rules.SORT_KEYS or sort in dimensions else "name",
        descending=args.get("order") == "desc",
        include_left=args.get("left") == "1",
        page=int(page) if page.isdigit() else 1,
        per_page=current_app.config["TEAM_PAGE_SIZE"],
    )


def query_args(query: DashboardQuery, **changes: Any) -> dict[str, str]:
    """The query string that shows ``query`` with ``changes`` applied (for links)."""
    values = {
        "status": query.status.value if query.status else None,
        "dimension": query.dimension_id,
        "level": query.level_id,
        "left": "1" if query.include_left else None,
        "sort": query.sort if query.sort != "name" else None,
        "order": "desc" if query.descending else None,
        "page": str(query.page) if query.page > 1 else None,
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v}


@bp.get("/")
@managers_only
def dashboard() -> Any:
    """Members × dimensions with status, goals and activity; summary; filters and paging."""
    viewer = _viewer()
    sync_problem = None
    try:
        sync_roster(viewer.course, keep_user_ids=[viewer.user.id])
    except RosterUnavailable as error:
        sync_problem = str(error)
    framework = course_framework()
    rows = team_rules.dashboard_rows(db.session, team_for(viewer), framework, utcnow().date())
    query = dashboard_query(framework)
    chosen = team_rules.filter_and_sort(rows, query, framework)
    page = team_rules.paginate(chosen, query.page, query.per_page)
    return render_template(
        "team/dashboard.html",
        framework=framework,
        page=page,
        query=query,
        query_args=lambda **changes: urlencode(query_args(query, **changes)),
        statuses=list(MemberStatus),
        levels=(framework.below_lowest, *framework.levels),
        summary=team_rules.team_summary(
            rows, framework, current_app.config["TEAM_SUMMARY_MIN_GROUP"]
        ),
        left=sum(1 for r in rows if not r.active),
        sync=db.session.get(RosterSync, viewer.course.id),
        sync_problem=sync_problem,
        has_roster=bool(viewer.course.memberships_url),
    )


@bp.get("/export.csv")
@managers_only
def export() -> Response:
    """The dashboard (as filtered and sorted, every page) as a CSV download."""
    viewer = _viewer()
    framework = course_framework()
    rows = team_rules.dashboard_rows(db.session, team_for(viewer), framework, utcnow().date())
    chosen = team_rules.filter_and_sort(rows, dashboard_query(framework), framework)
    return Response(
        team_rules.dashboard_csv(chosen, framework),
        mimetype="text/csv",
        headers={
            "Content-Disposition": 'attachment; filename="team-dashboard.csv"',
            "Cache-Control": "no-store",
        },
    )


@bp.post("/roster/sync")
@managers_only
def sync_now() -> Any:
    """Fetch the roster from the LMS now, whenever it was last fetched."""
    viewer = _viewer()
    try:
        result = sync_roster(viewer.course, keep_user_ids=[viewer.user.id], force=True)
    except RosterUnavailable as error:
        flash(str(error), "error")
    else:
        if result is None:
            flash("The LMS does not offer a roster for this course.", "error")
        else:
            flash(
                f"Roster updated: {result.listed} people listed, {result.added} new, "
                f"{result.left} no longer active.",
                "success",
            )
    return redirect(url_for("team.dashboard"), code=303)


# --------------------------------------------------------------------------------------
# A member: results, plan, comments, decision, observations
# --------------------------------------------------------------------------------------


def _member_page(
    viewer: Viewer, member: User, errors: dict[str, str] | None = None, status: int = 200
) -> tuple[str, int]:
    course_id = viewer.course.id
    assessment = latest_submitted(db.session, member.id, course_id)
    results = chart = table = ratings = None
    if assessment is not None:
        try:
            framework = framework_of(assessment, frameworks())
        except FrameworkUnavailable:
            abort(500)
        results = results_for(db.session, assessment, framework)
        chart = profile_chart_svg(
            results.chart_rows(),
            results.level_names,
            f"Levels from {member.display_name}'s self-assessment",
            "Previous self-assessment" if results.previous else None,
            id_prefix="member-chart",
        )
        table = profile_table_rows(results.chart_rows(), results.level_names)
        ratings = load_answers(db.session, assessment).ratings
    else:
        framework = course_framework()
    plan = plan_rules.current_plan(db.session, member.id, course_id)
    comments = team_rules.comments_for(db.session, plan.id) if plan else []
    return render_template(
        "team/member.html",
        member=member,
        framework=framework,
        results=results,
        chart_svg=chart,
        table_rows=table,
        ratings=ratings or {},
        scale={option.value: option.label for option in framework.scale},
        observations=team_rules.observations_for(db.session, course_id, member.id, framework.id),
        plan=plan,
        items=plan_rules.prioritised_items(framework_of_plan(plan), plan) if plan else [],
        plan_framework=framework_of_plan(plan) if plan else None,
        plan_comments=[c for c in comments if c.goal_id is None],
        goal_comments={g.id: [c for c in comments if c.goal_id == g.id] for g in plan.goals}
        if plan
        else {},
        reviewable=plan is not None
        and plan.plan_status == PlanStatus.SUBMITTED
        and plan_rules.may_review(db.session, plan, viewer.user),
        commentable=plan is not None and plan_rules.may_review(db.session, plan, viewer.user),
        decisions=DECISIONS,
        errors=errors or {},
        form=request.form if errors else {},
        today=utcnow().date(),
    ), status


def framework_of_plan(plan: Plan) -> Framework:
    """The pack a plan was drafted with."""
    try:
        return frameworks()[plan.framework_id]
    except KeyError:
        abort(500)


@bp.get("/members/<int:user_id>")
@managers_only
def member(user_id: int) -> Any:
    """A member's self-assessment results, ratings, your view of them, and their plan."""
    viewer = _viewer()
    return _member_page(viewer, _member(viewer, user_id))


@bp.post("/plans/<int:plan_id>/comments")
@managers_only
def comment(plan_id: int) -> Any:
    """Comment on a member's plan or, with ``goal_id``, on one of its goals."""
    viewer = _viewer()
    plan = _team_plan(viewer, plan_id)
    goal_id = request.form.get("goal_id", "")
    goal = None
    if goal_id:
        goal = next((g for g in plan.goals if str(g.id) == goal_id), None)
        if goal is None:
            abort(404)
    try:
        team_rules.add_comment(db.session, plan, viewer.user, request.form.get("body", ""), goal)
    except InvalidChange as error:
        db.session.rollback()
        field = f"goal-{goal.id}-body" if goal else "body"
        return _member_page(viewer, plan.user, {field: error.problems["body"]}, 400)
    except NotAllowed as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("team.member", user_id=plan.user_id), code=303)
    db.session.commit()
    flash("Your comment is saved. The learner sees it with their plan.", "success")
    anchor = f"goal-{goal.id}" if goal else "plan-comments"
    return redirect(url_for("team.member", user_id=plan.user_id, _anchor=anchor), code=303)


@bp.post("/plans/<int:plan_id>/review")
@managers_only
def review(plan_id: int) -> Any:
    """Approve a submitted plan, or send it back with a message saying what to change."""
    viewer = _viewer()
    plan = _team_plan(viewer, plan_id)
    decision = request.form.get("decision", "")
    message = request.form.get("message", "")
    if decision not in DECISIONS:
        return _member_page(viewer, plan.user, {"decision": "Choose whether to approve"}, 400)
    try:
        if decision == "approve":
            plan_rules.approve(db.session, plan, viewer.user, message)
        else:
            plan_rules.request_changes(db.session, plan, viewer.user, message)
    except InvalidChange as error:
        db.session.rollback()
        return _member_page(viewer, plan.user, dict(error.problems), 400)
    except NotAllowed as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("team.member", user_id=plan.user_id), code=303)
    db.session.commit()
    flash(
        "The plan is approved."
        if decision == "approve"
        else "Changes requested. The learner sees your message and can resubmit.",
        "success",
    )
    return redirect(url_for("team.member", user_id=plan.user_id), code=303)


@bp.route("/members/<int:user_id>/observations", methods=["GET", "POST"])
@managers_only
def observations(user_id: int) -> Any:
    """Record your own view of the member's level in each dimension, in observer phrasing."""
    viewer = _viewer()
    member = _member(viewer, user_id)
    framework = course_framework()
    mine = {
        dimension_id: row.level_id
        for dimension_id, rows in team_rules.observations_for(
            db.session, viewer.course.id, member.id, framework.id
        ).items()
        for row in rows
        if row.observer_id == viewer.user.id
    }
    errors: dict[str, str] = {}
    if request.method == "POST":
        chosen = {d.id: request.form[d.id] for d in framework.dimensions if request.form.get(d.id)}
        if not chosen:
            errors = {framework.dimensions[0].id: "Choose a level for at least one dimension"}
        else:
            try:
                team_rules.record_observation(
                    db.session, team_for(viewer), member, viewer.user, framework, chosen
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
        errors=errors,
    ), (400 if errors else 200)


# --------------------------------------------------------------------------------------
# Home page sections and the comments partial for the plan page
# --------------------------------------------------------------------------------------


def home_section(viewer: Viewer) -> HomeSection | None:
    """Managers: "Your team" with counts. Learners: comments on their current plan, if any."""
    if viewer.manages:
        members, waiting = team_rules.team_counts(db.session, team_for(viewer))
        return HomeSection(
            "team/_home_section.html", order=15, data={"members": members, "waiting": waiting}
        )
    plan_id = db.session.scalar(
        select(Plan.id)
        .where(Plan.user_id == viewer.user.id, Plan.course_id == viewer.course.id)
        .order_by(Plan.version.desc())
        .limit(1)
    )
    comments = team_rules.comments_for(db.session, plan_id) if plan_id else []
    if not comments:
        return None
    return HomeSection(
        "team/_review_feedback.html", order=21, data={"comments": comments, "plan_id": plan_id}
    )


def _setup(state: Any) -> None:
    _configure(state.app)
    add_home_section(state.app, home_section)
    state.app.jinja_env.globals["team_plan_comments"] = lambda plan_id: team_rules.comments_for(
        db.session, plan_id
    )


bp.record_once(_setup)
