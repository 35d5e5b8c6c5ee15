"""What each person has switched off: one row per person and kind of notice they changed; no row
means the notice is on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from development_plans.db import Base, utcnow


class NoticePreference(Base):
    """Whether ``user_id`` gets notices of ``kind`` (a :class:`NoticeKind` value)."""

    __tablename__ = "notice_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    enabled: Mapped[bool] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
