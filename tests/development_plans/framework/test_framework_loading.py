"""Loading packs (development_plans.framework.loading): one file, every pack in a folder the
caller names, the per-process cache, and no web framework imports."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support.packs import (
    BROKEN,
    FRAMEWORKS_DIR,
    HLM_PACK,
    REPO_ROOT,
    SMALL_PACK,
)

import development_plans.framework as framework_package
from development_plans.framework import (
    ContentError,
    available_frameworks,
    load_framework,
    validate_pack_file,
)


def test_real_pack_validates_and_is_the_repository_content() -> None:
    assert validate_pack_file(HLM_PACK) == []
    packs = available_frameworks(FRAMEWORKS_DIR)
    assert list(packs) == [
        "nhs-healthcare-leadership-model",
        "reflective-practice",
        "team-working-360",
    ]


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


def test_the_framework_package_reads_no_settings_from_the_environment() -> None:
    """Folders reach the domain as parameters: the app passes its FRAMEWORK_PACKS_DIR."""
    package = Path(framework_package.__file__).parent
    modules = sorted(package.glob("*.py"))
    assert {m.name for m in modules} >= {"loading.py", "model.py", "validation.py"}
    for module in modules:
        text = module.read_text(encoding="utf-8")
        assert "environ" not in text and "getenv" not in text, module.name
