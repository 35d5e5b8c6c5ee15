"""Deep Linking: a course teacher places the activity in their course."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, session
from flask_wtf import FlaskForm
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from lti_tool.auth import managers_only
from lti_tool.extensions import db
from lti_tool.lti.routes import launch_url

bp = Blueprint("placement", __name__, url_prefix="/placement")

DATA_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/data"
SETTINGS_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"


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
        abort(401)
    adapter = current_app.extensions["lti_adapter"]
    message = adapter.restore_launch(db.session, launch_id)
    if not message.is_deep_link_launch():
        abort(404)
    form = PlaceActivityForm()
    if form.validate_on_submit():
        line_item = (
            LineItem()
            .set_label(form.title.data)
            .set_score_maximum(100)
            .set_tag("development-planner-completion")
            .set_resource_id("development-plan")
        )
        resource = (
            DeepLinkResource()
            .set_url(launch_url())
            .set_title(form.title.data)
            .set_lineitem(line_item)
        )
        deep_link = message.get_deep_link()
        response = deep_link.get_message_jwt([resource])
        if response.get(DATA_CLAIM) is None:
            response.pop(DATA_CLAIM, None)  # the library sends null; the spec wants it absent
        settings = message.get_launch_data()[SETTINGS_CLAIM]
        return render_template(
            "placement/return.html",
            return_url=settings["deep_link_return_url"],
            jwt=deep_link.encode_jwt(response),
        )
    return render_template("placement/deep_link.html", form=form)
