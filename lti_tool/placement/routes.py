"""Deep Linking: a course teacher places the activity in their course."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, session
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from lti_tool.auth import managers_only
from lti_tool.extensions import db
from lti_tool.grades.line_items import (
    DEFAULT_SCORE_MAXIMUM,
    LINE_ITEM_RESOURCE_ID,
    LINE_ITEM_TAG,
)
from lti_tool.lti.deep_linking import GradeColumn, place_activity
from lti_tool.lti.routes import launch_url

bp = Blueprint("placement", __name__, url_prefix="/placement")
COMPLETION_COLUMN = GradeColumn(LINE_ITEM_TAG, LINE_ITEM_RESOURCE_ID, DEFAULT_SCORE_MAXIMUM)


class PlaceActivityForm(FlaskForm):
    title = StringField(
        "Activity title",
        default="My development plan",
        validators=[DataRequired("Enter a title for the activity"), Length(max=255)],
    )
    submit = SubmitField("Add to course")


@bp.route("/deep-link", methods=["GET", "POST"])
@managers_only
def deep_link():
    """Choose the activity's title, then return it to the LMS as an LTI resource link with a
    gradebook column."""
    launch_id = session.get("launch_id")
    if not isinstance(launch_id, str):
        abort(404)  # launched, but not for deep linking
    adapter = current_app.extensions["lti_adapter"]
    message = adapter.restore_launch(db.session, launch_id)
    if not message.is_deep_link_launch():
        abort(404)
    form = PlaceActivityForm()
    if form.validate_on_submit():
        placed = place_activity(message, form.title.data, launch_url(), COMPLETION_COLUMN)
        return render_template(
            "placement/return.html", return_url=placed.return_url, jwt=placed.jwt
        )
    return render_template("placement/deep_link.html", form=form)
