"""The tool's own session, kept server-side in the database; the browser holds only a random id
in a ``SameSite=None; Secure; Partitioned`` cookie so it works inside a cross-site LMS iframe."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy import delete, select
from werkzeug.datastructures import CallbackDict

from development_plans.models import utcnow
from lti_tool.extensions import db
from lti_tool.models import WebSession


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
        if sid and len(sid) <= 64:
            row = db.session.execute(
                select(WebSession.data).where(
                    WebSession.id == sid, WebSession.expires_at > utcnow()
                )
            ).first()
            if row is not None:
                return ServerSession(dict(row.data), sid)
        return ServerSession()

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:
        name = self.get_cookie_name(app)
        if session.stale_sid:
            self._delete(session.stale_sid)
        if not session.modified:
            return
        if not session:
            if session.sid:
                self._delete(session.sid)
                response.delete_cookie(
                    name,
                    path=self.get_cookie_path(app),
                    secure=self.get_cookie_secure(app),
                    samesite=self.get_cookie_samesite(app),
                    partitioned=self.get_cookie_partitioned(app),
                )
            return
        lifetime = timedelta(seconds=app.config["SESSION_LIFETIME_SECONDS"])
        expires = utcnow() + lifetime
        with db.engine.begin() as conn:
            if session.sid:
                conn.execute(delete(WebSession).where(WebSession.id == session.sid))
            else:
                session.sid = secrets.token_urlsafe(32)
            conn.execute(
                WebSession.__table__.insert().values(
                    id=session.sid,
                    data=dict(session),
                    user_id=session.get("user_id"),
                    created_at=utcnow(),
                    expires_at=expires,
                )
            )
        response.set_cookie(
            name,
            session.sid,
            max_age=int(lifetime.total_seconds()),
            path=self.get_cookie_path(app),
            secure=self.get_cookie_secure(app),
            httponly=True,
            samesite=self.get_cookie_samesite(app),
            partitioned=self.get_cookie_partitioned(app),
        )

    def _delete(self, sid: str) -> None:
        with db.engine.begin() as conn:
            conn.execute(delete(WebSession).where(WebSession.id == sid))
