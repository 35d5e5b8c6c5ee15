"""The page a launch lands on: who you are, which course, and what you can do here."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from lti_tool.auth import current_viewer
from lti_tool.home.sections import sections_for

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    handoff = request.args.get("handoff", "")
    viewer = current_viewer()
    store = current_app.extensions["lti_adapter"].store
    if viewer is None:
        if handoff and store.get(f"handoff:{handoff}") is not None:
            return render_template("lti/cookies_blocked.html", handoff=handoff)
        abort(401)
    if handoff:
        store.delete(f"handoff:{handoff}")
    return render_template(
        "home/index.html", viewer=viewer, home_sections=sections_for(current_app, viewer)
    )
