"""The 360 report: read by the person holding the debrief once the request closes, released by
them with debrief notes, then read by the learner, printed as a PDF, and drafted into a plan.
Nothing on these pages names a rater or shows one rater's answers."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, redirect, render_template, request, url_for

from development_plans import feedback as fb
from development_plans import plans as plan_rules
from development_plans.assessments import Assessment, importance_label
from development_plans.assessments.profile_chart import profile_chart_svg
from development_plans.plans import NotAllowed as PlanNotAllowed
from lti_tool.auth import launched_required
from lti_tool.extensions import db
from lti_tool.feedback import notices
from lti_tool.feedback.access import framework_of, readable_report, releasable
from lti_tool.feedback.routes import bp
from lti_tool.plan.pdf import PDF_FONT, html_to_pdf
from lti_tool.views import commit_or_refuse, viewer


def _chart(report: fb.FeedbackReport, font: str | None = None) -> str | None:
    rows = report.chart_rows()
    if not rows:
        return None
    extra = {"font": font} if font else {}
    return profile_chart_svg(
        rows,
        report.level_names,
        f"360 feedback for {report.framework.title}",
        previous_label="Your own view",
        current_label="All others combined",
        id_prefix="feedback-chart",
        **extra,
    )


def _report_context(found: fb.FeedbackRequest) -> dict[str, Any]:
    framework = framework_of(found)
    report = fb.report_for(db.session, found, framework)
    return {
        "request_": found,
        "framework": framework,
        "report": report,
        "state": fb.state_of(found),
        "importance_label": importance_label,
        "level_names": report.level_names,
    }


@bp.get("/<int:request_id>/report")
@launched_required
def report(request_id: int) -> Any:
    """The report, for the learner once released, for the person releasing from the closing."""
    who = viewer()
    found = readable_report(who, request_id)
    context = _report_context(found)
    return render_template(
        "feedback/report.html",
        chart=_chart(context["report"]),
        releasing=fb.releases(db.session, found, who.enrolment),
        learner=found.learner_id == who.user.id,
        **context,
    )


@bp.get("/<int:request_id>/report.pdf")
@launched_required
def report_pdf(request_id: int) -> Response:
    """The report as a tagged PDF to bring to the debrief."""
    found = readable_report(viewer(), request_id)
    context = _report_context(found)
    html = render_template(
        "feedback/report_pdf.html", chart=_chart(context["report"], PDF_FONT), **context
    )
    return Response(
        html_to_pdf(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="360-feedback-report.pdf"'},
    )


@bp.post("/<int:request_id>/release")
@launched_required
def release(request_id: int) -> Any:
    """Release the report to the learner at the debrief, with the debrief's notes."""
    who = viewer()
    found = releasable(who, request_id)
    framework = framework_of(found)
    notes = [(None, request.form.get("note-general", ""))]
    notes += [(d.id, request.form.get(f"note-{d.id}", "")) for d in framework.dimensions]

    def change() -> None:
        fb.release(db.session, found, who.enrolment, notes)
        notices.feedback_ready(found)

    return commit_or_refuse(
        change,
        then=url_for("feedback.report", request_id=found.id),
        refused=fb.FeedbackError,
        success="The report is released to the learner, with your notes.",
    )


@bp.post("/<int:request_id>/plan")
@launched_required
def draft_plan(request_id: int) -> Any:
    """Draft a plan version whose targets and gaps come from the 360 view (marked as such)."""
    who = viewer()
    found = readable_report(who, request_id)
    if found.learner_id != who.user.id:
        abort(404)
    framework = framework_of(found)
    results = fb.report_for(db.session, found, framework).plan_results()
    assessment = db.session.get(Assessment, found.assessment_id)
    if not results or assessment is None:
        abort(409)

    def change():
        return plan_rules.draft_plan(
            db.session,
            user=who.user,
            course_id=who.course.id,
            placement_id=who.placement_id,
            framework=framework,
            results=results,
            assessment_id=assessment.id,
            cycle=assessment.cycle,
            feedback_request_id=found.id,
        )

    return commit_or_refuse(
        change,
        then=lambda plan: url_for("plan.show", plan_id=plan.id),
        refused=PlanNotAllowed,
        back=lambda _e: redirect(url_for("plan.index"), code=303),
    )
