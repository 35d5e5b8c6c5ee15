"""The service connector for AGS and NRPS calls: access tokens cached in the shared store per
(issuer, client_id, scopes) until shortly before expiry, a 401 refreshing the token once, and
HTTP calls that always time out."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import requests
from pylti1p3.exception import LtiServiceException
from pylti1p3.service_connector import ServiceConnector, TServiceConnectorResponse

from lti_tool.store import SharedStore

TOKEN_EXPIRY_MARGIN = 60


class ToolServiceConnector(ServiceConnector):
    """Access tokens cached in the shared store per (issuer, client_id, scopes) until shortly
    before expiry; a 401 from a service refreshes the token once."""

    store: SharedStore | None = None
    token_requests = 0

    def _scope_key(self, scopes) -> str:
        parts = [self._registration.get_issuer() or "", self._registration.get_client_id() or ""]
        text = "|".join(parts + sorted(scopes))
        return "access-token:" + hashlib.sha256(text.encode()).hexdigest()

    def _get_cached_access_token(self, scope_key: str) -> str | None:
        cached = self.store.get(scope_key) if self.store else None
        return cached["token"] if cached else None

    def _cache_access_token(self, scope_key: str, access_token: str, expires_in: float) -> None:
        ttl = int(expires_in or 0) - TOKEN_EXPIRY_MARGIN
        if self.store and ttl > 0:
            self.store.set(scope_key, {"token": access_token}, ttl)

    def get_access_token(self, scopes: Sequence[str]) -> str:
        if cached := self._get_cached_access_token(self._scope_key(sorted(scopes))):
            return cached
        type(self).token_requests += 1
        return super().get_access_token(scopes)

    def forget_access_token(self, scopes: Sequence[str]) -> None:
        if self.store:
            self.store.delete(self._scope_key(sorted(scopes)))

    def make_service_request(self, scopes, url, **kwargs) -> TServiceConnectorResponse:
        try:
            return super().make_service_request(scopes, url, **kwargs)
        except LtiServiceException as error:
            if error.response.status_code != 401:
                raise
            self.forget_access_token(scopes)
            return super().make_service_request(scopes, url, **kwargs)


class TimeoutSession(requests.Session):
    """A requests session whose every call has a timeout (the library sets none), so a slow LMS
    cannot hold a worker for ever."""

    def __init__(self, timeout: float, user_agent: str = "DevelopmentPlanner") -> None:
        super().__init__()
        self.timeout = timeout
        self.headers["User-Agent"] = user_agent

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        return super().request(*args, **kwargs)


def connector_class(store: SharedStore) -> type[ToolServiceConnector]:
    """A connector class bound to this app's shared store."""
    return type("BoundToolServiceConnector", (ToolServiceConnector,), {"store": store})
