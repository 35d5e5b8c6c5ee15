"""Courses (LTI contexts) the tool was launched from, and placements of the activity in them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from development_plans.db import Base, utcnow


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
