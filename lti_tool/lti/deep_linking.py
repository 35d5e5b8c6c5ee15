"""The Deep Linking response: the activity as an LTI resource link with a gradebook column,
signed with the tool's key, for the auto-submitting form the tool renders itself (the library's
own form puts the return URL in unescaped)."""

from __future__ import annotations

from dataclasses import dataclass

from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from lti_tool.lti.adapter import ToolMessageLaunch
from lti_tool.lti.vocabulary import DEEP_LINKING_DATA_CLAIM, DEEP_LINKING_SETTINGS_CLAIM

TITLE_MAX = 255  # Moodle: an activity's name and its grade item's name are 255 characters at most
TEXT_MAX = 1000  # the activity's description; shown under its link, so kept to a paragraph or two


class _ActivityLink(DeepLinkResource):
    """The library's resource link, plus the optional ``text`` (a plain-text description) of
    the LTI Deep Linking content item, which the library does not send."""

    _text: str | None = None

    def set_text(self, value: str | None) -> _ActivityLink:
        self._text = value or None
        return self

    def to_dict(self) -> dict[str, object]:
        item = super().to_dict()
        if self._text:
            item["text"] = self._text
        return item


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
    message: ToolMessageLaunch,
    title: str,
    launch_url: str,
    column: GradeColumn,
    text: str = "",
) -> DeepLinkingReturn:
    """The signed response that places the activity, titled ``title`` (at most ``TITLE_MAX``
    characters) and described by ``text`` (at most ``TEXT_MAX``), with its grade column."""
    if len(title) > TITLE_MAX or len(text) > TEXT_MAX:
        raise ValueError("the title or text is longer than an LMS accepts")
    line_item = (
        LineItem()
        .set_label(title)
        .set_score_maximum(column.score_maximum)
        .set_tag(column.tag)
        .set_resource_id(column.resource_id)
    )
    resource = (
        _ActivityLink().set_url(launch_url).set_title(title).set_text(text).set_lineitem(line_item)
    )
    deep_link = message.get_deep_link()
    response = deep_link.get_message_jwt([resource])
    if response.get(DEEP_LINKING_DATA_CLAIM) is None:
        response.pop(DEEP_LINKING_DATA_CLAIM, None)  # the library sends null; the spec: absent
    settings = message.get_launch_data()[DEEP_LINKING_SETTINGS_CLAIM]
    return DeepLinkingReturn(settings["deep_link_return_url"], deep_link.encode_jwt(response))
