"""Settings the app reads from the environment and hands to the domain as parameters."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.packs import REPO_ROOT, SMALL_PACK

from development_plans.framework import available_frameworks
from lti_tool.config import Config


def test_framework_packs_default_to_the_repository_content(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DP_CONTENT_DIR", raising=False)
    config = Config(INSTANCE_DIR=tmp_path)
    assert Path(config.FRAMEWORK_PACKS_DIR) == REPO_ROOT.resolve() / "content" / "frameworks"
    packs = available_frameworks(config.FRAMEWORK_PACKS_DIR)
    assert list(packs) == [
        "nhs-healthcare-leadership-model",
        "reflective-practice",
        "team-working-360",
    ]


def test_framework_packs_folder_can_be_overridden(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    shutil.copy(SMALL_PACK, folder / "small.yaml")
    monkeypatch.setenv("DP_CONTENT_DIR", str(folder))
    config = Config(INSTANCE_DIR=tmp_path / "instance")
    assert Path(config.FRAMEWORK_PACKS_DIR) == folder
    assert list(available_frameworks(config.FRAMEWORK_PACKS_DIR)) == ["test-supervision-skills"]
