"""The learner's 360 feedback in their data export: their requests, how many in each group were
asked and answered, and, once released, the report's levels and comments by group. Nothing in
it names a rater or gives one rater's answers (the people asked are the learner's own choice and
are listed without saying who answered)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from development_plans.feedback.models import FeedbackRequest, RequestState
from development_plans.feedback.releasing import report_for
from development_plans.feedback.requesting import group_counts, state_of
from development_plans.framework import Framework


def _report(session: Session, request: FeedbackRequest, framework: Framework) -> dict[str, Any]:
    report = report_for(session, request, framework)
    return {
        "groups_shown": [{"group": g.label, "answered": g.count} for g in report.grouping.shown],
        "groups_left_out": [
            {"group": g.name, "reason": g.reason} for g in report.grouping.left_out
        ],
        "dimensions": [
            {
                "dimension": view.dimension.name,
                "self": view.self_level.name,
                "groups": {entry.group.label: entry.level.name for entry in view.groups},
                "all_others": view.others_level.name if view.others_level else None,
                "importance_self": view.self_importance,
                "importance_others": view.others_importance,
                "comments": [{"group": g, "text": text} for g, text in view.comments],
            }
            for view in report.dimensions
        ],
        "hidden_strengths": [v.behaviour.self_text for v in report.hidden_strengths],
        "blind_spots": [v.behaviour.self_text for v in report.blind_spots],
        "debrief_notes": [note.text for note in request.notes],
    }


def learner_feedback_export(
    session: Session, learner_id: int, frameworks: Mapping[str, Framework]
) -> list[dict[str, Any]]:
    """Every 360 request of the learner, as plain data for the JSON export."""
    exported = []
    for request in session.scalars(
        select(FeedbackRequest)
        .where(FeedbackRequest.learner_id == learner_id)
        .order_by(FeedbackRequest.id)
    ):
        framework = frameworks.get(request.framework_id)
        state = state_of(request)
        entry: dict[str, Any] = {
            "framework": request.framework_id,
            "closes_at": request.closes_at.isoformat(),
            "state": state.value,
        }
        if framework is not None:
            entry["answers_by_group"] = [
                {"group": c.name, "asked": c.asked, "answered": c.answered}
                for c in group_counts(session, request, framework)
            ]
            if state is RequestState.RELEASED:
                entry["report"] = _report(session, request, framework)
        exported.append(entry)
    return exported
