"""The self-assessment journey over real HTTP: start, save page by page, resume after a new
launch, check answers, submit, results, and a second cycle compared with the first."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from support.assessment_pages import assessment_id_in
from support.lti import hidden_inputs

from development_plans.framework import load_framework
from lti_tool.assessment.forms import rating_field_name

REPO_ROOT = Path(__file__).resolve().parents[3]
HLM = load_framework(REPO_ROOT / "content" / "frameworks" / "healthcare-leadership-model.yaml")


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def checked_values(html: str) -> dict[str, str]:
    return {
        unescape(name): value
        for name, value in re.findall(
            r'<input class="nhsuk-radios__input"[^>]*name="([^"]+)"[^>]*value="([^"]*)" checked',
            html,
        )
    }


def test_home_offers_to_start(launch):
    asha = launch("asha")
    assert "Your self-assessment" in asha.landed.text
    assert "Start your self-assessment" in asha.landed.text
    assert "csrf_token" in hidden_inputs(asha.landed.text)


def test_start_opens_the_first_dimension(launch):
    asha = launch("asha")
    page = asha.start()
    assert page.status_code == 200
    assert page.url.endswith("/dimensions/1")
    text = text_of(page.text)
    first = HLM.dimensions[0]
    assert "Dimension 1 of 9" in text
    assert first.name in text
    assert f"What {first.name} is, and is not" in text
    for behaviour in first.all_behaviours():
        assert unescape(behaviour.self_text) in text
    assert page.text.count("<fieldset") == len(first.all_behaviours()) + 1
    assert page.text.count("<legend") == len(first.all_behaviours()) + 1
    assert f"How important is {first.name} to your current role?" in text
    for option in ("Rarely", "Sometimes", "Often", "Consistently", "Very important"):
        assert option in text
    assert "Save and continue" in text and "Save and come back later" in text
    assert "Save and go back" not in text  # nothing before the first dimension


def test_partial_pages_are_saved_and_shown_again(launch):
    asha = launch("asha")
    assessment_id = assessment_id_in(asha.start().url)
    first = HLM.dimensions[0].all_behaviours()
    saved = asha.save_page(assessment_id, 1, {first[0].id: 3, first[2].id: 1})
    assert saved.status_code == 200
    assert saved.url.endswith(f"/assessment/{assessment_id}/dimensions/2")
    assert "Dimension 2 of 9" in text_of(saved.text)

    again = asha.get(f"/assessment/{assessment_id}/dimensions/1")
    assert checked_values(again.text) == {
        rating_field_name(first[0].id): "3",
        rating_field_name(first[2].id): "1",
    }


def test_save_and_go_back_keeps_the_answers_and_opens_the_previous_page(launch):
    asha = launch("asha")
    assessment_id = assessment_id_in(asha.start().url)
    asha.save_page(assessment_id, 1, {}, importance=2)
    second = HLM.dimensions[1].all_behaviours()[0]
    back = asha.save_page(assessment_id, 2, {second.id: 0}, action="previous")
    assert back.url.endswith("/dimensions/1")
    assert checked_values(back.text) == {"importance": "2"}
    assert checked_values(asha.get(f"/assessment/{assessment_id}/dimensions/2").text) == {
        rating_field_name(second.id): "0"
    }


def test_come_back_later_resumes_on_the_same_page_after_a_new_launch(launch):
    asha = launch("asha")
    assessment_id = assessment_id_in(asha.start().url)
    asha.save_page(assessment_id, 1, {HLM.dimensions[0].all_behaviours()[0].id: 2}, importance=4)
    asha.save_page(assessment_id, 2, {}, importance=1)
    third = HLM.dimensions[2].all_behaviours()[1]
    later = asha.save_page(assessment_id, 3, {third.id: 3}, action="later")
    assert later.url.endswith(f"/assessment/{assessment_id}/saved")
    assert "Your answers have been saved" in later.text

    # Days later, a new browser: launch again from the LMS.
    again = launch("asha")
    home = text_of(again.landed.text)
    assert "Continue your self-assessment" in home
    assert "You have answered 4 of 123 questions" in home
    link = re.search(r'href="([^"]*)"[^>]*>\s*Continue your self-assessment', again.landed.text)
    assert link and unescape(link.group(1)) == f"/assessment/{assessment_id}/dimensions/3"
    page = again.get(unescape(link.group(1)))
    assert "Dimension 3 of 9" in text_of(page.text)
    assert checked_values(page.text) == {rating_field_name(third.id): "3"}
    restarted = again.post("/assessment/start", {"csrf_token": again.csrf(page.text)})
    assert restarted.url.endswith(f"/assessment/{assessment_id}/dimensions/3")


def test_check_page_points_out_every_unanswered_question(launch):
    asha = launch("asha")
    assessment_id = assessment_id_in(asha.start().url)
    dimension = HLM.dimensions[0]
    behaviours = dimension.all_behaviours()
    asha.save_page(
        assessment_id, 1, {b.id: 2 for b in behaviours[1:]}, importance=3, action="later"
    )
    check = asha.get(f"/assessment/{assessment_id}/check")
    assert check.status_code == 200
    assert "<title>Error: Check your answers" in check.text
    assert 'class="nhsuk-error-summary"' in check.text
    text = text_of(check.text)
    assert f"{dimension.name}: 1 question not answered" in text
    for later in HLM.dimensions[1:]:
        assert f"{later.name}: {len(later.all_behaviours()) + 1} questions not answered" in text
    first_missing = (
        f"/assessment/{assessment_id}/dimensions/1?return_to=check#"
        f"{rating_field_name(behaviours[0].id)}"
    )
    assert f'href="{first_missing}"' in check.text
    assert text.count("Not answered") == 114 + 9 - len(behaviours[1:]) - 1
    assert text.count("Change") >= len(behaviours[1:]) + 1


def test_change_link_returns_to_the_check_page_with_the_gaps_marked(launch):
    asha = launch("asha")
    assessment_id = assessment_id_in(asha.start().url)
    behaviours = HLM.dimensions[0].all_behaviours()
    asha.save_page(assessment_id, 1, {b.id: 2 for b in behaviours[1:]}, action="later")
    page = asha.get(f"/assessment/{assessment_id}/dimensions/1?return_to=check")
    assert "<title>Error: " in page.text
    text = text_of(page.text)
    assert "2 questions are not answered on this page" in text
    assert f'href="#{rating_field_name(behaviours[0].id)}"' in page.text
    assert 'href="#importance"' in page.text
    assert "Select how often you do this" in text
    assert "Save and go back" not in text

    back = asha.save_page(
        assessment_id, 1, {behaviours[0].id: 1}, importance=2, query="?return_to=check"
    )
    assert back.url.endswith(f"/assessment/{assessment_id}/check")
    assert f"{HLM.dimensions[0].name}: " not in text_of(back.text).split("Check your answers")[0]


def test_submit_is_refused_while_questions_are_unanswered(launch):
    asha = launch("asha")
    assessment_id = assessment_id_in(asha.start().url)
    asha.save_page(assessment_id, 1, {}, importance=2)
    refused = asha.submit(assessment_id)
    assert refused.status_code == 400
    assert 'class="nhsuk-error-summary"' in refused.text
    assert "You have not answered every question" in refused.text
    assert asha.get(f"/assessment/{assessment_id}/results").url.endswith("/check")


def test_full_journey_submit_results_and_a_second_cycle(launch):
    asha = launch("asha")
    assessment_id = assessment_id_in(asha.start().url)
    last = asha.answer_all(
        assessment_id,
        HLM,
        rating_for=lambda b: 3 if b.level_id == "essential" else 1,
        importance_for=lambda d: 4 if d.id == "leading-with-care" else 2,
    )
    assert last.url.endswith(f"/assessment/{assessment_id}/check")
    assert "You have not answered every question" not in last.text
    assert "You cannot change your answers after you submit" in last.text

    results = asha.submit(assessment_id)
    assert results.status_code == 200
    assert results.url.endswith(f"/assessment/{assessment_id}/results")
    text = text_of(results.text)
    assert (
        '<svg xmlns="http://www.w3.org/2000/svg" class="profile-chart" role="img"' in results.text
    )
    assert 'data-testid="profile-table"' in results.text
    assert text.count("Essential") >= 9
    priorities = re.search(r'data-testid="priorities">(.*?)</ol>', results.text, re.S).group(1)
    leading = HLM.dimension("leading-with-care").name
    assert (
        text_of(priorities)
        .strip()
        .startswith(f"{leading}: Essential (very important to your role)")
    )
    explanation = re.search(
        r'data-testid="explanation-leading-with-care">(.*?)</p>', results.text, re.S
    ).group(1)
    assert unescape(explanation).startswith("You are at Essential: you show 3 of 3 Essential")
    assert "Previous level" not in text

    # Submitted is final: the pages are read-only now.
    assert asha.get(f"/assessment/{assessment_id}/dimensions/1").url.endswith("/results")
    assert asha.get(f"/assessment/{assessment_id}/check").url.endswith("/results")
    form_page = asha.home().text
    closed = asha.post(
        f"/assessment/{assessment_id}/dimensions/1",
        {"csrf_token": asha.csrf(form_page), "importance": "1", "action": "continue"},
    )
    assert closed.status_code == 409
    assert "has been submitted" in closed.text

    home = text_of(asha.home().text)
    assert "View your results" in home and "Start a new self-assessment" in home

    second = asha.start()
    second_id = assessment_id_in(second.url)
    assert second_id != assessment_id
    assert "Self-assessment 2" in text_of(asha.get(f"/assessment/{second_id}/check").text)
    asha.answer_all(
        second_id,
        HLM,
        rating_for=lambda b: 3 if b.level_id in ("essential", "proficient") else 1,
    )
    compared = asha.submit(second_id)
    text = text_of(compared.text)
    assert "Previous level" in text
    assert text.count("Up 1 level") >= 9
    assert 'class="legend-item legend-previous"' in compared.text

    earlier = asha.get(f"/assessment/{assessment_id}/results")
    assert earlier.status_code == 200 and "Self-assessment 1" in text_of(earlier.text)
    home = asha.home().text
    assert f'href="/assessment/{assessment_id}/results"' in home
    assert "Earlier self-assessments" in home


def test_values_off_the_scale_are_refused_with_an_error_summary(launch):
    asha = launch("asha")
    assessment_id = assessment_id_in(asha.start().url)
    behaviour = HLM.dimensions[0].all_behaviours()[0]
    refused = asha.save_page(assessment_id, 1, {behaviour.id: 7}, importance=9)
    assert refused.status_code == 400
    assert "<title>Error: " in refused.text
    assert f'href="#{rating_field_name(behaviour.id)}"' in refused.text
    assert 'href="#importance"' in refused.text
    assert "Select how often you do this, from the options given" in refused.text
    assert checked_values(asha.get(f"/assessment/{assessment_id}/dimensions/1").text) == {}


def test_every_post_needs_the_csrf_token(launch):
    asha = launch("asha")
    assert asha.post("/assessment/start", {}).status_code == 400
    assessment_id = assessment_id_in(asha.start().url)
    behaviour = HLM.dimensions[0].all_behaviours()[0]
    no_token = asha.post(
        f"/assessment/{assessment_id}/dimensions/1",
        {rating_field_name(behaviour.id): "3", "action": "continue"},
    )
    assert no_token.status_code == 400
    assert "This form has expired" in no_token.text
    assert asha.post(f"/assessment/{assessment_id}/submit", {}).status_code == 400
    assert checked_values(asha.get(f"/assessment/{assessment_id}/dimensions/1").text) == {}


def test_dimension_numbers_outside_the_framework_are_not_found(launch):
    asha = launch("asha")
    assessment_id = assessment_id_in(asha.start().url)
    assert asha.get(f"/assessment/{assessment_id}/dimensions/0").status_code == 404
    assert asha.get(f"/assessment/{assessment_id}/dimensions/10").status_code == 404
