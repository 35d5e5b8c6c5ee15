"""The service connector grade senders use: one cached token for every AGS scope the LMS granted,
and HTTP calls that always time out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import requests

from lti_tool.lti.adapter import ToolServiceConnector
from lti_tool.lti.services import LINEITEM_READ_SCOPE, LINEITEM_SCOPE, SCORE_SCOPE
from lti_tool.store import SharedStore

AGS_SCOPES = frozenset((LINEITEM_SCOPE, LINEITEM_READ_SCOPE, SCORE_SCOPE))
USER_AGENT = "DevelopmentPlanner-grades"


class TimeoutSession(requests.Session):
    """A requests session whose every call has a timeout (the library sets none)."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout
        self.headers["User-Agent"] = USER_AGENT

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        return super().request(*args, **kwargs)


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
