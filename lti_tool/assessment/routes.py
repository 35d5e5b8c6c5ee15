"""Self-assessment pages. Each view checks who is asking, calls development_plans.assessments and
renders; a learner only ever reaches their own assessments in the course they launched from."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from development_plans import team as team_rules
from development_plans.assessments import (
    AnswerSheet,
    Assessment,
    AssessmentClosed,
    FrameworkUnavailable,
    IncompleteAssessment,
    MissingItem,
    answers_version,
    current_assessment,
    framework_of,
    history,
    importance_label,
    importance_question,
    level_words,
    load_answers,
    move_to,
    owned_assessment,
    results_for,
    save_dimension_answers,
    scoring_rule,
    start_or_resume,
    submit,
    unanswered,
)
from development_plans.assessments.profile_chart import profile_chart_svg, profile_table_rows
from development_plans.assessments.scoring import shown_phrase, shown_rating_labels
from development_plans.db import EditConflict
from development_plans.framework import Dimension, Framework
from development_plans.plans.next_step import plan_id_for_assessment
from lti_tool import views
from lti_tool.assessment.forms import DimensionForm, StartForm, SubmitForm, rating_field_name
from lti_tool.assessment.links import item_url, resume_url
from lti_tool.auth import Viewer
from lti_tool.extensions import db

bp = Blueprint("assessment", __name__, url_prefix="/assessment")


def learners_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Only learners launched into this course; managers are told the self-assessment is not
    theirs to take here."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        viewer = views.viewer()
        if viewer.manages:
            return render_template("assessment/not_for_managers.html"), 403
        return view(viewer, *args, **kwargs)

    return guarded


def _own(viewer: Viewer, assessment_id: int) -> tuple[Assessment, Framework]:
    assessment = owned_assessment(
        db.session, assessment_id, user_id=viewer.user.id, course_id=viewer.course.id
    )
    if assessment is None:
        abort(404)
    return assessment, framework_of(db.session, assessment, views.installed_frameworks())


@bp.errorhandler(FrameworkUnavailable)
def framework_unavailable(error: FrameworkUnavailable) -> tuple[str, int]:
    """The pack is missing: say which, and who can fix it."""
    return render_template(
        "errors/generic.html", title="The framework is not available", detail=str(error)
    ), 503


@bp.errorhandler(AssessmentClosed)
def assessment_closed(error: AssessmentClosed) -> tuple[str, int]:
    """A change to a submitted assessment: explain that its answers are final."""
    return render_template(
        "errors/generic.html", title="This self-assessment has been submitted", detail=str(error)
    ), 409


@bp.post("/start")
@learners_only
def start(viewer: Viewer) -> Response:
    """Start a self-assessment (a new cycle after a submitted one) or resume the open one."""
    if not StartForm().validate_on_submit():
        abort(400)
    try:
        assessment = start_or_resume(
            db.session,
            user_id=viewer.user.id,
            course_id=viewer.course.id,
            placement_id=viewer.placement_id,
            framework=views.course_framework(),
        )
        db.session.commit()
    except IntegrityError:  # the same learner started one in another tab at the same moment
        db.session.rollback()
        assessment = current_assessment(db.session, viewer.user.id, viewer.course.id)
        if assessment is None:
            raise
    framework = framework_of(db.session, assessment, views.installed_frameworks())
    return redirect(resume_url(assessment, framework), code=303)


def _dimension_or_404(framework: Framework, number: int):
    if not 1 <= number <= len(framework.dimensions):
        abort(404)
    return framework.dimensions[number - 1]


def _prefill(form: DimensionForm, answers: AnswerSheet, dimension_id: str) -> None:
    for behaviour in form.behaviours:
        form.rating_field(behaviour).data = answers.ratings.get(behaviour.id)
    form.importance.data = answers.importances.get(dimension_id)


@bp.route("/<int:assessment_id>/dimensions/<int:number>", methods=["GET", "POST"])
@learners_only
def dimension(viewer: Viewer, assessment_id: int, number: int) -> Any:
    """One dimension: what it is, every behaviour to rate, and its importance to the role."""
    assessment, framework = _own(viewer, assessment_id)
    if assessment.is_submitted and request.method == "GET":
        return redirect(url_for("assessment.results", assessment_id=assessment.id), code=303)
    current = _dimension_or_404(framework, number)
    form = DimensionForm.for_dimension(framework, current)
    if form.validate_on_submit():
        try:
            return _save_page(assessment, framework, current, number, form)
        except EditConflict as conflict:
            db.session.rollback()
            return _dimension_page(assessment, framework, current, number, form, conflict)
    return _dimension_page(assessment, framework, current, number, form)


def _save_page(
    assessment: Assessment,
    framework: Framework,
    current: Dimension,
    number: int,
    form: DimensionForm,
) -> Response:
    """Keep the page's answers (``EditConflict`` when another tab saved them since the page was
    opened) and go where the button pressed leads."""
    action = request.form.get("action", "continue")
    returning = request.args.get("return_to") == "check"
    if action == "previous" and number > 1:
        target, position = number - 1, number - 2
    elif action == "later":
        target, position = None, number - 1
    elif returning or number == len(framework.dimensions):
        target, position = None, len(framework.dimensions)
    else:
        target, position = number + 1, number
    save_dimension_answers(
        db.session,
        assessment,
        framework,
        current.id,
        form.ratings(),
        form.importance.data,
        opened_at=views.opened_version(),
    )
    move_to(assessment, framework, position)
    assessment_id = assessment.id
    db.session.commit()
    if action == "later":
        return redirect(url_for("assessment.saved", assessment_id=assessment_id), code=303)
    if target is None:
        return redirect(url_for("assessment.check", assessment_id=assessment_id), code=303)
    return redirect(
        url_for("assessment.dimension", assessment_id=assessment_id, number=target), code=303
    )


def _dimension_page(
    assessment: Assessment,
    framework: Framework,
    current: Dimension,
    number: int,
    form: DimensionForm,
    conflict: EditConflict | None = None,
) -> tuple[str, int]:
    """The page, opened (answers saved so far) or posted back (the learner's choices kept,
    with their problems, or beside the answers another tab saved since)."""
    returning = request.args.get("return_to") == "check"
    answers = load_answers(db.session, assessment)
    if request.method == "GET":
        _prefill(form, answers, current.id)
        version = answers_version(db.session, assessment, current.id)
    else:
        version = conflict.row.version_id if conflict else views.opened_version()
    missing: list[MissingItem] = []
    if returning and request.method == "GET":
        missing = [
            item for item in unanswered(framework, answers) if item.dimension_id == current.id
        ]
    reload = url_for(
        "assessment.dimension",
        assessment_id=assessment.id,
        number=number,
        **({"return_to": "check"} if returning else {}),
    )
    return render_template(
        "assessment/dimension.html",
        assessment=assessment,
        framework=framework,
        dimension=current,
        number=number,
        form=form,
        version=version,
        saved=_saved_answers(framework, current, answers) if conflict else [],
        reload_url=reload,
        missing=missing,
        missing_ids={item.behaviour_id or "importance" for item in missing},
        returning=returning,
        rating_field_name=rating_field_name,
    ), 200 if request.method == "GET" else 400


def _saved_answers(
    framework: Framework, dimension: Dimension, answers: AnswerSheet
) -> list[tuple[str, str]]:
    """A dimension's answers as now saved, question by question, to show beside the learner's."""
    labels = {option.value: option.label for option in framework.scale}
    importance = answers.importances.get(dimension.id)
    return [
        *(
            (b.self_text, labels.get(answers.ratings.get(b.id), "Not answered"))
            for b in dimension.all_behaviours()
        ),
        (
            importance_question(dimension),
            "Not answered" if importance is None else importance_label(importance),
        ),
    ]


@bp.get("/<int:assessment_id>/saved")
@learners_only
def saved(viewer: Viewer, assessment_id: int) -> Any:
    """Confirms the answers are kept and says how to come back."""
    assessment, framework = _own(viewer, assessment_id)
    return render_template(
        "assessment/saved.html",
        assessment=assessment,
        continue_url=resume_url(assessment, framework),
    )


def _rating_spread(
    framework: Framework, dimension: Dimension, answers: AnswerSheet
) -> list[tuple[str, int]]:
    """How many of a dimension's behaviours got each rating, highest rating first."""
    given = [answers.ratings.get(b.id) for b in dimension.all_behaviours()]
    spread = [(option.label, given.count(option.value)) for option in reversed(framework.scale)]
    return [(label, count) for label, count in spread if count]


