"""Fixtures for the 360 feedback pages: a platform whose course has a learner, peers, a manager
and a mentor for someone else, and mail on so invitations land in the outbox."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from support.assessment_pages import Learner
from support.feedback_pages import PEOPLE
from support.lti import Launcher, registered_platform


@pytest.fixture
def app(make_app):
    return make_app(MAIL_URL="smtp://127.0.0.1:9")


@pytest.fixture
def platform(app, tool, platform_key_path):
    with registered_platform(app, tool, key_path=platform_key_path, personas=PEOPLE) as running:
        yield running


@pytest.fixture
def launch(platform, tool) -> Callable[[str], Learner]:
    """Launch a persona in a fresh browser: ``launch("asha")``."""

    def launch_as(persona: str) -> Learner:
        launcher = Launcher(platform, tool)
        landed = launcher.launch(persona)
        assert landed.status_code == 200, landed.text[:1000]
        return Learner(launcher, landed)

    return launch_as
