"""Fixtures for the self-assessment pages: browsers launched from the test platform."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from support.assessment_pages import Learner
from support.lti import Launcher


@pytest.fixture
def launch(platform, tool) -> Callable[[str], Learner]:
    """Launch a persona in a fresh browser: ``launch("asha")``."""

    def launch_as(persona: str) -> Learner:
        launcher = Launcher(platform, tool)
        landed = launcher.launch(persona)
        assert landed.status_code == 200, landed.text[:1000]
        return Learner(launcher, landed)

    return launch_as
