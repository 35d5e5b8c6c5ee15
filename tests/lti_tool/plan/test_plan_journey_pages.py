"""The next step over real HTTP: home's primary button follows the learner's state, results end
with drafting or opening the plan, the plan focuses on its top priorities with resources folded,
targets and statuses reveal their extra field with the choice, and the PDF is tagged, has one
font, prints emoji and ends with the review's sign-off."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from sqlalchemy import select
from support.plan_data import submit_assessment
from support.plan_pages import add_goal, start_plan, text_of

from development_plans.people import User
from development_plans.plans import Plan, approve, load_plan, request_changes, submit_for_review

ASHA = "demo-learner-asha"


def next_step(browser) -> str:
    home = browser.get("/").text
    panel = re.search(r'data-testid="next-step".*?</section>', home, re.S).group(0)
    return text_of(panel)


def primary_buttons(html: str) -> list[str]:
    """The text of every primary (not secondary) NHS.UK button on a page."""
    found = re.findall(r'class="nhsuk-button"[^>]*>\s*([^<]+?)\s*<', html)
    return [text.strip() for text in found]


def review(app, plan_id: int, decide) -> None:
    from lti_tool.extensions import db

    with app.app_context():
        plan = load_plan(db.session, plan_id)
        manager = db.session.scalar(select(User).where(User.subject == "demo-manager-carys"))
        if plan.status != "submitted":
            submit_for_review(db.session, plan, plan.user)
        decide(db.session, plan, manager, "Good plan 👍 – see you in March")
        db.session.commit()


def test_home_primary_button_follows_the_learner_through_assessment_plan_and_review(
    app, asha, launch
):
    launch("carys")
    assert "Start your self-assessment" in next_step(asha)
    assessment_id = submit_assessment(app, ASHA, {})
    step = next_step(asha)
    assert "Draft your development plan" in step
    home = asha.get("/").text
    assert primary_buttons(home) == ["Draft your development plan"]

    results = asha.get(f"/assessment/{assessment_id}/results").text
    assert "Draft your development plan" in text_of(results)
    assert 'href="/plan/"' in results or "/plan/" in results

    plan_id, page = start_plan(asha)
    assert "Continue your development plan" in next_step(asha)
    results = asha.get(f"/assessment/{assessment_id}/results").text
    assert f'href="/plan/{plan_id}"' in results and "Open your plan" in text_of(results)

    add_goal(asha, page)
    review(app, plan_id, request_changes)
    assert "Revise your plan" in next_step(asha)
    assert "asked for changes" in next_step(asha)

    review(app, plan_id, approve)
    assert "Start working on your plan" in next_step(asha)
    asha.post(f"/plan/{plan_id}/activate", page=asha.get(f"/plan/{plan_id}").text)
    step = next_step(asha)
    assert "Record progress" in step and "Lead the weekly huddle" in step
    home = asha.get("/").text
    # a new self-assessment is offered, but never as the primary action while the plan is open
    assert "Start a new self-assessment" in home
    assert "Start a new self-assessment" not in primary_buttons(home)
    assert primary_buttons(home) == ["Record progress"]
    notice = text_of(re.search(r'data-testid="new-cycle-notice".*?</p>', home, re.S).group(0))
    assert "Your development plan (version 1) stays as it is" in notice
    assert "A grade you have already earned in this course is not lowered" in notice


def test_plan_focuses_on_three_priorities_with_the_rest_and_resources_folded(app, asha):
    submit_assessment(app, ASHA, {"holding-to-account": "exemplary"})
    plan_id, page = start_plan(asha)
    shown, folded = page.split('data-testid="folded-priorities"')
    assert len(re.findall(r'data-testid="plan-item"', shown)) == 3
    assert len(re.findall(r'class="nhsuk-details dp-folded-item"', folded)) == 5
    assert "More priorities (5)" in text_of(page)
    assert "Slightly important" in text_of(page) and " of 4" not in text_of(page)
    assert 'data-testid="resources-folded"' in page
    assert re.search(r"suggested resources? for Proficient \([^)]*hours?\)", text_of(page))
    assert "Mary Seacole Programme" in text_of(page) and "about 100 hours" in text_of(page)
    assert "example link" not in page
    # a folded priority joins the focus once it has a goal
    last_item = re.findall(r"/plan/\d+/items/(\d+)/goals/new", folded)[-1]
    form = asha.get(f"/plan/{plan_id}/items/{last_item}/goals/new")
    behaviour = re.search(r'name="behaviour_ids" type="checkbox" value="([^"]+)"', form.text)
    from support.plan_pages import goal_fields

    asha.post(
        f"/plan/{plan_id}/items/{last_item}/goals/new",
        goal_fields(behaviour.group(1)),
        page=form.text,
    )
    shown, folded = asha.get(f"/plan/{plan_id}").text.split('data-testid="folded-priorities"')
    assert len(re.findall(r'data-testid="plan-item"', shown)) == 4
    assert f'id="item-{last_item}"' in shown


def test_the_level_below_essential_is_explained_kindly(app, asha):
    assessment_id = submit_assessment(app, ASHA, {"leading-with-care": None})
    results = text_of(asha.get(f"/assessment/{assessment_id}/results").text)
    assert "Leading With Care: Insufficient – not yet consistently at Essential" in results
    _, page = start_plan(asha)
    assert "Insufficient – not yet consistently at Essential" in text_of(page)
    assert "nhsuk-tag--red" not in page


def test_a_lower_target_reveals_its_reason_and_works_without_script(app, asha):
    submit_assessment(app, ASHA, {})
    plan_id, _ = start_plan(asha)
    form = asha.get(f"/plan/{plan_id}/targets").text
    assert "(suggested)" not in form and "(your current level)" not in form
    assert re.search(r'data-aria-controls="conditional-target-leading-with-care-essential"', form)
    hidden = re.search(
        r'class="nhsuk-radios__conditional( nhsuk-radios__conditional--hidden)?" '
        r'id="conditional-target-leading-with-care-essential"',
        form,
    )
    assert hidden.group(1), "the reason is folded until the lower target is chosen"
    main = form[form.index("<main") : form.index("</main>")]
    assert 'data-module="dp-reveal"' in main and "<script" not in main and "style=" not in main
    refused = asha.post(
        f"/plan/{plan_id}/targets", {"target-leading-with-care": "essential"}, page=form
    )
    assert refused.status_code == 400
    shown = re.search(
        r'class="nhsuk-radios__conditional" id="conditional-target-leading-with-care-essential"',
        refused.text,
    )
    assert shown, "with the lower target chosen, its reason field is open"


def test_status_reveals_reflection_with_achieved_and_reason_with_dropped(app, asha):
    submit_assessment(app, ASHA, {})
    _, page = start_plan(asha)
    _, saved = add_goal(asha, page)
    goal_url = saved.headers["Location"].removeprefix(asha.base)
    form = asha.get(f"{goal_url}/status").text
    for field in ("reflection", "reason"):
        conditional = re.search(
            rf'<div class="nhsuk-radios__conditional([^"]*)" id="(conditional-status-\d)">\s*'
            rf'<div class="nhsuk-form-group">\s*<label class="nhsuk-label nhsuk-label--s" '
            rf'for="{field}"',
            form,
        )
        assert conditional and "--hidden" in conditional.group(1)
        assert f'data-aria-controls="{conditional.group(2)}"' in form


def test_pdf_is_tagged_in_one_font_with_emoji_and_a_sign_off(app, asha, launch, tmp_path):
    launch("carys")
    submit_assessment(app, ASHA, {})
    plan_id, page = start_plan(asha)
    add_goal(asha, page, specific="Lead the weekly huddle 🙂 and thank each person 💙")
    review(app, plan_id, approve)
    response = asha.get(f"/plan/{plan_id}/pdf")
    (tmp_path / "plan.pdf").write_bytes(response.content)
    reader = PdfReader(io.BytesIO(response.content))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert "Lead the weekly huddle 🙂 and thank each person 💙" in text
    assert "Sign-off" in text and "Carys Jones" in text and "Decision Approved" in text
    assert "Good plan 👍 – see you in March" in text
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "en-GB"
    fonts = set()
    for pdf_page in reader.pages:
        for font in pdf_page["/Resources"]["/Font"].values():
            fonts.add(re.sub(r"^/[A-Z]{6}\+", "", font.get_object()["/BaseFont"]))
    families = {f.removesuffix("-Bold") for f in fonts}
    assert families == {"DejaVu-Sans", "Noto-Color-Emoji"}, fonts


def test_pdf_has_no_sign_off_before_a_review(app, asha):
    submit_assessment(app, ASHA, {})
    plan_id, page = start_plan(asha)
    response = asha.get(f"/plan/{plan_id}/pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Sign-off" not in text
    from lti_tool.extensions import db

    with app.app_context():
        assert db.session.get(Plan, plan_id).reviewed_at is None
