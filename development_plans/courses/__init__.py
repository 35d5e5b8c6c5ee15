"""Courses (LTI contexts) and placements of the activity in them."""

from development_plans.courses.models import Course, Placement
from development_plans.courses.records import (
    CourseFacts,
    PlacementFacts,
    upsert_course,
    upsert_placement,
)

__all__ = [
    "Course",
    "CourseFacts",
    "Placement",
    "PlacementFacts",
    "upsert_course",
    "upsert_placement",
]
