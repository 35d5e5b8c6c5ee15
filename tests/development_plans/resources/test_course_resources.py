"""A course's own resources: validated field by field, and suggested before the catalogue's."""

from __future__ import annotations

import pytest
from support.plan_data import RESOURCES_DIR, course, hlm, person

from development_plans.resources import (
    ResourceInvalid,
    add_course_resource,
    catalogue_for,
    course_resources,
    remove_course_resource,
    suggestions,
)


def test_course_resources_are_validated_and_come_first(db):
    fw = hlm()
    here = course(db)
    carys = person(db, "Carys", here, "manager")
    with pytest.raises(ResourceInvalid) as refused:
        add_course_resource(
            db,
            course_id=here.id,
            framework=fw,
            added_by_id=carys.id,
            title="",
            url="javascript:alert(1)",
            type="podcast",
            dimension_id="nope",
            level_id="insufficient",
            estimated_minutes=0,
            description="d" * 1001,
        )
    assert set(refused.value.problems) == {
        "title",
        "url",
        "type",
        "dimension_id",
        "level_id",
        "estimated_minutes",
        "description",
    }
    row = add_course_resource(
        db,
        course_id=here.id,
        framework=fw,
        added_by_id=carys.id,
        title=" Ward huddle guide ",
        url="https://moodle.example.ac.uk/mod/page/view.php?id=7",
        type="activity",
        dimension_id="leading-with-care",
        level_id="proficient",
    )
    assert row.title == "Ward huddle guide"
    found = suggestions(
        catalogue_for(fw, RESOURCES_DIR),
        course_resources(db, here.id, fw.id),
        "leading-with-care",
        "proficient",
    )
    assert found[0].title == "Ward huddle guide" and found[0].from_course
    assert len(found) > 1
    other = course(db, "course-2")
    assert not remove_course_resource(db, other.id, row.id)
    assert remove_course_resource(db, here.id, row.id)
    assert course_resources(db, here.id, fw.id) == []
