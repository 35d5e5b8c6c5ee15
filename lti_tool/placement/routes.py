"""Deep Linking: a course teacher places the activity in their course."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, session
from flask_wtf import FlaskForm
from wtforms import Field, StringField, SubmitField, TextAreaField, ValidationError
from wtforms.validators import DataRequired

from lti_tool.auth import managers_only
from lti_tool.extensions import db
from lti_tool.grades.line_items import (
    DEFAULT_SCORE_MAXIMUM,
    LINE_ITEM_RESOURCE_ID,
    LINE_ITEM_TAG,
)
from lti_tool.lti.deep_linking import TEXT_MAX, TITLE_MAX, GradeColumn, place_activity
from lti_tool.lti.routes import launch_url

bp = Blueprint("placement", __name__, url_prefix="/placement")
COMPLETION_COLUMN = GradeColumn(LINE_ITEM_TAG, LINE_ITEM_RESOURCE_ID, DEFAULT_SCORE_MAXIMUM)


def _one_line(value: str | None) -> str:
    return " ".join((value or "").split())


def _at_most(limit: int, what: str):
    """A length check whose message says how long the text is, as every other form's does."""

    def check(_form: FlaskForm, field: Field) -> None:
        if len(field.data or "") > limit:
            raise ValidationError(
                f"{what} must be {limit} characters or fewer (it is {len(field.data)})"
            )

    return check


class PlaceActivityForm(FlaskForm):
    title = StringField(
        "Activity title",
        default="My development plan",
        filters=[_one_line],
        validators=[
            DataRequired("Enter a title for the activity"),
            _at_most(TITLE_MAX, "Activity title"),
        ],
    )
    text = TextAreaField(
        "Description (optional)",
        filters=[lambda value: (value or "").strip()],
        validators=[_at_most(TEXT_MAX, "Description")],
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
        placed = place_activity(
            message, form.title.data, launch_url(), COMPLETION_COLUMN, text=form.text.data
        )
        return render_template(
            "placement/return.html", return_url=placed.return_url, jwt=placed.jwt
        )
    errors = {name: field.errors[0] for name, field in form._fields.items() if field.errors}
    return render_template(
        "placement/deep_link.html",
        form=form,
        errors=errors,
        title_max=TITLE_MAX,
        text_max=TEXT_MAX,
    ), (400 if errors else 200)
