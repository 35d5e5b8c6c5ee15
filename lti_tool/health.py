"""``/health`` for load balancers: 200 when the database and the shared store answer, else 503."""

from __future__ import annotations

from flask import Flask, current_app, jsonify
from sqlalchemy import text

from lti_tool.extensions import db


def health():
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:
        checks["database"] = f"unreachable: {type(error).__name__}"
    try:
        current_app.extensions["lti_adapter"].store.get("health-check")
        checks["shared_store"] = "ok"
    except Exception as error:
        checks["shared_store"] = f"unreachable: {type(error).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    response = jsonify(status="ok" if healthy else "unavailable", checks=checks)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.add_url_rule("/health", "health", health, methods=["GET"])
