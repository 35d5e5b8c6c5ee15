"""Assignment and Grade Services and Names and Role Provisioning, called through our connector.

The library's helpers drop falsy line-item fields, do not page results, and only follow
``rel="next"`` when quoted; these calls do all three properly."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from lti_tool.lti.adapter import ToolServiceConnector

LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
LINEITEM_READ_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
RESULT_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"

LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEMS_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
RESULTS_TYPE = "application/vnd.ims.lis.v2.resultcontainer+json"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
MEMBERSHIPS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"

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


class PlatformServices:
    """LTI Advantage calls for one registration."""

    def __init__(self, connector: ToolServiceConnector) -> None:
        self.connector = connector

    def _get_pages(self, scopes: list[str], url: str, accept: str) -> Iterator[Any]:
        next_url: str | None = url
        seen: set[str] = set()
        while next_url and next_url not in seen:
            seen.add(next_url)
            response = self.connector.make_service_request(
                scopes, next_url, accept=accept, case_insensitive_headers=True
            )
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
        response = self.connector.make_service_request(
            [LINEITEM_SCOPE],
            lineitems_url,
            is_post=True,
            data=json.dumps(dict(item)),
            content_type=LINEITEM_TYPE,
            accept=LINEITEM_TYPE,
        )
        return response["body"]

    def line_item(self, lineitem_url: str) -> dict[str, Any]:
        response = self.connector.make_service_request(
            [LINEITEM_SCOPE], lineitem_url, accept=LINEITEM_TYPE
        )
        return response["body"]

    def post_score(self, lineitem_url: str, score: Mapping[str, Any]) -> None:
        self.connector.make_service_request(
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
