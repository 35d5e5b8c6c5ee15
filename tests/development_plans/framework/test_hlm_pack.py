"""The Healthcare Leadership Model pack is faithful to its source text
(``../shared/seeds/healthcare-leadership-model.txt``), with every correction recorded."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml
from support.packs import (
    HLM_LEVEL_IDS,
    HLM_PACK,
    REPO_ROOT,
)

from development_plans.framework import (
    Framework,
)

SEED = REPO_ROOT / ".." / "shared" / "seeds" / "healthcare-leadership-model.txt"


# Behaviours per dimension and level, counted by hand from the seed text.
EXPECTED_COUNTS = {
    "inspiring-shared-purpose": (3, 3, 3, 2),
    "leading-with-care": (3, 3, 3, 2),
    "evaluating-information": (4, 3, 3, 3),
    "connecting-our-service": (3, 3, 3, 3),
    "sharing-the-vision": (4, 3, 3, 3),
    "engaging-the-team": (3, 3, 3, 4),
    "holding-to-account": (4, 4, 3, 3),
    "developing-capability": (3, 3, 3, 3),
    "influencing-for-results": (5, 4, 3, 3),
}


# Behaviours whose self ("Do I …?") text still says they/their/them/themselves because
# the pronoun refers to other people (colleagues, the team, stakeholders, plans …), not
# to the person rating themselves. Reviewed one by one; anything not listed must have none.
SELF_TEXT_REFERS_TO_OTHERS = {
    "inspiring-shared-purpose.essential.3",  # what they (colleagues) do
    "inspiring-shared-purpose.proficient.2",  # helping them (others) … their contribution
    "inspiring-shared-purpose.strong.3",  # when they (team/colleagues) challenge
    "leading-with-care.proficient.2",  # when they (others) are different from me
    "leading-with-care.proficient.3",  # the way they (colleagues) feel
    "leading-with-care.strong.3",  # their (individuals') energy
    "leading-with-care.exemplary.1",  # their (other leaders') teams
    "leading-with-care.exemplary.2",  # they (colleagues) may be junior to me
    "evaluating-information.proficient.3",  # improve them (plans)
    "connecting-our-service.strong.1",  # their (stakeholders') unspoken needs
    "sharing-the-vision.essential.3",  # their (other people's) work
    "sharing-the-vision.proficient.3",  # how they (job, team, organisation) will be different
    "engaging-the-team.essential.2",  # their (the team's) suggestions
    "engaging-the-team.essential.3",  # their (the team's) engagement
    "engaging-the-team.proficient.3",  # solve them (problems)
    "engaging-the-team.strong.2",  # they (team members) can cooperate
    "engaging-the-team.exemplary.1",  # they (the team) deliver
    "engaging-the-team.exemplary.3",  # enable them (the team)
    "engaging-the-team.exemplary.4",  # their (the team's) individual targets
    "holding-to-account.essential.3",  # link them (tasks)
    "holding-to-account.proficient.1",  # their (people's) business planning
    "holding-to-account.strong.3",  # stretch themselves (people)
    "developing-capability.proficient.3",  # help them (the team)
    "developing-capability.strong.1",  # support them (colleagues)
    "developing-capability.exemplary.1",  # their (others') development
}


THIRD_PERSON = re.compile(r"\b(they|their|theirs|them|themselves)\b", re.IGNORECASE)


FIRST_PERSON = re.compile(r"\b(I|my|mine|me|myself)\b")


SELF_QUESTION = re.compile(r"^(Do|Am|Can) (I|my) .+\?$")


OBSERVER_QUESTION = re.compile(r"^(Do|Are|Can) (they|their) .+\?$")


def seed_text() -> str:
    if not SEED.is_file():
        pytest.fail(
            f"The source text of the Healthcare Leadership Model was not found at {SEED.resolve()}."
            " It is expected in ../shared/seeds/ next to the repository; these tests compare the"
            " pack with it, so they cannot run without it."
        )
    return SEED.read_text(encoding="utf-8")


def parse_seed() -> list[dict]:
    """Split the seed into dimensions, with each level's title and behaviour lines.

    A dimension heading is the line before "What is it?". The level headings are the
    source's own, including its misspelling "Proficion"."""
    headings = {
        "Insufficient": None,
        "Essential": "essential",
        "Proficient": "proficient",
        "Proficion": "proficient",
        "Strong": "strong",
        "Exemplary": "exemplary",
    }
    lines = [line.strip() for line in seed_text().splitlines() if line.strip()]
    dimensions: list[dict] = []
    section: str | None = None
    level: str | None = None
    expect_title = False
    for i, line in enumerate(lines):
        if i + 1 < len(lines) and lines[i + 1] == "What is it?":
            dimensions.append(
                {"name": line, "what_it_is": [], "why": [], "what_it_is_not": [], "levels": {}}
            )
            section, level = None, None
            continue
        if line in ("What is it?", "Why is it important?", "What is it not?"):
            section = {"What is it?": "what_it_is", "Why is it important?": "why"}.get(
                line, "what_it_is_not"
            )
            continue
        if line in headings:
            section, level, expect_title = "levels", headings[line], True
            continue
        current = dimensions[-1]
        if section in ("what_it_is", "why", "what_it_is_not"):
            current[section].append(line.removeprefix("- "))
        elif section == "levels" and level is not None:
            if expect_title:
                current["levels"][level] = {"title": line, "behaviours": []}
                expect_title = False
            elif not line.startswith("*"):  # "*SMART stands for …" is a footnote
                current["levels"][level]["behaviours"].append(line)
    return dimensions


