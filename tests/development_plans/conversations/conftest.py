"""Fixtures for the conversation domain tests: a database session rolled back after each test,
and the NHS Healthcare Leadership Model pack."""

from __future__ import annotations

import pytest
from support.plan_data import hlm


@pytest.fixture
def db(app):
    from lti_tool.extensions import db

    with app.app_context():
        yield db.session
        db.session.rollback()


@pytest.fixture
def fw():
    return hlm()
