"""Everything LTI-shaped, and the only code that imports pylti1p3: the vocabulary, the adapter
over the library (registrations, launches, the ``LaunchContext``), deep linking, Dynamic
Registration, the tool's keys, and the service calls (AGS, NRPS).

``init_app`` binds the adapter to the app's shared store and plugs in the endpoints the LMS
talks to (login, launch, JWKS, registration)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from lti_tool.extensions import db
    from lti_tool.lti.adapter import LtiAdapter
    from lti_tool.lti.routes import bp
    from lti_tool.store import make_store

    with app.app_context():
        store = make_store(app.config["SHARED_STORE_URL"], db.engine, lambda: db.session)
    app.extensions["lti_adapter"] = LtiAdapter(
        store=store, jwks_cache_seconds=app.config["PLATFORM_JWKS_CACHE_SECONDS"]
    )
    app.register_blueprint(bp)
