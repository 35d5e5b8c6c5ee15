"""The reference for bench/launch.py: a minimal LTI 1.3 tool written the way pylti1p3's own Flask
example is, run under gunicorn with one worker. Tool configuration from a JSON file
(``REFERENCE_TOOL_CONF``), launch state and the platform's keys in process memory, the launch page
rendered straight from the id_token POST. Never production code.
"""

from __future__ import annotations

import json
import os
import threading
from typing import Any

from flask import Flask, render_template_string
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.tool_config import ToolConfDict

PAGE = "<!doctype html><title>Reference tool</title><h1>Hello {{ name }}</h1>"


class MemoryStorage(LaunchDataStorage[Any]):
    """Launch data in one process's memory (the example uses Flask-Caching's SimpleCache)."""

    _values: dict[str, Any] = {}
    _lock = threading.Lock()

    def get_value(self, key: str) -> Any:
        return self._values.get(key)

    def set_value(self, key: str, value: Any, exp: int | None = None) -> None:
        with self._lock:
            self._values[key] = value

    def check_value(self, key: str) -> bool:
        return key in self._values

    def can_set_keys_expiration(self) -> bool:
        return False


def tool_conf() -> ToolConfDict:
    with open(os.environ["REFERENCE_TOOL_CONF"]) as file:
        settings = json.load(file)
    conf = ToolConfDict(settings["registrations"])
    for issuer, registrations in settings["registrations"].items():
        for registration in registrations:
            conf.set_private_key(issuer, settings["private_key"], registration["client_id"])
            conf.set_public_key(issuer, settings["public_key"], registration["client_id"])
    return conf


app = Flask(__name__)
app.secret_key = os.environ.get("REFERENCE_TOOL_SECRET", "reference-tool-bench-only")  # noqa: S105


@app.route("/login", methods=["GET", "POST"])
def login():
    request = FlaskRequest()
    oidc = FlaskOIDCLogin(request, tool_conf(), launch_data_storage=MemoryStorage())
    return oidc.redirect(request.get_param("target_link_uri"))


@app.post("/launch")
def launch():
    request = FlaskRequest()
    storage = MemoryStorage()
    message = FlaskMessageLaunch(request, tool_conf(), launch_data_storage=storage)
    message.set_public_key_caching(storage, cache_lifetime=7200)
    data = message.get_launch_data()
    return render_template_string(PAGE, name=data.get("name", "there"))


@app.get("/health")
def health():
    return "ok"
