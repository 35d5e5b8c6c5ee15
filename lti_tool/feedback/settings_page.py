"""The course's 360 settings, for its managers: the smallest group a report shows, and whether
reports are released at a debrief or on closing."""

from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for

from development_plans import feedback as fb
from lti_tool.auth import managers_only
from lti_tool.extensions import db
from lti_tool.feedback.routes import bp
from lti_tool.views import commit_or_refuse, viewer


def _page(values: dict, error: str | None = None) -> Any:
    return render_template("feedback/settings.html", values=values, error=error), (
        400 if error else 200
    )


@bp.route("/settings", methods=["GET", "POST"])
@managers_only
def settings() -> Any:
    """Choose the course's smallest group shown and how reports are released."""
    course_id = viewer().course.id
    current = fb.settings_for(db.session, course_id)
    if request.method == "GET":
        return _page(
            {"min_group_size": str(current.min_group_size), "release_mode": current.release_mode}
        )
    values = {k: request.form.get(k, "") for k in ("min_group_size", "release_mode")}
    size = values["min_group_size"].strip()
    if not size.isdigit():
        return _page(values, "Enter the smallest group as a whole number, like 3.")
    return commit_or_refuse(
        lambda: fb.save_settings(
            db.session, course_id, min_group_size=int(size), release_mode=values["release_mode"]
        ),
        then=url_for("feedback.settings"),
        refused=fb.InvalidRater,
        back=lambda error: _page(values, str(error)),
        success="360 feedback settings saved.",
    )
