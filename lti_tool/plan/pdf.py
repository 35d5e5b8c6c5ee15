"""The plan as a PDF a learner can bring to an appraisal, rendered by WeasyPrint from HTML and
the print stylesheet. Nothing is fetched while rendering: no user-supplied address is loaded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import render_template

from development_plans.assessments import importance_label, level_words
from development_plans.assessments.profile_chart import (
    ChartRow,
    profile_chart_svg,
    profile_table_rows,
)
from development_plans.framework import Framework
from development_plans.plans import Plan, PlanStatus, focus_behaviours, prioritised_items
from development_plans.resources import Resource

PRINT_CSS = Path(__file__).resolve().parent.parent / "static" / "plan-print.css"
#: The PDF's one font: DejaVu Sans (wide Unicode coverage). Emoji fall back to Noto Color Emoji
#: (Debian's fonts-noto-color-emoji, installed by ./dev); naming it here would make it draw digits
#: and "©" too, which it also covers.
PDF_FONT = "'DejaVu Sans', sans-serif"


def _refuse_fetch(url: str, *args: object, **kwargs: object) -> dict:
    raise ValueError(f"the plan PDF loads nothing from outside ({url})")


def chart_rows(plan: Plan, framework: Framework, previous: Plan | None) -> list[ChartRow]:
    """One chart row per dimension in pack order, with the previous version's level if any."""
    before = {i.dimension_id: i.current_level_id for i in previous.items} if previous else {}
    rows = []
    for item in sorted(plan.items, key=lambda i: i.position):
        earlier = before.get(item.dimension_id)
        rows.append(
            ChartRow(
                name=framework.dimension(item.dimension_id).name,
                current_rank=framework.level(item.current_level_id).rank,
                previous_rank=None if earlier is None else framework.level(earlier).rank,
            )
        )
    return rows


def sign_off(plan: Plan) -> dict[str, str] | None:
    """The review's sign-off (manager, date, decision), once the plan has been reviewed."""
    if plan.reviewed_at is None:
        return None
    status = plan.plan_status
    if status in (PlanStatus.APPROVED, PlanStatus.ACTIVE):
        decision = "Approved"
    elif status is PlanStatus.CHANGES_REQUESTED:
        decision = "Changes requested"
    else:
        decision = "Changes requested; the plan has been changed and sent again for review"
    return {
        "manager": plan.reviewed_by.display_name if plan.reviewed_by else "A manager of the course",
        "date": f"{plan.reviewed_at:%-d %B %Y}",
        "decision": decision,
        "message": plan.review_message or "",
    }


def plan_html(
    plan: Plan,
    framework: Framework,
    *,
    previous: Plan | None,
    resources: dict[str, Resource],
    today: date,
) -> str:
    """The printable plan as HTML: profile chart and table, priorities, goals, attribution."""
    rows = chart_rows(plan, framework, previous)
    level_names = [framework.below_lowest.name, *(lv.name for lv in framework.levels)]
    previous_label = f"Plan version {previous.version}" if previous else None
    return render_template(
        "plan/pdf.html",
        plan=plan,
        framework=framework,
        items=prioritised_items(framework, plan),
        focus={i.id: focus_behaviours(framework, i) for i in plan.items},
        resources=resources,
        chart=profile_chart_svg(
            rows,
            level_names,
            f"Profile of {plan.user.display_name}",
            previous_label=previous_label,
            current_label="This plan",
            font=PDF_FONT,
        ),
        table_rows=profile_table_rows(rows, level_names),
        previous_label=previous_label,
        today=today,
        sign_off=sign_off(plan),
        level_words=level_words,
        importance_label=importance_label,
    )


def plan_pdf(
    plan: Plan,
    framework: Framework,
    *,
    previous: Plan | None,
    resources: dict[str, Resource],
    today: date,
) -> bytes:
    """Render the plan to PDF bytes."""
    return html_to_pdf(
        plan_html(plan, framework, previous=previous, resources=resources, today=today)
    )


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF of a printable page (the plan's, or the 360 report's), in the print
    stylesheet's one font, loading nothing from outside."""
    from weasyprint import CSS, HTML  # ~25 MB and 1 s of imports: only in the worker that prints

    document = HTML(string=html, url_fetcher=_refuse_fetch, media_type="print")
    return document.write_pdf(
        stylesheets=[CSS(string=PRINT_CSS.read_text(encoding="utf-8"))],
        pdf_variant="pdf/ua-1",  # tagged, with a title and language, for screen readers
    )
