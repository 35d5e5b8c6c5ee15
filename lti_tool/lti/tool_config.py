"""Registrations and deployments for pylti1p3, from the database: always keyed by (issuer,
client_id); unknown deployments recorded inactive; the tool's key read only when something is
signed, and parsed once per process."""

from __future__ import annotations

from functools import cache

from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiException
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract
from sqlalchemy import Row, Select, bindparam, select
from sqlalchemy.orm import Session

from development_plans.db import dialect_of, execute_upsert, upsert, utcnow
from lti_tool.lti import keys
from lti_tool.lti.errors import refused
from lti_tool.lti.models import LtiDeployment, LtiRegistration
from lti_tool.lti.vocabulary import DEPLOYMENT_ID_CLAIM


class DatabaseToolConf(ToolConfAbstract):
    """Registrations and deployments from the database, always keyed by (issuer, client_id)."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.registration_row: Row | None = None
        self._deployment_active: dict[str, bool | None] = {}
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
        """The active registration, read on every request (a change is seen at once by every
        worker); at a launch the token's deployment comes in the same statement."""
        body = kwargs.get("jwt_body") or {}
        deployment_id = body.get(DEPLOYMENT_ID_CLAIM)
        if not isinstance(deployment_id, str):
            deployment_id = None
        statement = _registration_query(client_id is not None, deployment_id is not None)
        params = {"iss": iss, "client_id": client_id, "deployment_id": deployment_id}
        rows = self.session.execute(statement, params).all()
        if len(rows) != 1:
            self.pending = client_id is not None and self._is_pending(iss, client_id)
            return None
        row = self.registration_row = rows[0]
        if deployment_id is not None:
            self._deployment_active = {deployment_id: row.deployment_active}
        return self._to_registration(row)

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
        if deployment_id in self._deployment_active:
            active = self._deployment_active[deployment_id]
        else:
            active = self.session.scalar(
                select(LtiDeployment.active).where(
                    LtiDeployment.registration_id == registration.id,
                    LtiDeployment.deployment_id == deployment_id,
                )
            )
        if active is None:
            self.unknown_deployment = (registration.id, deployment_id)
            raise refused("deployment_unknown", **names)
        if not active:
            raise refused("deployment_inactive", **names)
        return Deployment().set_deployment_id(deployment_id)

    def _to_registration(self, row: Row) -> Registration:
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


@cache
def _registration_query(by_client: bool, with_deployment: bool) -> Select:
    """One statement per shape, built once: the active registration for an issuer (and client),
    with the named deployment's ``active`` flag (None when the deployment is unknown)."""
    query = select(
        LtiRegistration.id,
        LtiRegistration.issuer,
        LtiRegistration.client_id,
        LtiRegistration.auth_login_url,
        LtiRegistration.auth_token_url,
        LtiRegistration.key_set_url,
        LtiRegistration.auth_audience,
        LtiRegistration.frame_origins,
    ).where(LtiRegistration.issuer == bindparam("iss"), LtiRegistration.active.is_(True))
    if by_client:
        query = query.where(LtiRegistration.client_id == bindparam("client_id"))
    if with_deployment:
        query = query.add_columns(LtiDeployment.active.label("deployment_active")).outerjoin(
            LtiDeployment,
            (LtiDeployment.registration_id == LtiRegistration.id)
            & (LtiDeployment.deployment_id == bindparam("deployment_id")),
        )
    return query.limit(2)


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
