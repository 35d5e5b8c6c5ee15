"""LTI roles map to the tool's roles as Moodle and other platforms send them."""

from __future__ import annotations

import pytest

from development_plans.people import ToolRole
from lti_tool.lti.roles import is_mentor_only, tool_role

M = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
INST = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#"
SYS = "http://purl.imsglobal.org/vocab/lis/v2/system/person#"


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([M + "Learner"], ToolRole.LEARNER),
        ([M + "Learner", INST + "Student"], ToolRole.LEARNER),
        ([], ToolRole.LEARNER),
        ([M + "Instructor", INST + "Instructor"], ToolRole.MANAGER),
        (
            ["http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"],
            ToolRole.MANAGER,
        ),
        ([M + "Mentor"], ToolRole.MANAGER),
        ([INST + "Instructor", M + "Learner"], ToolRole.LEARNER),
        ([INST + "Administrator", M + "Instructor", SYS + "Administrator"], ToolRole.ADMINISTRATOR),
        ([M + "Administrator"], ToolRole.ADMINISTRATOR),
        (["Instructor"], ToolRole.MANAGER),
    ],
)
def test_tool_role(roles, expected):
    assert tool_role(roles) is expected


def test_mentor_only_scopes_the_team_to_mentees():
    assert is_mentor_only([M + "Mentor"])
    assert not is_mentor_only([M + "Mentor", M + "Instructor"])
    assert not is_mentor_only([M + "Instructor"])
