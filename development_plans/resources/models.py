"""The course resources table: resources a course's managers add in the tool."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from development_plans.db import Base, utcnow
from development_plans.resources.catalogue import Resource

TITLE_MAX = 200


class CourseResource(Base):
    """A resource a course's managers added, e.g. a link to an activity in their LMS course."""

    __tablename__ = "course_resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    framework_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    url: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(20))
    estimated_minutes: Mapped[int | None] = mapped_column()
    description: Mapped[str] = mapped_column(Text, default="")
    dimension_id: Mapped[str] = mapped_column(String(100))
    level_id: Mapped[str] = mapped_column(String(100))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def as_resource(self) -> Resource:
        """This row as a :class:`Resource` (key ``course:<id>``)."""
        return Resource(
            key=f"course:{self.id}",
            title=self.title,
            url=self.url,
            type=self.type,
            provider="Your course",
            estimated_minutes=self.estimated_minutes,
            description=self.description,
            dimension_ids=(self.dimension_id,),
            level_ids=(self.level_id,),
            from_course=True,
        )
