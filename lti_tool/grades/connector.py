"""The service connector grade senders use: one cached token for every AGS scope the LMS granted,
and HTTP calls that always time out."""

from __future__ import annotations

from collections.abc import Sequence

from lti_tool.lti.adapter import ToolServiceConnector
from lti_tool.lti.services import LINEITEM_READ_SCOPE, LINEITEM_SCOPE, SCORE_SCOPE
from lti_tool.store import SharedStore

AGS_SCOPES = frozenset((LINEITEM_SCOPE, LINEITEM_READ_SCOPE, SCORE_SCOPE))
USER_AGENT = "DevelopmentPlanner-grades"


class SharedTokenConnector(ToolServiceConnector):
    """Asks for one access token covering all of ``token_scopes``, so a line item lookup and a
    score share a token: one token request per expiry, not one per kind of call."""

    token_scopes: tuple[str, ...] = ()

    def get_access_token(self, scopes: Sequence[str]) -> str:
        return super().get_access_token(self.token_scopes or scopes)

    def forget_access_token(self, scopes: Sequence[str]) -> None:
        super().forget_access_token(self.token_scopes or scopes)


def grade_connector_class(store: SharedStore) -> type[SharedTokenConnector]:
    """A grade connector class bound to this app's shared token store."""
    return type("BoundGradeConnector", (SharedTokenConnector,), {"store": store})


def granted_ags_scopes(scopes: Sequence[str]) -> tuple[str, ...]:
    """The AGS scopes among those the launch's AGS claim listed, sorted."""
    return tuple(sorted(set(scopes) & AGS_SCOPES))
