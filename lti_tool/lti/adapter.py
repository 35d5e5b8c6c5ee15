"""pylti1p3 wired to our database, shared store and cookie policy, with the hardening the library
lacks (see ../shared/GUIDE.md, "LTI hardening"): the login, the launch validated to the spec, and
``LtiAdapter``, which builds them for a request. Nothing outside ``lti_tool/lti`` imports
pylti1p3."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps

import requests
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from jwcrypto.common import JWException
from jwcrypto.jwk import JWK
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
from pylti1p3.exception import LtiException, OIDCException
from sqlalchemy.orm import Session

from lti_tool.lti import vocabulary
from lti_tool.lti.connector import connector_class
from lti_tool.lti.errors import LaunchRefused, refused
from lti_tool.lti.launch_context import LaunchContext
from lti_tool.lti.launch_storage import StoreLaunchData, ToolCookieService, ToolSessionService
from lti_tool.lti.roles import may_place_activities
from lti_tool.lti.tool_config import DatabaseToolConf, record_unknown_deployment
from lti_tool.store import SharedStore

MAX_ID_TOKEN_BYTES = 64 * 1024
HTTP_TIMEOUT = 10
JWT_OPTIONS = {"verify_aud": False, "require": ["exp", "iat"]}
LOCAL_JWKS_SECONDS = 300


def _refuse_as(kind: str) -> Callable:
    """Turn the library's exceptions from one validation step into a clear refusal."""

    def decorate(step: Callable) -> Callable:
        @wraps(step)
        def run(self, *args, **kwargs):
            try:
                return step(self, *args, **kwargs)
            except LaunchRefused:
                raise
            except (LtiException, OIDCException, KeyError, TypeError, ValueError) as error:
                raise refused(kind, str(error)) from error

        return run

    return decorate


