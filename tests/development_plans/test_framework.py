"""Tests for the framework content packs and their loader (development_plans.framework)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from development_plans.framework import (
    Behaviour,
    ContentError,
    Framework,
    available_frameworks,
    default_content_dir,
    load_framework,
    validate_pack_file,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
HLM_PACK = REPO_ROOT / "content" / "frameworks" / "healthcare-leadership-model.yaml"
SEED = REPO_ROOT / ".." / "shared" / "seeds" / "healthcare-leadership-model.txt"
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "packs"
SMALL_PACK = FIXTURES / "valid" / "small-pack.yaml"
BROKEN = FIXTURES / "broken"

LEVEL_IDS = ("essential", "proficient", "strong", "exemplary")

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
def hlm() -> Framework:
    return load_framework(HLM_PACK)


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


# --------------------------------------------------------------------------------------
# The Healthcare Leadership Model pack
# --------------------------------------------------------------------------------------


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
    actual = {d.id: tuple(len(d.behaviours_at(lv)) for lv in LEVEL_IDS) for d in hlm.dimensions}
    assert actual == EXPECTED_COUNTS


def test_counts_match_the_source_text(hlm: Framework) -> None:
    seed = parse_seed()
    assert sum(len(lv["behaviours"]) for d in seed for lv in d["levels"].values()) == 114
    for source_dim, dim in zip(seed, hlm.dimensions, strict=True):
        assert list(source_dim["levels"]) == list(LEVEL_IDS), dim.id
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
        assert [entry.level.id for entry in dim.levels] == list(LEVEL_IDS)
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


def test_lookups_and_navigation(hlm: Framework) -> None:
    dim = hlm.dimension("holding-to-account")
    assert dim.name == "Holding To Account"
    behaviour = hlm.behaviour("holding-to-account.essential.4")
    assert isinstance(behaviour, Behaviour)
    assert (behaviour.dimension_id, behaviour.level_id) == ("holding-to-account", "essential")
    assert "SMART (Specific, Measurable, Achievable, Relevant, Timed)" in behaviour.observer_text
    assert behaviour.text("self") == behaviour.self_text
    assert behaviour.text("observer") == behaviour.observer_text
    with pytest.raises(ValueError, match="perspective"):
        behaviour.text("manager")  # type: ignore[arg-type]
    assert hlm.level("insufficient") is hlm.below_lowest
    assert hlm.level("strong").rank == 3
    assert hlm.next_level("insufficient").id == "essential"  # type: ignore[union-attr]
    assert hlm.next_level("essential").id == "proficient"  # type: ignore[union-attr]
    assert hlm.next_level("strong").id == "exemplary"  # type: ignore[union-attr]
    assert hlm.next_level("exemplary") is None
    assert hlm.rating_option("often").value == 2
    assert hlm.level_ids == LEVEL_IDS
    for lookup, missing in (
        (hlm.dimension, "nope"),
        (hlm.behaviour, "inspiring-shared-purpose.essential.9"),
        (hlm.level, "expert"),
        (hlm.next_level, "expert"),
        (hlm.rating_option, "never"),
        (dim.behaviours_at, "insufficient"),
    ):
        with pytest.raises(KeyError):
            lookup(missing)
    assert [b.id for b in hlm.all_behaviours()][:4] == [
        "inspiring-shared-purpose.essential.1",
        "inspiring-shared-purpose.essential.2",
        "inspiring-shared-purpose.essential.3",
        "inspiring-shared-purpose.proficient.1",
    ]


def test_level_behaviour_ids_shape(hlm: Framework) -> None:
    shape = hlm.dimension("inspiring-shared-purpose").level_behaviour_ids()
    assert shape == [
        (
            "essential",
            (
                "inspiring-shared-purpose.essential.1",
                "inspiring-shared-purpose.essential.2",
                "inspiring-shared-purpose.essential.3",
            ),
        ),
        (
            "proficient",
            (
                "inspiring-shared-purpose.proficient.1",
                "inspiring-shared-purpose.proficient.2",
                "inspiring-shared-purpose.proficient.3",
            ),
        ),
        (
            "strong",
            (
                "inspiring-shared-purpose.strong.1",
                "inspiring-shared-purpose.strong.2",
                "inspiring-shared-purpose.strong.3",
            ),
        ),
        (
            "exemplary",
            ("inspiring-shared-purpose.exemplary.1", "inspiring-shared-purpose.exemplary.2"),
        ),
    ]


def test_framework_is_immutable(hlm: Framework) -> None:
    with pytest.raises(AttributeError):
        hlm.title = "changed"  # type: ignore[misc]
    assert isinstance(hlm.dimensions, tuple) and isinstance(hlm.dimensions[0].levels, tuple)


def test_real_pack_validates_and_is_the_default_content(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DP_CONTENT_DIR", raising=False)
    assert validate_pack_file(HLM_PACK) == []
    assert default_content_dir() == REPO_ROOT.resolve() / "content" / "frameworks"
    packs = available_frameworks()
    assert list(packs) == ["nhs-healthcare-leadership-model"]


def test_content_dir_can_be_overridden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shutil.copy(SMALL_PACK, tmp_path / "small.yaml")
    monkeypatch.setenv("DP_CONTENT_DIR", str(tmp_path))
    assert default_content_dir() == tmp_path
    assert list(available_frameworks()) == ["test-supervision-skills"]


def test_loading_is_cached_until_the_file_changes(tmp_path: Path) -> None:
    pack = tmp_path / "small.yaml"
    shutil.copy(SMALL_PACK, pack)
    first = load_framework(pack)
    assert load_framework(pack) is first
    text = pack.read_text(encoding="utf-8").replace("Supervision Skills (test pack)", "Renamed")
    pack.write_text(text, encoding="utf-8")
    second = load_framework(pack)
    assert second is not first
    assert second.title == "Renamed"


def test_module_does_not_import_web_frameworks() -> None:
    code = (
        "import sys, development_plans.framework as f;"
        "f.load_framework(sys.argv[1]);"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('flask', 'werkzeug', 'pylti1p3'));"
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(HLM_PACK)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
    )
    assert result.stdout.strip() == ""


# --------------------------------------------------------------------------------------
# A second, different pack
# --------------------------------------------------------------------------------------


def test_small_pack_with_other_levels_and_scale_works() -> None:
    pack = load_framework(SMALL_PACK)
    assert pack.id == "test-supervision-skills"
    assert [d.id for d in pack.dimensions] == ["listening", "giving-feedback", "planning-together"]
    assert [(lv.id, lv.name, lv.rank) for lv in pack.levels] == [
        ("foundation", "Foundation", 1),
        ("developing", "Developing", 2),
        ("advanced", "Advanced", 3),
    ]
    assert pack.levels[2].description == "Shown reliably, including under pressure."
    assert (pack.below_lowest.id, pack.below_lowest.rank) == ("not-yet", 0)
    assert [(o.id, o.value) for o in pack.scale] == [("seldom", 1), ("usually", 2), ("always", 3)]
    assert pack.scale[1].description == "Most of the time."
    assert len(pack.all_behaviours()) == 18
    assert pack.next_level("not-yet").id == "foundation"  # type: ignore[union-attr]
    assert pack.next_level("developing").id == "advanced"  # type: ignore[union-attr]
    assert pack.next_level("advanced") is None
    feedback = pack.dimension("giving-feedback")
    assert feedback.what_it_is_not == ()
    assert feedback.level("developing").title == "Balancing"
    assert feedback.level_behaviour_ids() == [
        ("foundation", ("giving-feedback.foundation.1", "giving-feedback.foundation.2")),
        ("developing", ("giving-feedback.developing.1", "giving-feedback.developing.2")),
        ("advanced", ("giving-feedback.advanced.1", "giving-feedback.advanced.2")),
    ]
    assert pack.behaviour("planning-together.advanced.2").self_text.startswith("Am I ")
    assert [c.id for c in pack.corrections] == ["fix-1"]
    with pytest.raises(KeyError):
        pack.level("essential")


def test_pack_can_be_json(tmp_path: Path) -> None:
    data = yaml.safe_load(SMALL_PACK.read_text(encoding="utf-8"))
    pack_file = tmp_path / "small.json"
    pack_file.write_text(json.dumps(data), encoding="utf-8")
    assert load_framework(pack_file) == load_framework(SMALL_PACK)


def test_available_frameworks_loads_every_pack(tmp_path: Path) -> None:
    shutil.copy(SMALL_PACK, tmp_path / "b-small.yaml")
    shutil.copy(HLM_PACK, tmp_path / "a-hlm.yml")
    (tmp_path / "notes.txt").write_text("not a pack", encoding="utf-8")
    packs = available_frameworks(tmp_path)
    assert list(packs) == ["nhs-healthcare-leadership-model", "test-supervision-skills"]
    assert available_frameworks(str(tmp_path)) == packs


def test_available_frameworks_reports_bad_and_duplicate_packs(tmp_path: Path) -> None:
    shutil.copy(SMALL_PACK, tmp_path / "one.yaml")
    shutil.copy(SMALL_PACK, tmp_path / "two.yaml")
    shutil.copy(BROKEN / "missing-level.yaml", tmp_path / "three.yaml")
    with pytest.raises(ContentError) as caught:
        available_frameworks(tmp_path)
    assert str(tmp_path) in str(caught.value)
    assert caught.value.problems == [
        "three.yaml: dimensions[1].levels (line 40): level 'expert' is missing; every dimension"
        " must describe every level of the pack, in order (basic, expert)",
        "two.yaml: id: framework id 'test-supervision-skills' is already used by one.yaml",
    ]


def test_available_frameworks_needs_an_existing_folder(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="does not exist"):
        available_frameworks(tmp_path / "missing")
    assert available_frameworks(tmp_path) == {}


# --------------------------------------------------------------------------------------
# Broken packs
# --------------------------------------------------------------------------------------


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_framework(path)
    error = caught.value
    assert isinstance(error, ValueError)
    message = str(error)
    assert str(path) in message.splitlines()[0]
    for problem in error.problems:
        assert problem in message
    assert validate_pack_file(path) == error.problems
    return error.problems


def test_missing_fields_are_all_reported() -> None:
    assert problems_of(BROKEN / "missing-fields.yaml") == [
        "licence: this required field is missing",
        "dimensions[0].levels.basic.behaviours[1].self (line 31): this required field is missing",
    ]


def test_duplicate_behaviour_id() -> None:
    assert problems_of(BROKEN / "duplicate-behaviour-id.yaml") == [
        "dimensions[1].levels.basic.behaviours[1].id (line 47): duplicate behaviour id"
        " 'listening.basic.1' (first used at dimensions[1].levels.basic.behaviours[0])"
    ]


def test_level_missing_from_a_dimension() -> None:
    assert problems_of(BROKEN / "missing-level.yaml") == [
        "dimensions[1].levels (line 40): level 'expert' is missing; every dimension must"
        " describe every level of the pack, in order (basic, expert)"
    ]


def test_wrong_types() -> None:
    assert problems_of(BROKEN / "wrong-types.yaml") == [
        "dimensions[0].what_it_is (line 19): should be a list but is text ('Working with others')",
        "scale[1].value (line 11): should be a whole number but is text ('one')",
        "version (line 4): should be text but is a decimal number (1.0)",
    ]


def mutated_small_pack(tmp_path: Path, change: Callable[[dict], None]) -> Path:
    data = yaml.safe_load(SMALL_PACK.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "mutated.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def _duplicate_dimension_id(data: dict) -> None:
    data["dimensions"][2]["id"] = "listening"


def _behaviour_in_wrong_place(data: dict) -> None:
    behaviours = data["dimensions"][2]["levels"]["developing"]["behaviours"]
    behaviours[1]["id"] = "planning-together.advanced.9"


def _duplicate_across_dimensions(data: dict) -> None:
    behaviours = data["dimensions"][2]["levels"]["advanced"]["behaviours"]
    behaviours[0]["id"] = "listening.foundation.1"


def _levels_out_of_order_and_unknown(data: dict) -> None:
    levels = data["dimensions"][0]["levels"]
    data["dimensions"][0]["levels"] = {
        "developing": levels["developing"],
        "foundation": levels["foundation"],
        "expert": levels["advanced"],
    }
    for n, behaviour in enumerate(levels["advanced"]["behaviours"], 1):
        behaviour["id"] = f"listening.expert.{n}"


def _below_lowest_level_described(data: dict) -> None:
    data["dimensions"][1]["levels"]["not-yet"] = {
        "title": "Not yet",
        "behaviours": [
            {"id": "giving-feedback.not-yet.1", "self": "Do I?", "observer": "Do they?"}
        ],
    }


def _ids_clash(data: dict) -> None:
    data["scale"][1]["id"] = "seldom"
    data["below_lowest"]["id"] = "developing"
    data["corrections"].append(dict(data["corrections"][0]))


def _duplicate_level_id(data: dict) -> None:
    data["levels"][2]["id"] = "foundation"


def _scale_values(data: dict) -> None:
    data["scale"][2]["value"] = 2


def _scale_goes_down(data: dict) -> None:
    data["scale"][0]["value"] = 5


def _bad_correction_location(data: dict) -> None:
    data["corrections"][0]["location"] = "dimensions[7].title"


SMALL_LEVELS = "(foundation, developing, advanced)"

SEMANTIC_CASES = {
    "duplicate dimension id": (
        _duplicate_dimension_id,
        ["dimensions[2].id: duplicate dimension id 'listening' (also used by dimensions[0])"]
        + [
            f"dimensions[2].levels.{level}.behaviours[{n}].id: behaviour id"
            f" 'planning-together.{level}.{n + 1}' does not match where it is: it should start"
            f" with 'listening.{level}.' (its dimension id and level id)"
            for level in ("foundation", "developing", "advanced")
            for n in (0, 1)
        ],
    ),
    "behaviour id prefix": (
        _behaviour_in_wrong_place,
        [
            "dimensions[2].levels.developing.behaviours[1].id: behaviour id"
            " 'planning-together.advanced.9' does not match where it is: it should start with"
            " 'planning-together.developing.' (its dimension id and level id)"
        ],
    ),
    "duplicate behaviour id across dimensions": (
        _duplicate_across_dimensions,
        [
            "dimensions[2].levels.advanced.behaviours[0].id: duplicate behaviour id"
            " 'listening.foundation.1' (first used at"
            " dimensions[0].levels.foundation.behaviours[0])",
            "dimensions[2].levels.advanced.behaviours[0].id: behaviour id"
            " 'listening.foundation.1' does not match where it is: it should start with"
            " 'planning-together.advanced.' (its dimension id and level id)",
        ],
    ),
    "levels out of order and unknown": (
        _levels_out_of_order_and_unknown,
        [
            "dimensions[0].levels: level 'advanced' is missing; every dimension must describe"
            f" every level of the pack, in order {SMALL_LEVELS}",
            f"dimensions[0].levels.expert: 'expert' is not one of the pack's levels {SMALL_LEVELS}",
            "dimensions[0].levels: levels are out of order (developing, foundation); list them"
            f" lowest first, as in the pack's levels list {SMALL_LEVELS}",
        ],
    ),
    "below-lowest level given behaviours": (
        _below_lowest_level_described,
        [
            "dimensions[1].levels.not-yet: 'not-yet' is the below-lowest level, which has no"
            " behaviours; remove it"
        ],
    ),
    "ids clash": (
        _ids_clash,
        [
            "scale[1].id: duplicate rating id 'seldom' (also used by scale[0])",
            "below_lowest.id: 'developing' is also the id of levels[1]; the below-lowest level"
            " needs an id of its own",
            "corrections[1].id: duplicate correction id 'fix-1' (also used by corrections[0])",
        ],
    ),
    "duplicate level id": (
        _duplicate_level_id,
        ["levels[2].id: duplicate level id 'foundation' (also used by levels[0])"],
    ),
    "duplicate scale value": (
        _scale_values,
        ["scale[2].value: duplicate rating value 2 (also used by scale[1])"],
    ),
    "scale going down": (
        _scale_goes_down,
        [
            "scale[1].value: rating values must go up from the first option to the last,"
            " but 2 comes after 5"
        ],
    ),
    "correction location": (
        _bad_correction_location,
        [
            "corrections[0].location: 'dimensions[7].title' does not point to anything in"
            " this pack; use a path such as 'dimensions[0].levels.essential.title' or a"
            " behaviour id"
        ],
    ),
}


@pytest.mark.parametrize("case", list(SEMANTIC_CASES))
def test_semantic_checks(tmp_path: Path, case: str) -> None:
    change, expected = SEMANTIC_CASES[case]
    assert problems_of(mutated_small_pack(tmp_path, change)) == expected


def test_schema_messages_are_human(tmp_path: Path) -> None:
    def change(data: dict) -> None:
        behaviour = data["dimensions"][0]["levels"]["foundation"]["behaviours"][0]
        behaviour["obsever"] = behaviour.pop("observer")
        data["dimensions"][0]["levels"]["developing"]["behaviours"] = []
        data["dimensions"][1]["id"] = "Giving Feedback"
        data["dimensions"][1]["name"] = "   "
        data["source"]["url"] = "example.org"
        data["levels"][0]["id"] = 3
        data["colour"] = "blue"

    problems = problems_of(mutated_small_pack(tmp_path, change))
    assert problems == [
        "colour: unexpected field 'colour' (allowed: id, version, title, source, attribution,"
        " licence, scale, levels, below_lowest, dimensions, corrections)",
        "dimensions[0].levels.developing.behaviours: needs at least 1 behaviour but has 0",
        "dimensions[0].levels.foundation.behaviours[0].observer: this required field is missing",
        "dimensions[0].levels.foundation.behaviours[0].obsever: unexpected field 'obsever';"
        " did you mean 'observer'?",
        "dimensions[1].id: 'Giving Feedback' is not a valid id: use lower-case letters, digits"
        " and single hyphens, e.g. 'leading-with-care'",
        "dimensions[1].name: must not be blank",
        "levels[0].id: should be text but is a whole number (3)",
        "source.url: 'example.org' is not a web address (it should start with https://)",
    ]


def test_yaml_problems(tmp_path: Path) -> None:
    bad_syntax = tmp_path / "syntax.yaml"
    bad_syntax.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    (problem,) = problems_of(bad_syntax)
    assert problem.startswith("line 3, column 1: not valid YAML")

    text = SMALL_PACK.read_text(encoding="utf-8")
    duplicate_key = tmp_path / "dupkey.yaml"
    duplicate_key.write_text(
        text.replace(
            "        title: Reviewing\n", "        title: Reviewing\n        title: Again\n"
        ),
        encoding="utf-8",
    )
    (problem,) = problems_of(duplicate_key)
    assert re.fullmatch(
        r"dimensions\[2\]\.levels\.developing\.title \(line \d+\): the key 'title' appears"
        r" more than once here; only one is allowed",
        problem,
    )

    yes_no = tmp_path / "yesno.yaml"
    yes_no.write_text(text.replace("id: seldom", "id: no"), encoding="utf-8")
    assert problems_of(yes_no) == [
        "scale[0].id (line 14): should be text but is a true/false value (False)"
    ]

    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing\n", encoding="utf-8")
    assert problems_of(empty) == [
        "(top level): should be a mapping of fields (id, title, …) but is empty"
    ]


def test_file_problems(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "absent.yaml") == [
        "(file): cannot be read (No such file or directory)"
    ]
    other = tmp_path / "pack.toml"
    other.write_text("id = 'x'\n", encoding="utf-8")
    assert problems_of(other) == ["(file): unsupported file type '.toml'; use .yaml or .json"]
    bad_json = tmp_path / "pack.json"
    bad_json.write_text('{"id": "x",}', encoding="utf-8")
    (problem,) = problems_of(bad_json)
    assert problem.startswith("line 1, column 12: not valid JSON")
    dup_json = tmp_path / "dup.json"
    dup_json.write_text('{"id": "x", "id": "y"}', encoding="utf-8")
    assert problems_of(dup_json) == ["(file): the key 'id' appears more than once in one object"]


def test_content_error_message_names_file_path_and_problem() -> None:
    path = BROKEN / "missing-fields.yaml"
    with pytest.raises(ContentError) as caught:
        load_framework(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: 2 problems in content pack:\n")
    assert "  - dimensions[0].levels.basic.behaviours[1].self (line 31): this required field" in (
        message
    )
    assert caught.value.source == str(path)


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
