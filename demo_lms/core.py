"""The platform object shared by every view: configuration, state and the tool's key set."""

from __future__ import annotations

import dataclasses
import secrets
import time
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import current_app

from demo_lms.claims import (
    DEEP_LINKING_REQUEST,
    MESSAGE_TYPES,
    RESOURCE_LINK_REQUEST,
    id_token_claims,
    line_item_url,
)
from demo_lms.config import DemoLmsConfig, Persona
from demo_lms.keys import RemoteKeySet, load_or_create_signing_key
from demo_lms.state import HINT_LIFETIME, LaunchHint, PlatformState

DOCUMENT_TARGETS = ("iframe", "window")
PARENT_FRAME = "_parent"  # the launch page itself answers lti.put_data / lti.get_data (Sakai)
FORWARDING_FRAME = "post_message_forwarding"  # a frame of its own in the launch page (Canvas)


def add_query(url: str, params: dict[str, str]) -> str:
    """`url` with `params` appended to any query it already has."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


class Platform:
    """One demo LMS instance; lives in `app.extensions["demo_lms"]`."""

    def __init__(self, config: DemoLmsConfig) -> None:
        self.config = config
        self.state = PlatformState(config, load_or_create_signing_key(config.key_path))
        self.tool_keys = RemoteKeySet(config.tool_jwks_url, config.http_timeout)

    def use(self, **changes: Any) -> DemoLmsConfig:
        """Carry on with some settings changed (e.g. another ``client_id`` and ``deployment_id``,
        as when the LMS launches through a second tool type); state is kept."""
        self.config = dataclasses.replace(self.config, **changes)
        return self.config

    def persona(self, persona_id: str) -> Persona:
        """The persona with this id (KeyError if unknown)."""
        persona = self.config.persona(persona_id)
        if persona is None:
            raise KeyError(persona_id)
        return persona

    def start_launch(
        self,
        persona: Persona,
        message_type: str = RESOURCE_LINK_REQUEST,
        *,
        resource_link_id: str | None = None,
        document_target: str = "iframe",
        platform_storage: bool = False,
        storage_frame: str = PARENT_FRAME,
    ) -> LaunchHint:
        """Record a launch the platform is about to start; returns its hint (not yet registered).
        With `platform_storage` the login names `storage_frame` as the tool's storage frame."""
        if message_type not in MESSAGE_TYPES:
            raise ValueError(f"message_type must be one of {MESSAGE_TYPES}")
        if document_target not in DOCUMENT_TARGETS:
            raise ValueError(f"document_target must be one of {DOCUMENT_TARGETS}")
        if storage_frame not in (PARENT_FRAME, FORWARDING_FRAME):
            raise ValueError(f"storage_frame must be {PARENT_FRAME} or {FORWARDING_FRAME}")
        if message_type == RESOURCE_LINK_REQUEST:
            link_id = resource_link_id or self.config.resource_link.id
            if link_id not in self.state.resource_links:
                raise KeyError(link_id)
            deep_link_data = None
        else:
            link_id = None
            deep_link_data = secrets.token_urlsafe(16)
        return LaunchHint(
            persona_id=persona.id,
            message_type=message_type,
            resource_link_id=link_id,
            document_target=document_target,
            expires_at=time.time() + HINT_LIFETIME,
            deep_link_data=deep_link_data,
            storage_target=storage_frame if platform_storage else None,
        )

    def login_initiation_url(self, hint: LaunchHint) -> str:
        """Register `hint` and return the tool's OIDC login initiation URL for it."""
        persona = self.persona(hint.persona_id)
        message_hint = self.state.add_hint(hint)
        target = self.config.tool_launch_url
        if hint.resource_link_id is not None:
            target = self.state.resource_links[hint.resource_link_id].url or target
        params = {
            "iss": self.config.issuer,
            "login_hint": persona.sub,
            "target_link_uri": target,
            "lti_message_hint": message_hint,
            "client_id": self.config.client_id,
            "lti_deployment_id": self.config.deployment_id,
        }
        if hint.storage_target:
            params["lti_storage_target"] = hint.storage_target
        return add_query(self.config.tool_login_url, params)

    def claims_for_hint(self, hint: LaunchHint, nonce: str) -> dict[str, Any]:
        """The id_token claims for the launch behind `hint`."""
        persona = self.persona(hint.persona_id)
        link = None
        item_url = None
        if hint.resource_link_id is not None:
            link = self.state.resource_links[hint.resource_link_id]
            item = self.state.line_item_for_link(link.id)
            item_url = line_item_url(self.config, item) if item else None
        return id_token_claims(
            self.config,
            persona,
            nonce,
            message_type=hint.message_type,
            link=link,
            line_item_url=item_url,
            document_target=hint.document_target,
            deep_link_data=hint.deep_link_data,
        )

    def claims_for(
        self,
        persona_id: str,
        nonce: str,
        message_type: str = RESOURCE_LINK_REQUEST,
        *,
        resource_link_id: str | None = None,
        document_target: str = "iframe",
    ) -> dict[str, Any]:
        """The exact claims /auth would issue; a deep-linking request's `data` is registered."""
        hint = self.start_launch(
            self.persona(persona_id),
            message_type,
            resource_link_id=resource_link_id,
            document_target=document_target,
        )
        if message_type == DEEP_LINKING_REQUEST:
            self.state.add_hint(hint)
        return self.claims_for_hint(hint, nonce)


def current_platform() -> Platform:
    """The platform of the current Flask app."""
    return current_app.extensions["demo_lms"]
