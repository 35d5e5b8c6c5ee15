"""The tool's own session, kept server-side in the database; the browser holds only a random id
in a ``SameSite=None; Secure; Partitioned`` cookie so it works inside a cross-site LMS iframe."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from functools import cache

from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy import JSON, Insert, Integer, String, bindparam, delete, select
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.datastructures import CallbackDict

from development_plans.db import Base, dialect_of, execute_upsert, upsert, utcnow
from lti_tool.extensions import db


class WebSession(Base):
    """The tool's own server-side session; the browser only holds its random id."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[dict] = mapped_column(JSON)
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


@cache
def _session_upsert(dialect: str) -> Insert:
    update = {
        name: (lambda new, name=name: new[name]) for name in ("data", "user_id", "expires_at")
    }
    return upsert(dialect, WebSession, conflict=("id",), update=update)


_LIVE_SESSION = select(WebSession.data).where(
    WebSession.id == bindparam("sid"),
    WebSession.expires_at > bindparam("now", type_=WebSession.expires_at.type),
)


class ServerSession(CallbackDict, SessionMixin):
    def __init__(self, data: dict | None = None, sid: str | None = None) -> None:
        def on_update(_: CallbackDict) -> None:
            self.modified = True

        super().__init__(data or {}, on_update)
        self.sid = sid
        self.stale_sid: str | None = None
        self.modified = False

    def rotate(self) -> None:
        """Give the session a new id (at every launch), so an id seen before login is useless."""
        if self.sid:
            self.stale_sid = self.sid
        self.sid = None
        self.modified = True


class DatabaseSessionInterface(SessionInterface):
    def open_session(self, app: Flask, request: Request) -> ServerSession:
        sid = request.cookies.get(self.get_cookie_name(app))
        return (self.load(sid) if sid else None) or ServerSession()

    def load(self, sid: str) -> ServerSession | None:
        """The live session with this id, or None."""
        if len(sid) > 64:
            return None
        row = db.session.execute(_LIVE_SESSION, {"sid": sid, "now": utcnow()}).first()
        return None if row is None else ServerSession(dict(row.data), sid)

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:
        """Write the session in the request's own transaction and commit it: the end of every
        request's unit of work, so the session costs no connection or round trip of its own."""
        if not db.session.is_active:
            db.session.rollback()
        written = False
        if session.stale_sid:
            self._delete(session.stale_sid)
            written = True
        if session.modified and not session and session.sid:
            self._delete(session.sid)
            self._forget_cookie(app, response)
            written = True
        elif session.modified and session:
            self._write(app, session)
            self._set_cookie(app, session, response)
            written = True
        if written:
            db.session.commit()

    def _write(self, app: Flask, session: ServerSession) -> None:
        now = utcnow()
        session.sid = session.sid or secrets.token_urlsafe(32)
        row = {
            "id": session.sid,
            "data": dict(session),
            "user_id": session.get("user_id"),
            "created_at": now,
            "expires_at": now + timedelta(seconds=app.config["SESSION_LIFETIME_SECONDS"]),
        }
        execute_upsert(db.session, _session_upsert(dialect_of(db.session)), [row])

    def _set_cookie(self, app: Flask, session: ServerSession, response: Response) -> None:
        response.set_cookie(
            self.get_cookie_name(app),
            session.sid,
            max_age=app.config["SESSION_LIFETIME_SECONDS"],
            path=self.get_cookie_path(app),
            secure=self.get_cookie_secure(app),
            httponly=True,
            samesite=self.get_cookie_samesite(app),
            partitioned=self.get_cookie_partitioned(app),
        )

    def _forget_cookie(self, app: Flask, response: Response) -> None:
        response.delete_cookie(
            self.get_cookie_name(app),
            path=self.get_cookie_path(app),
            secure=self.get_cookie_secure(app),
            samesite=self.get_cookie_samesite(app),
            partitioned=self.get_cookie_partitioned(app),
        )

    def _delete(self, sid: str) -> None:
        db.session.execute(delete(WebSession).where(WebSession.id == sid))


def init_app(app: Flask) -> None:
    app.session_interface = DatabaseSessionInterface()
