"""Where pylti1p3 keeps a launch's state: the shared store (never process memory, so a login
handled by one worker is completed by another), nonces consumed once, and the state cookie set
``SameSite=None; Secure; Partitioned`` so it survives a cross-site LMS iframe."""

from __future__ import annotations

from typing import Any

from flask import current_app
from pylti1p3.contrib.flask import FlaskCookieService, FlaskSessionService
from pylti1p3.launch_data_storage.base import LaunchDataStorage

from lti_tool.store import SharedStore


class StoreLaunchData(LaunchDataStorage[Any]):
    """Launch state, nonces and the platform JWKS cache in the shared store, not the process.

    Keys carry no per-browser prefix: nonces and launch ids are unguessable, and the OIDC state is
    bound to the browser by its cookie."""

    def __init__(self, store: SharedStore) -> None:
        super().__init__()
        self.store = store

    def get_session_cookie_name(self) -> None:
        return None

    def get_value(self, key: str) -> Any:
        return self.store.get(self._prepare_key(key))

    def set_value(self, key: str, value: Any, exp: int | None = None) -> None:
        self.store.set(self._prepare_key(key), value, exp)

    def set_values(self, values: dict[str, Any], exp: int | None = None) -> None:
        self.store.set_many({self._prepare_key(k): v for k, v in values.items()}, exp)

    def check_value(self, key: str) -> bool:
        return self.store.get(self._prepare_key(key)) is not None

    def consume(self, key: str) -> bool:
        return self.store.pop(self._prepare_key(key)) is not None

    def remove(self, key: str) -> None:
        self.store.delete(self._prepare_key(key))

    def can_set_keys_expiration(self) -> bool:
        return True


class ToolSessionService(FlaskSessionService):
    """Consumes each nonce once; the library only checks that it exists. The state is checked
    against its cookie only: the library's record of "this state already passed with this
    id_token" would only let a replayed token skip the cookie check, and a replay's nonce is
    spent, so the record costs a read and a write per launch and protects nothing."""

    def __init__(self, request) -> None:
        super().__init__(request)
        self._unsaved: dict[str, Any] = {}

    def save_nonce(self, nonce: str) -> None:
        """Kept until the state's parameters are saved, to write both in one round trip."""
        self._unsaved[self._get_key("nonce", nonce)] = True

    def save_state_params(self, state: str, params) -> None:
        self._unsaved[self._get_key(state)] = params
        self.save_unsaved()

    def save_unsaved(self) -> None:
        """Write what the login kept back (the login calls this in any case once it is done)."""
        if self._unsaved:
            storage = self.data_storage
            assert isinstance(storage, StoreLaunchData)
            storage.set_values(self._unsaved, self._launch_data_lifetime)
            self._unsaved = {}

    def check_state_is_valid(self, state: str, id_token_hash: str) -> bool:
        return False

    def set_state_valid(self, state: str, id_token_hash: str) -> None:
        return None

    def check_nonce(self, nonce: str) -> bool:
        storage = self.data_storage
        assert isinstance(storage, StoreLaunchData)
        return storage.consume(self._get_key("nonce", nonce))


class ToolCookieService(FlaskCookieService):
    """Sets the LTI state cookie with the same cross-site policy as the session cookie:
    ``SameSite=None; Secure; Partitioned`` so it survives a cross-site LMS iframe."""

    def update_response(self, response):
        config = current_app.config
        for key, cookie in self._cookie_data_to_set.items():
            response.set_cookie(
                key=key,
                value=cookie["value"],
                max_age=cookie["exp"],
                path="/",
                httponly=True,
                secure=config["SESSION_COOKIE_SECURE"],
                samesite=config["SESSION_COOKIE_SAMESITE"],
                partitioned=config["SESSION_COOKIE_PARTITIONED"],
            )
