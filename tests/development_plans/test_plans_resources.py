"""The resource catalogue: validated against its schema and the framework, and matched to plan
items by dimension and target level, with the course's own resources first."""

from __future__ import annotations

import pytest
from support.plan_data import course, hlm, person

from development_plans.framework import ContentError
from development_plans.resources import (
    ResourceInvalid,
    add_course_resource,
    catalogue_for,
    course_resources,
    estimated_time_text,
    load_catalogue,
    remove_course_resource,
    suggestions,
    web_url_problem,
)

GOOD = """
framework: nhs-healthcare-leadership-model
resources:
  - id: one
    title: One
    url: https://example.nhs.uk/one
    type: reading
    provider: NHS England
    estimated_minutes: 20
    dimensions: [leading-with-care]
    levels: [proficient]
"""


def test_the_shipped_catalogue_is_valid_and_covers_every_dimension():
    fw = hlm()
    catalogue = catalogue_for(fw)
    assert len(catalogue.resources) >= 20
    for dimension in fw.dimensions:
        assert any(dimension.id in r.dimension_ids for r in catalogue.resources), dimension.id
    assert all(r.url.startswith("https://") for r in catalogue.resources)
    assert all(web_url_problem(r.url) is None for r in catalogue.resources)


def test_a_folder_without_this_frameworks_catalogue_gives_no_resources(tmp_path):
    assert catalogue_for(hlm(), tmp_path).resources == ()


def test_problems_name_the_place_and_what_is_wrong(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        GOOD.replace("type: reading", "type: podcast")
        .replace("leading-with-care", "leading-with-cake")
        .replace("url: https://example.nhs.uk/one", "url: ftp://example.nhs.uk/one")
    )
    with pytest.raises(ContentError) as schema_error:
        load_catalogue(path, hlm())
    text = str(schema_error.value)
    assert "bad.yaml" in text and "resources[0].type" in text and "resources[0].url" in text
    path.write_text(
        GOOD.replace("leading-with-care", "leading-with-cake") + GOOD.split("resources:")[1]
    )
    with pytest.raises(ContentError) as semantic_error:
        load_catalogue(path, hlm())
    problems = semantic_error.value.problems
    assert "resources[0].dimensions: no dimension 'leading-with-cake'" in problems
    assert "resources[1].id: 'one' is used more than once" in problems


def test_suggestions_match_dimension_and_target_level(tmp_path):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD)
    catalogue = load_catalogue(path, hlm())
    assert [r.title for r in suggestions(catalogue, [], "leading-with-care", "proficient")] == [
        "One"
    ]
    assert suggestions(catalogue, [], "leading-with-care", "strong") == []
    assert suggestions(catalogue, [], "engaging-the-team", "proficient") == []


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (None, ""),
        (1, "1 minute"),
        (45, "45 minutes"),
        (60, "1 hour"),
        (90, "1 hour 30 minutes"),
        (180, "3 hours"),
        (6000, "about 100 hours"),
    ],
)
def test_estimated_time_in_words(minutes, words):
    assert estimated_time_text(minutes) == words


@pytest.fixture
def db(app):
    from lti_tool.extensions import db

    with app.app_context():
        yield db.session
        db.session.rollback()


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
        catalogue_for(fw), course_resources(db, here.id, fw.id), "leading-with-care", "proficient"
    )
    assert found[0].title == "Ward huddle guide" and found[0].from_course
    assert len(found) > 1
    other = course(db, "course-2")
    assert not remove_course_resource(db, other.id, row.id)
    assert remove_course_resource(db, here.id, row.id)
    assert course_resources(db, here.id, fw.id) == []
