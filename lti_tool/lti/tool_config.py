"""Registrations and deployments for pylti1p3, from the database: always keyed by (issuer,
client_id); unknown deployments recorded inactive; the tool's key read only when something is
signed, and parsed once per process."""

from __future__ import annotations

from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiException
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract
from sqlalchemy import select
from sqlalchemy.orm import Session

from development_plans.db import dialect_of, execute_upsert, upsert, utcnow
from lti_tool.lti import keys
from lti_tool.lti.errors import refused
from lti_tool.lti.models import LtiDeployment, LtiRegistration


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
