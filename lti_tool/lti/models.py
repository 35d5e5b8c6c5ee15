"""The LTI adapter's tables: platform registrations keyed by (issuer, client_id), their
deployments, and the tool's own signing keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from development_plans.db import Base, utcnow


class LtiRegistration(Base):
    """A platform (LMS) registration, keyed by (issuer, client_id): Moodle issues one client_id per
    tool type, so one issuer may have many."""

    __tablename__ = "lti_registrations"
    __table_args__ = (
        UniqueConstraint("issuer", "client_id", name="uq_lti_registrations_issuer_client"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(255))
    issuer: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255))
    auth_login_url: Mapped[str] = mapped_column(Text)
    auth_token_url: Mapped[str] = mapped_column(Text)
    key_set_url: Mapped[str] = mapped_column(Text)
    auth_audience: Mapped[str | None] = mapped_column(Text)
    frame_origins: Mapped[str] = mapped_column(Text, default="", server_default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    deployments: Mapped[list[LtiDeployment]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", order_by="LtiDeployment.id"
    )


class LtiDeployment(Base):
    """A deployment of the tool inside a registration. Unknown deployment ids are recorded inactive
    so an administrator can see and activate them."""

    __tablename__ = "lti_deployments"
    __table_args__ = (
        UniqueConstraint("registration_id", "deployment_id", name="uq_lti_deployments_reg_dep"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("lti_registrations.id", ondelete="CASCADE"), index=True
    )
    deployment_id: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    first_refused_at: Mapped[datetime | None] = mapped_column()

    registration: Mapped[LtiRegistration] = relationship(back_populates="deployments")


class ToolKey(Base):
    """One of the tool's RSA signing keys. The newest active key signs; retired keys stay in the
    JWKS until ``retired_at`` plus the grace period, so platforms can still verify older tokens."""

    __tablename__ = "tool_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    private_key_pem: Mapped[str] = mapped_column(Text)
    public_jwk: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column()
