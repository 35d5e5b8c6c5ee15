"""Reading a questionnaire page: one rating per behaviour (a value on the scale, or "I have not
seen this"), the dimension's importance and a comment. Anything not on the page's scale is an
error to show, never a value to keep."""

from __future__ import annotations

from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from development_plans.assessments import IMPORTANCE_SCALE
from development_plans.framework import Dimension, Framework

NOT_SEEN = "not-seen"
RATING_ERROR = "Choose how often they do this, or that you have not seen it"
IMPORTANCE_ERROR = "Choose how important this is to their role, from the options given"


def rating_field_name(behaviour_id: str) -> str:
    """The form field and HTML id for a behaviour (ids are dotted slugs: '__' cannot clash)."""
    return "rating__" + behaviour_id.replace(".", "__")


@dataclass
class PageAnswers:
    """What one page says, and what on it could not be read."""

    ratings: dict[str, int | None] = field(default_factory=dict)
    importance: int | None = None
    comment: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def read_page(form: MultiDict, framework: Framework, dimension: Dimension) -> PageAnswers:
    """The answers on one dimension's page; questions left blank are left out."""
    scale = {str(option.value): option.value for option in framework.scale}
    page = PageAnswers(comment=form.get("comment", "").strip())
    for behaviour in dimension.all_behaviours():
        name = rating_field_name(behaviour.id)
        raw = form.get(name, "")
        if raw == NOT_SEEN:
            page.ratings[behaviour.id] = None
        elif raw in scale:
            page.ratings[behaviour.id] = scale[raw]
        elif raw:
            page.errors[name] = RATING_ERROR
    raw = form.get("importance", "")
    importance = {str(o.value): o.value for o in IMPORTANCE_SCALE}
    if raw in importance:
        page.importance = importance[raw]
    elif raw:
        page.errors["importance"] = IMPORTANCE_ERROR
    return page