class ToolMessageLaunch(FlaskMessageLaunch):
    """A launch validated to the spec: size, state, format, single-use nonce, registration with our
    own aud/azp check, signature with required exp and iat, deployment, message."""

    def validate(self):
        token = self._get_request_param("id_token") or ""
        if len(token) > MAX_ID_TOKEN_BYTES:
            raise refused("too_large", size=str(len(token)), limit=str(MAX_ID_TOKEN_BYTES))
        try:
            return super().validate()
        except LaunchRefused:
            conf = self._tool_config
            if isinstance(conf, DatabaseToolConf) and conf.unknown_deployment:
                conf.session.rollback()
                record_unknown_deployment(conf.session, *conf.unknown_deployment)
                conf.session.commit()
            raise

    state_via_platform = False

    @_refuse_as("state")
    def validate_state(self):
        if self.state_via_platform:  # read back from the platform before it is accepted
            return self  # (platform_storage.py)
        return super().validate_state()

    @_refuse_as("format")
    def validate_jwt_format(self):
        super().validate_jwt_format()
        if not isinstance(self._jwt.get("body"), dict) or not isinstance(
            self._jwt.get("header"), dict
        ):
            raise LtiException("The id_token header and body must be JSON objects")
        return self

    @_refuse_as("nonce")
    def validate_nonce(self):
        return super().validate_nonce()

    def context(self) -> LaunchContext:
        """The validated launch in the tool's words."""
        return LaunchContext.from_claims(self.get_launch_data(), self.get_client_id())

    def get_client_id(self) -> str:
        """The client the token is for: ``azp`` when present, else the single audience."""
        body = self._get_jwt_body()
        audiences = _audiences(body.get("aud"))
        azp = body.get("azp")
        if azp:
            return str(azp)
        return audiences[0] if len(audiences) == 1 else ""

    def validate_registration(self):
        body = self._get_jwt_body()
        issuer = body.get("iss")
        audiences = _audiences(body.get("aud"))
        azp = body.get("azp")
        if not isinstance(issuer, str) or not issuer:
            raise refused("message", "the token has no issuer (iss)")
        if not audiences:
            raise refused("audience", "the token has no audience (aud)")
        if len(audiences) > 1 and not azp:
            raise refused("audience", "several audiences but no authorized party (azp)")
        if azp and azp not in audiences:
            raise refused("audience", "the authorized party (azp) is not among the audiences")
        client_id = self.get_client_id()
        try:
            super().validate_registration()
        except LtiException as error:
            kind = "registration_pending" if self._tool_config.pending else "registration"
            raise refused(kind, issuer=issuer, client_id=client_id) from error
        return self

    def fetch_public_key(self, key_set_url: str):
        """The platform's key set: from this process's memory for a few minutes, else the shared
        store, else the platform itself (then shared with every worker)."""
        cache_key = "platform-jwks:" + hashlib.sha256(key_set_url.encode()).hexdigest()
        if (remembered := _KEY_SETS.get(cache_key)) is not None:
            return remembered
        storage = self._public_key_cache_data_storage
        if storage and (cached := storage.get_value(cache_key)):
            _KEY_SETS.put(cache_key, cached, self._public_key_cache_lifetime)
            return cached
        try:
            response = self._requests_session.get(key_set_url, timeout=HTTP_TIMEOUT)
            response.raise_for_status()
            key_set = response.json()
        except (requests.RequestException, ValueError) as error:
            raise LtiException(f"could not fetch the platform's keys from {key_set_url}") from error
        if not isinstance(key_set, dict) or not isinstance(key_set.get("keys"), list):
            raise LtiException(f"{key_set_url} did not return a JSON Web Key Set")
        if storage:
            storage.set_value(cache_key, key_set, self._public_key_cache_lifetime)
        _KEY_SETS.put(cache_key, key_set, self._public_key_cache_lifetime)
        return key_set

    def forget_public_keys(self) -> None:
        assert self._registration is not None
        url = self._registration.get_key_set_url() or ""
        cache_key = "platform-jwks:" + hashlib.sha256(url.encode()).hexdigest()
        _KEY_SETS.forget(cache_key)
        storage = self._public_key_cache_data_storage
        if isinstance(storage, StoreLaunchData):
            storage.remove(cache_key)
        self._registration.set_key_set(None)

    @_refuse_as("key")
    def get_public_key(self):
        """On an unknown key, drop the cached JWKS and fetch it again once: the LMS may have
        rotated its keys since we cached them. Found once per launch (the library asks twice)."""
        if (found := getattr(self, "_found_public_key", None)) is not None:
            return found
        try:
            found = self._matching_public_key()
        except LtiException as error:
            if "Unable to find public key" not in str(error):
                raise
            self.forget_public_keys()
            found = self._matching_public_key()
        self._found_public_key = found
        return found

    def _matching_public_key(self):
        """The library's search for the key that signed the token (same kid and alg), with the
        key converted once per process: the key object, ready for PyJWT, not a PEM to parse."""
        assert self._registration is not None
        key_set = self._registration.get_key_set()
        if not key_set:
            key_set = self.fetch_public_key(self._registration.get_key_set_url() or "")
            self._registration.set_key_set(key_set)
        header = self._jwt.get("header", {})
        kid, alg = header.get("kid"), header.get("alg")
        if not kid:
            raise LtiException("JWT KID not found")
        if not alg:
            raise LtiException("JWT ALG not found")
        for key in key_set["keys"]:
            if key.get("kid") and key.get("kid") == kid and key.get("alg", "RS256") == alg:
                try:
                    return _public_key(json.dumps(key, sort_keys=True)), alg
                except (ValueError, TypeError, JWException) as error:
                    raise LtiException("Can't convert JWT key to PEM format") from error
        raise LtiException("Unable to find public key")

    def validate_jwt_signature(self):
        self.get_public_key()
        try:
            return super().validate_jwt_signature()
        except LtiException as error:
            raise refused("signature", str(error)) from error

    def save_launch_data(self):
        """Kept only when the launch is restored later: for deep linking (to answer the LMS) and
        when the state is read back from the platform first (platform_storage.py); any other
        launch has recorded all it needs by then, so it writes nothing here."""
        if self.is_deep_link_launch() or self.state_via_platform:
            self._session_service.save_launch_data(self._launch_id, self._jwt["body"])
        return self

    @_refuse_as("message")
    def validate_deployment(self):
        return super().validate_deployment()

    @_refuse_as("message")
    def validate_message(self):
        super().validate_message()
        body = self._get_jwt_body()
        if self.is_deep_link_launch() and not may_place_activities(
            r for r in body.get(vocabulary.ROLES_CLAIM) or [] if isinstance(r, str)
        ):
            raise refused("deep_linking_role")
        if body.get(vocabulary.VERSION_CLAIM) != vocabulary.LTI_VERSION:
            raise LtiException("Incorrect version, expected 1.3.0")
        if not isinstance(body.get("sub"), str) or not body["sub"]:
            raise LtiException("Must have a user (sub)")
        roles = body.get(vocabulary.ROLES_CLAIM)
        if not isinstance(roles, list):
            raise LtiException("The roles claim must be a list")
        return self


