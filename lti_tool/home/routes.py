"""The page a launch lands on: who you are, which course, and what you can do here."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from lti_tool.auth import current_viewer, launched_required
from lti_tool.home.sections import sections_for

bp = Blueprint("home", __name__)


@bp.get("/")
@launched_required
def index():
    viewer = current_viewer()
    return render_template(
        "home/index.html", viewer=viewer, home_sections=sections_for(current_app, viewer)
    )
