"""Courses (LTI contexts) and placements of the activity in them."""

from development_plans.courses.records import (
    CourseFacts,
    PlacementFacts,
    upsert_course,
    upsert_placement,
)
from development_plans.models import Course, Placement

__all__ = [
    "Course",
    "CourseFacts",
    "Placement",
    "PlacementFacts",
    "upsert_course",
    "upsert_placement",
]
