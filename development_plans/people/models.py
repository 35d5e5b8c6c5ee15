"""The people of a course: users as each LMS knows them, their enrolment and their role."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from development_plans.courses.models import Course
from development_plans.db import Base, utcnow
from development_plans.people.labels import UNNAMED


class ToolRole(enum.StrEnum):
    """What a person may do in the tool, derived from their LMS roles in one course."""

    LEARNER = "learner"
    MANAGER = "manager"
    ADMINISTRATOR = "administrator"

    @property
    def manages(self) -> bool:
        return self in (ToolRole.MANAGER, ToolRole.ADMINISTRATOR)


class User(Base):
    """A person as one LMS knows them: ``subject`` is unique within ``issuer``. ``label`` is the
    stable pseudonym shown when the LMS sends no name or email (see ``people/labels.py``)."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_users_issuer_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(String(255))
    given_name: Mapped[str | None] = mapped_column(String(255))
    family_name: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(255))
    label: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def display_name(self) -> str:
        full = " ".join(p for p in (self.given_name, self.family_name) if p)
        return self.name or full or self.email or self.label or UNNAMED


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
