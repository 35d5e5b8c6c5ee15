"""The "Email notices" form: one checkbox per kind of notice (ticked: send it)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from development_plans.notices import NoticeKind


class NoticesForm(FlaskForm):
    kinds = SelectMultipleField(
        "Email me when",
        choices=[SelectChoice(kind.value, kind.label) for kind in NoticeKind],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=True,
    )
