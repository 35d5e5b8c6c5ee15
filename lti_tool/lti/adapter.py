"""pylti1p3 wired to our database, shared store and cookie policy, with the hardening the library
lacks (see ../shared/GUIDE.md, "LTI hardening"). Nothing else in the tool imports pylti1p3."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any

import requests
from flask import current_app
from pylti1p3.contrib.flask import (
    FlaskCookieService,
    FlaskMessageLaunch,
    FlaskOIDCLogin,
    FlaskRequest,
    FlaskSessionService,
)
from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiException, LtiServiceException, OIDCException
from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.registration import Registration
from pylti1p3.service_connector import ServiceConnector, TServiceConnectorResponse
from pylti1p3.tool_config import ToolConfAbstract
from sqlalchemy import select
from sqlalchemy.orm import Session

from development_plans.db import dialect_of, execute_upsert, upsert, utcnow
from lti_tool.lti import keys, vocabulary
from lti_tool.lti.errors import LaunchRefused, refused
from lti_tool.lti.launch_context import LaunchContext
from lti_tool.lti.models import LtiDeployment, LtiRegistration
from lti_tool.lti.roles import may_place_activities
from lti_tool.store import SharedStore

MAX_ID_TOKEN_BYTES = 64 * 1024
HTTP_TIMEOUT = 10
TOKEN_EXPIRY_MARGIN = 60
JWT_OPTIONS = {"verify_aud": False, "require": ["exp", "iat"]}


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

    def check_value(self, key: str) -> bool:
        return self.store.get(self._prepare_key(key)) is not None

    def consume(self, key: str) -> bool:
        return self.store.pop(self._prepare_key(key)) is not None

    def remove(self, key: str) -> None:
        self.store.delete(self._prepare_key(key))

    def can_set_keys_expiration(self) -> bool:
        return True


class ToolSessionService(FlaskSessionService):
    """Consumes each nonce once; the library only checks that it exists."""

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


class DatabaseToolConf(ToolConfAbstract):
    """Registrations and deployments from the database, always keyed by (issuer, client_id)."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.registration_row: LtiRegistration | None = None
        self.pending = False
        self.unknown_deployment: tuple[int, str] | None = None

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss: str, *args, **kwargs) -> Registration | None:
        return self.find_registration_by_params(iss, None)

    def find_registration_by_params(
        self, iss: str, client_id: str | None, *args, **kwargs
    ) -> Registration | None:
        query = select(LtiRegistration).where(
            LtiRegistration.issuer == iss, LtiRegistration.active.is_(True)
        )
        if client_id:
            query = query.where(LtiRegistration.client_id == client_id)
        rows = self.session.scalars(query.limit(2)).all()
        if len(rows) != 1:
            self.pending = client_id is not None and self._is_pending(iss, client_id)
            return None
        self.registration_row = rows[0]
        return self._to_registration(rows[0])

    def _is_pending(self, iss: str, client_id: str) -> bool:
        return (
            self.session.scalar(
                select(LtiRegistration.id).where(
                    LtiRegistration.issuer == iss,
                    LtiRegistration.client_id == client_id,
                    LtiRegistration.active.is_(False),
                )
            )
            is not None
        )

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        raise LtiException("Deployments are looked up by issuer and client ID")

    def find_deployment_by_params(
        self, iss: str, deployment_id: str, client_id: str, *args, **kwargs
    ) -> Deployment:
        registration = self.registration_row
        assert registration is not None and registration.client_id == client_id
        names = {"issuer": iss, "client_id": client_id, "deployment_id": deployment_id}
        row = self.session.scalar(
            select(LtiDeployment).where(
                LtiDeployment.registration_id == registration.id,
                LtiDeployment.deployment_id == deployment_id,
            )
        )
        if row is None:
            self.unknown_deployment = (registration.id, deployment_id)
            raise refused("deployment_unknown", **names)
        if not row.active:
            raise refused("deployment_inactive", **names)
        return Deployment().set_deployment_id(deployment_id)

    def _to_registration(self, row: LtiRegistration) -> Registration:
        registration = (
            ToolRegistration(self.session)
            .set_issuer(row.issuer)
            .set_client_id(row.client_id)
            .set_auth_login_url(row.auth_login_url)
            .set_auth_token_url(row.auth_token_url)
            .set_key_set_url(row.key_set_url)
        )
        if row.auth_audience:
            registration.set_auth_audience(row.auth_audience)
        return registration


class ToolRegistration(Registration):
    """A registration whose tool key is read only when something is signed (a launch never
    signs), in a short session of its own so it never joins the caller's transaction, and parsed
    once per process (``keys.parsed``)."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._bind = session.get_bind()
        self._key: keys.ParsedKey | None = None

    def _signing(self) -> keys.ParsedKey:
        if self._key is None:
            with Session(bind=self._bind) as own:
                self._key = keys.parsed(keys.signing_key(own))
        return self._key

    def get_tool_private_key(self):
        return self._signing().private_key

    def get_tool_public_key(self) -> str:
        return self._signing().public_pem

    def get_kid(self) -> str:
        return self._signing().kid


def record_unknown_deployment(session: Session, registration_id: int, deployment_id: str) -> None:
    """Record an unknown deployment as inactive (the one intended write of a refused launch), so
    an administrator can see and activate it; safe when two launches record it at once."""
    row = {
        "registration_id": registration_id,
        "deployment_id": deployment_id,
        "active": False,
        "first_refused_at": utcnow(),
    }
    statement = upsert(
        dialect_of(session), LtiDeployment, conflict=("registration_id", "deployment_id")
    )
    execute_upsert(session, statement, [row])


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

    @_refuse_as("state")
    def validate_state(self):
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
        cache_key = "platform-jwks:" + hashlib.sha256(key_set_url.encode()).hexdigest()
        storage = self._public_key_cache_data_storage
        if storage and (cached := storage.get_value(cache_key)):
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
        return key_set

    def forget_public_keys(self) -> None:
        assert self._registration is not None
        url = self._registration.get_key_set_url() or ""
        storage = self._public_key_cache_data_storage
        if isinstance(storage, StoreLaunchData):
            storage.remove("platform-jwks:" + hashlib.sha256(url.encode()).hexdigest())
        self._registration.set_key_set(None)

    @_refuse_as("key")
    def get_public_key(self):
        """On an unknown key, drop the cached JWKS and fetch it again once: the LMS may have
        rotated its keys since we cached them. Found once per launch (the library asks twice)."""
        if (found := getattr(self, "_found_public_key", None)) is not None:
            return found
        try:
            found = super().get_public_key()
        except LtiException as error:
            if "Unable to find public key" not in str(error):
                raise
            self.forget_public_keys()
            found = super().get_public_key()
        self._found_public_key = found
        return found

    def validate_jwt_signature(self):
        self.get_public_key()
        try:
            return super().validate_jwt_signature()
        except LtiException as error:
            raise refused("signature", str(error)) from error

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


def _audiences(aud: object) -> list[str]:
    if isinstance(aud, str):
        return [aud]
    if isinstance(aud, list) and all(isinstance(a, str) for a in aud):
        return list(aud)
    return []


class ToolOIDCLogin(FlaskOIDCLogin):
    """OIDC login initiation; the cookie check page is our own template."""

    cookie_check_template_name = "lti/cookie_check.html"

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

    def message_launch(self, session: Session) -> ToolMessageLaunch:
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
