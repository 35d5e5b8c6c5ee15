"""The team blueprint: every team URL in one place, and the refusal of an expired form. Every
page is for managers of the launched course, and a member is reachable only when they are on the
viewer's team (404 otherwise). The views live in ``dashboard`` and ``members``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask_wtf.csrf import CSRFError

from lti_tool.auth import current_viewer
from lti_tool.errors import MESSAGES
from lti_tool.team import dashboard, members

bp = Blueprint("team", __name__, url_prefix="/team")

bp.add_url_rule("/", view_func=dashboard.dashboard, methods=["GET"])
bp.add_url_rule("/export.csv", view_func=dashboard.export, methods=["GET"])
bp.add_url_rule("/roster/sync", view_func=dashboard.sync_now, methods=["POST"])
bp.add_url_rule("/columns", view_func=dashboard.choose_columns, methods=["POST"])
bp.add_url_rule("/members/<int:user_id>", view_func=members.member, methods=["GET"])
bp.add_url_rule("/plans/<int:plan_id>/comments", view_func=members.comment, methods=["POST"])
bp.add_url_rule("/plans/<int:plan_id>/review", view_func=members.review, methods=["POST"])
bp.add_url_rule("/members/<int:user_id>/share", view_func=members.share, methods=["POST"])
bp.add_url_rule(
    "/members/<int:user_id>/observations",
    view_func=members.observations,
    methods=["GET", "POST"],
)


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