class _RememberedKeySets:
    """Platform key sets remembered by this process for at most ``LOCAL_JWKS_SECONDS`` (and
    never past the shared cache's lifetime), so a launch usually reads no key set at all; an
    unknown key still drops them and fetches again at once."""

    def __init__(self) -> None:
        self._sets: dict[str, tuple[float, dict]] = {}

    def get(self, key: str) -> dict | None:
        found = self._sets.get(key)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, key: str, key_set: dict, lifetime: int) -> None:
        if len(self._sets) >= 64:
            self._sets.clear()
        self._sets[key] = (time.monotonic() + min(lifetime, LOCAL_JWKS_SECONDS), key_set)

    def forget(self, key: str) -> None:
        self._sets.pop(key, None)


_KEY_SETS = _RememberedKeySets()


@lru_cache(maxsize=64)
def _public_key(key_json: str):
    """A platform's public key (a JWK, as JSON) as a key object, converted once per process."""
    return load_pem_public_key(JWK.from_json(key_json).export_to_pem())


def _audiences(aud: object) -> list[str]:
    if isinstance(aud, str):
        return [aud]
    if isinstance(aud, list) and all(isinstance(a, str) for a in aud):
        return list(aud)
    return []


class ToolOIDCLogin(FlaskOIDCLogin):
    """OIDC login initiation; the cookie check page is our own template."""

    cookie_check_template_name = "lti/cookie_check.html"

    def _prepare_redirect_url(self, launch_url: str) -> str:
        url = super()._prepare_redirect_url(launch_url)
        self._session_service.save_unsaved()  # the nonce, had no state parameters been passed
        return url

    def validate_oidc_login(self):
        try:
            return super().validate_oidc_login()
        except OIDCException as error:
            if "registration" in str(error):
                raise refused(
                    "registration_pending" if self._tool_config.pending else "registration",
                    issuer=self._get_request_param("iss") or "(none)",
                    client_id=self._get_request_param("client_id") or "(none)",
                ) from error
            raise refused("login_params", str(error)) from error

    state_prefix = ""

    def authentication_url(self, launch_url: str, state_prefix: str) -> str:
        """The platform's authentication request for this login (state and nonce saved), with
        no cookie and no cookie check: for a login whose state the platform keeps, marked by
        ``state_prefix`` in its state."""
        self.state_prefix = state_prefix
        return self._prepare_redirect_url(launch_url)

    def _get_uuid(self) -> str:
        return self.state_prefix + super()._get_uuid()

    def registration_auth_url(self) -> str:
        return self._registration.get_auth_login_url() or ""


@dataclass
class LtiAdapter:
    """Builds login and launch objects for one request, bound to the app's store and settings."""

    store: SharedStore
    jwks_cache_seconds: int = 3600

    def tool_conf(self, session: Session) -> DatabaseToolConf:
        return DatabaseToolConf(session)

    def _storage(self) -> StoreLaunchData:
        return StoreLaunchData(self.store)

    def oidc_login(self, session: Session) -> ToolOIDCLogin:
        request = FlaskRequest()
        login = ToolOIDCLogin(
            request,
            self.tool_conf(session),
            session_service=ToolSessionService(request),
            cookie_service=ToolCookieService(request),
            launch_data_storage=self._storage(),
        )
        return login

    def message_launch(
        self, session: Session, *, state_via_platform: bool = False
    ) -> ToolMessageLaunch:
        request = FlaskRequest()
        storage = self._storage()
        launch = ToolMessageLaunch(
            request,
            self.tool_conf(session),
            session_service=ToolSessionService(request),
            cookie_service=ToolCookieService(request),
            launch_data_storage=storage,
            service_connector_cls=connector_class(self.store),
        )
        launch.state_via_platform = state_via_platform
        launch.set_jwt_verify_options(dict(JWT_OPTIONS))
        launch.set_public_key_caching(storage, self.jwks_cache_seconds)
        return launch

    def restore_launch(self, session: Session, launch_id: str) -> ToolMessageLaunch:
        """A launch saved earlier, with our connector class (the library's default crashes
        AGS and NRPS calls)."""
        request = FlaskRequest()
        storage = self._storage()
        session_service = ToolSessionService(request)
        session_service.set_data_storage(storage)
        launch = ToolMessageLaunch.from_cache(
            launch_id,
            request,
            self.tool_conf(session),
            session_service=session_service,
            cookie_service=ToolCookieService(request),
            launch_data_storage=storage,
            service_connector_cls=connector_class(self.store),
        )
        return launch