def _check_page(assessment: Assessment, framework: Framework, status: int = 200) -> Any:
    answers = load_answers(db.session, assessment)
    missing = unanswered(framework, answers)
    first_missing: dict[str, MissingItem] = {}
    missing_count: dict[str, int] = {}
    for item in missing:
        first_missing.setdefault(item.dimension_id, item)
        missing_count[item.dimension_id] = missing_count.get(item.dimension_id, 0) + 1
    labels = {option.value: option.label for option in framework.scale}
    return render_template(
        "assessment/check.html",
        spreads={d.id: _rating_spread(framework, d, answers) for d in framework.dimensions},
        assessment=assessment,
        framework=framework,
        answers=answers,
        rating_labels=labels,
        missing=missing,
        first_missing=first_missing,
        missing_count=missing_count,
        item_url=item_url,
        importance_label=importance_label,
        importance_question=importance_question,
        rating_field_name=rating_field_name,
        form=SubmitForm(),
    ), status


@bp.get("/<int:assessment_id>/check")
@learners_only
def check(viewer: Viewer, assessment_id: int) -> Any:
    """Every answer, dimension by dimension, with change links and what is still unanswered."""
    assessment, framework = _own(viewer, assessment_id)
    if assessment.is_submitted:
        return redirect(url_for("assessment.results", assessment_id=assessment.id), code=303)
    return _check_page(assessment, framework)


