"""The Deep Linking response: the activity as an LTI resource link with a gradebook column,
signed with the tool's key, for the auto-submitting form the tool renders itself (the library's
own form puts the return URL in unescaped)."""

from __future__ import annotations

from dataclasses import dataclass

from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from lti_tool.lti.adapter import ToolMessageLaunch
from lti_tool.lti.vocabulary import DEEP_LINKING_DATA_CLAIM, DEEP_LINKING_SETTINGS_CLAIM

LINE_ITEM_TAG = "development-planner-completion"
LINE_ITEM_RESOURCE_ID = "development-plan"
SCORE_MAXIMUM = 100


@dataclass(frozen=True)
class DeepLinkingReturn:
    return_url: str
    jwt: str


def place_activity(message: ToolMessageLaunch, title: str, launch_url: str) -> DeepLinkingReturn:
    """The signed response that places the activity, titled ``title``, with its grade column."""
    line_item = (
        LineItem()
        .set_label(title)
        .set_score_maximum(SCORE_MAXIMUM)
        .set_tag(LINE_ITEM_TAG)
        .set_resource_id(LINE_ITEM_RESOURCE_ID)
    )
    resource = DeepLinkResource().set_url(launch_url).set_title(title).set_lineitem(line_item)
    deep_link = message.get_deep_link()
    response = deep_link.get_message_jwt([resource])
    if response.get(DEEP_LINKING_DATA_CLAIM) is None:
        response.pop(DEEP_LINKING_DATA_CLAIM, None)  # the library sends null; the spec: absent
    settings = message.get_launch_data()[DEEP_LINKING_SETTINGS_CLAIM]
    return DeepLinkingReturn(settings["deep_link_return_url"], deep_link.encode_jwt(response))
