"""The resources a plan's pages suggest: the catalogue in ``RESOURCE_CATALOGUE_DIR`` and the
course's own, matched to each item's dimension and target level."""

from __future__ import annotations

from flask import current_app

from development_plans.framework import Framework
from development_plans.plans import Plan
from development_plans.resources import Catalogue, Resource, catalogue_for, course_resources
from development_plans.resources import suggestions as resource_suggestions
from lti_tool.extensions import db


def catalogue(framework: Framework) -> Catalogue:
    """The resource catalogue for ``framework`` from the configured folder."""
    return catalogue_for(framework, current_app.config["RESOURCE_CATALOGUE_DIR"])


def resources_by_item(plan: Plan, framework: Framework) -> dict[int, list[Resource]]:
    """Each item's suggested resources by item id: the course's own first."""
    listed = catalogue(framework)
    own = course_resources(db.session, plan.course_id, plan.framework_id)
    return {
        item.id: resource_suggestions(listed, own, item.dimension_id, item.target_level_id)
        for item in plan.items
    }


def resource_index(plan: Plan, framework: Framework) -> dict[str, Resource]:
    """Every resource a goal of this plan may link to, by key."""
    own = course_resources(db.session, plan.course_id, plan.framework_id)
    return {r.key: r for r in (*(c.as_resource() for c in own), *catalogue(framework).resources)}
