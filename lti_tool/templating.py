"""Pages: Jinja with autoescaping everywhere (the NHS.UK macros are ``.jinja`` files, which Flask
would not escape), the NHS.UK frontend's templates and assets served by the tool itself, and the
viewer in every template's context."""

from __future__ import annotations

from flask import Flask, send_from_directory
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader

from development_plans.assessments import level_meaning
from lti_tool.auth import current_viewer


def init_app(app: Flask) -> None:
    app.jinja_options = {
        "autoescape": True,
        "undefined": ChainableUndefined,
        "loader": ChoiceLoader(
            [
                FileSystemLoader(app.root_path + "/templates"),
                PackageLoader("nhsuk_frontend_jinja", "templates"),
                PackageLoader("nhsuk_frontend_jinja", "templates/nhsuk"),
            ]
        ),
    }

    # The level below a framework's lowest is explained wherever a level is named (team pages,
    # 360 report), as the learner pages do with ``level_words``.
    app.add_template_global(level_meaning)

    @app.context_processor
    def inject_viewer():
        return {"viewer": current_viewer()}

    @app.get("/assets/<path:filename>", endpoint="assets")
    def nhsuk_assets(filename: str):
        return send_from_directory(app.config["NHSUK_ASSETS_DIR"], filename, max_age=86400)
