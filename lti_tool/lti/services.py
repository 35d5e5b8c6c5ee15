"""Assignment and Grade Services and Names and Role Provisioning, called through our connector.

:func:`services_for` (or a :class:`ServiceAccess` kept by a long-lived caller such as a grade
sender) opens :class:`PlatformServices` for a registration. The library's helpers drop falsy
line-item fields, do not page results, and only follow ``rel="next"`` when quoted; these calls do
all three properly. The library's exceptions never leave this module: a refused or failed call
raises :class:`ServiceRequestFailed` (a ``requests.HTTPError`` carrying the LMS's response)."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar
from urllib.parse import urlencode, urlsplit, urlunsplit

import requests
from pylti1p3.exception import LtiException, LtiServiceException
from sqlalchemy.orm import Session

from lti_tool.lti.connector import TOKEN_EXPIRY_MARGIN, TimeoutSession, ToolServiceConnector
from lti_tool.lti.tool_config import DatabaseToolConf
from lti_tool.lti.vocabulary import (
    LINEITEM_READ_SCOPE,
    LINEITEM_SCOPE,
    LINEITEM_TYPE,
    LINEITEMS_TYPE,
    MEMBERSHIPS_TYPE,
    NRPS_SCOPE,
    RESULT_SCOPE,
    RESULTS_TYPE,
    SCORE_SCOPE,
    SCORE_TYPE,
)
from lti_tool.store import SharedStore

AGS_SCOPES = frozenset((LINEITEM_SCOPE, LINEITEM_READ_SCOPE, SCORE_SCOPE))
USER_AGENT = "DevelopmentPlanner"
STORE_HIT_SECONDS = 30.0

_LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]+)*)")


def next_page(link_header: str | None) -> str | None:
    """The ``rel=next`` URL of an RFC 8288 Link header, quoted or not, among several links."""
    for url, params in _LINK.findall(link_header or ""):
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "rel" and "next" in value.strip().strip('"').split():
                return url
    return None


def with_query(url: str, **params: str | None) -> str:
    """``url`` with extra query parameters, keeping any it already has (line item URLs may)."""
    extra = {k: v for k, v in params.items() if v is not None}
    if not extra:
        return url
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, urlencode(extra)) if q)
    return urlunsplit(parts._replace(query=query))


def _service_url(url: str, suffix: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + suffix))


class ServiceRequestFailed(requests.HTTPError):
    """An LTI service or its token endpoint refused or failed a call; ``response`` is the LMS's
    answer when there was one."""


def granted_ags_scopes(scopes: Sequence[str]) -> tuple[str, ...]:
    """The AGS scopes among those a launch's AGS claim listed, sorted."""
    return tuple(sorted(set(scopes) & AGS_SCOPES))


class SharedTokenConnector(ToolServiceConnector):
    """Asks for one access token covering all of ``token_scopes``, so a line item lookup and a
    score share a token: one token request per expiry, not one per kind of call. Tokens are also
    held in process memory (``remembered``), so a busy sender does not read the shared store for
    every call: its own tokens until they would leave the store, another process's for at most
    ``STORE_HIT_SECONDS`` (the store drops tokens a minute before they expire)."""

    token_scopes: tuple[str, ...] = ()
    remembered: ClassVar[dict[str, tuple[str, float]]]
    token_lock: ClassVar[threading.Lock]

    def get_access_token(self, scopes: Sequence[str]) -> str:
        with self.token_lock:
            return super().get_access_token(self.token_scopes or scopes)

    def forget_access_token(self, scopes: Sequence[str]) -> None:
        chosen = self.token_scopes or scopes
        self.remembered.pop(self._scope_key(sorted(chosen)), None)
        super().forget_access_token(chosen)

    def _get_cached_access_token(self, scope_key: str) -> str | None:
        held = self.remembered.get(scope_key)
        if held and time.monotonic() < held[1]:
            return held[0]
        token = super()._get_cached_access_token(scope_key)
        if token:
            self.remembered[scope_key] = (token, time.monotonic() + STORE_HIT_SECONDS)
        return token

    def _cache_access_token(self, scope_key: str, access_token: str, expires_in: float) -> None:
        super()._cache_access_token(scope_key, access_token, expires_in)
        ttl = int(expires_in or 0) - TOKEN_EXPIRY_MARGIN
        if ttl > 0:
            self.remembered[scope_key] = (access_token, time.monotonic() + ttl)


