"""The Deep Linking response: the activity as an LTI resource link with a gradebook column,
signed with the tool's key, for the auto-submitting form the tool renders itself (the library's
own form puts the return URL in unescaped)."""

from __future__ import annotations

from dataclasses import dataclass

from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from lti_tool.lti.adapter import ToolMessageLaunch
from lti_tool.lti.vocabulary import DEEP_LINKING_DATA_CLAIM, DEEP_LINKING_SETTINGS_CLAIM


@dataclass(frozen=True)
class GradeColumn:
    """The gradebook column the LMS creates with the placed activity."""

    tag: str
    resource_id: str
    score_maximum: float


@dataclass(frozen=True)
class DeepLinkingReturn:
    return_url: str
    jwt: str


def place_activity(
    message: ToolMessageLaunch, title: str, launch_url: str, column: GradeColumn
) -> DeepLinkingReturn:
    """The signed response that places the activity, titled ``title``, with its grade column."""
    line_item = (
        LineItem()
        .set_label(title)
        .set_score_maximum(column.score_maximum)
        .set_tag(column.tag)
        .set_resource_id(column.resource_id)
    )
    resource = DeepLinkResource().set_url(launch_url).set_title(title).set_lineitem(line_item)
    deep_link = message.get_deep_link()
    response = deep_link.get_message_jwt([resource])
    if response.get(DEEP_LINKING_DATA_CLAIM) is None:
        response.pop(DEEP_LINKING_DATA_CLAIM, None)  # the library sends null; the spec: absent
    settings = message.get_launch_data()[DEEP_LINKING_SETTINGS_CLAIM]
    return DeepLinkingReturn(settings["deep_link_return_url"], deep_link.encode_jwt(response))
