"""Learning resources for plan items: a validated catalogue read from a folder the caller names
(``catalogue``), the resources a course's managers add in the tool (``course``, with their table
in ``models``), both tagged with dimension and level, and the web links accepted (``links``)."""

from development_plans.resources.catalogue import (
    CATALOGUE_SCHEMA_PATH,
    RESOURCE_TYPES,
    Catalogue,
    Resource,
    catalogue_for,
    estimated_time_text,
    load_catalogue,
)
from development_plans.resources.course import (
    ResourceInvalid,
    add_course_resource,
    course_resources,
    remove_course_resource,
    suggestions,
)
from development_plans.resources.links import web_url_problem
from development_plans.resources.models import CourseResource

__all__ = [
    "CATALOGUE_SCHEMA_PATH",
    "RESOURCE_TYPES",
    "Catalogue",
    "CourseResource",
    "Resource",
    "ResourceInvalid",
    "add_course_resource",
    "catalogue_for",
    "course_resources",
    "estimated_time_text",
    "load_catalogue",
    "remove_course_resource",
    "suggestions",
    "web_url_problem",
]