class ServiceAccess:
    """Opens LTI Advantage services for registrations over one kept-alive HTTP session, with one
    token cache, counting the access tokens it asks for. Calls may run on several threads at
    once (a sender posts scores in parallel); a token is asked for by one of them at a time."""

    def __init__(self, store: SharedStore, *, timeout: float, user_agent: str = USER_AGENT) -> None:
        self.http = TimeoutSession(timeout, user_agent)
        self.connector_class: type[SharedTokenConnector] = type(
            "BoundSharedTokenConnector",
            (SharedTokenConnector,),
            {
                "store": store,
                "token_requests": 0,
                "remembered": {},
                "token_lock": threading.Lock(),
            },
        )

    @property
    def token_requests(self) -> int:
        """Access tokens asked of any LMS through this access (cache misses)."""
        return self.connector_class.token_requests

    def services_for(
        self, session: Session, *, issuer: str, client_id: str, token_scopes: Sequence[str] = ()
    ) -> PlatformServices | None:
        """Services for the active registration of ``issuer`` and ``client_id`` (None when there
        is none), asking for tokens covering ``token_scopes`` when given."""
        registration = DatabaseToolConf(session).find_registration_by_params(issuer, client_id)
        if registration is None:
            return None
        connector = self.connector_class(registration, requests_session=self.http)
        connector.token_scopes = tuple(token_scopes)
        return PlatformServices(connector)


def services_for(
    session: Session,
    *,
    issuer: str,
    client_id: str,
    store: SharedStore,
    timeout: float,
    user_agent: str = USER_AGENT,
    token_scopes: Sequence[str] = (),
) -> PlatformServices | None:
    """Services for one registration, for a one-off piece of work (a roster sync)."""
    access = ServiceAccess(store, timeout=timeout, user_agent=user_agent)
    return access.services_for(
        session, issuer=issuer, client_id=client_id, token_scopes=token_scopes
    )


class PlatformServices:
    """LTI Advantage calls for one registration."""

    def __init__(self, connector: ToolServiceConnector) -> None:
        self.connector = connector

    def _request(self, scopes: Sequence[str], url: str, **kwargs: Any) -> Any:
        try:
            return self.connector.make_service_request(list(scopes), url, **kwargs)
        except LtiServiceException as error:
            raise ServiceRequestFailed(str(error), response=error.response) from error
        except LtiException as error:
            raise ServiceRequestFailed(str(error)) from error

    def _get_pages(self, scopes: list[str], url: str, accept: str) -> Iterator[Any]:
        next_url: str | None = url
        seen: set[str] = set()
        while next_url and next_url not in seen:
            seen.add(next_url)
            response = self._request(scopes, next_url, accept=accept, case_insensitive_headers=True)
            yield response["body"]
            next_url = next_page(response["headers"].get("Link"))

    def members(self, memberships_url: str) -> Iterator[dict[str, Any]]:
        """Every member of the context, following every page of the membership list."""
        for page in self._get_pages([NRPS_SCOPE], memberships_url, MEMBERSHIPS_TYPE):
            yield from (page or {}).get("members", [])

    def line_items(
        self,
        lineitems_url: str,
        *,
        resource_link_id: str | None = None,
        resource_id: str | None = None,
        tag: str | None = None,
    ) -> list[dict[str, Any]]:
        url = with_query(
            lineitems_url, resource_link_id=resource_link_id, resource_id=resource_id, tag=tag
        )
        items: list[dict[str, Any]] = []
        for page in self._get_pages([LINEITEM_SCOPE], url, LINEITEMS_TYPE):
            items.extend(page or [])
        return items

    def create_line_item(self, lineitems_url: str, item: Mapping[str, Any]) -> dict[str, Any]:
        """Create a line item exactly as given: zero and empty values are sent, not dropped."""
        response = self._request(
            [LINEITEM_SCOPE],
            lineitems_url,
            is_post=True,
            data=json.dumps(dict(item)),
            content_type=LINEITEM_TYPE,
            accept=LINEITEM_TYPE,
        )
        return response["body"]

    def line_item(self, lineitem_url: str) -> dict[str, Any]:
        response = self._request([LINEITEM_SCOPE], lineitem_url, accept=LINEITEM_TYPE)
        return response["body"]

    def post_score(self, lineitem_url: str, score: Mapping[str, Any]) -> None:
        self._request(
            [SCORE_SCOPE],
            _service_url(lineitem_url, "/scores"),
            is_post=True,
            data=json.dumps(dict(score)),
            content_type=SCORE_TYPE,
        )

    def results(self, lineitem_url: str) -> list[dict[str, Any]]:
        """Every result of a line item, across all pages."""
        results: list[dict[str, Any]] = []
        url = _service_url(lineitem_url, "/results")
        for page in self._get_pages([RESULT_SCOPE], url, RESULTS_TYPE):
            results.extend(page or [])
        return results