@pytest.fixture(scope="module")
def hlm_raw() -> dict:
    return yaml.safe_load(HLM_PACK.read_text(encoding="utf-8"))


def resolve(raw: dict, location: str) -> object:
    """The value at a correction's location: a behaviour id or a path into the raw pack."""
    for dim in raw["dimensions"]:
        for level in dim["levels"].values():
            for behaviour in level["behaviours"]:
                if behaviour["id"] == location:
                    return behaviour["observer"]
    node: object = raw
    for name, index in re.findall(r"([A-Za-z0-9_-]+)|\[(\d+)\]", location):
        node = node[int(index)] if index else node[name]  # type: ignore[index]
    return node


def corrections_at(framework: Framework, location: str) -> list:
    return [c for c in framework.corrections if c.location == location]


def test_real_pack_loads_with_its_metadata(hlm: Framework) -> None:
    assert hlm.id == "nhs-healthcare-leadership-model"
    assert hlm.source.publisher == "NHS Leadership Academy"
    assert (
        hlm.source.url
        == "https://www.leadershipacademy.nhs.uk/resources/healthcare-leadership-model/"
    )
    assert "© NHS Leadership Academy" in hlm.licence
    assert "non-commercial" in hlm.licence
    assert "NHS Leadership Academy" in hlm.attribution
    assert [(o.id, o.label, o.value) for o in hlm.scale] == [
        ("rarely", "Rarely", 0),
        ("sometimes", "Sometimes", 1),
        ("often", "Often", 2),
        ("consistently", "Consistently", 3),
    ]
    assert [(lv.id, lv.name, lv.rank) for lv in hlm.levels] == [
        ("essential", "Essential", 1),
        ("proficient", "Proficient", 2),
        ("strong", "Strong", 3),
        ("exemplary", "Exemplary", 4),
    ]
    below = hlm.below_lowest
    assert (below.id, below.name, below.rank) == ("insufficient", "Insufficient", 0)
    assert below.description == "Does not consistently meet the behaviours described at Essential."


def test_pack_header_names_the_source_file() -> None:
    header = HLM_PACK.read_text(encoding="utf-8").split("\nid:", 1)[0]
    assert "shared/seeds/healthcare-leadership-model.txt" in header
    assert "corrections" in header


def test_nine_dimensions_in_source_order_with_source_names(hlm: Framework) -> None:
    source_names = [d["name"] for d in parse_seed()]
    assert len(source_names) == 9
    assert [d.name for d in hlm.dimensions] == source_names
    assert [d.id for d in hlm.dimensions] == list(EXPECTED_COUNTS)


def test_114_behaviours_counted_per_dimension_and_level(hlm: Framework) -> None:
    assert len(hlm.all_behaviours()) == 114
    assert sum(sum(counts) for counts in EXPECTED_COUNTS.values()) == 114
    actual = {d.id: tuple(len(d.behaviours_at(lv)) for lv in HLM_LEVEL_IDS) for d in hlm.dimensions}
    assert actual == EXPECTED_COUNTS


def test_counts_match_the_source_text(hlm: Framework) -> None:
    seed = parse_seed()
    assert sum(len(lv["behaviours"]) for d in seed for lv in d["levels"].values()) == 114
    for source_dim, dim in zip(seed, hlm.dimensions, strict=True):
        assert list(source_dim["levels"]) == list(HLM_LEVEL_IDS), dim.id
        for level_id, source_level in source_dim["levels"].items():
            assert len(dim.behaviours_at(level_id)) == len(source_level["behaviours"]), (
                dim.id,
                level_id,
            )


