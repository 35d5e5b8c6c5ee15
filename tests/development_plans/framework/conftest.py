"""Fixtures for the framework tests: the Healthcare Leadership Model pack, loaded once."""

from __future__ import annotations

import pytest
from support.packs import HLM_PACK

from development_plans.framework import Framework, load_framework


@pytest.fixture(scope="module")
def hlm() -> Framework:
    return load_framework(HLM_PACK)
