"""The pack versions the tool has used: each version's content, stored the first time an
assessment uses it, so an earlier assessment is always read with the pack it was made against."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from development_plans.db import Base, utcnow


class FrameworkPackVersion(Base):
    """One version of one pack, exactly as it was installed. Rows are never changed."""

    __tablename__ = "framework_pack_versions"

    framework_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    version: Mapped[str] = mapped_column(String(50), primary_key=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    first_used_at: Mapped[datetime] = mapped_column(default=utcnow)
