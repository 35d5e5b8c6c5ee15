"""Queueing test mail and reading the outbox back."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lti_tool.extensions import db
from lti_tool.mail import send_later
from lti_tool.mail.models import OutboxMail
from lti_tool.mail.sender import MailSender


def queue_mail(app, count: int = 1, *, to: str = "person{n}@example.org", **overrides) -> None:
    """Queue ``count`` messages (``{n}`` in ``to`` and the subject numbers them) and commit."""
    with app.app_context():
        for n in range(count):
            send_later(
                db.session,
                to_address=to.format(n=n),
                to_name=overrides.get("to_name", f"Person {n}"),
                subject=overrides.get("subject", f"Message {n}"),
                text=overrides.get("text", f"Body of message {n}\n"),
                html=overrides.get("html"),
                purpose="test",
                dedupe_key=overrides.get("dedupe_key"),
            )
        db.session.commit()


def outbox(app) -> list[OutboxMail]:
    with app.app_context(), Session(db.engine, expire_on_commit=False) as session:
        return list(session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def sender(app, **kwargs) -> MailSender:
    with app.app_context():
        return MailSender(db.engine, app.extensions["mail_settings"], rand=lambda: 0.0, **kwargs)
