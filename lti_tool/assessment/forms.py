"""Forms of the self-assessment: one built per dimension from the framework pack, and the small
CSRF-only forms behind the start and submit buttons."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from development_plans.assessments import IMPORTANCE_SCALE, importance_question
from development_plans.framework import Behaviour, Dimension, Framework

RATING_ERROR = "Select how often you do this, from the options given"
IMPORTANCE_ERROR = "Select how important this is to your current role, from the options given"


def rating_field_name(behaviour_id: str) -> str:
    """The form field and HTML id for a behaviour (ids are dotted slugs: '__' cannot clash)."""
    return "rating__" + behaviour_id.replace(".", "__")


class StartForm(FlaskForm):
    """Start a new self-assessment, or resume the one in progress (the CSRF token is the form)."""


class SubmitForm(FlaskForm):
    """Submit the self-assessment for good (the CSRF token is the form)."""


class DimensionForm(FlaskForm):
    """Every behaviour of one dimension rated on the pack's scale, and its importance to the role.

    Every question is optional so that a partly answered page can be saved; the only errors are
    values that are not on the scale.
    """

    importance = RadioField(
        coerce=int,
        choices=[SelectChoice(option.value, option.label) for option in IMPORTANCE_SCALE],
        validators=[Optional()],
        invalid_choice_message=IMPORTANCE_ERROR,
        invalid_value_message=IMPORTANCE_ERROR,
    )

    behaviours: tuple[Behaviour, ...] = ()

    @classmethod
    def for_dimension(cls, framework: Framework, dimension: Dimension) -> DimensionForm:
        """A form with one rating question per behaviour of ``dimension``, in pack order."""
        choices = [SelectChoice(option.value, option.label) for option in framework.scale]
        fields = {
            rating_field_name(behaviour.id): RadioField(
                behaviour.self_text,
                coerce=int,
                choices=choices,
                validators=[Optional()],
                invalid_choice_message=RATING_ERROR,
                invalid_value_message=RATING_ERROR,
            )
            for behaviour in dimension.all_behaviours()
        }
        form_class = type("DimensionAnswersForm", (cls,), fields)
        form = form_class()
        form.behaviours = dimension.all_behaviours()
        form.importance.label.text = importance_question(dimension)
        return form

    def rating_field(self, behaviour: Behaviour) -> RadioField:
        """The question for one behaviour."""
        return self[rating_field_name(behaviour.id)]

    def ratings(self) -> dict[str, int]:
        """The ratings given on this page, by behaviour id (unanswered questions left out)."""
        return {
            behaviour.id: field.data
            for behaviour in self.behaviours
            if (field := self.rating_field(behaviour)).data is not None
        }
