"""One-time form tokens: every form that records something (a goal, progress, a comment, a
submission) carries a random token when it is rendered, and a post is carried out once per
token, so a double click or a resent form records one entry, not two.

The token is claimed with a conflict-safe insert in the same transaction as the change (a
second post of the same token waits for the first and then finds it taken); a refused change
rolls the claim back with it, so the form can be corrected and sent again. The second post is
sent where the first one landed. :func:`lti_tool.views.commit_or_refuse` uses it (``once=``).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import ForeignKey, String, delete, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from development_plans.db import Base, dialect_of, upsert, utcnow

FIELD = "form_token"
KEPT_FOR = timedelta(days=2)


class FormSubmission(Base):
    """A form token that has been used, by whom, and where its post landed."""

    __tablename__ = "form_submissions"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    used_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    landed_at: Mapped[str | None] = mapped_column(String(500))


def new_form_token() -> str:
    """A fresh token for one rendered form."""
    return secrets.token_urlsafe(24)


def claim(session: Session, token: str, user_id: int) -> str | None:
    """Claim ``token`` for ``user_id`` in the caller's transaction: None when this post is the
    first with it, else where the earlier post landed ("" when it was someone else's token)."""
    statement = upsert(dialect_of(session), FormSubmission, conflict=("token",)).returning(
        FormSubmission.token
    )
    row = {"token": token[:64], "user_id": user_id, "used_at": utcnow(), "landed_at": None}
    if session.connection().execute(statement, row).first() is not None:
        return None
    earlier = session.execute(
        select(FormSubmission.user_id, FormSubmission.landed_at).where(
            FormSubmission.token == token[:64]
        )
    ).first()
    if earlier is None or earlier.user_id != user_id:
        return ""
    return earlier.landed_at or ""


def landed(session: Session, token: str, address: str) -> None:
    """Remember where the post that claimed ``token`` landed, for a repeat of it."""
    session.execute(
        update(FormSubmission)
        .where(FormSubmission.token == token[:64])
        .values(landed_at=address[:500])
        .execution_options(synchronize_session=False)
    )


def prune_form_tokens(session: Session, now: datetime | None = None) -> int:
    """Forget tokens used more than ``KEPT_FOR`` ago (no page stays open that long)."""
    cutoff = (now or utcnow()) - KEPT_FOR
    return session.execute(delete(FormSubmission).where(FormSubmission.used_at < cutoff)).rowcount


def init_app(app: Flask) -> None:
    app.add_template_global(new_form_token, "new_form_token")