def test_observer_texts_are_the_source_statements_unless_a_correction_says_otherwise(
    hlm: Framework,
) -> None:
    for source_dim, dim in zip(parse_seed(), hlm.dimensions, strict=True):
        for level_id, source_level in source_dim["levels"].items():
            behaviours = dim.behaviours_at(level_id)
            for source_line, behaviour in zip(source_level["behaviours"], behaviours, strict=True):
                fixes = corrections_at(hlm, behaviour.id)
                if not fixes:
                    assert behaviour.observer_text == source_line, behaviour.id
                else:
                    (fix,) = fixes
                    assert fix.original == source_line, behaviour.id
                    assert fix.corrected == behaviour.observer_text, behaviour.id


def test_titles_and_descriptions_are_the_source_text_unless_corrected(hlm: Framework) -> None:
    def check(expected_source: str, actual: str, location: str) -> None:
        fixes = corrections_at(hlm, location)
        if not fixes:
            assert actual == expected_source, location
            return
        (fix,) = fixes
        assert fix.original in expected_source, location
        assert actual == expected_source.replace(fix.original, fix.corrected), location

    for d, (source_dim, dim) in enumerate(zip(parse_seed(), hlm.dimensions, strict=True)):
        for level_id, source_level in source_dim["levels"].items():
            location = f"dimensions[{d}].levels.{level_id}.title"
            check(source_level["title"], dim.level(level_id).title, location)
        for field in ("what_it_is", "what_it_is_not"):
            items = getattr(dim, field)
            assert len(items) == len(source_dim[field]), (dim.id, field)
            for i, (source_item, item) in enumerate(zip(source_dim[field], items, strict=True)):
                check(source_item, item, f"dimensions[{d}].{field}[{i}]")
        (source_why,) = source_dim["why"]
        check(source_why, dim.why_it_is_important, f"dimensions[{d}].why_it_is_important")


def test_each_dimension_has_four_levels_with_titles(hlm: Framework) -> None:
    for dim in hlm.dimensions:
        assert [entry.level.id for entry in dim.levels] == list(HLM_LEVEL_IDS)
        assert [entry.level.rank for entry in dim.levels] == [1, 2, 3, 4]
        for entry in dim.levels:
            assert entry.title.strip() == entry.title and len(entry.title) > 5
        assert dim.what_it_is and dim.what_it_is_not and dim.why_it_is_important


def test_specific_fixes_are_in_the_pack(hlm: Framework) -> None:
    isp = hlm.dimension("inspiring-shared-purpose")
    assert isp.why_it_is_important.endswith("for patients, their families and the wider community")
    assert "Curious about how to improve services and patients' care" in isp.what_it_is
    assert hlm.dimension("connecting-our-service").level("strong").title == (
        "Adapting to different standards and approaches outside my organisation"
    )
    assert hlm.behaviour("evaluating-information.essential.3").observer_text.startswith(
        "Do they regularly think"
    )
    assert "well-reasoned" in hlm.behaviour("influencing-for-results.essential.4").self_text
    assert "Being discour" not in hlm.dimension("influencing-for-results").why_it_is_important
    every_text = [
        text
        for dim in hlm.dimensions
        for text in (dim.name, dim.why_it_is_important, *dim.what_it_is, *dim.what_it_is_not)
    ] + [entry.title for dim in hlm.dimensions for entry in dim.levels]
    every_text += [t for b in hlm.all_behaviours() for t in (b.self_text, b.observer_text)]
    for text in every_text:
        assert not re.match(r"^[·*.\-•]", text), text
        assert "Proficion" not in text and "Am they" not in text and "*" not in text, text
        assert text == text.strip() and "  " not in text, text


def test_self_texts_are_first_person_questions(hlm: Framework) -> None:
    for behaviour in hlm.all_behaviours():
        assert SELF_QUESTION.match(behaviour.self_text), behaviour.id
        has_third_person = bool(THIRD_PERSON.search(behaviour.self_text))
        assert has_third_person == (behaviour.id in SELF_TEXT_REFERS_TO_OTHERS), (
            f"{behaviour.id}: {behaviour.self_text!r} — a they/their/them here must refer to"
            " other people and be listed in SELF_TEXT_REFERS_TO_OTHERS"
        )


def test_observer_texts_are_third_person_questions(hlm: Framework) -> None:
    for behaviour in hlm.all_behaviours():
        assert OBSERVER_QUESTION.match(behaviour.observer_text), behaviour.id
        assert not FIRST_PERSON.search(behaviour.observer_text), (
            behaviour.id,
            behaviour.observer_text,
        )
        assert not re.search(r"\b(am|Am)\b", behaviour.observer_text), behaviour.id


