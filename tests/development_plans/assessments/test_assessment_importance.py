"""The importance question's scale (development_plans.assessments.importance)."""

from __future__ import annotations

from development_plans.assessments import (
    IMPORTANCE_SCALE,
)


def test_importance_scale_runs_from_not_important_to_very_important():
    assert [(o.value, o.label) for o in IMPORTANCE_SCALE] == [
        (1, "Not important"),
        (2, "Slightly important"),
        (3, "Important"),
        (4, "Very important"),
    ]
