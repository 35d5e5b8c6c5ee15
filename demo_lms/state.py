"""The platform's thread-safe in-memory store: launches, line items, scores, tokens, faults."""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from demo_lms.config import DemoLmsConfig, Member
from demo_lms.keys import SigningKey

HINT_LIFETIME = 600
FAULT_ENDPOINTS = ("token", "jwks", "lineitems", "scores", "results", "memberships")


@dataclass(frozen=True)
class LaunchHint:
    """What an `lti_message_hint` stands for: who launches what, and how."""

    persona_id: str
    message_type: str
    resource_link_id: str | None
    document_target: str
    expires_at: float
    deep_link_data: str | None = None
    storage_target: str | None = None


@dataclass(frozen=True)
class PlacedLink:
    """A resource link in the course: the configured one or one placed by Deep Linking."""

    id: str
    title: str
    url: str | None = None
    custom: dict[str, str] = field(default_factory=dict)
    text: str | None = None


@dataclass
class LineItem:
    """An AGS line item; `id` is the local part of its URL."""

    id: str
    label: str
    score_maximum: float
    resource_link_id: str | None = None
    resource_id: str | None = None
    tag: str | None = None
    start_date_time: str | None = None
    end_date_time: str | None = None

    def to_json(self, url: str) -> dict[str, Any]:
        """AGS JSON form, with `url` as its id."""
        body: dict[str, Any] = {"id": url, "label": self.label, "scoreMaximum": self.score_maximum}
        optional = {
            "resourceLinkId": self.resource_link_id,
            "resourceId": self.resource_id,
            "tag": self.tag,
            "startDateTime": self.start_date_time,
            "endDateTime": self.end_date_time,
        }
        body.update({key: value for key, value in optional.items() if value is not None})
        return body


@dataclass(frozen=True)
class StoredScore:
    """The latest accepted score of one user on one line item."""

    body: dict[str, Any]
    timestamp: datetime
    seq: int


@dataclass(frozen=True)
class AccessToken:
    """An opaque bearer token issued by the token endpoint."""

    scopes: frozenset[str]
    expires_at: float


@dataclass(frozen=True)
class Fault:
    """One injected failure: a status to return (or None) after an optional delay."""

    status: int | None
    delay: float = 0.0
    retry_after: int | None = None