@bp.post("/<int:assessment_id>/submit")
@learners_only
def submit_assessment(viewer: Viewer, assessment_id: int) -> Any:
    """Submit for good: refused, with the check page, while anything is unanswered."""
    assessment, framework = _own(viewer, assessment_id)
    if not SubmitForm().validate_on_submit():
        abort(400)
    results = url_for("assessment.results", assessment_id=assessment_id)
    if (repeat := views.sent_before(results)) is not None:
        return repeat
    try:
        submit(db.session, assessment, framework)
    except IncompleteAssessment:
        db.session.rollback()
        return _check_page(assessment, framework, status=400)
    views.landed_at(results)
    db.session.commit()
    return redirect(results, code=303)


def _after_results(assessment: Assessment, cycles: list[Assessment]) -> tuple[str, str]:
    """The results page's closing button: open the plan drafted from these results, draft one
    from the latest results, or open the current plan from an earlier cycle's results."""
    plan_id = plan_id_for_assessment(db.session, assessment.id)
    if plan_id is not None:
        return "Open your plan", url_for("plan.show", plan_id=plan_id)
    latest = next((c for c in cycles if c.is_submitted), None)
    if latest is not None and latest.id == assessment.id:
        return "Draft your development plan", url_for("plan.index")
    return "Open your plan", url_for("plan.index")


@bp.get("/<int:assessment_id>/results")
@learners_only
def results(viewer: Viewer, assessment_id: int) -> Any:
    """The profile: chart and table (beside the views their managers share with them), each
    dimension explained, priorities and change."""
    assessment, framework = _own(viewer, assessment_id)
    if not assessment.is_submitted:
        return redirect(url_for("assessment.check", assessment_id=assessment.id), code=303)
    outcome = results_for(db.session, assessment, framework)
    previous_label = (
        None if outcome.previous is None else f"Self-assessment {outcome.previous.cycle}"
    )
    chart = profile_chart_svg(
        outcome.chart_rows(),
        outcome.level_names,
        title=f"Your level in each dimension of the {framework.title}",
        previous_label=previous_label,
        current_label=f"Self-assessment {assessment.cycle}",
    )
    cycles = history(db.session, viewer.user.id, viewer.course.id)
    rule = scoring_rule(framework)
    return render_template(
        "assessment/results.html",
        assessment=assessment,
        next_step=_after_results(assessment, cycles),
        level_words=level_words,
        framework=framework,
        results=outcome,
        previous_label=previous_label,
        chart_svg=chart,
        table_rows=profile_table_rows(outcome.chart_rows(), outcome.level_names),
        cycles=cycles,
        shared_views=team_rules.shared_views(
            db.session, viewer.course.id, viewer.user.id, framework.id
        ),
        rule=rule,
        shown_phrase=shown_phrase(
            shown_rating_labels({option.value: option.label for option in framework.scale}, rule)
        ),
    )
