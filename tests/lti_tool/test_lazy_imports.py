"""Heavy libraries load only where they are used, so a web worker stays small: the PDF renderer
(WeasyPrint and its font tools, ~25 MB) is imported by the first PDF, the migration tooling
(Alembic, Mako, Pygments, ~11 MB) only by ``flask db``, never by the WSGI app, the XLSX reader
(openpyxl) only by a spreadsheet import, JSON Schema (~3 MB) by the first content pack read, and
redis-py (~7 MB) never (the store speaks RESP itself)."""

from __future__ import annotations

import subprocess
import sys


def test_the_wsgi_app_imports_no_pdf_renderer_alembic_json_schema_or_redis_py(tmp_path):
    code = (
        "import sys, lti_tool.wsgi; "
        "heavy = ('weasyprint', 'fontTools', 'alembic', 'openpyxl', 'jsonschema', 'redis'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={
            "DP_INSTANCE_DIR": str(tmp_path),
            "PATH": "/usr/bin:/bin",
            "SHARED_STORE_URL": "redis://127.0.0.1:6379/15",
        },
    )
    assert result.stdout.strip() == "[]"
