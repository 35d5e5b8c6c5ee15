"""Framework packs for tests: where they are, a changed copy of the small test pack, and the
problems a broken pack reports."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from development_plans.framework import ContentError, load_framework, validate_pack_file

REPO_ROOT = Path(__file__).resolve().parents[2]
FRAMEWORKS_DIR = REPO_ROOT / "content" / "frameworks"
HLM_PACK = FRAMEWORKS_DIR / "healthcare-leadership-model.yaml"
PACK_FIXTURES = REPO_ROOT / "tests" / "fixtures" / "packs"
SMALL_PACK = PACK_FIXTURES / "valid" / "small-pack.yaml"
BROKEN = PACK_FIXTURES / "broken"


def problems_of(path: Path) -> list[str]:
    """The problems loading ``path`` reports, checking the error names the file and lists each
    problem, and that validating the file gives the same list."""
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


def mutated_small_pack(tmp_path: Path, change: Callable[[dict], None]) -> Path:
    """A JSON copy of the small test pack with ``change`` applied to its data."""
    data = yaml.safe_load(SMALL_PACK.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "mutated.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


#: The Healthcare Leadership Model's levels, lowest first.
HLM_LEVEL_IDS = ("essential", "proficient", "strong", "exemplary")
