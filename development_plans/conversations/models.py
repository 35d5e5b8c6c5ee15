"""The conversation table: comments on a plan or one of its goals, and the replies to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from development_plans.db import Base, utcnow
from development_plans.people import User


class PlanComment(Base):
    """A comment on a learner's plan or on one of its goals. A comment with a ``thread_id`` is
    a reply in the thread that comment opened (and has the same plan and goal)."""

    __tablename__ = "team_plan_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_goals.id", ondelete="CASCADE"), index=True
    )
    thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_plan_comments.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()
