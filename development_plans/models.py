"""Database models shared by the domain and the web tool.

The declarative ``Base`` lives here so ``development_plans`` owns the schema without knowing about
Flask; ``lti_tool`` hands it to Flask-SQLAlchemy and adds its LTI-specific tables to the same
metadata.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware, for every timestamp the tool writes."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every database (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use development_plans.models.utcnow()")
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UtcDateTime()},
    )


class ToolRole(enum.StrEnum):
    """What a person may do in the tool, derived from their LMS roles in one course."""

    LEARNER = "learner"
    MANAGER = "manager"
    ADMINISTRATOR = "administrator"

    @property
    def manages(self) -> bool:
        return self in (ToolRole.MANAGER, ToolRole.ADMINISTRATOR)


class User(Base):
    """A person as one LMS knows them: ``subject`` is unique within ``issuer``."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_users_issuer_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(String(255))
    given_name: Mapped[str | None] = mapped_column(String(255))
    family_name: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def display_name(self) -> str:
        full = " ".join(p for p in (self.given_name, self.family_name) if p)
        return self.name or full or self.email or f"Person {self.subject}"


class Course(Base):
    """An LMS course (an LTI context) that the tool has been launched from."""

    __tablename__ = "courses"
    __table_args__ = (
        UniqueConstraint(
            "issuer", "client_id", "deployment_id", "context_id", name="uq_courses_context"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255))
    deployment_id: Mapped[str] = mapped_column(String(255))
    context_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(255))
    label: Mapped[str | None] = mapped_column(String(255))
    memberships_url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def display_title(self) -> str:
        return self.title or self.label or f"Course {self.context_id}"


class Enrolment(Base):
    """One person's membership of one course, with the roles the LMS sent on their last launch."""

    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("user_id", "course_id", name="uq_enrolments_user_course"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    tool_role: Mapped[str] = mapped_column(String(20))
    lti_roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    mentee_subjects: Mapped[list[str]] = mapped_column(JSON, default=list)
    mentees_only: Mapped[bool] = mapped_column(default=False, server_default=false())
    active: Mapped[bool] = mapped_column(default=True)
    launched: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_launch_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship()
    course: Mapped[Course] = relationship()

    @property
    def role(self) -> ToolRole:
        return ToolRole(self.tool_role)


class Placement(Base):
    """Where the activity sits in a course: one LTI resource link, with its grading endpoints."""

    __tablename__ = "placements"
    __table_args__ = (
        UniqueConstraint("course_id", "resource_link_id", name="uq_placements_resource_link"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    resource_link_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(255))
    lineitems_url: Mapped[str | None] = mapped_column(Text)
    lineitem_url: Mapped[str | None] = mapped_column(Text)
    ags_scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    course: Mapped[Course] = relationship()
