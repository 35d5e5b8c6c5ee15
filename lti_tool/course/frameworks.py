"""Frameworks in and out, for course staff: the course's framework as a Moodle competency CSV,
and checking an organisation's own framework spreadsheet, which becomes a pack file for the
tool's administrator to install (nothing is installed from here)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from flask import Response, render_template, request

from development_plans.framework.loading import check_pack_data
from development_plans.framework.moodle_csv import moodle_competency_csv
from development_plans.framework.spreadsheet import SPREADSHEET_SUFFIXES
from development_plans.framework.spreadsheet_import import import_spreadsheet, pack_yaml
from lti_tool.auth import managers_only
from lti_tool.course.routes import bp
from lti_tool.views import course_framework


@bp.get("/framework/moodle-competencies.csv")
@managers_only
def moodle_competencies() -> Response:
    """The course's framework as a CSV for Moodle's competency framework import."""
    framework = course_framework()
    name = f"{framework.id}-{framework.version}-moodle-competencies.csv"
    return _download(moodle_competency_csv(framework), "text/csv", name)


@bp.route("/framework/spreadsheet", methods=["GET", "POST"])
@managers_only
def check_spreadsheet() -> Any:
    """Check a framework spreadsheet: every problem by row and column, or the pack it makes."""
    if request.method == "GET":
        return render_template("course/spreadsheet.html", problems=[], pack=None)
    upload = request.files.get("spreadsheet")
    suffix = Path(upload.filename or "").suffix.lower() if upload else ""
    if upload is None or not upload.filename:
        problems = ["Select a CSV or XLSX file"]
    elif suffix not in SPREADSHEET_SUFFIXES:
        problems = ["The file must be a CSV or XLSX file"]
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"upload{suffix}"
            upload.save(path)
            data, problems = import_spreadsheet(path)
        if data is not None:
            return render_template(
                "course/spreadsheet.html",
                problems=[],
                pack=data,
                source=upload.filename,
                pack_json=json.dumps(data, ensure_ascii=False),
            )
    return render_template("course/spreadsheet.html", problems=problems, pack=None), 400


@bp.post("/framework/spreadsheet/pack.yaml")
@managers_only
def spreadsheet_pack() -> Any:
    """The checked pack as a YAML file. It came back from the browser, so it is checked again."""
    try:
        data = json.loads(request.form.get("pack", ""))
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict) or check_pack_data(data):
        return render_template(
            "course/spreadsheet.html",
            problems=["The pack could not be read back; check the spreadsheet again"],
            pack=None,
        ), 400
    source = request.form.get("source", "a spreadsheet")
    return _download(pack_yaml(data, source), "application/yaml", f"{data['id']}.yaml")


def _download(text: str, mimetype: str, name: str) -> Response:
    return Response(
        text, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
