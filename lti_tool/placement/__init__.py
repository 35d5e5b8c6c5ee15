"""Deep Linking: a course teacher places the activity in their course."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from lti_tool.placement.routes import bp

    app.register_blueprint(bp)
