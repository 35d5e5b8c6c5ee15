"""The resource catalogue: validated against its schema and the framework, read from the folder
the caller names, and matched to plan items by dimension and target level."""

from __future__ import annotations

import pytest
from support.plan_data import RESOURCES_DIR, hlm

from development_plans.framework import ContentError
from development_plans.resources import (
    catalogue_for,
    estimated_time_text,
    load_catalogue,
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
    catalogue = catalogue_for(fw, RESOURCES_DIR)
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
