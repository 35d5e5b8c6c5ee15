"""The team dashboard (what waits for the manager first, then the members in the columns they
chose), its CSV export, the column chooser and the "refresh the roster now" button."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)

from development_plans import team as team_rules
from development_plans.db import utcnow
from development_plans.team import MemberStatus, RosterSync
from lti_tool import views
from lti_tool.auth import managers_only
from lti_tool.extensions import db
from lti_tool.session_tokens import carried_args
from lti_tool.team.access import course_framework, team_for
from lti_tool.team.forms import dashboard_query, query_args, returned_query
from lti_tool.team.roster import RosterUnavailable, sync_roster

#: How many plans waiting for review, and members with overdue goals, the dashboard lists first.
ATTENTION_LIMIT = 5


@managers_only
def dashboard() -> Any:
    """Plans waiting for review and overdue work first; then the members in the columns the
    manager chose (status, levels, goals, activity); summary; filters and paging."""
    viewer = views.viewer()
    sync_problem = None
    try:
        sync_roster(viewer.course, keep_user_ids=[viewer.user.id])
    except RosterUnavailable as error:
        sync_problem = str(error)
    framework = course_framework()
    team = team_for(viewer)
    query = dashboard_query(framework)
    now = utcnow()
    return render_template(
        "team/dashboard.html",
        framework=framework,
        attention=team_rules.needs_attention(
            db.session,
            team,
            framework,
            now,
            review_days=current_app.config["TEAM_REVIEW_DAYS"],
            limit=ATTENTION_LIMIT,
        ),
        columns=team_rules.shown_columns(db.session, team, framework),
        column_labels=team_rules.column_labels(framework),
        page=team_rules.dashboard_page(db.session, team, framework, query, now.date()),
        query=query,
        query_args=lambda **changes: urlencode({**query_args(query, **changes), **carried_args()}),
        statuses=list(MemberStatus),
        levels=(framework.below_lowest, *framework.levels),
        summary=team_rules.team_summary(
            db.session, team, framework, current_app.config["TEAM_SUMMARY_MIN_GROUP"]
        ),
        left=team_rules.members_left(db.session, team),
        sync=db.session.get(RosterSync, viewer.course.id),
        sync_problem=sync_problem,
        has_roster=bool(viewer.course.memberships_url),
    )


@managers_only
def export() -> Response:
    """The dashboard (as filtered and sorted, every page) as a CSV download, streamed."""
    viewer = views.viewer()
    framework = course_framework()
    rows = team_rules.dashboard_rows(
        db.session, team_for(viewer), framework, dashboard_query(framework), utcnow().date()
    )
    return Response(
        stream_with_context(team_rules.dashboard_csv(rows, framework)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": 'attachment; filename="team-dashboard.csv"',
            "Cache-Control": "no-store",
        },
    )


@managers_only
def sync_now() -> Any:
    """Fetch the roster from the LMS now, whenever it was last fetched."""
    viewer = views.viewer()
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


@managers_only
def choose_columns() -> Any:
    """Keep the columns the manager ticked, then show the dashboard as it was."""
    viewer = views.viewer()
    framework = course_framework()
    team_rules.choose_columns(
        db.session, team_for(viewer), framework, request.form.getlist("column")
    )
    db.session.commit()
    flash("Your choice of columns is saved.", "success")
    shown = returned_query(request.form.get("query", ""))
    return redirect(url_for("team.dashboard") + (f"?{shown}" if shown else "") + "#members", 303)