class PlatformState:
    """Everything the platform remembers; every method is atomic under one lock."""

    def __init__(self, config: DemoLmsConfig, key: SigningKey) -> None:
        self.lock = threading.RLock()
        self._config = config
        self._initial_key = key
        self.reset()

    def reset(self) -> None:
        """Forget everything and return to the configured starting point (and the original key)."""
        config = self._config
        with self.lock:
            self.key = self._initial_key
            self.hints: dict[str, LaunchHint] = {}
            self.resource_links: dict[str, PlacedLink] = {
                config.resource_link.id: PlacedLink(
                    id=config.resource_link.id,
                    title=config.resource_link.title,
                    custom=dict(config.custom),
                )
            }
            self.line_items: dict[str, LineItem] = {}
            self.results: dict[tuple[str, str], StoredScore] = {}
            self.score_log: list[dict[str, Any]] = []
            self.tokens: dict[str, AccessToken] = {}
            self.used_jtis: dict[str, float] = {}
            self.used_deep_link_nonces: set[str] = set()
            self.members: dict[str, Member] = {}
            self.faults: dict[str, deque[Fault]] = {name: deque() for name in FAULT_ENDPOINTS}
            self.calls: dict[str, int] = {}
            self.token_requests = 0
            self.tokens_issued = 0
            self.auth_requests: list[dict[str, Any]] = []
            self.deep_link_returns: list[dict[str, Any]] = []
            self.registration_tokens: set[str] = set()
            self.tool_registrations: list[dict[str, Any]] = []
            self.service_log: list[dict[str, Any]] = []
            self.platform_storage = config.platform_storage
            self.token_expires_in = config.token_expires_in
            self.membership_page_size = config.membership_page_size
            self._next_line_item = 1
            self._next_placed_link = 1
            self._next_seq = 1
            for persona in config.personas:
                self.members[persona.sub] = persona.as_member(config.share_personal_data)
            for member in config.extra_members:
                self.members[member.user_id] = member
            if config.create_default_lineitem:
                self.create_line_item(
                    label=config.resource_link.title,
                    score_maximum=config.default_lineitem_score_maximum,
                    resource_link_id=config.resource_link.id,
                )

    def next_seq(self) -> int:
        """A strictly increasing sequence number (order of arrival)."""
        with self.lock:
            seq = self._next_seq
            self._next_seq += 1
            return seq

    def count_call(self, endpoint: str) -> None:
        """Count one request to a service endpoint."""
        with self.lock:
            self.calls[endpoint] = self.calls.get(endpoint, 0) + 1

    def take_fault(self, endpoint: str) -> Fault | None:
        """Pop the next injected fault for `endpoint`, if any."""
        with self.lock:
            queue = self.faults.get(endpoint)
            return queue.popleft() if queue else None

    def add_faults(self, endpoint: str, faults: list[Fault]) -> None:
        """Queue failures for the next calls to `endpoint`."""
        if endpoint not in FAULT_ENDPOINTS:
            raise ValueError(f"endpoint must be one of {FAULT_ENDPOINTS}")
        with self.lock:
            self.faults[endpoint].extend(faults)

    def add_hint(self, hint: LaunchHint) -> str:
        """Remember a launch and return its opaque `lti_message_hint`."""
        token = secrets.token_urlsafe(24)
        with self.lock:
            now = time.time()
            self.hints = {k: v for k, v in self.hints.items() if v.expires_at > now}
            self.hints[token] = hint
        return token

    def hint(self, token: str) -> LaunchHint | None:
        """The unexpired launch behind an `lti_message_hint`."""
        with self.lock:
            hint = self.hints.get(token)
        if hint is None or hint.expires_at <= time.time():
            return None
        return hint

    def deep_link_hint(self, data: str) -> LaunchHint | None:
        """The unexpired deep-linking launch whose settings carried `data`."""
        with self.lock:
            hints = list(self.hints.values())
        now = time.time()
        return next((h for h in hints if h.deep_link_data == data and h.expires_at > now), None)

    def use_deep_link_nonce(self, nonce: str) -> bool:
        """Record a Deep Linking response nonce; False if it was seen before."""
        with self.lock:
            if nonce in self.used_deep_link_nonces:
                return False
            self.used_deep_link_nonces.add(nonce)
            return True

    def use_jti(self, jti: str, expires_at: float) -> bool:
        """Record a client assertion's jti until it expires; False if already used."""
        with self.lock:
            now = time.time()
            self.used_jtis = {k: v for k, v in self.used_jtis.items() if v > now}
            if jti in self.used_jtis:
                return False
            self.used_jtis[jti] = max(expires_at, now + 60)
            return True

    def issue_token(self, scopes: frozenset[str]) -> tuple[str, int]:
        """Issue a bearer token for `scopes`; returns it with its lifetime in seconds."""
        value = secrets.token_urlsafe(32)
        with self.lock:
            lifetime = self.token_expires_in
            self.tokens[value] = AccessToken(scopes=scopes, expires_at=time.time() + lifetime)
            self.tokens_issued += 1
        return value, lifetime

    def token(self, value: str) -> AccessToken | None:
        """The unexpired, unrevoked token with this value."""
        with self.lock:
            token = self.tokens.get(value)
        if token is None or token.expires_at <= time.time():
            return None
        return token

    def revoke_tokens(self) -> None:
        """Make every issued access token invalid."""
        with self.lock:
            self.tokens.clear()

    def create_line_item(self, **fields: Any) -> LineItem:
        """Create a line item with the next free id."""
        with self.lock:
            item = LineItem(id=str(self._next_line_item), **fields)
            self._next_line_item += 1
            self.line_items[item.id] = item
            return item

    def line_item_for_link(self, resource_link_id: str) -> LineItem | None:
        """The first line item bound to a resource link."""
        with self.lock:
            items = list(self.line_items.values())
        return next((i for i in items if i.resource_link_id == resource_link_id), None)

    def delete_line_item(self, item_id: str) -> bool:
        """Delete a line item and its results; False if it did not exist."""
        with self.lock:
            if self.line_items.pop(item_id, None) is None:
                return False
            self.results = {k: v for k, v in self.results.items() if k[0] != item_id}
            return True

    def record_score(
        self, item_id: str, user_id: str, body: dict[str, Any], timestamp: datetime
    ) -> tuple[bool, StoredScore | None]:
        """Store a score unless a later one is on record; returns (stored, the score kept)."""
        with self.lock:
            current = self.results.get((item_id, user_id))
            if current is not None and current.timestamp > timestamp:
                return False, current
            stored = StoredScore(body=body, timestamp=timestamp, seq=self.next_seq())
            self.results[(item_id, user_id)] = stored
            return True, stored

    def log_score(self, entry: dict[str, Any]) -> None:
        """Append a received score POST (whatever its outcome) to the log."""
        with self.lock:
            self.score_log.append({"seq": self.next_seq(), "received_at": time.time(), **entry})

    def place_link(self, **fields: Any) -> PlacedLink:
        """Add a resource link placed by Deep Linking under a fresh id."""
        with self.lock:
            while f"demo-placed-{self._next_placed_link}" in self.resource_links:
                self._next_placed_link += 1
            link = PlacedLink(id=f"demo-placed-{self._next_placed_link}", **fields)
            self.resource_links[link.id] = link
            return link

    def log_service_call(self, entry: dict[str, Any]) -> None:
        """Remember a token request or service call: what was asked and with which grant."""
        with self.lock:
            self.service_log.append({"seq": self.next_seq(), **entry})

    def log_auth_request(self, entry: dict[str, Any]) -> None:
        """Remember an authorization request and whether it was accepted."""
        with self.lock:
            self.auth_requests.append({"seq": self.next_seq(), **entry})

    def log_deep_link_return(self, entry: dict[str, Any]) -> None:
        """Remember a Deep Linking response and what it placed."""
        with self.lock:
            self.deep_link_returns.append({"seq": self.next_seq(), **entry})

    def upsert_members(self, members: list[Member], *, replace: bool = False) -> None:
        """Add or update roster members by user_id; `replace` drops everyone else first."""
        with self.lock:
            if replace:
                self.members = {}
            for member in members:
                self.members[member.user_id] = member

    def rotate_key(self) -> SigningKey:
        """Switch to a fresh signing key; the JWKS then publishes only the new one."""
        key = SigningKey.generate()
        with self.lock:
            self.key = key
        return key