def test_self_and_observer_differ_only_in_who_is_meant(hlm: Framework) -> None:
    """Every reference to the person being rated becomes first person in the self text;
    references to other people stay as they are. So the observer text's third-person
    pronouns equal the self text's third-person plus first-person pronouns."""
    for b in hlm.all_behaviours():
        observer_3rd = len(THIRD_PERSON.findall(b.observer_text))
        self_3rd = len(THIRD_PERSON.findall(b.self_text))
        self_1st = len(FIRST_PERSON.findall(b.self_text))
        assert self_1st >= 1, b.id
        assert observer_3rd == self_3rd + self_1st, (b.id, b.self_text, b.observer_text)
        assert len(b.self_text.split()) == len(b.observer_text.split()), b.id


def test_every_correction_quotes_the_source_and_is_applied(hlm: Framework, hlm_raw: dict) -> None:
    source = seed_text()
    assert len(hlm.corrections) >= 30
    assert len({c.id for c in hlm.corrections}) == len(hlm.corrections)
    for fix in hlm.corrections:
        assert fix.original in source, f"{fix.id}: original text not in the seed: {fix.original!r}"
        assert fix.original != fix.corrected, fix.id
        assert len(fix.reason) > 10, fix.id
        value = resolve(hlm_raw, fix.location)
        if isinstance(value, dict):  # a dimension's level heading, e.g. "Proficion"
            level_id = fix.location.rsplit(".", 1)[1]
            value = hlm.level(level_id).name
        assert isinstance(value, str), fix.id
        assert fix.corrected in value, f"{fix.id}: {fix.corrected!r} not found at {fix.location}"
        assert fix.original not in value or fix.original in fix.corrected, fix.id


def test_all_reported_fault_kinds_are_recorded(hlm: Framework) -> None:
    originals = " | ".join(c.original for c in hlm.corrections)
    for fault in (
        "Proficion",
        "Am they",
        "wellreasoned",
        "nations care",
        "outside my",
        "Are they respectful in all",
        "their families and the",
        "Being discour",
        "· ",
        "* ",
        "They do not consistently meet the descriptors used in 'Essential'",
    ):
        assert fault in originals, fault
    my_fixes = [
        c
        for c in hlm.corrections
        if re.search(r"\bmy\b", c.original) and c.location in {b.id for b in hlm.all_behaviours()}
    ]
    assert len(my_fixes) == 7


def test_insufficient_paragraphs_are_not_behaviours(hlm: Framework) -> None:
    assert seed_text().count("They do not consistently meet the descriptors") == 9
    for behaviour in hlm.all_behaviours():
        assert "descriptors" not in behaviour.observer_text


def test_ids_are_unique_and_stable(hlm: Framework) -> None:
    ids = [b.id for b in hlm.all_behaviours()]
    assert len(set(ids)) == 114
    for b in hlm.all_behaviours():
        assert b.id.startswith(f"{b.dimension_id}.{b.level_id}.")
        assert re.fullmatch(r"[a-z-]+\.[a-z]+\.[1-9]", b.id), b.id
    snapshot = {
        "inspiring-shared-purpose.essential.1": (
            "Do they act as a role model for belief in and commitment to the service?"
        ),
        "leading-with-care.proficient.3": (
            "Do they help their colleagues to make the connection between the way they feel"
            " and the quality of the service they provide?"
        ),
        "evaluating-information.essential.4": (
            "Can they see patterns that help them to do things better, more efficiently or"
            " with less waste?"
        ),
        "sharing-the-vision.exemplary.1": (
            "Do they display confidence and integrity under robust and public criticism?"
        ),
        "engaging-the-team.exemplary.4": (
            "Do they encourage their team to deliver on the shared purpose, as much as on their"
            " individual targets?"
        ),
        "holding-to-account.proficient.4": "Do they act quickly to manage poor performance?",
        "developing-capability.strong.2": "Do they provide long-term mentoring or coaching?",
        "influencing-for-results.essential.5": (
            "Do they avoid jargon and express themselves clearly?"
        ),
        "influencing-for-results.exemplary.3": (
            "Do they act as an ambassador for their organisation to gain reputational influence"
            " by sharing experiences and best practice nationally and internationally?"
        ),
    }
    for behaviour_id, observer in snapshot.items():
        assert hlm.behaviour(behaviour_id).observer_text == observer
    assert hlm.behaviour("leading-with-care.essential.2").self_text == (
        "Do my actions demonstrate that the health and wellbeing of my team are important to me?"
    )


def test_seed_parser_sees_the_source_structure() -> None:
    """Guards the helper the fidelity tests rely on."""
    seed = parse_seed()
    assert Counter(len(d["levels"]) for d in seed) == {4: 9}
    assert (
        seed[1]["levels"]["proficient"]["title"] == "Recognising underlying reasons for behaviour"
    )
    assert seed[6]["levels"]["essential"]["behaviours"][-1] == (
        "Do they make sure individual and team goals are SMART*?"
    )
    assert seed[8]["levels"]["essential"]["behaviours"][0] == "Are they respectful in all"
